"""What the importer makes of what the template gives it: the drop-down's "CODE - title"
entries, due rows left without a value, and the template's reference columns."""

from __future__ import annotations

import pytest

from boardapp.exchange.readings_import import indicator_entry, read_readings
from boardapp.exchange.workbook_safety import WorkbookRefused
from tests.exchange.workbooks import HEADER, write_readings

TEMPLATE_HEADER = ["Indicator", "Period", "Unit", "Last period", "Last figure", *HEADER[2:]]


def test_a_drop_down_entry_is_read_as_its_code(tmp_path, demo_facts):
    title = "Initial assessments for children's social care carried out within timescale"
    assert indicator_entry("NI 59", title) == f"NI 59 - {title}"
    rows = [
        [indicator_entry("NI 59", title), "2011-09", 81.2],
        ["ni59 - anything at all after the code", "2011-10", 82],  # the code decides; the title is for people
        ["CASELOAD-LAC - Average caseload", "2011-10", 19],  # a code with a hyphen of its own
        ["NI 60", "2011-09", 90.0],  # the code alone, typed past the drop-down's warning
    ]
    sheet = read_readings(write_readings(tmp_path / "entries.xlsx", rows), demo_facts)
    assert sheet.ok, sheet.problems
    assert [(c.indicator_code, c.period.code) for c in sheet.changes] == [
        ("NI 59", "2011-09"), ("NI 59", "2011-10"), ("CASELOAD-LAC", "2011-10"), ("NI 60", "2011-09")]


def test_an_unknown_code_with_a_title_is_still_refused(tmp_path, demo_facts):
    rows = [["NI 99 - Initial assessments", "2011-09", 81.2], ["Initial assessments - NI 59", "2011-09", 1]]
    problems = [str(p) for p in read_readings(write_readings(tmp_path / "bad.xlsx", rows), demo_facts).problems]
    assert len(problems) == 2
    assert 'row 2, column A (Indicator): found "NI 99 - Initial assessments"' in problems[0]
    assert "row 3, column A (Indicator)" in problems[1]


def test_due_rows_without_a_value_are_skipped_and_named(tmp_path, demo_facts):
    rows = [
        ["NI 59", "2011-09", None],  # 2: skipped
        ["NI 59", "2011-10", None],  # 3: skipped
        ["NI 60", "2011-09", 90.0],  # 4
        ["NI 60", "2011-10"],  # 5: skipped
        ["NI 59", None, None],  # 6: an indicator alone: skipped
        ["NI 60", "2011-08", None, None, None, "validated"],  # 7: a status without a value is a problem
    ]
    sheet = read_readings(write_readings(tmp_path / "partly.xlsx", rows), demo_facts)
    assert sheet.skipped == [2, 3, 5, 6]
    assert sheet.notes == ["rows 2 to 3, 5 to 6: 4 rows with no value (an indicator and period only); skipped"]
    assert [(p.row, p.heading) for p in sheet.problems] == [(7, "Value")]
    assert [c.indicator_code for c in sheet.changes] == ["NI 60"]


def test_one_skipped_row_is_named_alone(tmp_path, demo_facts):
    sheet = read_readings(write_readings(tmp_path / "one.xlsx", [["NI 59", "2011-09"], ["NI 60", "2011-09", 90]]),
                          demo_facts)
    assert sheet.notes == ["row 2: no value (an indicator and period only); skipped"] and sheet.ok


def test_a_sheet_with_no_value_at_all_is_refused_clearly(tmp_path, demo_facts):
    path = write_readings(tmp_path / "untouched.xlsx", [["NI 59", "2011-09"], ["NI 59", "2011-10"], ["NI 60", "2011-09"]])
    with pytest.raises(WorkbookRefused, match=r"none of the 3 rows under the header row gives a value \(rows 2 to 4 "
                                              r"name an indicator and period only\)"):
        read_readings(path, demo_facts)


def test_the_templates_reference_columns_are_ignored_without_a_note(tmp_path, demo_facts):
    rows = [["NI 59 - Initial assessments", "2011-09", "percent", "2011-08", 80.5, 81.2, None, None, None, None, None,
             "a note"]]
    path = write_readings(tmp_path / "reference.xlsx", rows, header=[*TEMPLATE_HEADER, "Notes"], header_row=3)
    sheet = read_readings(path, demo_facts)
    assert sheet.ok and [c.value for c in sheet.changes] == [81.2]  # never the last figure, 80.5
    assert sheet.notes == ["column L (Notes) is not a column the importer knows; ignored"]
