"""Cold start of the built app against the same from source, for docs/packaging.md.

    .venv/bin/python packaging/measure.py [--runs 7] [--bundle dist/BoardApp]

Times ``--smoke --db DEMO`` (open the window on the demo database, paint once, exit)
for the bundle and for ``python -m boardapp`` from this checkout, alternating, and
prints each one's median and range. Where the machine allows it (Linux, root), the page
cache is dropped before every run, so each start reads its files from disk: a cold
start. Elsewhere the figures are warm starts, and the output says so.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_caches() -> bool:
    try:
        os.sync()
        DROP_CACHES.write_text("3\n")
    except OSError:
        return False
    return True


def timed(command: list[str], env: dict[str, str], cold: bool) -> float:
    if cold and not drop_caches():
        raise RuntimeError("could not drop the page cache")
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "BoardApp")
    parser.add_argument("--warm", action="store_true", help="keep the page cache between runs")
    args = parser.parse_args(argv)
    exe = args.bundle / ("boardapp.exe" if sys.platform == "win32" else "boardapp")
    if not exe.exists():
        print(f"packaging/measure.py: no bundle at {args.bundle}; build it first (packaging/build.py)", file=sys.stderr)
        return 2
    cold = not args.warm and drop_caches()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BOARDAPP_DATA_DIR=str(Path(folder) / "data"))
        demo = Path(folder) / "demo.sqlite"
        subprocess.run([str(exe), "demo", "--out", str(demo)], env=env, check=True, capture_output=True)
        commands = {
            "bundle": [str(exe), "--smoke", "--db", str(demo)],
            "source": [sys.executable, "-m", "boardapp", "--smoke", "--db", str(demo)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for name, command in commands.items():  # one warm-up each, not counted
            timed(command, env, cold=False)
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env, cold))
    if cold:
        kind = "cold (page cache dropped before each run)"
    else:
        kind = "warm" + ("" if args.warm else " (the page cache could not be dropped)")
    print(f"--smoke --db demo.sqlite, {args.runs} runs each, {kind}:")
    for name, values in times.items():
        print(f"  {name:7} median {statistics.median(values):.2f} s  (min {min(values):.2f}, max {max(values):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
