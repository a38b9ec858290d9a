"""The layers of DESIGN.md: domain <- store <- exchange <- ui / cli. Each imports only
those below it; no Qt below ui; no SQL in ui; ui is imported only by ui and the entry point."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "boardapp"

FORBIDDEN = {
    "domain": ("PySide6", "pyqtgraph", "sqlalchemy", "sqlite3", "alembic", "openpyxl", "boardapp.store",
               "boardapp.exchange", "boardapp.ui", "boardapp.cli"),
    "store": ("PySide6", "pyqtgraph", "openpyxl", "boardapp.exchange", "boardapp.ui", "boardapp.cli"),
    "exchange": ("PySide6", "pyqtgraph", "boardapp.ui", "boardapp.cli"),
    "cli": ("PySide6", "pyqtgraph", "boardapp.ui"),
    "ui": ("sqlalchemy", "sqlite3", "boardapp.cli"),
    "db": ("PySide6", "pyqtgraph", "boardapp.ui"),
}


def folder(layer: str) -> Path:
    """The Alembic environment (db) lives beside the package (installed as boardapp/db)."""
    return ROOT / "db" if layer == "db" else PACKAGE / layer


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_lies_below_it(layer):
    offences = []
    paths = sorted(folder(layer).rglob("*.py"))
    assert paths, f"no modules in {folder(layer)}"
    for path in paths:
        for name in imported_names(path):
            for banned in FORBIDDEN[layer]:
                if name == banned or name.startswith(banned + "."):
                    offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offences == []


def test_no_sys_path_edits_or_star_imports():
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "db").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "sys.path" not in text, path
        assert "import *" not in text, path


def test_commands_run_without_loading_qt():
    code = (
        "import sys, boardapp.__main__, boardapp.store.first_run, boardapp.store.checks; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
