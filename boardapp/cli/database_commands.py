"""Commands on a database file itself: ``demo`` (make one) and ``check`` (is it sound)."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.store.checks import check, rebuild_snapshot
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.locations import default_database


def database_path(args: Namespace) -> Path:
    """The ``--db`` given before or after the command, else the user's default database."""
    return getattr(args, "command_db", None) or args.db or default_database()


def run_demo(args: Namespace) -> int:
    create_database(args.out, synthetic_size=args.synthetic)
    what = f"synthetic ({args.synthetic})" if args.synthetic else "demo"
    print(f"wrote the {what} database to {args.out}")
    return EXIT_DONE


def run_check(args: Namespace) -> int:
    with open_database(database_path(args), read_only=True) as database:
        report = check(database)
    rebuild_snapshot(report)  # a missing or stale overview snapshot judged again (a sound, writable file)
    stream = sys.stdout if report.ok else sys.stderr
    for line in report.lines():
        print(line, file=stream)
    return EXIT_DONE if report.ok else EXIT_BAD_INPUT


COMMANDS = {"demo": run_demo, "check": run_check}
