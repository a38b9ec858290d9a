"""Writing cells safely: text from people stays text, numbers stay numbers.

OWASP ASVS 1.2.10 (formula injection): a note that reads ``=HYPERLINK(...)`` must not
become a formula. openpyxl turns any string starting with "=" into a formula cell and
strings such as "#N/A" into error cells, so every text cell here has its data type set
to string explicitly (written as ``t="inlineStr"``, never ``<f>``), and one that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return also carries the quote
prefix, so the text survives a person editing the cell in Excel. Characters XML cannot
carry are dropped, and text longer than a cell holds is cut with an ellipsis.

:class:`SheetWriter` appends whole rows (``ws.append``) and counts them itself: it
never asks the sheet for ``max_row``, which rescans every cell (STYLE.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from boardapp.exchange.pack.styles import PackStyles

MAX_CELL_TEXT = 32_767
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROW_POINTS = 409  # Excel's tallest row

# Wrapped styles: (points per line, characters per unit of column width). Neither Excel
# nor LibreOffice reliably sizes a row to its wrapped text when opening a file, so rows
# with wrapped text get a height worked out from the text and the column's width.
WRAPPED = {
    "Pack wrapped": (13.0, 1.3),
    "Pack heading": (13.0, 1.0),
    "Pack value": (15.0, 1.0),
    "Pack data wrapped": (15.0, 1.2),
    "Pack data wrap": (15.0, 1.2),
    "Pack warning": (15.0, 0.95),
    "Pack red": (13.0, 1.0),
    "Pack amber": (13.0, 1.0),
    "Pack green": (13.0, 1.0),
}


_ILLEGAL = ILLEGAL_CHARACTERS_RE
_illegal = ILLEGAL_CHARACTERS_RE.search


def clean_text(value: object) -> str:
    """``value`` as text a cell can hold: no XML-illegal characters, at most 32,767 long."""
    text = value if isinstance(value, str) else str(value)
    if _illegal(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def display_width(text: str) -> int:
    """The width of the longest line of ``text``, in characters."""
    if "\n" in text:
        return max(len(line) for line in text.split("\n"))
    return len(text)


def text_lines(text: str, per_line: int) -> int:
    """How many lines ``text`` takes wrapped at ``per_line`` characters (a close guess:
    words are not split, so each line loses a little at its end)."""
    if "\n" not in text:
        size = len(text)
        return 1 if size <= per_line else -(-size * 10 // (per_line * 9))
    lines = 0
    for paragraph in text.split("\n"):
        size = len(paragraph)
        lines += 1 if size <= per_line else -(-size * 10 // (per_line * 9))
    return lines


class SheetWriter:
    """One sheet's rows, written in order, with the widths their contents need."""

    def __init__(self, ws: Worksheet, styles: PackStyles) -> None:
        self.ws = ws
        self.styles = styles
        self.row = 0  # the last row written
        self._widths: dict[int, int] = {}
        self._pending: list[tuple[Cell, str, str]] = []  # wrapped cells made for the next row
        self._wrapped: dict[int, list[tuple[int, str, str]]] = {}  # row -> (column, text, style)

    # --- cells ---------------------------------------------------------------------

    def text(self, value: object, style: str | None = "Pack text") -> Cell | None:
        """A text cell; None (an empty cell) for None or "". ``style`` None: the
        workbook's default look (cheaper to write: long data tables use it)."""
        if value is None or value == "":
            return None
        text = value if isinstance(value, str) else str(value)
        if _illegal(text):
            text = _ILLEGAL.sub("", text)
        if len(text) > MAX_CELL_TEXT:
            text = text[: MAX_CELL_TEXT - 1] + "…"
        if style is None:
            array = self.styles.quoted("Normal") if text.startswith(FORMULA_STARTS) else None
        else:
            array = self.styles.quoted(style) if text.startswith(FORMULA_STARTS) else self.styles.array(style)
        cell = Cell(self.ws, style_array=array)
        # Set directly rather than through ``cell.value``, which would check the text
        # again and turn "=..." into a formula and "#N/A" into an error: it is
        # always a string (t="inlineStr" in the file). openpyxl is pinned below 3.2.
        cell._value = text
        cell.data_type = "s"
        if style in WRAPPED:
            self._pending.append((cell, text, style))
        return cell

    def number(self, value: float | int | None, style: str | None = "Pack text") -> Cell | None:
        """A number cell; None for None and for what Excel cannot hold (NaN, infinity)."""
        if value is None:
            return None
        if type(value) is float:
            if not math.isfinite(value):
                return None
        elif type(value) is not int:
            return self.number(float(value), style)  # Decimal, numpy and the like: as a plain float
        cell = Cell(self.ws, style_array=None if style is None else self.styles.array(style))
        cell._value = value  # a plain int or float: nothing for openpyxl to check
        cell.data_type = "n"
        return cell

    def date(self, value: date | datetime | None, style: str = "Pack date") -> Cell | None:
        """A date cell, shown by ``style``'s number format (every date style has one)."""
        if value is None:
            return None
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise ValueError("write datetimes without a time zone (convert to UTC first)")
        cell = Cell(self.ws, style_array=self.styles.array(style))
        cell._value = value  # as number(): a date needs no checking, and its style shows it as one
        cell.data_type = "d"
        return cell

    # --- rows ----------------------------------------------------------------------

    def append(self, cells: Sequence[Cell | None], *, measure: bool = True) -> int:
        """Write one row; returns its number. ``measure``: count it towards column widths."""
        self.ws.append(cells if isinstance(cells, list) else list(cells))
        self.row += 1
        if self._pending:
            self._wrapped[self.row] = [(cell.column, text, style) for cell, text, style in self._pending
                                       if cell.row == self.row]
            self._pending.clear()
        if measure:
            widths = self._widths
            for column, cell in enumerate(cells, start=1):
                if cell is None:
                    continue
                value = cell.value
                size = display_width(value) if isinstance(value, str) else 12 if isinstance(value, date) else 9
                if size > widths.get(column, 0):
                    widths[column] = size
        return self.row

    def blank(self, count: int = 1) -> None:
        """Leave ``count`` empty rows."""
        for _ in range(count):
            self.ws.append([])
            self.row += 1

    def merge(self, row: int, first_column: int, last_column: int) -> None:
        """Merge one row's cells across columns. Only the first cell holds anything, so
        the range is recorded as it is, without ``ws.merge_cells``'s re-styling of the
        range's borders (several milliseconds a merge: seconds across 300 indicators)."""
        self.ws.merged_cells.add(CellRange(min_col=first_column, min_row=row, max_col=last_column, max_row=row))

    def cell(self, row: int, column: int) -> Cell:
        return self.ws.cell(row=row, column=column)

    # --- layout --------------------------------------------------------------------

    def need_width(self, column: int, characters: int) -> None:
        """Make column ``column`` at least ``characters`` wide when widths are fitted."""
        if characters > self._widths.get(column, 0):
            self._widths[column] = characters

    def fit_widths(self, limits: Sequence[tuple[int, int]]) -> None:
        """Set each column's width to what its longest line needs, within (least, most);
        then the heights of the rows with wrapped text."""
        for column, (least, most) in enumerate(limits, start=1):
            needed = self._widths.get(column, 0) + 2
            self.ws.column_dimensions[get_column_letter(column)].width = max(least, min(most, needed))
        self.fit_heights()

    def fit_heights(self, skip: frozenset[int] = frozenset()) -> None:
        """Give each row with wrapped text the height its longest cell needs at the
        columns' widths (a merged cell counts as its first column: size those yourself
        and name them in ``skip``). Each row's dimension is made with its height, not
        made empty by ``row_dimensions[row]`` and then given one: a large pack sizes
        a hundred thousand rows."""
        ws = self.ws
        dimensions = ws.column_dimensions
        rows = ws.row_dimensions
        per_line: dict[tuple[int, str], tuple[float, int]] = {}  # (column, style) -> (points, characters)
        for row, items in self._wrapped.items():
            if row in skip:
                continue
            height = 0.0
            for column, text, style in items:
                sizing = per_line.get((column, style))
                if sizing is None:
                    width = dimensions[get_column_letter(column)].width or 8.43
                    points, per_width = WRAPPED[style]
                    sizing = per_line[(column, style)] = (points, max(1, int(width * per_width) - 1))
                needed = sizing[0] * text_lines(text, sizing[1])
                if needed > height:
                    height = needed
            if height > 15.5:
                existing = rows.get(row)
                if existing is None:
                    rows[row] = RowDimension(ws, index=row, ht=min(MAX_ROW_POINTS, height + 3))
                else:
                    existing.height = min(MAX_ROW_POINTS, height + 3)
