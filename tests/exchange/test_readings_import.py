"""Reading a filled-in sheet: headers found however they are written, every accepted
form of value and period, and every problem of a file reported at once with its
sheet, row and column."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from boardapp.domain.periods import Period
from boardapp.domain.terms import ReadingStatus
from boardapp.exchange.readings_import import read_readings
from boardapp.exchange.workbook_safety import Limits, WorkbookRefused
from tests.exchange.workbooks import write_readings

TODAY = date(2026, 11, 23)


def read(path, facts, **kwargs):
    return read_readings(path, facts, today=TODAY, **kwargs)


def test_every_accepted_form(tmp_path, demo_facts):
    rows = [
        ["NI 59", "2011-08", 80.5],
        ["NI 59", "Aug 2010", "80.5%"],
        ["NI 59", "September 2011", 0.812],  # formatted as a percentage below
        ["NI 59", "Oct-11", "81"],
        ["NI 59", datetime(2011, 11, 30), 79.9, 799, 1000, "Validated", "Monthly return", "Down a little"],
        ["NI 59", "2010-03..2010-10", 80.1],
        ["NI 59", "2011-12", None, 163, 200],  # value computed: 81.5
        ["CAF", "FY2011/12", "1,063"],
        ["CAF", 2012, 1100],
        ["NI 79", "AY2009/10", 72],
        ["ni59", "2012-01", 80],
        ["NI 102", "2012", -3],
    ]
    path = write_readings(tmp_path / "forms.xlsx", rows, formats={"C4": "0.0%"})
    sheet = read(path, demo_facts)
    assert sheet.problems == []
    got = {(c.indicator_code, c.period.code): c for c in sheet.changes}
    assert [got[("NI 59", p)].value for p in ("2011-08", "2010-08", "2011-09", "2011-10")] == pytest.approx(
        [80.5, 80.5, 81.2, 81.0]
    )
    november = got[("NI 59", "2011-11")]
    assert (november.numerator, november.denominator, november.status) == (799, 1000, ReadingStatus.VALIDATED)
    assert (november.source, november.commentary) == ("Monthly return", "Down a little")
    assert got[("NI 59", "2010-03..2010-10")].period == Period.months((2010, 3), (2010, 10))
    assert got[("NI 59", "2011-12")].value is None  # the store computes it from the counts
    assert got[("CAF", "FY2011/12")].value == 1063
    assert got[("CAF", "2012")].value == 1100
    assert got[("NI 79", "AY2009/10")].value == 72
    assert got[("NI 59", "2012-01")].value == 80
    assert got[("NI 102", "2012")].value == -3
    assert sheet.rows == list(range(2, 14))


def test_headers_in_any_case_spacing_and_order_and_unknown_columns_noted(tmp_path, demo_facts):
    header = ["  value ", "Notes", "PERIOD", "indicator", "Com mentary", "status"]
    path = write_readings(tmp_path / "odd.xlsx", [[80.5, "ignore me", "2011-08", "NI 59", "ok", "validated"]],
                          header=header, sheet="Sheet1", header_row=3)
    sheet = read(path, demo_facts)
    assert sheet.ok and sheet.header_row == 3 and sheet.sheet == "Sheet1"
    change = sheet.changes[0]
    assert (change.indicator_code, change.period.code, change.value, change.commentary) == ("NI 59", "2011-08", 80.5, "ok")
    assert sheet.notes == ["column B (Notes) is not a column the importer knows; ignored"]


def test_the_readings_sheet_is_preferred_and_blank_rows_skipped(tmp_path, demo_facts):
    path = tmp_path / "two.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Indicator", "Period", "Value"])
    workbook.active.append(["NI 59", "2011-08", 1])
    readings = workbook.create_sheet("readings")
    readings.append(["Indicator", "Period", "Value"])
    for column, value in enumerate(["NI 59", "2011-08", 80.5], start=1):
        readings.cell(row=4, column=column, value=value)  # row 3 left blank
    readings.append(["", "  ", None])
    workbook.save(path)
    sheet = read(path, demo_facts)
    assert sheet.sheet == "readings" and [c.value for c in sheet.changes] == [80.5] and sheet.rows == [4]


def test_ten_different_errors_are_all_reported_with_sheet_row_and_column(tmp_path, demo_facts):
    rows = [
        ["NI 99", "2011-08", 80.5],  # 2: unknown indicator
        ["NI 59", "08/11", 80.5],  # 3: ambiguous period
        ["NI 59", "2011-09", "abc"],  # 4: not a number
        ["NI 59", "2011-10", 120],  # 5: percent over 100
        ["CAF", "FY2011/12", -3],  # 6: a count below 0
        ["NI 59", "2011-11", 80, 90, 80],  # 7: numerator above denominator
        ["NI 59", "2011-12", 80.5, 70, 100],  # 8: value disagrees with the counts
        ["NI 59", "2011-08", 80.5],  # 9: NI 59 2011-08 again (row 2 is unknown, so first is here)
        ["NI 59", "2012-01", 80.5, None, None, "final"],  # 10: status
        ["NI 59", "1985-01", 80.5],  # 11: before 1990
        [None, "2012-02", 80.5],  # 12: no indicator
        ["NI 59", "Aug 2011", 80.5],  # 13: the same period as row 9, written another way
    ]
    path = write_readings(tmp_path / "errors.xlsx", rows)
    sheet = read(path, demo_facts)
    where = [(p.row, p.column, p.heading) for p in sheet.problems]
    assert where == [
        (2, "A", "Indicator"),
        (3, "B", "Period"),
        (4, "C", "Value"),
        (5, "C", "Value"),
        (6, "C", "Value"),
        (7, "D", "Numerator"),
        (8, "C", "Value"),
        (10, "F", "Status"),
        (11, "B", "Period"),
        (12, "A", "Indicator"),
        (13, "B", "Period"),
    ]
    text = [str(p) for p in sheet.problems]
    assert all(t.startswith("errors.xlsx, sheet Readings, row ") for t in text)
    assert 'found "NI 99"; expected an indicator code of this database' in text[0]
    assert "ambiguous" in text[1] and "August 2011" in text[1]
    assert 'found "abc"; expected a number such as 80.5' in text[2]
    assert "found 120; expected a percentage from 0 to 100" in text[3]
    assert "found -3; expected a whole number, 0 or more" in text[4]
    assert "found 90; expected at most the denominator (80)" in text[5]
    assert "found 80.5; expected 70, as numerator / denominator gives" in text[6]
    assert 'found "final"; expected provisional or validated' in text[7]
    assert "found 1985-01; expected a period from 1990 to 2027" in text[8]
    assert "found nothing; expected an indicator code" in text[9]
    assert "found NI 59 2011-08 again; expected each indicator and period once (first on row 9)" in text[10]
    assert sheet.changes and len(sheet.problems) == 11


def test_a_close_code_is_suggested_and_whole_counts_are_required(tmp_path, demo_facts):
    path = write_readings(tmp_path / "near.xlsx", [["NI 5 9x", "2011-08", 1], ["NI 78", "2011", 2.5]])
    problems = [str(p) for p in read(path, demo_facts).problems]
    assert "did you mean NI 59?" in problems[0]
    assert "found 2.5; expected a whole number of schools" in problems[1]


def test_a_value_within_rounding_of_the_counts_is_accepted(tmp_path, demo_facts):
    path = write_readings(tmp_path / "round.xlsx", [["NI 59", "2011-08", 80.5, 161, 200], ["NI 59", "2011-09", 66.7, 2, 3]])
    assert read(path, demo_facts).ok


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["Indicator", "Period", "Numerator"], "has no Value column"),
        (["Indicator", "Period", "Value", "value"], "columns C and D are both headed Value"),
        (["Code", "Month", "Figure"], "no sheet has a header row"),
    ],
)
def test_a_sheet_without_the_columns_is_refused(tmp_path, demo_facts, header, message):
    path = write_readings(tmp_path / "bad.xlsx", [["NI 59", "2011-08", 80.5, 80.5]], header=header)
    with pytest.raises(WorkbookRefused, match=message):
        read(path, demo_facts)


def test_a_sheet_with_no_readings_is_refused(tmp_path, demo_facts):
    path = write_readings(tmp_path / "empty.xlsx", [])
    with pytest.raises(WorkbookRefused, match="no readings under the header row"):
        read(path, demo_facts)


def test_rows_over_the_limit_are_refused(tmp_path, demo_facts):
    path = write_readings(tmp_path / "long.xlsx", [["NI 59", f"{2000 + n}-01", 80] for n in range(20)])
    with pytest.raises(WorkbookRefused, match="more than 10 rows"):
        read(path, demo_facts, limits=Limits(rows=10))
    assert read(path, demo_facts, limits=Limits(rows=21)).ok
