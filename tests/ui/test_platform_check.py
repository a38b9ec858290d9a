"""Before Qt starts on Linux: a missing X library is named, with the README's apt-get
line, and the app exits 2 instead of Qt aborting it (134)."""

from __future__ import annotations

from pathlib import Path

import pytest

from boardapp.__main__ import main
from boardapp.ui import platform_check
from boardapp.ui.platform_check import APT_LINE, platform_problem, uses_xcb

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def desktop(monkeypatch):
    """A Linux X11 desktop with QT_QPA_PLATFORM unset, as a person starts the app."""
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(platform_check.sys, "platform", "linux")


def test_missing_libraries_are_named_with_the_apt_get_line_and_exit_2(desktop, monkeypatch, capsys):
    lacking = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    monkeypatch.setattr(platform_check, "loads", lambda soname: soname not in lacking)
    opened = []
    monkeypatch.setattr("boardapp.ui.app.run_window", lambda *a, **k: opened.append(a) or 0)
    code = main([])
    err = capsys.readouterr().err
    assert code == 2 and opened == []
    assert "needs libxcb-icccm.so.4, libxcb-keysyms.so.1, which this machine does not have" in err
    assert "(packages: libxcb-icccm4 libxcb-keysyms1)" in err
    assert f"\n  {APT_LINE}\n" in err
    assert "xcb-cursor" not in err.split("\n")[0]  # the library that is missing, not Qt's guess


def test_the_readme_gives_the_same_apt_get_line():
    assert APT_LINE in README.read_text(encoding="utf-8")
    assert APT_LINE.startswith("sudo apt-get install libxcb1 ") and "libxcb-icccm4" in APT_LINE


def test_nothing_is_said_when_every_library_loads(desktop):
    assert platform_problem(load=lambda soname: True) == ""


def test_no_display_is_said_too(desktop, monkeypatch):
    monkeypatch.delenv("DISPLAY")
    assert "there is no display" in platform_problem(load=lambda soname: True)


@pytest.mark.parametrize(
    ("environ", "platform", "checked"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland"}, "linux", False),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_only_where_qt_will_use_xcb(environ, platform, checked):
    assert uses_xcb(environ, platform) is checked
    problem = platform_problem(environ, platform, load=lambda soname: False)
    assert bool(problem) is checked


def test_this_machine_has_what_the_window_needs():
    # The suite opens windows offscreen; the xcb libraries .ci/run installs for the
    # bundle are there too, so a real check finds nothing missing.
    assert platform_check.missing_libraries() == [] or pytest.skip("this machine lacks X libraries")
