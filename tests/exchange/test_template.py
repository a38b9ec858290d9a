"""The readings template as written (boardapp.exchange.template), read back with openpyxl
and python-calamine: what is due, the sheets' order and titles, the drop-downs, the
defined tables, print set-up and document properties."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from boardapp.domain.terms import Role
from boardapp.exchange.readings_import import HEADINGS, REFERENCE_HEADINGS
from boardapp.exchange.template import HEADER_ROW, TEMPLATE_ROWS, template_content, write_template
from boardapp.store import identity
from boardapp.store.connection import open_database
from tests import raw
from tests.exchange.workbooks import copy_database
from tests.people import SETTER, sign_in_at

NOVEMBER_2011 = date(2011, 11, 1)
BOARD = "Leeds City Council: Leeds children's services (demo)"
NI59 = "NI 59 - Initial assessments for children's social care carried out within timescale"


def write(database: Path, path: Path, as_at: date = NOVEMBER_2011, meeting: str | None = None) -> Path:
    with open_database(database, read_only=True) as db, db.session() as session:
        content = template_content(session, identity.acting(db), as_at, meeting)
    write_template(path, content, written=date(2026, 1, 5))
    return path


@pytest.fixture(scope="module")
def template(pristine_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(pristine_demo, tmp_path_factory.mktemp("template") / "readings.xlsx",
                 meeting="November 2011 consolidated update to DfE")


@pytest.fixture(scope="module")
def book(template: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template)


def table_rows(ws) -> list[dict[str, object]]:
    header = [c.value for c in ws[HEADER_ROW]]
    return [dict(zip(header, row, strict=True))
            for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(header), values_only=True)]


def test_instructions_come_first_with_the_title_in_a1(book):
    assert book.sheetnames == ["Instructions", "Readings", "Indicators"]
    assert book.active.title == "Instructions"
    ws = book["Instructions"]
    lines = [c.value for c in ws["A"]]
    assert lines[0] == f"Readings to fill in: {BOARD}" and ws["A1"].style == "Heading 1" and ws["A1"].font.sz >= 14
    assert lines[1].startswith("97 readings of 44 indicators are due as at 1 November 2011 "
                               "(November 2011 consolidated update to DfE), listed on the Readings sheet.")
    for heading in ("What to do", "The columns of the Readings sheet", "How periods are written",
                    "What is listed as due", "What happens on import", "About this workbook"):
        assert heading in lines and ws.cell(row=lines.index(heading) + 1, column=1).style == "Heading 2"
    text = "\n".join(lines)
    assert "2011-Q3" in text and "AY2010/11" in text and "FY2011/12" in text and "Sep-11" in text
    assert "never imported" in text and "skipped" in text and "nothing is written" in text.lower()
    assert "Not listed: 86 earlier periods of 21 indicators" in text
    assert "4 indicators have no reading yet" in text
    assert None not in lines  # no blank rows for layout
    assert ws.max_column == 1  # text in column A only


def test_the_readings_sheet_lists_what_is_due(book):
    ws = book["Readings"]
    assert ws["A1"].value == "Readings due as at 1 November 2011" and ws["A1"].style == "Heading 1"
    assert ws["A2"].value.startswith("97 readings of 44 indicators are due.")
    rows = table_rows(ws)
    assert len(rows) == 97
    header = list(rows[0])
    assert header == ["Indicator", "Period", "Unit", "Last period", "Last figure", *HEADINGS[2:]]
    assert set(header) == set(HEADINGS) | set(REFERENCE_HEADINGS)
    ni59 = [row for row in rows if row["Indicator"] == NI59]
    assert [(r["Period"], r["Unit"], r["Last period"], r["Last figure"]) for r in ni59] == [
        ("2011-09", "percent", "2011-08", 80.5), ("2011-10", "percent", "2011-08", 80.5)]
    # nothing to import by mistake: every column the importer reads is empty but the two it needs
    assert all(row[h] is None for row in rows for h in HEADINGS[2:])
    lac = next(row for row in rows if str(row["Indicator"]).startswith("CASELOAD-LAC - "))
    assert (lac["Period"], lac["Last period"], lac["Last figure"]) == ("2011-10", "none yet", None)
    # in code order, numbers read as numbers
    codes = list(dict.fromkeys(str(row["Indicator"]).split(" - ")[0] for row in rows))
    assert codes.index("NI 57") < codes.index("NI 59") < codes.index("NI 60") < codes.index("NI 108")
    assert ws.cell(row=HEADER_ROW + 1, column=2).data_type == "s"  # periods are text, not dates
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"


def test_the_drop_down_lists_codes_with_titles(book):
    readings, indicators = book["Readings"], book["Indicators"]
    lists = {str(v.sqref): v for v in readings.data_validations.dataValidation}
    codes = lists[f"A{HEADER_ROW + 1}:A{HEADER_ROW + TEMPLATE_ROWS}"]
    assert codes.type == "list" and codes.formula1 == f"=Indicators!$J${HEADER_ROW + 1}:$J${HEADER_ROW + 75}"
    assert codes.errorStyle == "warning"  # a bare code typed in is let through (the importer reads it)
    assert lists[f"I{HEADER_ROW + 1}:I{HEADER_ROW + TEMPLATE_ROWS}"].formula1 == '"provisional,validated"'
    entries = [row[0].value for row in indicators[f"J{HEADER_ROW + 1}:J{HEADER_ROW + 75}"]]
    assert NI59 in entries and len(set(entries)) == 75
    # the due rows hold exactly what the drop-down offers
    assert {row["Indicator"] for row in table_rows(readings)} <= set(entries)
    ni59 = next(row for row in table_rows(indicators) if row["Code"] == "NI 59")
    assert (ni59["Unit"], ni59["Values allowed"], ni59["Decimals"], ni59["Frequency"]) == (
        "percent", "a percentage from 0 to 100", 1, "monthly")
    assert (ni59["Last period"], ni59["Last figure"], ni59["Periods due"], ni59["Drop-down entry"]) == (
        "2011-08", 80.5, 2, NI59)


def test_tables_no_merged_cells_and_print_set_up(book):
    tables = {name: (ws.title, ws.tables[name].ref) for ws in book for name in ws.tables}
    assert tables == {"ReadingsDue": ("Readings", f"A{HEADER_ROW}:K{HEADER_ROW + 97}"),
                      "IndicatorList": ("Indicators", f"A{HEADER_ROW}:J{HEADER_ROW + 75}")}
    for ws in book:
        assert not ws.merged_cells.ranges, ws.title
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws["A1"].value and ws["A1"].style == "Heading 1"  # each sheet's title in A1, Excel's Heading 1
    for name in ("Readings", "Indicators"):
        assert book[name].print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert book[name].print_options.gridLines
    properties = book.properties
    assert properties.creator == BOARD and properties.language == "en-GB"
    assert properties.title == ("Readings to fill in, as at 1 November 2011 "
                                "(November 2011 consolidated update to DfE)")


def test_calamine_reads_the_same_cells(template, book):
    calamine = CalamineWorkbook.from_path(str(template))
    assert calamine.sheet_names == book.sheetnames
    for name in ("Readings", "Indicators"):
        rows = calamine.get_sheet_by_name(name).to_python()
        expected = [[c.value for c in row] for row in book[name].iter_rows(min_row=HEADER_ROW,
                                                                            max_row=HEADER_ROW + 20)]
        window = rows[HEADER_ROW - 1:HEADER_ROW + 20]
        got = [[None if v == "" else v for v in row][: len(expected[0])] for row in window]
        assert got == [[float(v) if isinstance(v, int) else v for v in row] for row in expected]


def test_as_at_today_every_indicator_is_due_and_long_gaps_are_counted(pristine_demo, tmp_path):
    book = openpyxl.load_workbook(write(pristine_demo, tmp_path / "today.xlsx", as_at=date.today()))
    rows = table_rows(book["Readings"])
    codes = {str(row["Indicator"]).split(" - ")[0] for row in rows}
    assert len(codes) == 75
    assert all(row["Value"] is None for row in rows)
    ni59 = [row["Period"] for row in rows if row["Indicator"] == NI59]
    assert len(ni59) == 12  # the last year's months; the earlier ones are counted on the Instructions sheet
    assert "earlier periods of 71 indicators whose last figure is more than a year old" in "\n".join(c.value for c in book["Instructions"]["A"])


def test_an_empty_database_gets_an_empty_table_with_a_row_to_fill(tmp_path):
    with open_database(tmp_path / "empty.sqlite", create=True):
        pass
    sign_in_at(tmp_path / "empty.sqlite", SETTER, Role.SECRETARIAT)
    book = openpyxl.load_workbook(write(tmp_path / "empty.sqlite", tmp_path / "empty.xlsx"))
    ws = book["Readings"]
    assert ws["A2"].value.startswith("Nothing is due.")
    assert ws.tables["ReadingsDue"].ref == f"A{HEADER_ROW}:K{HEADER_ROW + 1}"
    assert book.properties.creator == "Board App database"


def test_text_from_the_database_is_never_a_formula(pristine_demo, tmp_path):
    database = copy_database(pristine_demo, tmp_path)
    con = raw.connect(database)
    con.execute("UPDATE indicator SET title = '=HYPERLINK(\"http://x\",\"click\")' WHERE code = 'NI 59'")
    con.execute("UPDATE dataset_info SET value = '=1+1' WHERE key = 'name'")
    con.commit()
    con.close()
    book = openpyxl.load_workbook(write(database, tmp_path / "t.xlsx"))
    assert book["Instructions"]["A1"].value == "Readings to fill in: Leeds City Council: =1+1"
    assert book.properties.creator == "Leeds City Council: =1+1"
    title = next(r for r in book["Indicators"].iter_rows(min_row=HEADER_ROW + 1) if r[0].value == "NI 59")[1]
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK") and title.quotePrefix
    entry = next(r for r in book["Readings"].iter_rows(min_row=HEADER_ROW + 1) if r[1].value == "2011-09")[0]
    assert entry.data_type == "s"
    assert book["Instructions"]["A1"].data_type == "s"
