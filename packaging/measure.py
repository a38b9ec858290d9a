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

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_caches() -> bool:
    try:
        os.sync()
        DROP_CACHES.write_text("3\n")
    except OSError:
        return False
    return True


def timed(command: list[str], env: dict[str, str], cold: bool) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one run."""
    if cold and not drop_caches():
        raise RuntimeError("could not drop the page cache")
    before = cpu_of_children()
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started, cpu_of_children() - before


def cpu_of_children() -> float:
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
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
    if hasattr(os, "getloadavg"):
        print(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, runs in times.items():
        wall = [w for w, _ in runs]
        cpu = [c for _, c in runs]
        print(
            f"  {name:7} wall median {statistics.median(wall):.2f} s (min {min(wall):.2f}, max {max(wall):.2f}); "
            f"CPU median {statistics.median(cpu):.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
