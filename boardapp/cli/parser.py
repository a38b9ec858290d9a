"""The ``boardapp`` argument parser: subcommands, options and their help."""

from __future__ import annotations

import argparse
from pathlib import Path

from boardapp import __version__
from boardapp.cli import (
    identity_parsers,
    pack_command,
    questions_command,
    status_command,
    sync_commands,
    target_parsers,
)
from boardapp.cli.as_option import add_as_option

NOT_YET: tuple[str, ...] = ()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boardapp",
        description="Board App: the Improvement Board's copy of the notice, the plan and the readings. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Board App {__version__}")
    parser.add_argument("--db", type=Path, help="the database file (default: the demo database in your data folder)")
    parser.add_argument(
        "--smoke", action="store_true", help="open the window, paint it once and exit 0 (for tests and packagers)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="write a demo or synthetic database")
    demo.add_argument("--out", type=Path, required=True, help="where to write it (must not exist)")
    demo.add_argument("--synthetic", choices=["large", "typical"], help="a synthetic database of this size")

    check = commands.add_parser("check", help="integrity check and summary of a database")
    check.add_argument("--db", type=Path, dest="command_db", help="the database file")

    template = commands.add_parser(
        "template", help="write the readings workbook to fill in, listing the readings due"
    )
    template.add_argument("--out", type=Path, required=True, help="where to write it (FILE.xlsx; replaced if there)")
    when = template.add_mutually_exclusive_group()
    when.add_argument("--as-at", type=pack_command.day_or_month, metavar="DATE",
                      help="list what is due as at this day (2011-11-01) or month's end (2011-10); default: today")
    when.add_argument("--meeting", metavar="ID",
                      help="as at this meeting's date: its number newest first (1 = the newest) or its id")
    add_as_option(template)
    template.add_argument("--db", type=Path, dest="command_db", help="the database whose indicators it lists")

    readings = commands.add_parser(
        "import-readings",
        help="import a workbook of readings (checked first: nothing is written if any row has a problem)",
    )
    readings.add_argument("file", type=Path, metavar="FILE.xlsx", help="the workbook (see `boardapp template`)")
    readings.add_argument(
        "--dry-run", action="store_true", help="list the new, revised and unchanged readings; write nothing"
    )
    add_as_option(readings)
    readings.add_argument("--db", type=Path, dest="command_db", help="the database file")

    identity_parsers.add_parsers(commands)
    sync_commands.add_parsers(commands)
    pack_command.add_parser(commands)
    status_command.add_parsers(commands)
    target_parsers.add_parsers(commands)
    questions_command.add_parser(commands)

    for name in NOT_YET:
        later = commands.add_parser(name, help="not yet available", add_help=False)
        later.add_argument("rest", nargs=argparse.REMAINDER)
    return parser
