"""``boardapp export-pack``: write the meeting pack (boardapp.exchange.pack).

    boardapp export-pack --out FILE.xlsx [--as-at DATE] [--meeting ID] [--audience board|dfe|public] [--db PATH]

``--as-at`` takes a day (2011-08-31) or a month (2011-08, meaning its last day);
``--meeting`` takes a meeting's id (its uuid) or its number in the list of meetings
newest first (1 = the newest), and the pack is as at that meeting's as-at date.
With neither, the pack is as at today. Exit 0 when written; 2 when the target cannot
be written (open in another program, no such folder, not .xlsx), the meeting is not
there or the database cannot be read, with the reason on stderr and the target left
as it was.
"""

from __future__ import annotations

import argparse
import calendar
import sys
from argparse import Namespace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.exchange.pack import Audience, PackError, PackSummary, export_pack
from boardapp.store.connection import open_database
from boardapp.store.locations import default_database


def add_parser(commands: Any) -> None:
    """Add ``export-pack`` to the ``boardapp`` subparsers."""
    pack = commands.add_parser("export-pack", help="write the meeting pack (an Excel workbook) as at a date or meeting")
    pack.add_argument("--out", type=Path, required=True, help="the pack to write (FILE.xlsx; replaced if there)")
    when = pack.add_mutually_exclusive_group()
    when.add_argument("--as-at", type=day_or_month, metavar="DATE",
                      help="judge as at this day (2011-08-31) or month's end (2011-08); default: today")
    when.add_argument("--meeting", metavar="ID",
                      help="as at this meeting's date: its number newest first (1 = the newest) or its id")
    pack.add_argument("--audience", choices=[a.value for a in Audience], default=Audience.BOARD.value,
                      help="board (everything, exempt items marked) or dfe / public (exempt items left out)")
    pack.add_argument("--db", type=Path, dest="command_db", help="the database file")


def day_or_month(text: str) -> date:
    """``2011-08-31`` is that day; ``2011-08`` is the last day of August 2011."""
    try:
        if len(text) == 7:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write 2011-08-31, or 2011-08 for a month") from None


def run_export_pack(args: Namespace) -> int:
    database_file = getattr(args, "command_db", None) or args.db or default_database()
    progress = _terminal_progress if sys.stderr.isatty() else None
    try:
        with open_database(database_file, read_only=True) as database:
            summary = export_pack(
                database,
                args.out,
                as_at=args.as_at,
                meeting=args.meeting,
                audience=args.audience,
                produced=datetime.now(UTC).astimezone(),
                progress=progress,
            )
    except PackError as exc:
        _clear_progress(progress)
        print(f"boardapp: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _clear_progress(progress)
    print(_done(summary))
    return EXIT_DONE


def _done(summary: PackSummary) -> str:
    day = summary.as_at
    when = f"as at {day.day} {day:%B %Y}"
    if summary.meeting is not None:
        when += f" ({summary.meeting.label})"
    text = (
        f"wrote the {summary.audience.label} pack {when} to {summary.path}: {len(summary.sheets)} sheets; "
        f"{summary.requirements} requirements, {summary.indicators} indicators, {summary.readings:,} readings, "
        f"{summary.actions:,} actions, {summary.notes:,} notes"
    )
    if not summary.audience.includes_exempt:
        text += f"; withheld as exempt: {summary.withheld.words()}"
    return text


def _terminal_progress(done: int, total: int, text: str) -> None:
    sys.stderr.write(f"\r{100 * done // max(1, total):3d}% {text[:60]:<60}")
    sys.stderr.flush()


def _clear_progress(progress: object) -> None:
    if progress is not None:
        sys.stderr.write("\r" + " " * 66 + "\r")
        sys.stderr.flush()


COMMANDS = {"export-pack": run_export_pack}
