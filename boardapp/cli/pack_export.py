"""``boardapp export-pack``: write the meeting pack (boardapp.exchange.pack); the
arguments are described in pack_command.py."""

from __future__ import annotations

import sys
from argparse import Namespace
from datetime import UTC, datetime

from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.exchange.pack import PackError, PackSummary, export_pack
from boardapp.store.connection import open_database
from boardapp.store.locations import default_database


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
                name_members=getattr(args, "name_members", None),
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
