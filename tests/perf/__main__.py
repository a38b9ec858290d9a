"""The benchmarks: ``python -m tests.perf [--quick] [--runs N] [--only SECTION ...]``.

Each figure is printed as: name, our median, the baseline's median (measured in the
same run, on the same machine), and the ratio. Sections: store, domain, import, pack,
sync (needs the PostgreSQL server), ui. ``--quick`` uses the typical synthetic database
and leaves out the import, the large pack and sync (for checking the harness itself,
not for figures).
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
from pathlib import Path

from boardapp.store.database_key import keyring_usable
from boardapp.store.first_run import create_database
from tests.perf import domain_figures, store_figures, ui_figures
from tests.perf.harness import HEADER

SECTIONS = ("store", "domain", "import", "pack", "sync", "ui")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf")
    parser.add_argument("--quick", action="store_true", help="typical database, few runs: checks the harness")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 7, quick 2)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sections to run")
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 7)
    size = "typical" if args.quick else "large"
    wanted = set(args.only) - ({"import", "sync"} if args.quick else set())
    # The app's databases are encrypted (issue 13). Where no keyring can hold the key (a
    # server, CI), a raw key for this run: the same kind the keyring gives (no KDF).
    if not os.environ.get("BOARDAPP_KEY") and not keyring_usable():
        os.environ["BOARDAPP_KEY"] = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="boardapp-perf-") as folder:
        database = Path(folder) / f"{size}.sqlite"
        create_database(database, synthetic_size=size)
        print(f"synthetic database: {size}; {runs} runs per figure; medians")
        print(HEADER)

        def show(result) -> None:  # type: ignore[no-untyped-def]
            for figure in result if isinstance(result, list) else [result]:
                print(figure.line(), flush=True)

        if "store" in wanted:
            show(store_figures.check_cold_start(database, runs))
            show(store_figures.latest_of_every_indicator(database, runs))
        if "domain" in wanted:
            show(domain_figures.load_as_domain_records(database, runs))
            show(domain_figures.evaluate_every_target(database, runs))
        if "import" in wanted:
            from tests.perf import import_figures

            show(import_figures.import_54000(database, max(3, runs // 2)))
        if "pack" in wanted:
            from tests.perf import pack_figures

            show(pack_figures.pack_typical(runs))
            if not args.quick:
                show(pack_figures.pack_large(max(3, runs // 2)))
        if "sync" in wanted:
            from tests.perf import sync_figures

            show(sync_figures.first_full_sync(database, max(3, runs // 2)))
            show(sync_figures.upload_notes(database, max(3, runs // 2)))
        if "ui" in wanted:
            # The window acts as the copy's signed-in user (a copy no one signed in on reads
            # as a guest): its figures are of signed-in copies, the other sections' file untouched.
            signed = Path(folder) / "signed-in"
            if not args.quick:
                demo = Path(folder) / "demo.sqlite"
                create_database(demo)
                show(ui_figures.first_paint(ui_figures.signed_in_copy(demo, signed), runs))
            window_database = ui_figures.signed_in_copy(database, signed)
            for measure in (ui_figures.first_paint, ui_figures.open_indicator, ui_figures.overview,
                            ui_figures.longest_stall):
                show(measure(window_database, runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
