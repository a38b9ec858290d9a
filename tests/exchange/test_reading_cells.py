"""What people type into a readings sheet, cell by cell: every accepted form, and the
ambiguous or wrong ones refused with the reason."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from boardapp.domain.periods import Period
from boardapp.domain.terms import ReadingStatus, Unit
from boardapp.exchange.reading_cells import CellError, code_key, read_number, read_period, read_status, read_text


@pytest.mark.parametrize(
    ("typed", "percent_format", "expected"),
    [
        (80.5, False, 80.5),
        (80, False, 80.0),
        ("80.5", False, 80.5),
        ("80.5%", False, 80.5),
        (" 80.5 % ", False, 80.5),
        (0.805, True, 80.5),
        (1, True, 100.0),
        ("1,063", False, 1063.0),
        ("1,063.25", False, 1063.25),
        ("12\u00a0345", False, 12345.0),
        ("\u22123.5", False, -3.5),
        (".5", False, 0.5),
        ("", False, None),
        (None, False, None),
    ],
)
def test_numbers_as_people_type_them(typed, percent_format, expected):
    number = read_number(typed, percent_format, Unit.PERCENT)
    assert number == pytest.approx(expected) if expected is not None else number is None


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("abc", "a number such as 80.5"),
        ("80,5", "a decimal point, not a comma"),
        ("1,06", "a decimal point, not a comma"),
        ("12..5", "a number such as"),
        (True, "a number such as"),
        (datetime(2011, 8, 1), "a number such as"),
        (float("nan"), "a number such as"),
    ],
)
def test_numbers_that_are_not(typed, says):
    with pytest.raises(CellError) as caught:
        read_number(typed, False, Unit.PERCENT)
    assert says in caught.value.expected


def test_a_percentage_is_refused_for_a_count_and_for_counts():
    with pytest.raises(CellError, match="not a percentage"):
        read_number("12%", False, Unit.COUNT)
    with pytest.raises(CellError, match="not a percentage"):
        read_number(0.12, True, Unit.SCHOOLS)
    with pytest.raises(CellError, match="whole counts"):
        read_number("40%", False, Unit.PERCENT, counts=True)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (datetime(2011, 8, 1), "2011-08"),
        (datetime(2011, 8, 31, 17, 5), "2011-08"),
        (date(2011, 8, 15), "2011-08"),
        ("2011-08", "2011-08"),
        ("2011-08-31", "2011-08"),
        ("Aug 2011", "2011-08"),
        ("aug 2011", "2011-08"),
        ("August 2011", "2011-08"),
        ("  August   2011 ", "2011-08"),
        ("Aug-11", "2011-08"),
        ("Sept-10", "2010-09"),
        ("Aug-2011", "2011-08"),
        ("2010-03..2010-10", "2010-03..2010-10"),
        ("FY2010/11", "FY2010/11"),
        ("fy2010/11", "FY2010/11"),
        ("AY2009/10", "AY2009/10"),
        ("2011-Q1", "2011-Q1"),
        ("2011", "2011"),
        (2011, "2011"),
        ("2010/11", "FY2010/11"),
        ("October 2010 to March 2011", "2010-10..2011-03"),
    ],
)
def test_periods_as_people_type_them(typed, code):
    assert read_period(typed).code == code


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("08/11", "ambiguous"),
        ("Aug 11", "ambiguous"),
        ("Q3 2007", "ambiguous"),
        ("Augtober 2011", "not a period"),
        ("Smarch-11", "a month"),
        ("2011-02-30", "a month"),
        (40756, "format the cell as a date"),
        (None, "a month"),
        ("", "a month"),
    ],
)
def test_periods_refused_with_the_reason(typed, says):
    with pytest.raises(CellError) as caught:
        read_period(typed)
    assert says in caught.value.expected


def test_the_ambiguous_slash_form_says_both_readings():
    with pytest.raises(CellError) as caught:
        read_period("08/11")
    assert "August 2011" in caught.value.expected and "2008" in caught.value.expected


def test_status_in_any_case_and_blank():
    assert read_status("Validated") is ReadingStatus.VALIDATED
    assert read_status(" PROVISIONAL ") is ReadingStatus.PROVISIONAL
    assert read_status(None) is None and read_status("  ") is None
    with pytest.raises(CellError, match="provisional or validated"):
        read_status("final")


def test_text_and_codes():
    assert read_text(datetime(2011, 11, 1), 200) == "2011-11-01"
    assert read_text(2011.0, 200) == "2011"
    with pytest.raises(CellError, match="at most 5 characters"):
        read_text("too long", 5)
    assert code_key(" ni  59 ") == code_key("NI 59") == code_key("NI59")


def test_period_is_a_real_period():
    assert read_period("Aug 2011") == Period.month(2011, 8)
