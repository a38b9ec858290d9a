"""The readings workbook to fill in (``boardapp template``).

Three sheets: ``Readings`` (the header row the importer reads, with drop-down lists of
the indicator codes and the statuses), ``Indicators`` (every indicator of the database
with its unit, decimals and the values it allows) and ``Instructions``. It is written to
a temporary file beside the target and renamed into place, so a failure leaves no half
file. Text from the database is always written as text, never as a formula.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp.domain.terms import ReadingStatus, Unit
from boardapp.exchange.readings_import import HEADINGS
from boardapp.store.models import Indicator
from boardapp.domain.reading_rules import FIRST_YEAR, unit_expectation

TEMPLATE_ROWS = 5_000  # rows of the Readings sheet that carry the drop-down lists
_WIDTHS = {"Indicator": 16, "Period": 12, "Value": 10, "Numerator": 12, "Denominator": 13, "Status": 13,
           "Source": 28, "Commentary": 60}
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")

INSTRUCTIONS = (
    "How to fill in this workbook",
    "",
    "One row per reading on the Readings sheet: the indicator's code (pick it from the list; the "
    "Indicators sheet lists them with their units), the period, and the value.",
    "Period: a month as 2011-08, Aug 2011, August 2011, Aug-11 or any date in that month; or a "
    "period code: 2010-03..2010-10 (a run of months), 2011-Q1, FY2010/11, AY2009/10, 2011. "
    "Ambiguous forms such as 08/11 are refused.",
    "Value: as the indicator's unit says: 80.5 or 80.5% for a percentage (a cell formatted as a "
    "percentage may hold 0.805), 1,063 for a count. Leave it blank to have it computed from the "
    "numerator and denominator.",
    "Numerator and Denominator (optional): the counts behind a rate; the value must agree with them "
    "to the indicator's decimal places.",
    "Status: provisional or validated. Blank: a new reading is provisional; an existing one keeps its status.",
    "Source and Commentary (optional): where the figure comes from, and what it says. Blank keeps "
    "what an existing reading has.",
    "",
    f"Periods from {FIRST_YEAR} to next year are accepted. Each indicator and period may appear once.",
    "Check first with:  boardapp import-readings FILE.xlsx --dry-run",
    "Then import with:  boardapp import-readings FILE.xlsx",
    "Nothing is written if any row has a problem: every problem is listed with its row and column.",
    "Save as an Excel Workbook (.xlsx); macro-enabled and password-protected workbooks are refused.",
)


@dataclass(frozen=True)
class TemplateIndicator:
    code: str
    title: str
    unit: Unit
    decimals: int
    frequency: str


def template_indicators(session: Session) -> list[TemplateIndicator]:
    """Every indicator of the database, by code."""
    query = select(Indicator.code, Indicator.title, Indicator.unit, Indicator.decimals, Indicator.frequency)
    return [
        TemplateIndicator(code, title, Unit(unit), decimals, str(getattr(frequency, "value", frequency)))
        for code, title, unit, decimals, frequency in session.execute(query.order_by(Indicator.code))
    ]


def write_template(path: Path, indicators: Sequence[TemplateIndicator]) -> None:
    """Write the readings workbook to ``path`` (replacing any file there)."""
    workbook = Workbook()
    readings = workbook.active
    assert readings is not None
    readings.title = "Readings"
    _readings_sheet(readings, len(indicators))
    _indicators_sheet(workbook.create_sheet("Indicators"), indicators)
    _instructions_sheet(workbook.create_sheet("Instructions"))
    partial = path.with_name(f".{path.name}.partial")
    try:
        workbook.save(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _text(cell: Cell, value: str) -> None:
    """Put text in a cell as text: a string starting with "=" is not made a formula."""
    cell.value = value
    cell.data_type = "s"


def _header(sheet: Worksheet, headings: Sequence[str], widths: Sequence[int]) -> None:
    for column, (heading, width) in enumerate(zip(headings, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=column)
        _text(cell, heading)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def _readings_sheet(sheet: Worksheet, indicator_count: int) -> None:
    _header(sheet, HEADINGS, [_WIDTHS[h] for h in HEADINGS])
    last = TEMPLATE_ROWS + 1
    codes = DataValidation(
        type="list",
        formula1=f"=Indicators!$A$2:$A${max(indicator_count, 1) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Unknown indicator",
        error="Pick an indicator code from the list (the Indicators sheet).",
    )
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(s.value for s in ReadingStatus) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Unknown status",
        error="The status is provisional or validated.",
    )
    for validation, column in ((codes, "A"), (statuses, "F")):
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}{last}")
    # Periods typed as 2011-08 stay text rather than becoming dates (either is read).
    sheet.column_dimensions["B"].number_format = "@"


def _indicators_sheet(sheet: Worksheet, indicators: Sequence[TemplateIndicator]) -> None:
    headings = ("Code", "Title", "Unit", "Decimals", "Values allowed", "Frequency")
    _header(sheet, headings, (16, 70, 20, 10, 40, 14))
    for row, indicator in enumerate(indicators, start=2):
        _text(sheet.cell(row=row, column=1), indicator.code)
        _text(sheet.cell(row=row, column=2), indicator.title)
        _text(sheet.cell(row=row, column=3), indicator.unit.value.replace("_", " "))
        sheet.cell(row=row, column=4, value=indicator.decimals)
        _text(sheet.cell(row=row, column=5), unit_expectation(indicator.unit))
        _text(sheet.cell(row=row, column=6), indicator.frequency.replace("_", " "))


def _instructions_sheet(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(INSTRUCTIONS, start=1):
        cell = sheet.cell(row=row, column=1)
        _text(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
