"""The importer's defences, each on its own: defusedxml in use, entities refused even
past the prolog check, the zip directory's sizes as a hard bound, and the limits."""

from __future__ import annotations

import zipfile

import openpyxl.xml
import pytest

from boardapp.exchange import workbook_safety
from boardapp.exchange.workbook_safety import (
    Limits,
    PercentFormats,
    WorkbookRefused,
    check_workbook_file,
    open_workbook,
    require_defusedxml,
    sheet_rows,
)
from tests.exchange.workbooks import BILLION_LAUGHS, replace_part, write_readings


@pytest.fixture
def good(tmp_path):
    return write_readings(tmp_path / "good.xlsx", [["NI 59", "2011-08", 80.5]])


def test_openpyxl_parses_with_defusedxml_here():
    assert openpyxl.xml.DEFUSEDXML is True
    require_defusedxml()


def test_no_workbook_is_read_without_defusedxml(good, monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(WorkbookRefused, match="defusedxml package is missing"):
        with open_workbook(good):
            pass


def test_entities_past_the_prolog_check_are_still_refused_by_defusedxml(good, tmp_path, monkeypatch):
    hidden = BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!--" + b"x" * 70_000 + b"-->\n<!DOCTYPE", 1)
    path = replace_part(good, tmp_path / "hidden.xlsx", "xl/worksheets/sheet1.xml", hidden)
    check_workbook_file(path)  # the prolog check does not see it...
    with pytest.raises(WorkbookRefused, match="declares entities"):  # ...defusedxml does
        with open_workbook(path) as workbook:
            list(sheet_rows(workbook, workbook.sheetnames[0], path))


def test_a_zip_directory_that_understates_a_size_reads_no_further(good, tmp_path):
    """Python's zipfile stops at the declared size and then fails the CRC check."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 100
    name = b"xl/worksheets/sheet1.xml"
    entry = data.find(b"PK\x01\x02")  # the central directory's entry for the sheet
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = (100).to_bytes(4, "little")  # uncompressed size
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookRefused, match="damaged"):
        with open_workbook(path) as workbook:
            list(sheet_rows(workbook, workbook.sheetnames[0], path))


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (Limits(parts=3), "a workbook of at most 3 is read"),
        (Limits(unpacked_bytes=1000), "at most 0 MiB is read (a zip bomb"),
        (Limits(part_bytes=1000), "at most 0 MiB is read for any one part"),
        (Limits(ratio=2, ratio_floor_bytes=1000), "a zip bomb is refused"),
        (Limits(file_bytes=1000), "at most 0 MiB"),
    ],
)
def test_each_limit_refuses(good, limits, message):
    with pytest.raises(WorkbookRefused, match=message.replace("(", r"\(")):
        check_workbook_file(good, limits)


def test_cells_over_the_limit_are_refused(tmp_path):
    path = write_readings(tmp_path / "wide.xlsx", [["NI 59", f"2011-{m:02d}", 80] for m in range(1, 13)])
    with open_workbook(path) as workbook:
        with pytest.raises(WorkbookRefused, match="4,000,000 filled cells|30 filled cells"):
            list(sheet_rows(workbook, "Readings", path, Limits(cells=30)))


def test_percent_formats_are_told_from_quoted_percent_signs(tmp_path):
    path = write_readings(
        tmp_path / "formats.xlsx",
        [["NI 59", "2011-08", 0.805], ["NI 59", "2011-09", 81], ["NI 59", "2011-10", 82]],
        formats={"C2": "0.0%", "C3": '0.0"%"', "C4": "0.0\\%"},
    )
    with open_workbook(path) as workbook:
        rows = dict(sheet_rows(workbook, "Readings", path))
        formats = PercentFormats(workbook)
        assert [formats.percent(rows[n][3][1]) for n in (2, 3, 4)] == [True, False, False]


def test_the_documented_limits(tmp_path):
    limits = workbook_safety.DEFAULT_LIMITS
    assert (limits.file_bytes, limits.rows, limits.cells) == (50 * 2**20, 200_000, 4_000_000)
    assert (limits.unpacked_bytes, limits.part_bytes, limits.ratio) == (300 * 2**20, 200 * 2**20, 100)
