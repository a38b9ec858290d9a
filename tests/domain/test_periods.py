from datetime import date

import pytest
from hypothesis import given

from boardapp.domain.periods import Period, PeriodError
from tests.domain.strategies import periods


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2010-08", date(2010, 8, 1), date(2010, 8, 31), "August 2010"),
        ("2010-03..2010-10", date(2010, 3, 1), date(2010, 10, 31), "March 2010 to October 2010"),
        ("2007-Q3", date(2007, 7, 1), date(2007, 9, 30), "Q3 2007 (Jul-Sep)"),
        ("FY2010/11", date(2010, 4, 1), date(2011, 3, 31), "2010/11"),
        ("AY2009/10", date(2009, 9, 1), date(2010, 8, 31), "academic year 2009/10"),
        ("2011", date(2011, 1, 1), date(2011, 12, 31), "2011"),
        ("2012-02", date(2012, 2, 1), date(2012, 2, 29), "February 2012"),
    ],
)
def test_canonical_codes_name_the_months_the_reports_mean(code, start, end, label):
    period = Period.parse(code)
    assert (period.start, period.end, period.label, period.code) == (start, end, label, code)


@pytest.mark.parametrize("bad", ["2010-13", "08/11", "FY2010/12", "2010-10..2010-03", "", "Aug 2011"])
def test_anything_else_is_refused_with_the_forms_it_could_take(bad):
    with pytest.raises(PeriodError):
        Period.parse(bad)


def test_a_run_contains_its_months_and_not_its_neighbours():
    run = Period.parse("2010-03..2010-10")
    assert run.month_count == 8
    assert run.contains(Period.month(2010, 3)) and run.contains(Period.month(2010, 10))
    assert not run.contains(Period.month(2010, 11))


@given(periods())
def test_every_period_round_trips_through_its_code(period):
    assert Period.parse(period.code) == period
    assert period.start <= period.end
