"""Periods as the reports write them: parse_report_period and format_report_period."""

import pytest
from hypothesis import given

from boardapp.domain.periods import (
    Period,
    PeriodError,
    PeriodKind,
    format_report_period,
    parse_report_period,
    years_before,
)
from tests.domain.strategies import periods


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("June 2010", "2010-06"),
        ("Aug 2011", "2011-08"),
        ("Sept 2011", "2011-09"),
        ("aug. 2011", "2011-08"),
        ("October 2010 to March 2011", "2010-10..2011-03"),
        ("Oct 2010 - Mar 2011", "2010-10..2011-03"),
        ("November 10 \u2013 January 11", "2010-11..2011-01"),
        ("March-October 2010", "2010-03..2010-10"),
        ("November to January 2011", "2010-11..2011-01"),
        ("2010/11", "FY2010/11"),
        ("2010/2011", "FY2010/11"),
        ("2009/10 academic year", "AY2009/10"),
        ("academic year 2009/10", "AY2009/10"),
        ("Q2 2007/08", "2007-Q3"),
        ("Q4 2007/08", "2008-Q1"),
        ("Q3 2007 (Jul-Sep)", "2007-Q3"),
        ("2011", "2011"),
        ("2010-08", "2010-08"),
        ("fy2010/11", "FY2010/11"),
        ("  June   2010 ", "2010-06"),
    ],
)
def test_the_forms_the_reports_use_name_the_months_they_mean(text, code):
    assert parse_report_period(text).code == code


def test_a_financial_quarter_two_is_july_to_september():
    quarter = parse_report_period("Q2 2007/08")
    assert (quarter.start.isoformat(), quarter.end.isoformat()) == ("2007-07-01", "2007-09-30")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("08/11", "ambiguous: it could mean August 2011 or the years 2008 to 2011"),
        ("08/09", "ambiguous: it could mean August 2009 or the year 2008/09"),
        ("June 10", "reads as a day (10 June)"),
        ("Q3 2007", "a calendar or a financial quarter"),
        ("Mar 2011 - Oct 2010", "ends before it starts"),
        ("2010/12", "the second year must follow the first"),
        ("Q3 2007 (Oct-Dec)", "not quarter 3"),
        ("Smarch 2010", "is not a period the reports use"),
        ("", "is not a period the reports use"),
    ],
)
def test_ambiguous_or_wrong_wording_is_refused_with_the_reason(text, reason):
    with pytest.raises(PeriodError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_report_period(text)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("2010-06", "June 2010"),
        ("2010-10..2011-03", "October 2010 to March 2011"),
        ("2007-Q3", "Q2 2007/08"),
        ("2008-Q1", "Q4 2007/08"),
        ("FY2010/11", "2010/11"),
        ("AY2009/10", "2009/10 academic year"),
        ("2011", "2011"),
    ],
)
def test_periods_are_written_in_the_reports_form(code, text):
    assert format_report_period(Period.parse(code)) == text


@given(periods())
def test_report_wording_round_trips(period):
    assert parse_report_period(format_report_period(period)) == period


@given(periods())
def test_the_canonical_code_is_also_accepted(period):
    assert parse_report_period(period.code) == period


def test_a_year_before_keeps_the_kind_and_the_months():
    assert years_before(Period.parse("2011-08")) == Period.parse("2010-08")
    assert years_before(Period.parse("2010-11..2011-01")).code == "2009-11..2010-01"
    assert years_before(Period.parse("AY2010/11"), 2).kind is PeriodKind.ACADEMIC_YEAR
