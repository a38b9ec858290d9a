"""The importer's own sheet reader gives exactly what openpyxl's read-only parser gives:
the same rows, columns, values (and their types) and style ids, for every kind of cell
a workbook from Excel, LibreOffice or openpyxl holds; and it refuses what defusedxml
refuses."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from openpyxl.worksheet._reader import WorkSheetParser

from boardapp.exchange.sheet_xml import SheetCells
from boardapp.exchange.workbook_safety import WorkbookRefused, open_workbook, sheet_rows
from tests.exchange.workbooks import BILLION_LAUGHS, replace_part, write_readings

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED = [
    "NI 59",
    "2011-08",
    "  spaced  ",
    "",
    "validated",
]


def _openpyxl_rows(workbook: Any, title: str) -> list[tuple[int, dict[int, tuple[Any, int]]]]:
    """What openpyxl's own streaming parser reads, non-empty cells only."""
    sheet = workbook[title]
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        rows = []
        for number, raw in parser.parse():
            row = {cell["column"]: (cell["value"], cell["style_id"]) for cell in raw if cell["value"] is not None}
            if row:
                rows.append((number, row))
    return rows


def _ours(workbook: Any, title: str) -> list[tuple[int, dict[int, tuple[Any, int]]]]:
    sheet = workbook[title]
    with sheet._get_source() as source:
        return list(SheetCells(source, sheet._shared_strings, epoch=workbook.epoch,
                               date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats))


def _typed(rows: list[tuple[int, dict[int, tuple[Any, int]]]]) -> list[Any]:
    """Rows with each value's type beside it: 1 and 1.0 and True are different readings."""
    return [(number, {c: (type(v).__name__, v, s) for c, (v, s) in row.items()}) for number, row in rows]


def _assert_same(path: Path) -> list[tuple[int, dict[int, tuple[Any, int]]]]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        for title in workbook.sheetnames:
            ours = _ours(workbook, title)
            assert _typed(ours) == _typed(_openpyxl_rows(workbook, title))
        return _ours(workbook, workbook.sheetnames[0])
    finally:
        workbook.close()


def _style_of(path: Path, cell: str) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    found = re.search(rf'<c r="{cell}"[^>]*? s="(\d+)"', xml)
    assert found, cell
    return found[1]


def _with_sheet(base: Path, target: Path, rows_xml: str) -> Path:
    """``base`` with its first sheet's data replaced by ``rows_xml`` and a shared strings part."""
    sheet = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>'
    items = "".join(f"<si><t xml:space=\"preserve\">{text}</t></si>" for text in SHARED)
    strings = f'<sst xmlns="{MAIN}" count="{len(SHARED)}" uniqueCount="{len(SHARED)}">{items}</sst>'
    step = replace_part(base, target.with_suffix(".step1.xlsx"), "xl/worksheets/sheet1.xml", sheet.encode())
    step = replace_part(step, target.with_suffix(".step2.xlsx"), "xl/sharedStrings.xml", strings.encode())
    with zipfile.ZipFile(step) as archive:
        types = archive.read("[Content_Types].xml").decode()
    override = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.sharedStrings+xml"/>')
    return replace_part(step, target, "[Content_Types].xml", types.replace("</Types>", override + "</Types>").encode())


def test_a_sheet_written_by_openpyxl_reads_the_same(tmp_path):
    path = write_readings(
        tmp_path / "written.xlsx",
        [
            ["NI 59", "2011-08", 80.5, 805, 1000, "validated", "returns", "a note"],
            ["NI 59 - Initial assessments", datetime(2011, 9, 1), 0.805, None, None, "Provisional", 2011, None],
            [],
            ["  NI 60 ", "Aug-11", "80.5%", "1,063", "", "", "", "   "],
            ["NI 61", 2011, True, -3, 1e-7, None, datetime(2011, 9, 1, 12, 30), 'quote "and" <angle> & amp'],
        ],
        formats={"B3": "mmm yyyy", "C3": "0.0%", "G6": "yyyy-mm-dd hh:mm"},
    )
    rows = _assert_same(path)
    assert rows[0][0] == 1 and [number for number, _ in rows][1:] == [2, 3, 5, 6]  # the empty row 4 left out
    assert rows[1][1][3] == (80.5, 0) and rows[1][1][4] == (805, 0)
    assert rows[2][1][2][0] == datetime(2011, 9, 1)


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path):
    base = write_readings(tmp_path / "base.xlsx", [["x", datetime(2011, 8, 1), 0.5]],
                          formats={"B2": "yyyy-mm-dd", "C2": "0.0%"})
    date, percent = _style_of(base, "B2"), _style_of(base, "C2")
    rows = (
        '<row r="1" spans="1:9">'
        '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        '<c r="D1" t="s"><v>3</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="b"><v>0</v></c>'
        '<c r="G1" t="e"><v>#N/A</v></c><c r="H1" t="str"><f>A1&amp;B1</f><v>NI 592011-08</v></c>'
        '<c r="I1"><f>1+1</f><v>2</v></c></row>'
        f'<row r="2"><c r="A2" s="{date}"><v>40756</v></c><c r="B2" s="{percent}"><v>0.805</v></c>'
        '<c r="C2"><v>1.5E3</v></c><c r="D2"><v></v></c><c r="E2"/><c r="F2" t="d"><v>2011-08-31T00:00:00</v></c>'
        '<c r="G2" t="inlineStr"><is><r><rPr><b/></rPr><t>bold</t></r><r><t xml:space="preserve"> and plain</t></r>'
        '<rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c>'
        '<c r="H2" t="inlineStr"><is><t></t></is></c><c r="I2" t="inlineStr"><is><t>a &lt;b&gt; &#233;</t></is></c></row>'
        '<row r="3"></row>'
        '<row><c t="s"><v>4</v></c><c><v>7</v></c><c r="E4"><v>-0.25</v></c><c><v>8</v></c></row>'
        '<row r="7.0"><c r="AA7" t="inlineStr"><is><t>far right</t></is></c><c r="B7" t="inlineStr"/></row>'
        '<row r="8" ht="30" customHeight="1"><c r="A8" t="s"><v>0</v></c><c r="A8"><v>9</v></c></row>'
    )
    path = _with_sheet(base, tmp_path / "kinds.xlsx", rows)
    read = dict(_assert_same(path))
    assert read[1][1] == ("NI 59", 0) and read[1][5] == (True, 0) and read[1][7] == ("#N/A", 0)
    assert read[1][8] == ("NI 592011-08", 0) and read[1][9] == (2, 0)  # cached results, not formulas
    assert read[2][1] == (datetime(2011, 8, 1), int(date)) and read[2][2] == (0.805, int(percent))
    assert read[2][7] == ("bold and plain", 0) and read[2][8] == ("", 0) and read[2][9] == ("a <b> \u00e9", 0)
    assert 4 not in read[2] and 5 not in read[2]
    assert read[4] == {1: ("validated", 0), 2: (7, 0), 5: (-0.25, 0), 6: (8, 0)}
    assert read[7] == {27: ("far right", 0)} and read[8] == {1: (9, 0)}
    assert 3 not in read


def test_rows_are_handed_on_as_the_xml_is_read(tmp_path, monkeypatch):
    """A large sheet is streamed: the first rows come before the last chunk is parsed."""
    path = write_readings(tmp_path / "many.xlsx", [["NI 59", f"2011-{1 + n % 12:02d}", n] for n in range(3000)])
    with open_workbook(path) as workbook:
        sheet = workbook["Readings"]
        with sheet._get_source() as source:
            rows = iter(SheetCells(source, sheet._shared_strings, epoch=workbook.epoch,
                                   date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats))
            assert next(rows)[0] == 1
            assert source.tell() < sheet.parent._archive.getinfo(sheet._worksheet_path).file_size


@pytest.mark.parametrize(
    "xml",
    [
        BILLION_LAUGHS,
        BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!--" + b"x" * 70_000 + b"-->\n<!DOCTYPE", 1),  # past a first chunk
        b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row><c t="inlineStr">'
        b"<is><t>&e;</t></is></c></row></sheetData></worksheet>",
    ],
)
def test_entities_are_refused_as_defusedxml_refuses_them(xml):
    with pytest.raises(EntitiesForbidden):
        list(SheetCells(io.BytesIO(xml), [], epoch=None, date_formats=set(), timedelta_formats=set()))


def test_xml_that_is_not_well_formed_is_refused_as_damaged(tmp_path):
    good = write_readings(tmp_path / "good.xlsx", [["NI 59", "2011-08", 80.5]])
    broken = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData>'.encode()
    path = replace_part(good, tmp_path / "broken.xlsx", "xl/worksheets/sheet1.xml", broken)
    with pytest.raises(WorkbookRefused, match="damaged: a part is not well-formed XML .*mismatched tag"):
        with open_workbook(path) as workbook:
            list(sheet_rows(workbook, workbook.sheetnames[0], path))
