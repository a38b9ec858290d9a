"""The migrations and the demo dataset travel inside the wheel: a database can be made
and checked from an installed wheel, with no source checkout on the path."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_database_made_from_the_wheel_alone(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("boardapp-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("boardapp/db/env.py", "boardapp/db/script.py.mako", "boardapp/resources/demo/leeds.toml"):
        assert needed in names
    assert any(n.startswith("boardapp/db/versions/0001_") for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # No keyring in so bare an environment: the database key comes from BOARDAPP_KEY.
    env = {"PYTHONPATH": str(site), "BOARDAPP_DATA_DIR": str(tmp_path / "data"), "PATH": "", "BOARDAPP_KEY": "7" * 64}
    where = subprocess.run(
        [sys.executable, "-c", "import boardapp; print(boardapp.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )
    assert where.stdout.startswith(str(site))
    for argv in (["demo", "--out", "from-wheel.sqlite"], ["check", "--db", "from-wheel.sqlite"]):
        done = subprocess.run(
            [sys.executable, "-m", "boardapp", *argv], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert "check: OK" in done.stdout
