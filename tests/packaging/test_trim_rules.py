"""packaging/trim.py's rules, checked without building: what each platform keeps and drops."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.packaging.conftest import ROOT

PLATFORMS_TOML = ROOT / "packaging" / "platforms.toml"


@pytest.fixture(scope="module")
def trim() -> ModuleType:
    spec = importlib.util.spec_from_file_location("boardapp_packaging_trim", ROOT / "packaging" / "trim.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def settings(trim: ModuleType, platform: str) -> dict:
    return trim.platform_settings(PLATFORMS_TOML, platform)


@pytest.mark.parametrize(
    ("platform", "dest", "kept"),
    [
        ("linux", "PySide6/Qt/plugins/platforms/libqxcb.so", True),
        # SQLCipher (every database is encrypted): never trimmed, on any platform
        ("linux", "sqlcipher3/_sqlite3.cpython-311-x86_64-linux-gnu.so", True),
        ("windows", "sqlcipher3/_sqlite3.cp311-win_amd64.pyd", True),
        ("macos", "sqlcipher3/_sqlite3.cpython-311-darwin.so", True),
        ("linux", "PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("linux", "PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("linux", "PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("linux", "PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("linux", "PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("linux", "PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("linux", "PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("linux", "PySide6/Qt/lib/libQt6XcbQpa.so.6", True),
        ("linux", "PySide6/Qt/lib/libQt6Network.so.6", False),
        ("linux", "PySide6/Qt/lib/libQt6WaylandClient.so.6", False),
        ("linux", "libQt6Network.so.6", False),
        ("linux", "PySide6/Qt/translations/qtbase_de.qm", False),
        ("linux", "libgtk-3.so.0", False),
        ("linux", "libpython3.11.so.1.0", True),
        ("linux", "boardapp/db/versions/0001_initial_schema.py", True),
        ("windows", "PySide6/plugins/platforms/qwindows.dll", True),
        ("windows", "PySide6/plugins/platforms/qxcb.dll", False),
        ("windows", "PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("windows", "PySide6/Qt6Svg.dll", True),
        ("windows", "PySide6/Qt6Quick.dll", False),
        ("windows", "PySide6/opengl32sw.dll", False),
        ("windows", "PySide6/translations/qtbase_fr.qm", False),
        ("macos", "PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("macos", "PySide6/Qt/plugins/styles/libqmacstyle.dylib", True),
        ("macos", "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui", True),
        ("macos", "PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml", False),
        ("macos", "PySide6/Qt/lib/QtQml.framework/Resources/Info.plist", False),
    ],
)
def test_what_each_platform_keeps(trim: ModuleType, platform: str, dest: str, kept: bool) -> None:
    assert (trim.unwanted(dest, settings(trim, platform)) is None) is kept


def test_every_platform_keeps_offscreen_and_the_app_modules(trim: ModuleType) -> None:
    for platform in ("linux", "windows", "macos"):
        merged = settings(trim, platform)
        assert "qoffscreen" in merged["qt_plugins"]["platforms"]
        assert {"Core", "Gui", "Widgets", "Svg", "OpenGL", "OpenGLWidgets"} <= set(merged["qt_libraries"])
        assert (ROOT / merged["icon"]).is_file()


def test_libraries_linked_by_nothing_kept_are_left_out(trim: ModuleType) -> None:
    binaries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libfreetype.so.6", "/src/libfreetype.so.6", "BINARY"),
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),  # only the left-out GTK theme linked it
        ("libdbus-1.so.3", "/src/libdbus-1.so.3", "BINARY"),  # dlopen()ed
    ]
    links = {"/src/QtGui.abi3.so": ["libQt6Gui.so.6"], "/src/libQt6Gui.so.6": ["libfreetype.so.6"]}
    left_out: dict[str, int] = {}
    kept = trim.reachable(binaries, lambda source: links.get(source, []), ["libdbus-1.so*"], left_out)
    assert [entry[0] for entry in kept] == [
        "PySide6/QtGui.abi3.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libQt6Gui.so.6",
        "libfreetype.so.6",
        "libdbus-1.so.3",
    ]
    assert left_out == {"linked by nothing kept": 1}


def test_links_to_left_out_files_go_too(trim: ModuleType) -> None:
    toc = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
    ]
    left_out: dict[str, int] = {}
    kept = trim.without_dangling_links(toc, {"PySide6/Qt/lib/libQt6Gui.so.6"}, left_out)
    assert kept == toc[:1]
    assert left_out == {"link to a left-out file": 1}


def spec_data() -> list[tuple[str, str, bool]]:
    """pyinstaller.spec's DATA list, read without running PyInstaller."""
    tree = ast.parse((ROOT / "pyinstaller.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["DATA"]:
            return ast.literal_eval(node.value)
    raise AssertionError("pyinstaller.spec has no DATA list")


def test_the_spec_names_the_data_and_the_migrations_where_the_wheel_puts_them() -> None:
    data = spec_data()
    patterns = {pattern for pattern, _folder, _required in data}
    assert {"db/env.py", "db/versions/*.py", "db/alembic.ini", "db/script.py.mako",
            "resources/demo/leeds.toml", "resources/icons/*.png"} <= patterns
    for pattern, folder, _required in data:
        # resources/X -> boardapp/resources/X, db/X -> boardapp/db/X: the wheel's places,
        # where boardapp/bundled.py looks.
        assert pattern.split("/")[0] in {"resources", "db"}
        assert folder == "boardapp/" + Path(pattern).parent.as_posix(), pattern
    every = [p for p in (ROOT / "resources").rglob("*") if p.is_file()]
    every += [ROOT / "db" / n for n in ("env.py", "alembic.ini", "script.py.mako")]
    every += list((ROOT / "db" / "versions").glob("*.py"))
    unnamed = [p for p in every if not any(p in ROOT.glob(pattern) for pattern in patterns)]
    assert unnamed == []
    assert Path(ROOT / "resources" / "icons" / "boardapp.png").is_file()
