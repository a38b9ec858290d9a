"""What each command does. Each returns the process exit code (DESIGN.md)."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from boardapp.store.checks import check
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.locations import default_database

EXIT_DONE = 0
EXIT_UNEXPECTED = 1
EXIT_BAD_INPUT = 2


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
    stream = sys.stdout if report.ok else sys.stderr
    for line in report.lines():
        print(line, file=stream)
    return EXIT_DONE if report.ok else EXIT_BAD_INPUT


def run_not_yet(args: Namespace) -> int:
    print(f"boardapp {args.command}: not yet available in this version", file=sys.stderr)
    return EXIT_UNEXPECTED


COMMANDS = {"demo": run_demo, "check": run_check}
