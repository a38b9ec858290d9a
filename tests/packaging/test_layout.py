"""The repository's layout: the package, its data and the Alembic environment side by side
at the top level, and the data found there when the app runs from this checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from boardapp import bundled

ROOT = Path(__file__).resolve().parents[2]

TOP_LEVEL = {
    "boardapp", "resources", "db", "tests", "pyinstaller.spec", "pyproject.toml",
    "docs", "packaging", "scripts", ".ci", "README.md", ".gitignore",
}


def tracked() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the layout is checked on the repository's tracked files")
    return subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")[:-1]


def test_the_top_level_is_the_package_its_data_and_the_tools() -> None:
    assert {name.split("/")[0] for name in tracked()} == TOP_LEVEL


def test_the_package_holds_only_python_and_no_data_is_left_inside_it() -> None:
    assert [n for n in tracked() if n.startswith("boardapp/") and not n.endswith(".py")] == []
    for old in ("resources", "db"):
        # An old checkout may keep the folder with only __pycache__ in it: that is harmless.
        left = [p for p in (ROOT / "boardapp" / old).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        assert left == [], f"boardapp/{old} moved to {old}/ at the top level; move these too: {left}"


def test_the_data_and_the_migrations_are_at_the_top_level() -> None:
    for name in ("resources/demo/leeds.toml", "resources/icons/boardapp.png",
                 "db/alembic.ini", "db/env.py", "db/script.py.mako", "db/versions/0001_initial_schema.py"):
        assert (ROOT / name).is_file(), name


def test_from_the_checkout_the_app_finds_them_there() -> None:
    assert Path(str(bundled.top("resources"))) == ROOT / "resources"
    assert Path(str(bundled.migrations())) == ROOT / "db"
    assert bundled.demo_dataset_text() == (ROOT / "resources" / "demo" / "leeds.toml").read_text(encoding="utf-8")


def test_a_folder_left_behind_in_the_package_is_not_taken_for_the_data(tmp_path: Path) -> None:
    """A checkout that pulled the move keeps boardapp/db and boardapp/resources holding only
    __pycache__: the app still reads the folders at the top level."""
    tree = tmp_path / "checkout"
    shutil.copytree(ROOT / "boardapp", tree / "boardapp", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("resources", "db"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        stale = tree / "boardapp" / name / "__pycache__"
        stale.mkdir(parents=True)
        (stale / "__init__.cpython-311.pyc").write_bytes(b"")
    code = (
        "import json; from boardapp import bundled; from boardapp.store import migrations; "
        "print(json.dumps([str(bundled.top('resources')), str(bundled.migrations()), migrations.known_revisions()]))"
    )
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    resources, db, versions = json.loads(out.stdout)
    assert (resources, db) == (str(tree / "resources"), str(tree / "db"))
    assert versions[0] == "0001"
