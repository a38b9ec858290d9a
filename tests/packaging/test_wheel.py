"""The wheel carries the package and its data: resources/ and db/ (kept at the repository's
top level) land inside it as boardapp/resources and boardapp/db, where boardapp/bundled.py
looks for them; a database can be made and checked from the wheel alone, with no source
checkout on the path."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from boardapp.store import migrations

ROOT = Path(__file__).resolve().parents[2]


def source_files(folder: str) -> set[str]:
    return {
        p.relative_to(ROOT / folder).as_posix()
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pip wheel`` of a copy of what the wheel is built from: pip builds in the source
    folder, and setuptools would put whatever an earlier build left in build/lib into the
    wheel too (and leave build/ and boardapp.egg-info/ in the checkout)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("boardapp", "resources", "db"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("boardapp-*.whl"))


def test_the_wheel_carries_the_data_where_the_code_looks(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("boardapp/resources/demo/leeds.toml", "boardapp/resources/icons/boardapp.png",
                   "boardapp/db/alembic.ini", "boardapp/db/env.py", "boardapp/db/script.py.mako"):
        assert needed in names
    versions = sorted(p.name for p in (ROOT / "db" / "versions").glob("0*.py"))
    assert versions and {f"boardapp/db/versions/{v}" for v in versions} <= names
    # Nothing left behind: every file of resources/ and db/, every module of boardapp/
    # (pyproject.toml names the packages one by one).
    assert {f"boardapp/resources/{n}" for n in source_files("resources")} <= names
    assert {f"boardapp/db/{n}" for n in source_files("db")} <= names
    assert {f"boardapp/{n}" for n in source_files("boardapp") if n.endswith(".py")} <= names


def test_code_from_the_unpacked_wheel_finds_the_demo_and_the_migrations(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # No keyring in so bare an environment: the database key comes from BOARDAPP_KEY.
    env = {"PYTHONPATH": str(site), "BOARDAPP_DATA_DIR": str(tmp_path / "data"), "PATH": "", "BOARDAPP_KEY": "7" * 64}
    code = (
        "import json, boardapp; from boardapp import bundled; from boardapp.store import migrations; "
        "print(json.dumps({'package': boardapp.__file__, 'resources': str(bundled.top('resources')), "
        "'db': str(bundled.migrations()), 'versions': migrations.known_revisions(), "
        "'demo': sorted(bundled.demo_dataset()), 'icon': len(bundled.icon_bytes())}))"
    )
    found = json.loads(subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True
    ).stdout)
    assert found["package"] == str(site / "boardapp" / "__init__.py")
    assert found["resources"] == str(site / "boardapp" / "resources")
    assert found["db"] == str(site / "boardapp" / "db")
    assert tuple(found["versions"]) == migrations.known_revisions()
    assert found["demo"] and found["icon"] == (ROOT / "resources" / "icons" / "boardapp.png").stat().st_size

    for argv in (["demo", "--out", "from-wheel.sqlite"], ["check", "--db", "from-wheel.sqlite"]):
        done = subprocess.run(
            [sys.executable, "-m", "boardapp", *argv], cwd=elsewhere, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert "check: OK" in done.stdout
    assert f"schema revision: {migrations.head_revision()}" in done.stdout
