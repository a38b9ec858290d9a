"""``boardapp status`` and ``boardapp meetings``: the verdicts as the board would read
them, and the meetings to read them at.

    boardapp status [--as-at DATE | --meeting ID] [--json] [--db PATH]
    boardapp meetings [--db PATH]

``status`` prints each requirement and each indicator with a target: the status
(green, amber, red, not yet due, no figure, no data), the figure and target it rests
on, and the reason in words; ``--json`` gives the same as a list of objects (``ref``
or ``code``, ``status``, ``reason`` and more) for the secretariat's own scripts. It
reads the judgement the window and the pack show. Exit 0; 2 for a meeting that is not
there or a database that cannot be read.
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from datetime import date
from pathlib import Path
from typing import Any

from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.cli.pack_command import day_or_month
from boardapp.store.board import NoSuchMeeting, find_meeting, meetings
from boardapp.store.connection import open_database
from boardapp.store.locations import default_database
from boardapp.store.status import BoardStatus, board_status


def add_parsers(commands: Any) -> None:
    """Add ``status`` and ``meetings`` to the ``boardapp`` subparsers."""
    status = commands.add_parser("status", help="the verdicts as at a date or meeting, with the reason for each")
    when = status.add_mutually_exclusive_group()
    when.add_argument("--as-at", type=day_or_month, metavar="DATE",
                      help="judge as at this day (2011-11-30) or month's end (2011-11); default: today")
    when.add_argument("--meeting", metavar="ID",
                      help="as at this meeting's date: its number newest first (1 = the newest) or its id "
                           "(see `boardapp meetings`)")
    status.add_argument("--json", action="store_true", help="a list of objects, one per requirement and indicator")
    status.add_argument("--db", type=Path, dest="command_db", help="the database file")

    listed = commands.add_parser("meetings", help="the meetings, newest first, with their numbers, ids and dates")
    listed.add_argument("--db", type=Path, dest="command_db", help="the database file")


def run_status(args: Namespace) -> int:
    with open_database(_path(args), read_only=True) as database, database.session() as session:
        label = ""
        day = args.as_at or date.today()
        if args.meeting is not None:
            try:
                meeting = find_meeting(session, args.meeting)
            except NoSuchMeeting as exc:
                print(f"boardapp status: {exc}", file=sys.stderr)
                return EXIT_BAD_INPUT
            day, label = meeting.as_at, meeting.label
        status = board_status(session, day)
    if args.json:
        json.dump(status.as_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(status, label))
    return EXIT_DONE


def run_meetings(args: Namespace) -> int:
    with open_database(_path(args), read_only=True) as database, database.session() as session:
        rows = meetings(session)
    if not rows:
        print("This database records no meetings.")
        return EXIT_DONE
    for number, row in enumerate(rows, start=1):
        print(f"{number:>3}  {row.label:<48} as at {row.as_at.isoformat()}  {row.uuid}")
    return EXIT_DONE


def render(status: BoardStatus, meeting: str = "") -> str:
    """The verdicts as plain text, requirement by requirement, then indicator by indicator."""
    day = status.as_at
    lines = [f"As at {day.day} {day:%B %Y}" + (f" ({meeting})" if meeting else ""), "", "Requirements"]
    for r in status.requirements:
        judged = f"; the board judged it: {r.judged}" if r.judged else ""
        lines.append(f"  {r.ref:>3}  {r.title}{'  [EXEMPT]' if r.exempt else ''}")
        lines.append(f"       {r.status}{judged}")
        lines.append(f"       {r.reason}")
    lines += ["", "Indicators with a target"]
    for i in status.indicators:
        lines.append(f"  {i.code}: {i.title}")
        lines.append(f"       {i.status}: {i.reason.split(': ', 1)[-1]}")
        for extra in (i.unreported, *i.thresholds):
            if extra:
                lines.append(f"       {extra}")
    return "\n".join(lines) + "\n"


def _path(args: Namespace) -> Path:
    return getattr(args, "command_db", None) or args.db or default_database()


COMMANDS = {"status": run_status, "meetings": run_meetings}
