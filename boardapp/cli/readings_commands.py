"""The readings commands: ``template`` (the workbook to fill in) and ``import-readings``."""

from __future__ import annotations

import getpass
import sys
from argparse import Namespace
from pathlib import Path

from boardapp.cli.database_commands import database_path
from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.domain.permissions import Identity, NotAllowed, Permission
from boardapp.exchange.readings_import import SheetImport, read_readings
from boardapp.exchange.template import template_indicators, write_template
from boardapp.exchange.workbook_safety import WorkbookRefused, check_workbook_file, require_defusedxml
from boardapp.store.connection import open_database
from boardapp.store.reading_edits import (
    Outcome,
    ReadingEditError,
    ReadingPlan,
    actor_for,
    apply_readings,
    describe,
    indicator_facts,
    plan_readings,
)


def run_template(args: Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        return _bad_input(f"{out}: the template is an Excel workbook; name it FILE.xlsx")
    if out.is_dir() or not out.parent.is_dir():
        return _bad_input(f"{out}: {'this is a folder' if out.is_dir() else 'there is no such folder'}")
    with open_database(database_path(args), read_only=True) as database, database.session() as session:
        indicators = template_indicators(session)
    try:
        write_template(out, indicators)
    except OSError as exc:
        return _bad_input(f"{out}: cannot be written ({exc.strerror or exc})")
    print(f"wrote the readings template to {out} ({len(indicators)} indicators)")
    return EXIT_DONE


def run_import_readings(args: Namespace) -> int:
    """Check the whole file against a read-only database; write only if nothing is wrong."""
    path: Path = args.file
    database_file = database_path(args)
    name = args.actor or _user_name()
    try:
        # The file's own faults are found before the database is opened at all.
        require_defusedxml()
        check_workbook_file(path)
        with open_database(database_file, read_only=True) as database, database.session() as session:
            who = actor_for(session, name)
            if isinstance(who, Identity):
                who.require(Permission.EDIT_READINGS)
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
    with open_database(database_file) as database, database.session(name) as session:
        plan = apply_readings(session, who, sheet.changes, source=path.name)
    if not plan.changes_anything:
        print(f"{path.name}: all {len(plan.items)} readings are already in the database; nothing to change")
    else:
        print(f"imported {path.name} (sheet {sheet.sheet}) as {name}: {_counts(plan)}")
    return EXIT_DONE


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "command line"


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
