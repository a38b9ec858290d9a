"""The built bundle (dist/BoardApp), run as a person would: no Python, no source tree.

Which bundle:
- ``BOARDAPP_BUNDLE=FOLDER``: that folder, as it is;
- else ``dist/BoardApp`` if it was built from the sources in this tree (its
  build-info.json names their digest); a bundle built from other sources is skipped;
- else, with ``BOARDAPP_BUILD_BUNDLE=1``, ``packaging/build.py`` builds it first;
- else every test here is skipped, saying so.

On Linux, as root, each run happens in a private mount namespace where the Python
installation, the virtual environment and the source package and its data (boardapp/,
resources/, db/) are hidden under empty folders, so the bundle can only use what it carries.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BUNDLE = ROOT / "dist" / "BoardApp"
BUILD_HINT = 'build it with `pip install -e ".[build]" && python packaging/build.py`, or set BOARDAPP_BUILD_BUNDLE=1'


def load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("boardapp_packaging_build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def executable(folder: Path) -> Path:
    return folder / ("boardapp.exe" if sys.platform == "win32" else "boardapp")


def built_from_here(folder: Path, build: ModuleType) -> bool:
    info = folder / build.BUILD_INFO
    if not info.exists():
        return False
    return json.loads(info.read_text(encoding="utf-8")).get("source_digest") == build.source_digest()


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The folder of the built app."""
    named = os.environ.get("BOARDAPP_BUNDLE")
    if named:
        folder = Path(named).resolve()
        if not executable(folder).exists():
            pytest.fail(f"BOARDAPP_BUNDLE={named}: no {executable(folder).name} there")
        return folder
    build = load_build_script()
    if executable(DEFAULT_BUNDLE).exists() and built_from_here(DEFAULT_BUNDLE, build):
        return DEFAULT_BUNDLE
    if os.environ.get("BOARDAPP_BUILD_BUNDLE") == "1":
        if importlib.util.find_spec("PyInstaller") is None:
            pytest.fail('BOARDAPP_BUILD_BUNDLE=1 but PyInstaller is not installed: pip install -e ".[build]"')
        subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], cwd=ROOT, check=True)
        return DEFAULT_BUNDLE
    if executable(DEFAULT_BUNDLE).exists():
        pytest.skip(f"{DEFAULT_BUNDLE} was built from other sources than this tree's; rebuild it ({BUILD_HINT})")
    pytest.skip(f"no built bundle at {DEFAULT_BUNDLE}: {BUILD_HINT}")


def hidden_folders() -> list[Path]:
    """Where Python and the app's source live on this machine: hidden from the bundle."""
    candidates = {Path(sys.base_prefix), Path(sys.prefix), Path(sys.exec_prefix)}
    candidates.update(ROOT / name for name in ("boardapp", "resources", "db"))
    for base in (Path("/usr/lib"), Path("/usr/local/lib")):
        candidates.update(base.glob("python3*"))
    return sorted(p.resolve() for p in candidates if p.is_dir())


@cache
def can_isolate() -> bool:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    try:
        probe = subprocess.run(
            ["unshare", "--mount", "sh", "-c", "mount -t tmpfs none /mnt"], capture_output=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


ISOLATE = 'for d in "$@"; do case "$d" in --) shift; break;; esac; mount -t tmpfs none "$d"; shift; done; exec "$@"'


def bundle_environment(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "PYTEST", "QT_", "PYQTGRAPH")) and key not in {"VIRTUAL_ENV", "LD_LIBRARY_PATH"}
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        BOARDAPP_DATA_DIR=str(data_dir),
        HOME=str(data_dir.parent),
        # The bundle cannot load the tests' keyring (PYTHON_KEYRING_BACKEND is not passed): it
        # gets the same key (tests/conftest.py) as BOARDAPP_KEY, so the tests read its files.
        BOARDAPP_KEY=os.environ["BOARDAPP_TEST_KEYRING"],
        PATH=os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p and "pyenv" not in p),
    )
    return env


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(bundle: Path, tmp_path: Path) -> Run:
    """``run("check", "--db", path)``: the bundled app's exit code and output."""
    data_dir = tmp_path / "user-data"

    def run_bundled(
        *args: object, env: dict[str, str] | None = None, wrap: list[str] | None = None, timeout: float = 180
    ) -> subprocess.CompletedProcess[str]:
        command = [*(wrap or []), str(executable(bundle)), *map(str, args)]
        if can_isolate():
            command = ["unshare", "--mount", "sh", "-c", ISOLATE, "isolate", *map(str, hidden_folders()), "--", *command]
        environment = bundle_environment(data_dir)
        environment.update(env or {})
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment, cwd=tmp_path)

    return run_bundled
