"""What the built bundle holds: the named data, only the Qt it needs, and nothing unlinked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT


def internal(bundle: Path) -> Path:
    return bundle / "_internal"


def test_the_named_data_is_there_as_files(bundle: Path) -> None:
    """resources/ and db/ of the repository, inside the package as in the wheel, where
    boardapp/bundled.py looks first (and the only place: the source is out of reach)."""
    inside = internal(bundle) / "boardapp"
    for name in ("resources/demo/leeds.toml", "resources/icons/boardapp.png", "db/env.py", "db/alembic.ini",
                 "db/script.py.mako"):
        assert (inside / name).is_file(), name
        assert (inside / name).read_bytes() == (ROOT / name).read_bytes(), f"{name} differs from the source"
    source_versions = sorted(p.name for p in (ROOT / "db" / "versions").glob("*.py"))
    bundled_versions = sorted(p.name for p in (inside / "db" / "versions").glob("*.py"))
    assert bundled_versions == source_versions, "every migration, as a file Alembic can read"
    source_resources = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file())
    bundled_resources = sorted(p.relative_to(inside).as_posix() for p in (inside / "resources").rglob("*") if p.is_file())
    assert bundled_resources == source_resources
    assert not (internal(bundle) / "resources").exists() and not (internal(bundle) / "db").exists()


def test_pyqtgraph_icons_are_there(bundle: Path) -> None:
    assert list((internal(bundle) / "pyqtgraph" / "icons").glob("*.png"))


def relative_files(bundle: Path) -> list[str]:
    return [p.relative_to(internal(bundle)).as_posix() for p in internal(bundle).rglob("*") if p.is_file()]


def test_only_the_qt_the_app_uses(bundle: Path) -> None:
    files = relative_files(bundle)
    qt_modules = {m for f in files for m in re.findall(r"(?:^|/)(?:lib)?Qt6?([A-Za-z0-9]+)\.(?:abi3\.so|pyd|so\.6|dll)$", f)}
    assert {"Core", "Gui", "Widgets", "Svg"} <= qt_modules
    unused = {"WebEngineCore", "Qml", "Quick", "Network", "Test", "Sql", "Pdf", "WaylandClient", "Designer"}
    assert not qt_modules & unused, f"unused Qt modules bundled: {sorted(qt_modules & unused)}"
    assert not [f for f in files if f.endswith(".qm")], "Qt translations are left out"
    assert not [f for f in files if "/qml/" in f or f.startswith("PySide6/Qt/qml")]


def test_platform_plugins(bundle: Path) -> None:
    plugins = {Path(f).name.split(".")[0].removeprefix("lib") for f in relative_files(bundle) if "/plugins/platforms/" in f}
    wanted = {"linux": {"qoffscreen", "qxcb"}, "win32": {"qoffscreen", "qwindows"}, "darwin": {"qoffscreen", "qcocoa"}}
    assert plugins == wanted["linux" if sys.platform.startswith("linux") else sys.platform]


def test_no_tk_and_no_test_suites(bundle: Path) -> None:
    files = relative_files(bundle)
    assert not [f for f in files if re.search(r"(^|/)(tkinter|_tkinter|tcl|tk)[^/]*(/|$)", f)]
    assert not [f for f in files if re.search(r"(^|/)tests?/", f)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd: Linux only")
def test_every_linked_library_is_in_the_bundle_or_the_system(bundle: Path) -> None:
    """ldd on every ELF file: nothing missing but the X libraries the xcb plugin takes from the desktop."""
    root = internal(bundle)
    library_path = os.pathsep.join(str(p) for p in (root, root / "PySide6" / "Qt" / "lib"))
    missing: dict[str, set[str]] = {}
    for path in root.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        out = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env={**os.environ, "LD_LIBRARY_PATH": library_path}
        ).stdout
        for name in re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE):
            missing.setdefault(name, set()).add(path.relative_to(root).as_posix())
    # The xcb platform plugin needs these from the desktop's X installation.
    from_the_desktop = {n for n in missing if n.startswith("libxcb-")}
    assert {n: sorted(f) for n, f in missing.items() if n not in from_the_desktop} == {}
