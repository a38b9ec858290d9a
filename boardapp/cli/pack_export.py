"""``boardapp export-pack``: write the meeting pack (boardapp.exchange.pack); the
arguments are described in pack_command.py. It acts as the copy's identity (or ``--as``):
an observer may not choose the board audience, and no pack an observer makes holds an
exempt item."""

from __future__ import annotations

import sys
from argparse import Namespace
from datetime import UTC, datetime

from boardapp.cli.acting import acting_identity
from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.domain.permissions import NotAllowed
from boardapp.exchange.pack import PackError, PackSummary, audiences_for, export_pack
from boardapp.store.connection import open_database
from boardapp.store.locations import default_database


def run_export_pack(args: Namespace) -> int:
    database_file = getattr(args, "command_db", None) or args.db or default_database()
    progress = _terminal_progress if sys.stderr.isatty() else None
    try:
        with open_database(database_file, read_only=True) as database:
            who = acting_identity(database, args)
            summary = export_pack(
                database,
                args.out,
                who=who,
                as_at=args.as_at,
                meeting=args.meeting,
                # Unnamed: the widest the role may choose (board; dfe for an observer).
                audience=args.audience or audiences_for(who.role)[0],
                produced=datetime.now(UTC).astimezone(),
                progress=progress,
                name_members=getattr(args, "name_members", None),
            )
    except (PackError, NotAllowed) as exc:
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
        f"wrote the {_audience_words(summary)} pack {when} to {summary.path}: {len(summary.sheets)} sheets; "
        f"{summary.requirements} requirements, {summary.indicators} indicators, {summary.readings:,} readings, "
        f"{summary.actions:,} actions, {summary.notes:,} notes"
    )
    if not summary.audience.includes_exempt:
        text += f"; withheld as exempt: {summary.withheld.words()}"
    return text


def _audience_words(summary: PackSummary) -> str:
    label = summary.audience.label
    return label if label.isupper() or label[1:].lower() != label[1:] else label.lower()


def _terminal_progress(done: int, total: int, text: str) -> None:
    sys.stderr.write(f"\r{100 * done // max(1, total):3d}% {text[:60]:<60}")
    sys.stderr.flush()


def _clear_progress(progress: object) -> None:
    if progress is not None:
        sys.stderr.write("\r" + " " * 66 + "\r")
        sys.stderr.flush()


COMMANDS = {"export-pack": run_export_pack}
