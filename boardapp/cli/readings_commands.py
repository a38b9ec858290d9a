"""The readings commands: ``template`` (the workbook to fill in) and ``import-readings``."""

from __future__ import annotations

import sys
from argparse import Namespace
from datetime import date
from pathlib import Path

from boardapp.cli.acting import acting_identity
from boardapp.cli.database_commands import database_path
from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.domain.permissions import NotAllowed, Permission
from boardapp.exchange.readings_import import SheetImport, read_readings
from boardapp.exchange.template import template_content, write_template
from boardapp.exchange.template_words import day_words
from boardapp.exchange.workbook_safety import WorkbookRefused, check_workbook_file, require_defusedxml
from boardapp.store.board import NoSuchMeeting, find_meeting
from boardapp.store.connection import open_database
from boardapp.store.reading_edits import (
    Outcome,
    ReadingEditError,
    ReadingPlan,
    apply_readings,
    describe,
    indicator_facts,
    plan_readings,
)


def run_template(args: Namespace) -> int:
    """Write the readings template as at a day or meeting; any file at ``--out`` is
    replaced only once the new one is complete, and left as it was on any error."""
    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        return _bad_input(f"{out}: the template is an Excel workbook; name it FILE.xlsx")
    if out.is_dir() or not out.parent.is_dir():
        return _bad_input(f"{out}: {'this is a folder' if out.is_dir() else 'there is no such folder'}")
    today = date.today()
    as_at: date = args.as_at or today
    if as_at > today:
        return _bad_input(f"--as-at {as_at.isoformat()} is after today: the template lists periods that have "
                          "ended; give today or an earlier day")
    meeting = None
    with open_database(database_path(args), read_only=True) as database:
        who = acting_identity(database, args)
        with database.session() as session:
            if args.meeting is not None:
                try:
                    chosen = find_meeting(session, args.meeting)
                except NoSuchMeeting as exc:
                    return _bad_input(str(exc))
                as_at, meeting = min(chosen.as_at, today), chosen.label
            try:
                content = template_content(session, who, as_at, meeting)
            except NotAllowed as exc:
                return _bad_input(str(exc))
    try:
        write_template(out, content, written=today)
    except OSError as exc:
        return _bad_input(f"{out}: cannot be written ({exc.strerror or exc}); any file there is left as it was")
    counts = content.counts()
    when = f"as at {day_words(as_at)}" + (f" ({meeting})" if meeting else "")
    print(f"wrote the readings template to {out}: {counts.readings} reading{'s' if counts.readings != 1 else ''} "
          f"of {counts.indicators} indicator{'s' if counts.indicators != 1 else ''} due {when}"
          f"; {len(content.indicators)} indicators in the drop-down")
    return EXIT_DONE


def run_import_readings(args: Namespace) -> int:
    """Check the whole file against a read-only database; write only if nothing is wrong."""
    path: Path = args.file
    database_file = database_path(args)
    try:
        # The file's own faults are found before the database is opened at all.
        require_defusedxml()
        check_workbook_file(path)
        with open_database(database_file, read_only=True) as database:
            # The copy's own identity, or --as NAME with NAME's passphrase; refused
            # before the file is read against the database.
            who = acting_identity(database, args)
            who.require(Permission.EDIT_READINGS)
            with database.session() as session:
                sheet = read_readings(path, indicator_facts(session))
                for note in sheet.notes:
                    print(f"boardapp: {path.name}, sheet {sheet.sheet}: {note}", file=sys.stderr)
                if not sheet.ok:
                    return _report_problems(sheet)
                if args.dry_run:
                    plan = plan_readings(session, sheet.changes)
                    _print_plan(sheet, plan)
                    print("dry run: nothing was written")
                    return EXIT_DONE
    except (WorkbookRefused, ReadingEditError, NotAllowed) as exc:
        return _bad_input(str(exc))
    # The plan is made again inside the writing transaction, so that it matches what
    # is written even if the window changed a reading meanwhile; a file that changes
    # nothing writes nothing.
    with open_database(database_file) as database, database.session(who.name) as session:
        plan = apply_readings(session, who, sheet.changes, source=path.name)
    if not plan.changes_anything:
        print(f"{path.name}: all {len(plan.items)} readings are already in the database; nothing to change")
    else:
        print(f"imported {path.name} (sheet {sheet.sheet}) as {who.label}: {_counts(plan)}")
    return EXIT_DONE


def _counts(plan: ReadingPlan) -> str:
    return ", ".join(f"{plan.counts[outcome]} {outcome.value}" for outcome in Outcome)


def _report_problems(sheet: SheetImport) -> int:
    for problem in sheet.problems:
        print(f"boardapp: {problem}", file=sys.stderr)
    count = len(sheet.problems)
    print(
        f"boardapp: {sheet.path.name}: {count} problem{'s' if count != 1 else ''} found; nothing was written",
        file=sys.stderr,
    )
    return EXIT_BAD_INPUT


def _print_plan(sheet: SheetImport, plan: ReadingPlan) -> None:
    print(f"{sheet.path.name}, sheet {sheet.sheet}: {_counts(plan)}")
    for outcome in Outcome:
        items = plan.of(outcome)
        if items:
            print(f"{outcome.value} ({len(items)}):")
            for line in describe(items):
                print(f"  {line}")


def _bad_input(message: str) -> int:
    print(f"boardapp: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


COMMANDS = {"template": run_template, "import-readings": run_import_readings}
