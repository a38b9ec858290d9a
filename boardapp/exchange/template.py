"""The readings workbook to fill in (``boardapp template``).

It opens on what is due. Three sheets, each with its title in A1 and a line in A2
saying what it holds:

- ``Instructions`` (first): what to do, what each column takes, how periods are
  written, what is listed as due and what happens on import (template_words.py);
- ``Readings``: a defined table (header on row 3, where the importer finds it) with
  one row per indicator and period due since the indicator's last reading
  (boardapp.store.due_readings): the indicator as the drop-down lists it ("NI 59 -
  Initial assessments ..."), the period as the importer reads it, and, for reference
  only, the unit, the last figure and its period. Value and the columns after it are
  left empty for the figures: the last figure sits in a column the importer never
  reads, so an untouched row imports nothing (it is skipped, with a note);
- ``Indicators``: every indicator with its unit, the values it allows, frequency, last
  figure, how many periods are due, and the drop-down entry the Indicator list shows.

A4 landscape, one page wide, the header row repeated on every printed page, borders
from the table style and gridlines printed; no merged cells. The workbook's author is
the board, its title says what it is, its language is en-GB. It is written to a
temporary file beside the target and renamed into place, so a failure leaves any
existing file as it was. Text from the database is always written as text.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from boardapp import __version__
from boardapp.domain.periods import Period
from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.reading_rules import unit_expectation
from boardapp.domain.terms import ReadingStatus, Unit
from boardapp.exchange.pack.cells import FORMULA_STARTS, clean_text, text_lines
from boardapp.exchange.readings_import import HEADINGS, indicator_entry
from boardapp.exchange.template_words import (
    HEADING,
    DueCounts,
    day_words,
    indicators_line,
    instructions,
    readings_line,
)
from boardapp.store import dataset_info
from boardapp.store.due_readings import DueIndicator, due_readings

TEMPLATE_ROWS = 5_000  # rows under the header that carry the drop-down lists
HEADER_ROW = 3  # title on row 1, what the sheet holds on row 2
NONE_YET = "none yet"

# The Readings table: (heading, width, wrapped). Value to Commentary are the importer's
# optional columns; Unit, Last figure and Last period are for reference and never read.
READINGS_COLUMNS = (
    ("Indicator", 33, True), ("Period", 10, False), ("Unit", 10, True), ("Last period", 11, True),
    ("Last figure", 9, True), ("Value", 10, False), ("Numerator", 11, False), ("Denominator", 13, False),
    ("Status", 11, False), ("Source", 13, True), ("Commentary", 20, True),
)
INDICATORS_COLUMNS = (
    ("Code", 12, True), ("Title", 34, True), ("Unit", 10, True), ("Values allowed", 18, True),
    ("Decimals", 9, False), ("Frequency", 10, True), ("Last period", 11, True), ("Last figure", 9, True),
    ("Periods due", 8, True), ("Drop-down entry", 30, True),
)
_INPUT = ("Value", "Numerator", "Denominator", "Status", "Source", "Commentary")
_POINTS_PER_LINE = 15.0
_CHARACTERS_PER_WIDTH = 1.2

# Each sheet's title is Excel's own Heading 1 (built-in style 16) and the Instructions'
# sections Heading 2 (17), so that screen readers and accessibility checkers find them
# (as the meeting pack does).
TITLE_STYLE, SECTION_STYLE = "Heading 1", "Heading 2"
_STYLES = (
    NamedStyle(TITLE_STYLE, font=Font(name="Calibri", size=16, bold=True, color="1F3864"), builtinId=16),
    NamedStyle(SECTION_STYLE, font=Font(name="Calibri", size=12, bold=True, color="1F3864"),
               alignment=Alignment(vertical="bottom"), builtinId=17),
)
_BOLD = Font(name="Calibri", size=11, bold=True)
_INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")  # the cells to fill in (their headings say so too)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


@dataclass(frozen=True)
class TemplateContent:
    board: str  # the board's name: the workbook's author
    synthetic: bool
    as_at: date
    meeting: str | None  # the meeting's label when the template is as at one
    indicators: tuple[DueIndicator, ...]  # every indicator, in code order

    @property
    def due(self) -> list[tuple[DueIndicator, Period]]:
        return [(indicator, period) for indicator in self.indicators for period in indicator.periods]

    def counts(self) -> DueCounts:
        listed = [i for i in self.indicators if i.periods]
        late = [i for i in self.indicators if i.due.earlier]
        return DueCounts(
            readings=sum(len(i.periods) for i in listed),
            indicators=len(listed),
            earlier=sum(i.due.earlier for i in late),
            earlier_indicators=len(late),
            never_read=sum(1 for i in listed if i.last is None),
        )


def template_content(session: Session, who: Identity, as_at: date, meeting: str | None = None) -> TemplateContent:
    """What the template lists as due as at the end of ``as_at``. Refused (``NotAllowed``)
    for an identity not established on this copy. It lists indicators and their readings
    only, never a requirement, action or note, so nothing in it is exempt, whoever asks."""
    who.require(Permission.EXPORT)
    about = dataset_info.read(session)
    return TemplateContent(about.board_label, about.is_synthetic, as_at, meeting, tuple(due_readings(session, as_at)))


def write_template(path: Path, content: TemplateContent, *, written: date | None = None) -> None:
    """Write the readings workbook to ``path`` (replacing any file there, only once the
    new one is complete)."""
    written = written or date.today()
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Instructions"
    for style in _STYLES:
        workbook.add_named_style(style)
    counts = content.counts()
    _instructions_sheet(first, content, counts, written)
    _readings_sheet(workbook.create_sheet("Readings"), content, counts)
    _indicators_sheet(workbook.create_sheet("Indicators"), content)
    workbook.active = 0
    properties = workbook.properties
    properties.creator = content.board
    properties.lastModifiedBy = content.board
    properties.title = f"Readings to fill in, as at {day_words(content.as_at)}" + (
        f" ({content.meeting})" if content.meeting else "")
    properties.subject = f"{content.board}: readings due"
    properties.language = "en-GB"
    properties.keywords = "SYNTHETIC" if content.synthetic else ""
    partial = path.with_name(f".{path.name}.partial")
    try:
        workbook.save(partial)
        os.replace(partial, path)
    finally:
        if partial.is_file():  # left by a failed save; never anything else of that name
            partial.unlink()


# --- cells ---------------------------------------------------------------------------


def _text(ws: Worksheet, row: int, column: int, value: str, style: str | None = None) -> Cell:
    """A text cell that stays text: "=..." is never a formula (and keeps a quote prefix
    so it survives an edit in Excel). ``style``: a named style, set before the prefix."""
    cell = ws.cell(row=row, column=column)
    if style is not None:
        cell.style = style
    text = clean_text(value)
    cell._value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _number(ws: Worksheet, row: int, column: int, value: float | None, decimals: int) -> Cell:
    cell = ws.cell(row=row, column=column, value=value)
    # The figure padded on the right, so that it never runs into the text beside it.
    shown = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    cell.number_format = f"{shown}_);-{shown}_)"
    cell.alignment = _TOP
    return cell


def _title(ws: Worksheet, title: str, line: str) -> None:
    """The sheet's title in A1 and what it holds in A2: short lines in column A, not
    merged, running on over the empty cells beside them."""
    _text(ws, 1, 1, title, TITLE_STYLE)
    ws.row_dimensions[1].height = 24
    _text(ws, 2, 1, line).alignment = _TOP
    ws.row_dimensions[2].height = 18


def _table(ws: Worksheet, name: str, columns: Sequence[tuple[str, int, bool]], rows: int) -> None:
    """Headings on the header row, widths, and a defined table over them and ``rows``
    data rows (at least one: a table has a row under its header)."""
    for column, (heading, width, _wrapped) in enumerate(columns, start=1):
        cell = _text(ws, HEADER_ROW, column, heading)
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[HEADER_ROW].height = 2 * _POINTS_PER_LINE
    last = f"{get_column_letter(len(columns))}{HEADER_ROW + max(rows, 1)}"
    table = Table(displayName=name, ref=f"A{HEADER_ROW}:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight15", showRowStripes=False)
    ws.add_table(table)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"


def _widen(ws: Worksheet, column: int, texts: Sequence[str]) -> None:
    """Make a column of codes that cannot wrap (2010-11..2011-01) as wide as its longest."""
    dimension = ws.column_dimensions[get_column_letter(column)]
    dimension.width = max(dimension.width or 0, max((len(t) for t in texts), default=0) + 2)


def _fit_height(ws: Worksheet, row: int, texts: Sequence[tuple[str, int]]) -> None:
    """The row's height for its wrapped texts, each (text, column width)."""
    lines = max((text_lines(text, max(1, int(width * _CHARACTERS_PER_WIDTH))) for text, width in texts), default=1)
    ws.row_dimensions[row].height = max(1, lines) * _POINTS_PER_LINE


def _page_setup(ws: Worksheet, content: TemplateContent, *, table: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.35
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    if table:  # the table's cells printed with their grid; the header row on every page
        ws.print_options.gridLines = True
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddHeader.left.text = clean_text(content.board).replace("&", "&&")
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = f"Readings to fill in, as at {day_words(content.as_at)}"
    ws.oddHeader.right.size = 9
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.left.size = 9
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 9


# --- sheets --------------------------------------------------------------------------


def _instructions_sheet(ws: Worksheet, content: TemplateContent, counts: DueCounts, written: date) -> None:
    width = 110
    ws.column_dimensions["A"].width = width
    about = f"Written by Board App {__version__} on {day_words(written)}" + (
        "; the data are SYNTHETIC, made up for testing." if content.synthetic else ".")
    lines = instructions(content.board, content.as_at, content.meeting, counts, about)
    for row, (kind, line) in enumerate(lines, start=1):
        cell = _text(ws, row, 1, line, {"title": TITLE_STYLE, HEADING: SECTION_STYLE}.get(kind))
        if kind == "title":
            ws.row_dimensions[row].height = 24
        elif kind == HEADING:
            ws.row_dimensions[row].height = 30  # space above a section, without a blank row
        else:
            cell.alignment = _WRAP
            _fit_height(ws, row, [(line, width)])
    _page_setup(ws, content, table=False)


def _readings_sheet(ws: Worksheet, content: TemplateContent, counts: DueCounts) -> None:
    _title(ws, f"Readings due as at {day_words(content.as_at)}", readings_line(counts))
    due = content.due
    _table(ws, "ReadingsDue", READINGS_COLUMNS, len(due))
    column = {heading: number for number, (heading, _w, _x) in enumerate(READINGS_COLUMNS, start=1)}
    widths = {heading: width for heading, width, _x in READINGS_COLUMNS}
    for row, (indicator, period) in enumerate(due, start=HEADER_ROW + 1):
        entry = indicator_entry(indicator.code, indicator.title)
        _text(ws, row, column["Indicator"], entry).alignment = _WRAP
        _text(ws, row, column["Period"], period.code).alignment = _TOP
        unit = _unit_words(indicator.unit)
        _text(ws, row, column["Unit"], unit).alignment = _WRAP
        last = _last(ws, row, column["Last figure"], column["Last period"], indicator)
        _fit_height(ws, row, [(entry, widths["Indicator"]), (unit, widths["Unit"]), (last, widths["Last period"])])
    for heading in _INPUT:
        letter = get_column_letter(column[heading])
        for row in range(HEADER_ROW + 1, HEADER_ROW + max(len(due), 1) + 1):
            cell = ws[f"{letter}{row}"]
            cell.fill = _INPUT_FILL
            cell.alignment = _WRAP if heading in ("Source", "Commentary") else _TOP
    _widen(ws, column["Period"], [period.code for _i, period in due])
    # Periods typed as 2011-08 stay text rather than becoming dates (either is read).
    period_letter = get_column_letter(column["Period"])
    ws.column_dimensions[period_letter].number_format = "@"
    _drop_downs(ws, column, len(content.indicators))
    _page_setup(ws, content)


def _last(ws: Worksheet, row: int, figure_column: int, period_column: int, indicator: DueIndicator) -> str:
    """The last reading's figure and period (or "none yet"); the period as written."""
    last = indicator.last
    if last is None:
        _text(ws, row, period_column, NONE_YET).alignment = _TOP
        return NONE_YET
    _number(ws, row, figure_column, last.value, indicator.decimals)
    # A run of months breaks after its ".." to fit the narrow column (it is not imported).
    period = last.period.code.replace("..", "..\n")
    _text(ws, row, period_column, period).alignment = _WRAP
    return period


def _drop_downs(ws: Worksheet, column: dict[str, int], indicator_count: int) -> None:
    first, last = HEADER_ROW + 1, HEADER_ROW + TEMPLATE_ROWS
    entry = get_column_letter(len(INDICATORS_COLUMNS))
    codes = DataValidation(
        type="list",
        formula1=f"=Indicators!${entry}${HEADER_ROW + 1}:${entry}${HEADER_ROW + max(indicator_count, 1)}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Not in the list",
        error="Pick an indicator from the list (code and title). A code alone, such as NI 59, is read too.",
        showInputMessage=True,
        promptTitle="Indicator",
        prompt="Pick from the list: each code with its title.",
    )
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(s.value for s in ReadingStatus) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Unknown status",
        error="The status is provisional or validated (or blank).",
    )
    for validation, heading in ((codes, "Indicator"), (statuses, "Status")):
        letter = get_column_letter(column[heading])
        ws.add_data_validation(validation)
        validation.add(f"{letter}{first}:{letter}{last}")


def _indicators_sheet(ws: Worksheet, content: TemplateContent) -> None:
    _title(ws, "Indicators", indicators_line(content.as_at))
    _table(ws, "IndicatorList", INDICATORS_COLUMNS, len(content.indicators))
    widths = [width for _h, width, _w in INDICATORS_COLUMNS]
    for row, indicator in enumerate(content.indicators, start=HEADER_ROW + 1):
        entry = indicator_entry(indicator.code, indicator.title)
        texts = (indicator.code, indicator.title, _unit_words(indicator.unit), unit_expectation(indicator.unit))
        for column, text in enumerate(texts, start=1):
            _text(ws, row, column, text).alignment = _WRAP
        _number(ws, row, 5, indicator.decimals, 0)
        _text(ws, row, 6, indicator.frequency.value.replace("_", " ")).alignment = _WRAP
        last = _last(ws, row, 8, 7, indicator)
        _number(ws, row, 9, len(indicator.periods) + indicator.due.earlier, 0)
        _text(ws, row, 10, entry).alignment = _WRAP
        _fit_height(ws, row, [(text, widths[i]) for i, text in enumerate(texts)] + [(last, widths[6]),
                                                                                     (entry, widths[9])])
    _page_setup(ws, content)


def _unit_words(unit: Unit) -> str:
    return "rate per 100,000" if unit is Unit.RATE_PER_100K else unit.value.replace("_", " ")


__all__ = ["HEADINGS", "TemplateContent", "template_content", "write_template"]
