"""Opening a workbook someone sent us without letting it do harm.

Before openpyxl reads a byte of XML, :func:`check_workbook_file` looks at the file and
its zip directory: it refuses what is not an .xlsx package (an empty file, text, an
old .xls or a password-protected workbook, which are OLE files), a damaged or
truncated zip, a macro-enabled workbook, and anything over :class:`Limits` (file size,
parts, unpacked sizes, compression ratio: a zip bomb is refused from its directory,
and Python's zipfile never unpacks more than the directory declares). The XML itself is
parsed by defusedxml, which refuses entity declarations ("billion laughs", external
entities): :func:`require_defusedxml` checks that openpyxl really uses it.

:func:`open_workbook` then opens it read-only, and :func:`sheet_rows` streams a
sheet's rows with each cell's value and number format, within the row and cell limits.
Everything refused is a :class:`WorkbookRefused` whose message names the file and says
what to do.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
import openpyxl.xml
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.workbook.workbook import Workbook

# The sheet's cells as openpyxl's streaming parser reads them, each with its style (a
# percentage format changes what 0.805 means), in a fraction of its time.
from boardapp.exchange.sheet_xml import SheetCells

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
MiB = 1024 * 1024
_PROLOG_BYTES = 64 * 1024  # how much of each XML part is searched for a document type
# Quoted text and escaped characters of a number format: a "%" there is shown, not applied.
_UNQUOTED = re.compile(r'"[^"]*"|\\.')


@dataclass(frozen=True)
class Limits:
    """How big a workbook the importer reads (see docs/readings-import.md)."""

    file_bytes: int = 50 * MiB  # the .xlsx file on disk
    parts: int = 1_000  # files inside the zip package
    unpacked_bytes: int = 300 * MiB  # all parts unpacked, as the zip directory declares
    part_bytes: int = 200 * MiB  # any one part unpacked
    ratio: int = 100  # unpacked / packed size of any part over ratio_floor_bytes
    ratio_floor_bytes: int = 1 * MiB
    rows: int = 200_000  # rows of the sheet read
    cells: int = 4_000_000  # non-empty cells of the sheet read


DEFAULT_LIMITS = Limits()


class WorkbookRefused(Exception):
    """A file the importer will not read; ``str()`` names it and says why."""


def require_defusedxml() -> None:
    """Refuse to read any workbook unless openpyxl parses its XML with defusedxml."""
    if not openpyxl.xml.DEFUSEDXML:
        raise WorkbookRefused(
            "workbooks are not read on this installation: the defusedxml package is missing "
            "(or OPENPYXL_DEFUSEDXML is set to False), and without it a workbook's XML could "
            "expand entities without limit; install Board App's dependencies again"
        )


def check_workbook_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse, from the file's header and zip directory alone, a file that is not a
    plain .xlsx workbook within ``limits``."""
    if not path.exists():
        raise WorkbookRefused(f"{path}: there is no such file")
    if not path.is_file():
        raise WorkbookRefused(f"{path}: this is a folder, not a workbook")
    size = path.stat().st_size
    if size == 0:
        raise WorkbookRefused(f"{path}: the file is empty, not a workbook")
    if size > limits.file_bytes:
        raise WorkbookRefused(
            f"{path}: the file is {size / MiB:,.1f} MiB; the importer reads workbooks of at most "
            f"{limits.file_bytes / MiB:,.0f} MiB (split the readings over several files)"
        )
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise WorkbookRefused(
            f"{path}: a macro-enabled workbook ({path.suffix}) is refused; save it as an "
            "Excel Workbook (.xlsx) without macros"
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        raise WorkbookRefused(_ole_message(path))
    if not head.startswith(ZIP_MAGIC):
        kind = "it looks like text (a CSV file?)" if _looks_like_text(head) else "the file is not a zip package"
        raise WorkbookRefused(
            f"{path}: not an Excel workbook (.xlsx): {kind}; open it in Excel or LibreOffice "
            "and save it as an Excel Workbook (.xlsx)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_parts(path, parts, limits)
            _refuse_document_types(path, archive, parts)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise WorkbookRefused(f"{path}: the workbook is damaged or truncated ({exc})") from exc


def _ole_message(path: Path) -> str:
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return (
            f"{path}: the workbook is password-protected (encrypted), so it cannot be read; "
            "remove the password in Excel (File > Info > Protect Workbook) and save it again"
        )
    return (
        f"{path}: an Excel 97-2003 workbook (.xls) or another OLE file, not an .xlsx workbook; "
        "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
    )


def _looks_like_text(head: bytes) -> bool:
    return all(32 <= b < 127 or b in b"\t\r\n" for b in head) or head.startswith(b"\xef\xbb\xbf")


def _check_parts(path: Path, parts: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(parts) > limits.parts:
        raise WorkbookRefused(
            f"{path}: the package holds {len(parts):,} parts; a workbook of at most {limits.parts:,} is read"
        )
    names = {part.filename.lower() for part in parts}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise WorkbookRefused(
            f"{path}: the workbook contains macros (xl/vbaProject.bin) and is refused; save it as an "
            "Excel Workbook (.xlsx) without macros"
        )
    if "xl/workbook.xml" not in names:
        raise WorkbookRefused(
            f"{path}: a zip file, but not an Excel workbook (it has no xl/workbook.xml); an OpenDocument "
            "spreadsheet (.ods) must be saved as an Excel Workbook (.xlsx) first"
        )
    if any(part.flag_bits & 0x1 for part in parts):
        raise WorkbookRefused(f"{path}: parts of the package are encrypted; save the workbook again without a password")
    total = sum(part.file_size for part in parts)
    if total > limits.unpacked_bytes:
        raise WorkbookRefused(
            f"{path}: unpacked, the workbook would take {total / MiB:,.0f} MiB; at most "
            f"{limits.unpacked_bytes / MiB:,.0f} MiB is read (a zip bomb, or far more data than readings need)"
        )
    for part in parts:
        if part.file_size > limits.part_bytes:
            raise WorkbookRefused(
                f"{path}: the part {part.filename} would unpack to {part.file_size / MiB:,.0f} MiB; "
                f"at most {limits.part_bytes / MiB:,.0f} MiB is read for any one part"
            )
        if part.file_size > limits.ratio_floor_bytes and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise WorkbookRefused(
                f"{path}: the part {part.filename} would unpack {part.file_size // max(part.compress_size, 1):,} "
                f"times larger than it is packed (at most {limits.ratio}:1 is read): a zip bomb is refused"
            )


def _refuse_document_types(path: Path, archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    """Refuse XML parts that declare a document type (where entities are declared).

    Excel and LibreOffice never write one. defusedxml refuses entities wherever
    openpyxl parses with it; this check also covers parts openpyxl parses with lxml
    (which leaves entities unexpanded) and says plainly what is wrong.
    """
    for part in parts:
        if not part.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(part) as handle:
            head = handle.read(_PROLOG_BYTES)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise WorkbookRefused(
                f"{path}: the part {part.filename} declares a document type with entities, which a workbook "
                "from Excel or LibreOffice never does (an 'entity expansion' attack); refused"
            )


@contextmanager
def open_workbook(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Workbook]:
    """The workbook at ``path``, checked and opened read-only (cached formula results,
    not formulas); closed when the block ends."""
    require_defusedxml()
    check_workbook_file(path, limits)
    handle = path.open("rb")
    try:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # any failure to read the package is the file's fault
            raise refusal(path, exc) from exc
        try:
            yield workbook
        finally:
            workbook.close()
    finally:
        handle.close()


def refusal(path: Path, exc: BaseException) -> WorkbookRefused:
    """What to tell the person when reading the workbook's parts failed with ``exc``."""
    if isinstance(exc, WorkbookRefused):
        return exc
    cause = exc.__cause__ or exc.__context__
    if cause is not None and type(exc) in (ValueError, TypeError):  # openpyxl wraps what its parser raised
        exc = cause
    if type(exc).__module__.startswith("defusedxml"):
        return WorkbookRefused(
            f"{path}: the workbook's XML declares entities ({type(exc).__name__}), which a workbook "
            "from Excel or LibreOffice never does (an 'entity expansion' attack); refused"
        )
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return WorkbookRefused(f"{path}: the workbook is damaged or truncated ({exc})")
    if isinstance(exc, ParseError):
        return WorkbookRefused(f"{path}: the workbook is damaged: a part is not well-formed XML ({exc})")
    if isinstance(exc, KeyError):
        return WorkbookRefused(f"{path}: the workbook is damaged: a part it names is missing ({exc})")
    return WorkbookRefused(f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})")


Cells = dict[int, tuple[Any, int]]
"""A row's non-empty cells: column number (1 for A) -> (value, style id)."""


def sheet_rows(
    workbook: Workbook, title: str, path: Path, limits: Limits = DEFAULT_LIMITS, *, max_rows: int | None = None
) -> Iterator[tuple[int, Cells]]:
    """(row number, non-empty cells) of one sheet, in order, skipping empty rows;
    refused past the limits. ``max_rows``: stop after the rows numbered up to that
    (for finding a header). Values are as openpyxl reads them (dates as datetimes);
    :class:`PercentFormats` tells which style ids show percentages."""
    sheet = workbook[title]
    rows = cells = 0
    try:
        with sheet._get_source() as source:
            parsed = SheetCells(
                source,
                sheet._shared_strings,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, row in parsed:
                if max_rows is not None and number > max_rows:
                    return
                if not row:
                    continue
                rows += 1
                cells += len(row)
                if rows > limits.rows or cells > limits.cells:
                    raise WorkbookRefused(
                        f"{path}: the sheet {title!r} has more than {limits.rows:,} rows or {limits.cells:,} "
                        "filled cells; the importer reads no more (split the readings over several files)"
                    )
                yield number, row
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ParseError, KeyError, ValueError, TypeError) as exc:
        raise refusal(path, exc) from exc


class PercentFormats:
    """Whether a cell style's number format is a percentage, worked out once per style."""

    def __init__(self, workbook: Workbook) -> None:
        self._styles = workbook._cell_styles
        self._custom = workbook._number_formats
        self._known: dict[int, bool] = {}

    def percent(self, style_id: int) -> bool:
        known = self._known.get(style_id)
        if known is None:
            known = self._known[style_id] = "%" in _UNQUOTED.sub("", self._format(style_id))
        return known

    def _format(self, style_id: int) -> str:
        if not style_id or style_id >= len(self._styles):
            return "General"
        number_format = self._styles[style_id].numFmtId
        if number_format < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(number_format, "General")
        index = number_format - BUILTIN_FORMATS_MAX_SIZE
        return self._custom[index] if index < len(self._custom) else "General"
