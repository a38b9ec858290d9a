"""Before Qt starts on Linux: are the system libraries its X11 (xcb) platform plugin
needs there?

Without them Qt aborts the process (exit 134) with a message that names one plugin and
often the wrong library. This looks for each library the way the plugin will (the
dynamic loader, by soname) without importing Qt, so the entry point can name what is
missing and give the one ``apt-get install`` line that the README gives.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# (soname the xcb plugin links, the Debian/Ubuntu package that holds it), in the
# order Qt's xcb plugin needs them; plus what every Qt GUI links.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
)

# The README's line, word for word (tests/ui/test_platform_check.py holds them together).
APT_LINE = "sudo apt-get install " + " ".join(package for _soname, package in XCB_LIBRARIES)


def loads(soname: str) -> bool:
    """Whether the dynamic loader finds ``soname`` (and everything it links), on the
    system or among the libraries the app carries (the built app, PySide6's own)."""
    for candidate in (soname, *(str(folder / soname) for folder in _carried() if (folder / soname).is_file())):
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return True
    return False


def _carried() -> list[Path]:
    """Folders of libraries that ship with the app, where the system loader may not look."""
    folders = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle))
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    for location in (spec.submodule_search_locations or []) if spec else []:
        folders.append(Path(location) / "Qt" / "lib")
    return folders


def uses_xcb(environ: Mapping[str, str], platform: str) -> bool:
    """Whether Qt will start on its xcb plugin: Linux, and QT_QPA_PLATFORM unset (outside
    a Wayland session, where Qt tries Wayland first) or naming xcb first."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not (environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY"))


def missing_libraries(load: Callable[[str], bool] | None = None) -> list[tuple[str, str]]:
    """The (soname, package) pairs the loader cannot find."""
    load = load or loads
    return [(soname, package) for soname, package in XCB_LIBRARIES if not load(soname)]


def platform_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    load: Callable[[str], bool] | None = None,
) -> str:
    """What stops the window opening, for stderr ("" when nothing does, or when Qt will
    not use xcb). Names each missing library and gives the line that installs them."""
    environ = os.environ if environ is None else environ
    if not uses_xcb(environ, platform or sys.platform):
        return ""
    missing = missing_libraries(load)
    if not missing:
        if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
            return ("the window cannot open: there is no display to show it on (DISPLAY is not set). "
                    "Start it from a desktop session; the commands (boardapp check, export-pack, status, ...) "
                    "work without one.")
        return ""
    names = ", ".join(soname for soname, _package in missing)
    packages = " ".join(package for _soname, package in missing)
    return (
        f"the window cannot open: Qt's X11 (xcb) platform plugin needs {names}, "
        f"which this machine does not have (package{'s' if len(missing) > 1 else ''}: {packages}).\n"
        f"Install what the app needs on Linux (as the README says), then start it again:\n"
        f"  {APT_LINE}\n"
        "The commands (boardapp check, export-pack, status, ...) work without them."
    )
