"""Reading a month's readings from a workbook, checking every row before anything is written.

:func:`read_readings` finds the sheet whose header row names the columns (``Indicator``,
``Period``, ``Value``, and optionally ``Numerator``, ``Denominator``, ``Status``,
``Source``, ``Commentary``: in any order, case and spacing), reads each row as people
type it (:mod:`boardapp.exchange.reading_cells`), checks it against the indicator's
unit and the database's indicators (:func:`boardapp.store.reading_edits.settle_reading`),
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
from boardapp.exchange.reading_cells import CellError, code_key, read_number, read_period, read_status, read_text
from boardapp.exchange.workbook_safety import DEFAULT_LIMITS, Limits, SheetCell, WorkbookRefused, open_workbook, sheet_rows
from boardapp.store.reading_edits import (
    MAX_COMMENTARY_LENGTH,
    MAX_SOURCE_LENGTH,
    IndicatorFacts,
    ReadingChange,
    settle_reading,
)

HEADINGS = ("Indicator", "Period", "Value", "Numerator", "Denominator", "Status", "Source", "Commentary")
REQUIRED = ("Indicator", "Period", "Value")
READINGS_SHEET = "Readings"
HEADER_SEARCH_ROWS = 10  # the header row is looked for in the first rows of each sheet

_KEYS = {re.sub(r"\s+", "", h.lower()): h for h in HEADINGS}
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

    @property
    def ok(self) -> bool:
        return not self.problems


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
        reader = _RowReader(result, columns, indicators, today)
        for number, cells in sheet_rows(workbook, title, path, limits):
            if number > header_row:
                reader.read(number, cells)
    if not result.rows and not result.problems:
        raise WorkbookRefused(f"{path}, sheet {title}: there are no readings under the header row (row {header_row})")
    return result


def _find_header(workbook: Any, path: Path, limits: Limits) -> tuple[str, int, dict[str, int], list[str]]:
    """The sheet with the header row (``Readings`` first), the row's number, the column
    of each heading, and notes on the columns that will be ignored."""
    titles = [ws.title for ws in workbook.worksheets if isinstance(ws, ReadOnlyWorksheet)]
    titles.sort(key=lambda t: t.strip().lower() != READINGS_SHEET.lower())
    for title in titles:
        for number, cells in sheet_rows(workbook, title, path, limits, max_rows=HEADER_SEARCH_ROWS):
            found = {c.column: _KEYS.get(re.sub(r"\s+", "", str(c.value).lower())) for c in cells}
            headings = [h for h in found.values() if h]
            if "Indicator" in headings and "Period" in headings:
                return title, number, _columns(path, title, number, cells, found), _ignored(cells, found)
    raise WorkbookRefused(
        f"{path}: no sheet has a header row naming the columns {', '.join(REQUIRED)} (looked in the first "
        f"{HEADER_SEARCH_ROWS} rows of {', '.join(titles) or 'no sheets'}); start from `boardapp template`"
    )


def _columns(path: Path, title: str, row: int, cells: list[SheetCell], found: dict[int, str | None]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for cell in cells:
        heading = found[cell.column]
        if heading is None:
            continue
        if heading in columns:
            raise WorkbookRefused(
                f"{path}, sheet {title}, row {row}: columns {get_column_letter(columns[heading])} and "
                f"{get_column_letter(cell.column)} are both headed {heading}; keep one"
            )
        columns[heading] = cell.column
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        raise WorkbookRefused(
            f"{path}, sheet {title}, row {row}: the header row has no {' or '.join(missing)} column "
            f"(expected the columns {', '.join(HEADINGS)})"
        )
    return columns


def _ignored(cells: list[SheetCell], found: dict[int, str | None]) -> list[str]:
    return [
        f"column {get_column_letter(c.column)} ({str(c.value).strip()}) is not a column the importer knows; ignored"
        for c in cells
        if found[c.column] is None
    ]


class _RowReader:
    """Reads one data row at a time into a change, noting every problem in it."""

    def __init__(
        self, result: SheetImport, columns: dict[str, int], indicators: Mapping[str, IndicatorFacts], today: date
    ) -> None:
        self.result = result
        self.columns = columns
        self.today = today
        self.indicators = {code_key(code): facts for code, facts in indicators.items()}
        self.codes = sorted(indicators)
        self.periods: dict[Any, Period | CellError] = {}
        self.first_row: dict[tuple[str, str], int] = {}
        self.wanted = set(columns.values())

    def read(self, number: int, cells: list[SheetCell]) -> None:
        by_column = {
            c.column: c for c in cells if c.column in self.wanted and not (isinstance(c.value, str) and not c.value.strip())
        }
        if not by_column:
            return  # a blank row, or notes beside the table
        problems = len(self.result.problems)
        facts = self._indicator(number, by_column)
        period = self._period(number, by_column)
        unit = facts.unit if facts else None
        value = self._cell(number, by_column, "Value", lambda c: read_number(c.value, c.percent, unit))
        numerator = self._cell(number, by_column, "Numerator", lambda c: read_number(c.value, c.percent, unit, counts=True))
        denominator = self._cell(
            number, by_column, "Denominator", lambda c: read_number(c.value, c.percent, unit, counts=True)
        )
        status = self._cell(number, by_column, "Status", lambda c: read_status(c.value))
        source = self._cell(number, by_column, "Source", lambda c: read_text(c.value, MAX_SOURCE_LENGTH))
        commentary = self._cell(number, by_column, "Commentary", lambda c: read_text(c.value, MAX_COMMENTARY_LENGTH))
        if facts is None or period is None:
            return
        if len(self.result.problems) == problems:
            _, found = settle_reading(facts, period, value, numerator, denominator, self.today)
            for problem in found:
                self._problem(number, _FIELD_HEADING[problem.field], problem.found, problem.expected)
        key = (facts.code, period.code)
        first = self.first_row.setdefault(key, number)
        if first != number:
            self._problem(
                number, "Period", f"{facts.code} {period.code} again", f"each indicator and period once (first on row {first})"
            )
        if len(self.result.problems) == problems:
            self.result.changes.append(
                ReadingChange(facts.code, period, value, numerator, denominator, status, source or "", commentary or "")
            )
            self.result.rows.append(number)

    def _indicator(self, number: int, by_column: dict[int, SheetCell]) -> IndicatorFacts | None:
        cell = by_column.get(self.columns["Indicator"])
        text = "" if cell is None else str(cell.value).strip()[:100]
        if not text:
            self._problem(number, "Indicator", "nothing", "an indicator code, such as " + (self.codes[0] if self.codes else "NI 59"))
            return None
        facts = self.indicators.get(code_key(text))
        if facts is None:
            close = difflib.get_close_matches(text.upper(), self.codes, n=1)
            hint = f" (did you mean {close[0]}?)" if close else " (the Indicators sheet of the template lists them)"
            self._problem(number, "Indicator", f'"{text}"', "an indicator code of this database" + hint)
        return facts

    def _period(self, number: int, by_column: dict[int, SheetCell]) -> Period | None:
        cell = by_column.get(self.columns["Period"])
        raw = None if cell is None else cell.value
        key = (type(raw), raw)
        period = self.periods.get(key)
        if period is None:
            try:
                period = read_period(raw)
            except CellError as exc:
                period = exc
            self.periods[key] = period
        if isinstance(period, CellError):
            self._problem(number, "Period", period.found, period.expected)
            return None
        return period

    def _cell(self, number: int, by_column: dict[int, SheetCell], heading: str, reader: Any) -> Any:
        column = self.columns.get(heading)
        cell = None if column is None else by_column.get(column)
        if cell is None:
            return None
        try:
            return reader(cell)
        except CellError as exc:
            self._problem(number, heading, exc.found, exc.expected)
            return None

    def _problem(self, number: int, heading: str, found: str, expected: str) -> None:
        column = get_column_letter(self.columns[heading])
        result = self.result
        result.problems.append(Problem(result.path.name, result.sheet, number, column, heading, found, expected))

