"""``boardapp status`` and ``boardapp meetings``: the verdicts as the board would read
them, and the meetings to read them at.

    boardapp status [--as-at DATE | --meeting ID] [--json] [--as NAME] [--db PATH]
    boardapp meetings [--db PATH]

``status`` acts as the copy's identity (or ``--as NAME`` with NAME's passphrase). It
prints each requirement that person may read (no exempt one for an observer), and each
indicator with a target: the status
(green, amber, red, not yet due, no figure, no data), the figure and target it rests
on, and the reason in words; ``--json`` gives the same as a list of objects (``ref``
or ``code``, ``status``, ``reason`` and more) for the secretariat's own scripts. It
reads the judgement the window and the pack show. Exit 0; 2 for a meeting that is not
there or a database that cannot be read.

``meetings`` lists every meeting newest first: its number, its date (``2011-11`` for a
meeting known only by its month), whether it was held or is planned, its kind in words,
its id, its title and the date its data is as at; then the meeting a pack is for when
none is named (the last Improvement Board held, else the next one). ``--meeting``
(here and in ``export-pack``) takes the number, the id or the date.
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boardapp.cli.as_option import add_as_option
from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.cli.pack_command import day_or_month
from boardapp.domain.permissions import NotAllowed
from boardapp.store.board import MeetingRow, NoSuchMeeting, default_meeting, find_meeting, meetings
from boardapp.store.connection import open_database
from boardapp.store.locations import default_database
from boardapp.store.status import BoardStatus, board_status

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def add_parsers(commands: Any) -> None:
    """Add ``status`` and ``meetings`` to the ``boardapp`` subparsers."""
    status = commands.add_parser("status", help="the verdicts as at a date or meeting, with the reason for each")
    when = status.add_mutually_exclusive_group()
    when.add_argument("--as-at", type=day_or_month, metavar="DATE",
                      help="judge as at this day (2011-11-30) or month's end (2011-11); default: today")
    when.add_argument("--meeting", metavar="ID",
                      help="as at this meeting's date: its number newest first (1 = the newest), its id, or "
                           "its date (2011-11 or 2011-11-01: the Improvement Board then) (see `boardapp meetings`)")
    status.add_argument("--json", action="store_true", help="a list of objects, one per requirement and indicator")
    add_as_option(status)
    status.add_argument("--db", type=Path, dest="command_db", help="the database file")

    listed = commands.add_parser("meetings", help="the meetings, newest first: numbers, dates, held or planned, kinds, ids")
    listed.add_argument("--db", type=Path, dest="command_db", help="the database file")


def run_status(args: Namespace) -> int:
    from boardapp.cli.acting import acting_identity  # the store's identity and cryptography: only when run

    with open_database(_path(args), read_only=True) as database, database.session() as session:
        who = acting_identity(database, args)
        label = ""
        day = args.as_at or date.today()
        if args.meeting is not None:
            meeting = named_meeting(session, args.meeting, "status")
            if meeting is None:
                return EXIT_BAD_INPUT
            day, label = meeting.as_at, meeting.label
        try:
            status = board_status(session, who, day)
        except NotAllowed as exc:
            print(f"boardapp status: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    if args.json:
        json.dump(status.as_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(status, label))
    return EXIT_DONE


def named_meeting(session: Session, name: str, command: str) -> MeetingRow | None:
    """The meeting ``--meeting NAME`` names (``status``, ``questions``); None once
    ``boardapp COMMAND:`` and why it names none are on stderr."""
    try:
        return find_meeting(session, name)
    except NoSuchMeeting as exc:
        print(f"boardapp {command}: {exc}", file=sys.stderr)
        return None


def run_meetings(args: Namespace) -> int:
    today = date.today()
    with open_database(_path(args), read_only=True) as database, database.session() as session:
        rows = meetings(session)
        default = default_meeting(session, today)
    if not rows:
        print("This database records no meetings.")
        return EXIT_DONE
    sys.stdout.write(render_meetings(rows, today, default))
    return EXIT_DONE


def render_meetings(rows: list[MeetingRow], today: date, default: MeetingRow | None) -> str:
    """One line a meeting, newest first: its number, date, held or planned, kind, id,
    and title with its as-at date; then which meeting a pack is for when none is named."""
    lines = [f"{'#':>3}  {'date':<10}  {'held?':<7}  {'kind':<19}  {'id':<36}  meeting"]
    for number, row in enumerate(rows, start=1):
        when = f"{row.held_on:%Y-%m}" if row.month_only else row.held_on.isoformat()
        state = "planned" if row.planned_on(today) else "held"
        lines.append(
            f"{number:>3}  {when:<10}  {state:<7}  {row.kind_words:<19}  {row.uuid}  {row.label}"
            f" (data as at {row.as_at.day} {row.as_at:%B %Y})"
        )
    lines.append("")
    lines.append("--meeting takes a meeting's number, its id, or its date (2011-11, or 2011-11-01 for a day).")
    if default is not None:
        lines.append(f"With no meeting or date named, a pack is for number {rows.index(default) + 1}: {default.label}"
                     f" ({'the next Improvement Board' if default.planned_on(today) else 'the last Improvement Board held'}).")
    else:
        lines.append("With no meeting or date named, a pack is as at today (this database records no Improvement Board).")
    return "\n".join(lines) + "\n"


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
