"""Build Board App as a one-folder application with PyInstaller, and say how big it is.

    .venv/bin/pip install -e ".[build]"
    .venv/bin/python packaging/build.py [--archive] [--untrimmed] [--dist DIR]

Runs ``pyinstaller.spec`` (the repository root) into ``dist/BoardApp`` (on macOS also
``dist/Board App.app``), then prints the folder's size, its file count and how long the
build took. ``--archive`` also packs the folder for handing out: a ``.tar.gz`` on Linux,
a ``.zip`` on Windows and macOS. ``--untrimmed`` builds without the spec's trimming
(BOARDAPP_BUNDLE_TRIM=0), to measure what the trimming saves.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "pyinstaller.spec"
BUILD_INFO = "build-info.json"
PLATFORM = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def settings() -> dict:
    tables = tomllib.loads((ROOT / "packaging" / "platforms.toml").read_text(encoding="utf-8"))
    return {**tables["common"], **{k: v for k, v in tables.get(PLATFORM, {}).items() if not isinstance(v, dict)}}


def folder_size(path: Path) -> tuple[int, int]:
    """Bytes and files under ``path``, symbolic links counted as themselves."""
    total = files = 0
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            total += os.lstat(os.path.join(dirpath, name)).st_size
            files += 1
    return total, files


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


# What the bundle is built from: its digest goes into build-info.json, and the bundle's
# tests skip a bundle built from other sources rather than test a stale one.
SOURCES = (
    "boardapp/**/*",
    "resources/**/*",
    "db/**/*",
    "pyinstaller.spec",
    "packaging/entry.py",
    "packaging/trim.py",
    "packaging/platforms.toml",
    "packaging/icons/*",
)


def source_digest(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    paths = {p for pattern in SOURCES for p in root.glob(pattern) if p.is_file()}
    for path in sorted(paths):
        if "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def version() -> str:
    spec = importlib.util.spec_from_file_location("_boardapp_version", ROOT / "boardapp" / "__init__.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.__version__)


def archive(dist: Path, config: dict) -> Path:
    """Pack the built app into one file named for its version, platform and machine."""
    machine = platform.machine().lower() or "unknown"
    base = dist / f"{config['folder']}-{version()}-{PLATFORM}-{machine}"
    if PLATFORM == "macos" and config.get("app_bundle"):
        source = dist / config["app_bundle"]
    else:
        source = dist / config["folder"]
    kind = "gztar" if PLATFORM == "linux" else "zip"
    return Path(shutil.make_archive(str(base), kind, root_dir=source.parent, base_dir=source.name))


DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=Board App
Comment=The Improvement Board's copy of the notice, the plan and the readings
Exec=boardapp %f
Icon=boardapp
Terminal=false
Categories=Office;
"""


def linux_extras(folder: Path, config: dict) -> None:
    """The icon and a desktop entry beside the executable, for a menu launcher (README)."""
    shutil.copyfile(ROOT / config["icon"], folder / "boardapp.png")
    (folder / "boardapp.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")


def build(dist: Path, work: Path, *, trim: bool) -> float:
    env = dict(os.environ, BOARDAPP_BUNDLE_TRIM="1" if trim else "0")
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the app folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work folder")
    parser.add_argument("--archive", action="store_true", help="also pack the folder into a .tar.gz or .zip")
    parser.add_argument("--untrimmed", action="store_true", help="keep every Qt plugin, library and translation")
    args = parser.parse_args(argv)

    if importlib.util.find_spec("PyInstaller") is None:
        print('packaging/build.py: PyInstaller is not installed; run: pip install -e ".[build]"', file=sys.stderr)
        return 2
    config = settings()
    digest = source_digest()  # before the build: others may edit the tree while it runs
    seconds = build(args.dist.resolve(), args.work.resolve(), trim=not args.untrimmed)
    folder = args.dist.resolve() / config["folder"]
    if PLATFORM == "linux":
        linux_extras(folder, config)
    size, files = folder_size(folder)
    info = {
        "version": version(),
        "platform": PLATFORM,
        "trimmed": not args.untrimmed,
        "source_digest": digest,
        "size_bytes": size,
        "files": files,
        "build_seconds": round(seconds, 1),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (folder / BUILD_INFO).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"built {folder} in {seconds:.0f} s: {mib(size)} in {files} files ({'untrimmed' if args.untrimmed else 'trimmed'})")
    exe = folder / (config["cli_name"] + (".exe" if PLATFORM == "windows" else ""))
    print(f"run it: {exe} --version")
    if args.archive:
        packed = archive(args.dist.resolve(), config)
        print(f"packed {packed} ({mib(packed.stat().st_size)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
