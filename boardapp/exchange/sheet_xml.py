"""A worksheet's cells read straight from its XML, as openpyxl's read-only parser reads them.

openpyxl's parser (``openpyxl.worksheet._reader.WorkSheetParser``) builds an element
tree for every cell, through defusedxml's pure-Python tree builder, and an object for
every inline string: for a sheet of 54,000 readings that is most of an import's time.
:class:`SheetCells` hands expat's events straight to a few handlers and keeps only what
the importer reads: each row's number and each cell's column, value and style id. The
values are the ones openpyxl gives with ``data_only=True`` (cached results, not
formulas): numbers as int or float, shared and inline strings (rich text joined, as
``Text.content``), booleans, dates by the cell's style, error codes as text;
``tests/exchange/test_sheet_xml.py`` checks each against openpyxl's own parser.

The XML is parsed as defusedxml parses it: an entity declaration or an external
reference raises defusedxml's own exception (``EntitiesForbidden``,
``ExternalReferenceForbidden``) before anything is expanded; XML that is not
well-formed raises ElementTree's ``ParseError``, as openpyxl's parser does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any
from warnings import warn
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

CHUNK_BYTES = 64 * 1024  # how much XML is parsed before the rows it finished are handed on

_NS = SHEET_MAIN_NS + "}"  # expat's name for an element: namespace, "}", local name
_ROW, _CELL, _VALUE = _NS + "row", _NS + "c", _NS + "v"
_INLINE, _RUN, _TEXT = _NS + "is", _NS + "r", _NS + "t"
_DIGITS = "0123456789"

Row = dict[int, tuple[Any, int]]
"""A row's non-empty cells: column number (1 for A) -> (value, style id)."""


class SheetCells:
    """The rows of one worksheet's XML (a binary file), in order, with their non-empty
    cells; rows with none are left out. ``shared_strings``, ``epoch``, ``date_formats``
    and ``timedelta_formats`` are the workbook's, as openpyxl loaded them."""

    def __init__(
        self,
        source: IO[bytes],
        shared_strings: list[Any],
        *,
        epoch: Any,
        date_formats: set[int],
        timedelta_formats: set[int],
    ) -> None:
        self.source = source
        self.shared_strings = shared_strings
        self.epoch = epoch
        self.date_formats = date_formats
        self.timedelta_formats = timedelta_formats
        self.columns: dict[str, int] = {}  # column letters -> number, worked out once
        self.done: list[tuple[int, Row]] = []  # rows finished by the last chunk parsed
        self.depth = 0  # of the element being read
        self.row_number = 0
        self.row: Row = {}
        self.column = 0
        # The cell being read: its depth (0: not in a cell), type, style, and text.
        self.cell_depth = 0
        self.kind = "n"
        self.style = 0
        self.value_text: list[str] | None = None  # the <v> text
        self.inline = False  # an <is> was read
        self.plain: str | None = None  # <is><t>
        self.runs: list[str] = []  # <is><r><t>...
        self.in_run = False
        self.run_text: str | None = None  # the run's <t>
        self.text: list[str] | None = None  # where character data goes, if anywhere

    def __iter__(self) -> Iterator[tuple[int, Row]]:
        parser = expat.ParserCreate(None, "}")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.EntityDeclHandler = _entity_declared  # as defusedxml: no entity is ever declared...
        parser.UnparsedEntityDeclHandler = _unparsed_entity_declared
        parser.ExternalEntityRefHandler = _external_reference  # ...nor anything fetched
        done = self.done
        while True:
            data = self.source.read(CHUNK_BYTES)
            try:
                parser.Parse(data, not data)
            except expat.ExpatError as exc:
                error = ParseError(str(exc))
                error.code, error.position = exc.code, (exc.lineno, exc.offset)  # type: ignore[attr-defined]
                raise error from None
            if done:
                yield from done
                done.clear()
            if not data:
                return

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if name == _CELL:
            self._start_cell(attrs)
        elif self.cell_depth:
            level = self.depth - self.cell_depth
            if level == 1:
                if name == _VALUE:
                    self.value_text = self.text = []
                elif name == _INLINE:
                    self.inline = True
            elif level == 2 and self.inline:
                if name == _TEXT:
                    self.text = []
                elif name == _RUN:
                    self.in_run = True
                    self.run_text = None
            elif level == 3 and self.in_run and name == _TEXT:
                self.text = []
        elif name == _ROW:
            self._start_row(attrs)

    def _start_row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r")
        if number is None:
            self.row_number += 1
        else:
            try:
                self.row_number = int(number)
            except ValueError:
                as_float = float(number)
                if not as_float.is_integer():
                    raise ValueError(f"{number} is not a valid row number") from None
                self.row_number = int(as_float)
        self.row = {}
        self.column = 0

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.cell_depth = self.depth
        self.kind = attrs.get("t", "n")
        style = attrs.get("s")
        self.style = int(style) if style else 0
        coordinate = attrs.get("r")
        if coordinate:
            letters = coordinate.rstrip(_DIGITS)
            column = self.columns.get(letters) if letters != coordinate else None
            if column is None:  # a column not seen yet, or a coordinate to check in full
                column = coordinate_to_tuple(coordinate)[1]
                if letters != coordinate and letters.isalpha():
                    self.columns[letters] = column
            self.column = column
        else:
            self.column += 1
        self.value_text = None
        self.inline = False
        self.plain = None
        self.runs = []
        self.in_run = False

    def _characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def _end(self, name: str) -> None:
        depth, self.depth = self.depth, self.depth - 1
        if not self.cell_depth:
            if name == _ROW and self.row:
                self.done.append((self.row_number, self.row))
                self.row = {}
            return
        level = depth - self.cell_depth
        if level == 0:
            self.cell_depth = 0
            value = self._value()
            if value is not None:
                self.row[self.column] = (value, self.style)
        elif self.text is not None:
            # ElementTree's element text: the character data before the first child.
            text = "".join(self.text)
            self.text = None
            if level == 2 and name == _TEXT:
                self.plain = text  # the last <t>, as openpyxl's Text keeps it
            elif level == 3:
                self.run_text = text  # the run's last <t>
        elif level == 2 and name == _RUN:
            self.in_run = False
            if self.run_text:
                self.runs.append(self.run_text)

    def _value(self) -> Any:
        """The cell's value as ``WorkSheetParser.parse_cell`` gives it with ``data_only``."""
        kind = self.kind
        if kind == "inlineStr":
            if not self.inline:
                return None
            return "".join(([self.plain] if self.plain else []) + [run for run in self.runs if run])
        text = None if self.value_text is None else "".join(self.value_text) or None
        if text is None:
            return None
        if kind == "n":
            value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            style = self.style
            if style in self.date_formats:
                try:
                    return from_excel(value, self.epoch, timedelta=style in self.timedelta_formats)
                except (OverflowError, ValueError):
                    warn(f"Cell in row {self.row_number} is marked as a date but the serial value {value} is "
                         "outside the limits for dates. The cell will be treated as an error.", stacklevel=2)
                    return "#VALUE!"
            return value
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error code)


def _entity_declared(name: str, _parameter: bool, value: str | None, base: str | None, sysid: str | None,
                     pubid: str | None, notation: str | None) -> None:
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _unparsed_entity_declared(name: str, base: str | None, sysid: str | None, pubid: str | None,
                              notation: str | None) -> None:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _external_reference(context: str, base: str | None, sysid: str | None, pubid: str | None) -> None:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)
