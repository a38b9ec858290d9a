"""The benchmarks: ``python -m tests.perf [--quick] [--runs N]``.

Each figure is printed as: name, our median, the baseline's median (measured in the
same run, on the same machine), and the ratio. ``--quick`` uses the typical synthetic
database instead of the large one (for checking the harness itself, not for figures).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from boardapp.store.first_run import create_database
from tests.perf import domain_figures, store_figures, ui_figures
from tests.perf.harness import HEADER


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf")
    parser.add_argument("--quick", action="store_true", help="typical database, few runs: checks the harness")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 7, quick 2)")
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 7)
    size = "typical" if args.quick else "large"
    with tempfile.TemporaryDirectory(prefix="boardapp-perf-") as folder:
        database = Path(folder) / f"{size}.sqlite"
        create_database(database, synthetic_size=size)
        print(f"synthetic database: {size}; {runs} runs per figure; medians")
        print(HEADER)
        for measure in (
            store_figures.check_cold_start,
            store_figures.latest_of_every_indicator,
            domain_figures.load_as_domain_records,
            domain_figures.evaluate_every_target,
        ):
            result = measure(database, runs)
            for figure in result if isinstance(result, list) else [result]:
                print(figure.line(), flush=True)
        if not args.quick:
            demo = Path(folder) / "demo.sqlite"
            create_database(demo)
            print(ui_figures.first_paint(demo, runs).line(), flush=True)
        for measure in (ui_figures.first_paint, ui_figures.open_indicator, ui_figures.overview,
                        ui_figures.longest_stall):
            print(measure(database, runs).line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
