"""``boardapp export-pack``'s arguments (what it does is in pack_export.py, imported only
when a command runs, so that opening the window does not pay for openpyxl).

    boardapp export-pack --out FILE.xlsx [--as-at DATE] [--meeting ID] [--audience board|dfe|public] [--name-members]
                         [--as NAME] [--db PATH]

``--as-at`` takes a day (2011-08-31) or a month (2011-08, meaning its last day);
``--meeting`` takes a meeting's number in the list of meetings newest first (1 = the
newest), its id (its uuid), or its date (2011-11 or 2011-11-01: the Improvement Board
then, else the one meeting then; a date that could mean several is refused with the
list), and the pack is as at that meeting's as-at date (`boardapp meetings` lists
them). With neither, the pack is for the last Improvement Board held by today, else the
next one, and the cover names it. Exit 0 when written; 2 when the target cannot
be written (open in another program, no such folder, not .xlsx), the meeting is not
there or the database cannot be read, when no one has signed in on this copy, or when
the audience is one the role may not choose (an observer and ``board``), with the
reason on stderr and the target left as it was.
"""

from __future__ import annotations

import argparse
import calendar
from datetime import date
from pathlib import Path
from typing import Any

from boardapp.cli.as_option import add_as_option

# The values of boardapp.exchange.pack.Audience, named here so that building the parser
# does not import openpyxl (tests/exchange/test_pack_cli.py checks they agree).
AUDIENCES = ("board", "dfe", "public")


def add_parser(commands: Any) -> None:
    """Add ``export-pack`` to the ``boardapp`` subparsers."""
    pack = commands.add_parser("export-pack", help="write the meeting pack (an Excel workbook) as at a date or meeting")
    pack.add_argument("--out", type=Path, required=True, help="the pack to write (FILE.xlsx; replaced if there)")
    when = pack.add_mutually_exclusive_group()
    when.add_argument("--as-at", type=day_or_month, metavar="DATE",
                      help="judge as at this day (2011-08-31) or month's end (2011-08); default: the meeting's")
    when.add_argument("--meeting", metavar="ID",
                      help="the pack for this meeting, as at its date: its number newest first (1 = the newest), "
                           "its id, or its date (2011-11 or 2011-11-01: the Improvement Board then); see "
                           "`boardapp meetings`. Default: the last Improvement Board held, else the next one")
    pack.add_argument("--audience", choices=AUDIENCES, default=None,
                      help="board (everything, exempt items marked: not for an observer) or dfe / public (exempt "
                           "items left out); default: board, or dfe for an observer")
    names = pack.add_mutually_exclusive_group()
    names.add_argument("--name-members", dest="name_members", action="store_const", const=True, default=None,
                       help="name members in the challenge log (the default for board and DfE packs; "
                            "a public pack gives their roles unless the board decides otherwise)")
    names.add_argument("--no-name-members", dest="name_members", action="store_const", const=False,
                       help="give members by their role, whatever the audience")
    add_as_option(pack)
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
