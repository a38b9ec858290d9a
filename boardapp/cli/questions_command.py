"""``boardapp questions``: the question log as at a meeting, as the window and the pack
give it (store/questions.py).

    boardapp questions [--meeting ID] [--as NAME] [--db PATH]

Lists the questions and challenges asked at earlier meetings and still open at the
meeting (carried to it), oldest first: where and by whom each was asked, how many
Improvement Boards ago, what it is on and its words; then those answered (or closed) at
the meeting, with the answer. ``--meeting`` takes what ``export-pack`` takes (a number
newest first, an id or a date; `boardapp meetings`); without it, the meeting a question
asked today is for: the next Improvement Board on or after today, else the latest. It
acts as the copy's identity (or ``--as NAME``): no exempt question for an observer.
Exit 0; 2 for a meeting that is not there, no one signed in, or a database that cannot
be read.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from datetime import date
from pathlib import Path
from typing import Any

from boardapp.cli.as_option import add_as_option
from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE


def add_parser(commands: Any) -> None:
    """Add ``questions`` to the ``boardapp`` subparsers."""
    listed = commands.add_parser(
        "questions", help="the questions from earlier meetings still open at a meeting, and those answered at it")
    listed.add_argument("--meeting", metavar="ID",
                        help="as at this meeting: its number newest first (1 = the newest), its id, or its date "
                             "(2011-11 or 2011-11-01: the Improvement Board then); see `boardapp meetings`. Default: "
                             "the next Improvement Board on or after today, else the latest")
    add_as_option(listed)
    listed.add_argument("--db", type=Path, dest="command_db", help="the database file")


def run_questions(args: Namespace) -> int:
    from boardapp.cli.acting import acting_identity  # the store's identity and cryptography: only when run
    from boardapp.cli.status_command import named_meeting
    from boardapp.store.connection import open_database
    from boardapp.store.locations import default_database
    from boardapp.store.questions import default_meeting, open_questions

    path = getattr(args, "command_db", None) or args.db or default_database()
    with open_database(path, read_only=True) as database, database.session() as session:
        who = acting_identity(database, args)
        if args.meeting is not None:
            meeting = named_meeting(session, args.meeting, "questions")
            if meeting is None:
                return EXIT_BAD_INPUT
        else:
            meeting = default_meeting(session, date.today())
            if meeting is None:
                print("This database records no Improvement Board: there is no meeting to carry questions to.")
                return EXIT_DONE
        log = open_questions(session, meeting, who=who)
    sys.stdout.write(render(log))
    return EXIT_DONE


def render(log: Any) -> str:
    """The log as plain text: the count line, then each question carried, then each answered."""
    from boardapp.store.questions import meeting_words, state_words

    lines = [f"As at {log.meeting.label}: {log.words()}."]
    for title, questions in (("Still open, carried from earlier meetings", log.carried),
                             ("Answered at this meeting", log.answered)):
        if not questions:
            continue
        lines += ["", f"{title}:"]
        for question in questions:
            note = question.note
            ago = f"{question.age:,} meeting{'' if question.age == 1 else 's'} ago"
            lines.append(f"  {note.kind.value.capitalize()} asked at {meeting_words(note.meeting)} ({ago}) by "
                         f"{note.author}{'  [EXEMPT]' if note.exempt else ''}")
            lines.append(f"    On {note.target_label}")
            lines += [f"    {line}" for line in note.text.splitlines() or [""]]
            if question in log.answered:
                lines.append(f"    {state_words(question, log)}, by {note.answered_by}:")
                lines += [f"      {line}" for line in note.answer.splitlines()]
    return "\n".join(lines) + "\n"


COMMANDS = {"questions": run_questions}
