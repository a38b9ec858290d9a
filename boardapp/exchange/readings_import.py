"""Reading a month's readings from a workbook, checking every row before anything is written.

:func:`read_readings` finds the sheet whose header row names the columns (``Indicator``,
``Period``, ``Value``, and optionally ``Numerator``, ``Denominator``, ``Status``,
``Source``, ``Commentary``: in any order, case and spacing), reads each row as people
type it (:mod:`boardapp.exchange.reading_cells`), checks it against the indicator's
unit and the database's indicators (:func:`boardapp.domain.reading_rules.settle_reading`),
and returns the changes with *every* problem found, each naming file, sheet, row and
column. The caller writes nothing unless there are none
(:func:`boardapp.store.reading_edits.apply_readings`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from boardapp.domain.periods import Period
from boardapp.domain.terms import ReadingStatus
from boardapp.exchange.reading_cells import CellError, code_key, read_number, read_period, read_status, read_text
from boardapp.exchange.workbook_safety import (
    DEFAULT_LIMITS,
    Cells,
    Limits,
    PercentFormats,
    WorkbookRefused,
    open_workbook,
    sheet_rows,
)
from boardapp.domain.reading_rules import settle_reading
from boardapp.store.reading_edits import (
    MAX_COMMENTARY_LENGTH,
    MAX_SOURCE_LENGTH,
    IndicatorFacts,
    ReadingChange,
)

HEADINGS = ("Indicator", "Period", "Value", "Numerator", "Denominator", "Status", "Source", "Commentary")
REQUIRED = ("Indicator", "Period", "Value")
# Columns `boardapp template` writes for people to read: ignored without a note.
REFERENCE_HEADINGS = ("Unit", "Last period", "Last figure")
# The template's drop-down lists each indicator as "NI 59 - Initial assessments ...": the
# code before the separator is what counts; the title after it is for people.
TITLE_SEPARATOR = " - "
READINGS_SHEET = "Readings"
HEADER_SEARCH_ROWS = 10  # the header row is looked for in the first rows of each sheet

_KEYS = {re.sub(r"\s+", "", h.lower()): h for h in HEADINGS}
_REFERENCE_KEYS = frozenset(re.sub(r"\s+", "", h.lower()) for h in REFERENCE_HEADINGS)
_FIELD_HEADING = {"period": "Period", "value": "Value", "numerator": "Numerator", "denominator": "Denominator"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where, what was found, what was expected."""

    file: str
    sheet: str
    row: int
    column: str  # a letter, "C"
    heading: str
    found: str
    expected: str

    def __str__(self) -> str:
        return (
            f"{self.file}, sheet {self.sheet}, row {self.row}, column {self.column} ({self.heading}): "
            f"found {self.found}; expected {self.expected}"
        )


@dataclass
class SheetImport:
    """What a sheet holds: the changes it asks for (with the row of each), every
    problem, and notes (columns ignored)."""

    path: Path
    sheet: str
    header_row: int
    changes: list[ReadingChange] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # rows naming an indicator or period but giving nothing else (a due row of the
    # template not filled in): skipped, and named in a note
    skipped: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def indicator_entry(code: str, title: str) -> str:
    """An indicator as the template's drop-down lists it, and the importer reads it."""
    return f"{code}{TITLE_SEPARATOR}{title}" if title else code


def read_readings(
    path: Path,
    indicators: Mapping[str, IndicatorFacts],
    *,
    today: date | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> SheetImport:
    """Every reading in the workbook at ``path``, checked; :class:`WorkbookRefused` for
    a file that cannot be read at all (hostile, damaged, no header row, no readings)."""
    today = today or date.today()
    with open_workbook(path, limits) as workbook:
        title, header_row, columns, notes = _find_header(workbook, path, limits)
        result = SheetImport(path, title, header_row, notes=notes)
        reader = _RowReader(result, columns, indicators, today, PercentFormats(workbook))
        for number, cells in sheet_rows(workbook, title, path, limits):
            if number > header_row:
                reader.read(number, cells)
    if result.skipped:
        result.notes.append(_skipped_note(result.skipped))
    if not result.rows and not result.problems:
        if result.skipped:
            count = len(result.skipped)
            raise WorkbookRefused(
                f"{path}, sheet {title}: none of the {count} row{'s' if count != 1 else ''} under the header row "
                f"gives a value ({_row_words(result.skipped)} name an indicator and period only): type the "
                "figures in the Value column (or Numerator and Denominator) and import again"
            )
        raise WorkbookRefused(f"{path}, sheet {title}: there are no readings under the header row (row {header_row})")
    return result


def _skipped_note(rows: list[int]) -> str:
    count = len(rows)
    return (f"{_row_words(rows)}: {'no value' if count == 1 else f'{count} rows with no value'} (an indicator and "
            "period only); skipped")


def _row_words(rows: list[int]) -> str:
    """"row 4", "rows 4 to 9, 12": runs of consecutive rows joined."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    words = [f"{run[0]}" if len(run) == 1 else f"{run[0]} to {run[-1]}" for run in runs]
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(words)


def _find_header(workbook: Any, path: Path, limits: Limits) -> tuple[str, int, dict[str, int], list[str]]:
    """The sheet with the header row (``Readings`` first), the row's number, the column
    of each heading, and notes on the columns that will be ignored."""
    titles = [ws.title for ws in workbook.worksheets if isinstance(ws, ReadOnlyWorksheet)]
    titles.sort(key=lambda t: t.strip().lower() != READINGS_SHEET.lower())
    for title in titles:
        for number, cells in sheet_rows(workbook, title, path, limits, max_rows=HEADER_SEARCH_ROWS):
            found = {column: _KEYS.get(re.sub(r"\s+", "", str(value).lower())) for column, (value, _) in cells.items()}
            headings = [h for h in found.values() if h]
            if "Indicator" in headings and "Period" in headings:
                return title, number, _columns(path, title, number, cells, found), _ignored(cells, found)
    raise WorkbookRefused(
        f"{path}: no sheet has a header row naming the columns {', '.join(REQUIRED)} (looked in the first "
        f"{HEADER_SEARCH_ROWS} rows of {', '.join(titles) or 'no sheets'}); start from `boardapp template`"
    )


def _columns(path: Path, title: str, row: int, cells: Cells, found: dict[int, str | None]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for column in sorted(cells):
        heading = found[column]
        if heading is None:
            continue
        if heading in columns:
            raise WorkbookRefused(
                f"{path}, sheet {title}, row {row}: columns {get_column_letter(columns[heading])} and "
                f"{get_column_letter(column)} are both headed {heading}; keep one"
            )
        columns[heading] = column
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        raise WorkbookRefused(
            f"{path}, sheet {title}, row {row}: the header row has no {' or '.join(missing)} column "
            f"(expected the columns {', '.join(HEADINGS)})"
        )
    return columns


def _ignored(cells: Cells, found: dict[int, str | None]) -> list[str]:
    return [
        f"column {get_column_letter(column)} ({str(cells[column][0]).strip()}) is not a column the importer "
        "knows; ignored"
        for column in sorted(cells)
        if found[column] is None and re.sub(r"\s+", "", str(cells[column][0]).lower()) not in _REFERENCE_KEYS
    ]


class _RowReader:
    """Reads one data row at a time into a change, noting every problem in it."""

    def __init__(
        self,
        result: SheetImport,
        columns: dict[str, int],
        indicators: Mapping[str, IndicatorFacts],
        today: date,
        formats: PercentFormats,
    ) -> None:
        self.result = result
        self.columns = columns
        self.today = today
        self.formats = formats
        self.indicators = {code_key(code): facts for code, facts in indicators.items()}
        self.codes = sorted(indicators)
        # What each distinct cell value read as: a sheet repeats its codes, periods, statuses.
        self.seen_codes: dict[Any, Any] = {}
        self.periods: dict[Any, tuple[Period, str] | CellError] = {}
        self.statuses: dict[Any, Any] = {}
        self.first_row: dict[tuple[str, str], int] = {}
        # (heading, column) of each optional column the sheet has
        self.optional = [(h, columns.get(h)) for h in HEADINGS[2:]]

    def read(self, number: int, cells: Cells) -> None:
        columns = self.columns
        raw = {h: None if c is None else cells.get(c) for h, c in self.optional}
        indicator_cell, period_cell = cells.get(columns["Indicator"]), cells.get(columns["Period"])
        if _blank(raw["Value"]) and all(_blank(cell) for cell in raw.values()):  # the value first: the usual case
            if not (_blank(indicator_cell) and _blank(period_cell)):
                self.result.skipped.append(number)  # a due row of the template, not filled in
            return  # a blank row, or notes beside the table
        problems = len(self.result.problems)
        facts = self._indicator(number, indicator_cell)
        period, code = self._period(number, period_cell)
        unit = facts.unit if facts else None
        value = self._number(number, raw["Value"], "Value", unit, counts=False)
        numerator = self._number(number, raw["Numerator"], "Numerator", unit, counts=True)
        denominator = self._number(number, raw["Denominator"], "Denominator", unit, counts=True)
        status = self._status(number, raw["Status"])
        source = self._text(number, raw["Source"], "Source", MAX_SOURCE_LENGTH)
        commentary = self._text(number, raw["Commentary"], "Commentary", MAX_COMMENTARY_LENGTH)
        if facts is None or period is None:
            return
        if len(self.result.problems) == problems:
            _, found = settle_reading(facts, period, value, numerator, denominator, self.today)
            for problem in found:
                self._problem(number, _FIELD_HEADING[problem.field], problem.found, problem.expected)
        first = self.first_row.setdefault((facts.code, code), number)
        if first != number:
            self._problem(
                number, "Period", f"{facts.code} {code} again", f"each indicator and period once (first on row {first})"
            )
        if len(self.result.problems) == problems:
            self.result.changes.append(
                ReadingChange(facts.code, period, value, numerator, denominator, status, source, commentary)
            )
            self.result.rows.append(number)

    def _indicator(self, number: int, cell: tuple[Any, int] | None) -> IndicatorFacts | None:
        raw = None if cell is None else cell[0]
        known = self.seen_codes.get(raw, _MISSING)
        if known is _MISSING:
            text = "" if raw is None else str(raw).strip()[:400]
            known = self.seen_codes[raw] = self._code(text) if text else None
        if known is not None:
            return known
        text = "" if raw is None else str(raw).strip()[:100]
        if not text:
            self._problem(number, "Indicator", "nothing", "an indicator code, such as " + (self.codes[0] if self.codes else "NI 59"))
            return None
        close = difflib.get_close_matches(text.upper(), self.codes, n=1)
        hint = f" (did you mean {close[0]}?)" if close else " (the Indicators sheet of the template lists them)"
        self._problem(number, "Indicator", f'"{text}"', "an indicator code of this database" + hint)
        return None

    def _code(self, text: str) -> IndicatorFacts | None:
        """The indicator a cell names: its code, or its drop-down entry "CODE - title"."""
        known = self.indicators.get(code_key(text))
        if known is None and TITLE_SEPARATOR in text:
            known = self.indicators.get(code_key(text.split(TITLE_SEPARATOR, 1)[0]))
        return known

    def _period(self, number: int, cell: tuple[Any, int] | None) -> tuple[Period | None, str]:
        raw = None if cell is None else cell[0]
        key = (type(raw), raw)
        known = self.periods.get(key)
        if known is None:
            try:
                period = read_period(raw)
                known = (period, period.code)
            except CellError as exc:
                known = exc
            self.periods[key] = known
        if isinstance(known, CellError):
            self._problem(number, "Period", known.found, known.expected)
            return None, ""
        return known

    def _status(self, number: int, cell: tuple[Any, int] | None) -> ReadingStatus | None:
        if cell is None:
            return None
        known = self.statuses.get(cell[0], _MISSING)
        if known is _MISSING:
            try:
                known = read_status(cell[0])
            except CellError as exc:
                known = exc
            self.statuses[cell[0]] = known
        if isinstance(known, CellError):
            self._problem(number, "Status", known.found, known.expected)
            return None
        return known  # type: ignore[return-value]

    def _text(self, number: int, cell: tuple[Any, int] | None, heading: str, limit: int) -> str:
        if cell is None:
            return ""
        try:
            return read_text(cell[0], limit)
        except CellError as exc:
            self._problem(number, heading, exc.found, exc.expected)
            return ""

    def _number(self, number: int, cell: tuple[Any, int] | None, heading: str, unit: Any, *, counts: bool) -> float | None:
        if cell is None:
            return None
        value, style = cell
        if not style:  # the usual case: a plain number
            if type(value) is float:
                return value
            if type(value) is int:  # a whole number: read_number's float, without its checks
                return float(value)
        try:
            return read_number(value, self.formats.percent(style), unit, counts=counts)
        except CellError as exc:
            self._problem(number, heading, exc.found, exc.expected)
            return None

    def _problem(self, number: int, heading: str, found: str, expected: str) -> None:
        column = get_column_letter(self.columns[heading])
        result = self.result
        result.problems.append(Problem(result.path.name, result.sheet, number, column, heading, found, expected))


_MISSING = object()


def _blank(cell: tuple[Any, int] | None) -> bool:
    return cell is None or (isinstance(cell[0], str) and not cell[0].strip())
