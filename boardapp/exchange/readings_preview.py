"""A readings workbook checked against a database and planned, ready to show before
anything is written (the window's import preview), and then applied in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from boardapp.domain.permissions import Identity, Permission
from boardapp.exchange.readings_import import SheetImport, read_readings
from boardapp.exchange.workbook_safety import check_workbook_file, require_defusedxml
from boardapp.store.connection import Database
from boardapp.store.reading_edits import ReadingPlan, apply_readings, indicator_facts, plan_readings


@dataclass(frozen=True)
class ImportPreview:
    path: Path
    sheet: SheetImport
    plan: ReadingPlan | None  # None when the sheet has problems: nothing may be written

    @property
    def ok(self) -> bool:
        return self.sheet.ok and self.plan is not None


def preview_import(database: Database, path: Path) -> ImportPreview:
    """Check the file, then every row against the database; write nothing.

    Raises :class:`~boardapp.exchange.workbook_safety.WorkbookRefused` for a file that
    is not a workbook it will read (hostile, macro-enabled, too large...)."""
    require_defusedxml()
    check_workbook_file(path)
    with database.session() as session:
        sheet = read_readings(path, indicator_facts(session))
        plan = plan_readings(session, sheet.changes) if sheet.ok else None
    return ImportPreview(path, sheet, plan)


def apply_import(database: Database, who: Identity, preview: ImportPreview) -> ReadingPlan:
    """Apply a previewed file in one transaction, planned again inside it (so it matches
    what is written even if a reading changed since the preview). Refused (``NotAllowed``)
    for an identity without ``EDIT_READINGS`` or not established on this copy."""
    who.require(Permission.EDIT_READINGS)
    if not preview.ok:
        raise ValueError("a file with problems is not applied")
    with database.session(who.label) as session:
        return apply_readings(session, who, preview.sheet.changes, source=preview.path.name)
