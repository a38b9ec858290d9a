"""Which periods are due after an indicator's last reading (boardapp.domain.due_periods)."""

from __future__ import annotations

from datetime import date

import pytest

from boardapp.domain.due_periods import due_periods, listed_at_most, next_period
from boardapp.domain.periods import Period
from boardapp.domain.terms import Frequency

M, Q, AY, A = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ACADEMIC_YEAR, Frequency.ANNUAL


def codes(frequency, last, as_at):
    due = due_periods(frequency, None if last is None else Period.parse(last), as_at)
    return [p.code for p in due.periods], due.earlier


@pytest.mark.parametrize(
    ("frequency", "last", "following"),
    [
        (M, "2011-08", "2011-09"),
        (M, "2011-12", "2012-01"),
        (M, "2010-03..2010-10", "2010-11"),  # a cumulative figure: the month after it
        (M, "FY2009/10", "2010-04"),
        (Q, "2011-Q3", "2011-Q4"),
        (Q, "2007-09", "2007-Q4"),  # a month's figure of a quarterly indicator: the next quarter
        (Q, "2009-04..2009-09", "2009-Q4"),
        (Q, "2009-05", "2009-Q3"),  # the next quarter that starts after the month
        (Q, "FY2008/09", "2009-Q2"),
        (AY, "AY2009/10", "AY2010/11"),
        (AY, "2010-07", "AY2010/11"),
        (A, "2011", "2012"),
        (A, "FY2010/11", "FY2011/12"),
        (A, "AY2010/11", "AY2011/12"),
        (A, "2010-11..2011-01", "2011-11..2012-01"),  # part of a year: the same months a year on
        (A, "2011-11", "2012-11"),
        (A, "2009-11..2011-01", "2012"),  # longer than a year: the next calendar year
    ],
)
def test_the_period_after_a_reading(frequency, last, following):
    assert next_period(frequency, Period.parse(last)).code == following


def test_a_period_is_due_once_it_has_ended():
    assert codes(M, "2011-08", date(2011, 11, 1)) == (["2011-09", "2011-10"], 0)
    assert codes(M, "2011-08", date(2011, 10, 31)) == (["2011-09"], 0)  # October ends today: not yet
    assert codes(M, "2011-08", date(2011, 9, 30)) == ([], 0)
    assert codes(A, "2011", date(2011, 11, 1)) == ([], 0)  # known before the year ended
    assert codes(Q, "2011-Q2", date(2011, 10, 1)) == (["2011-Q3"], 0)
    assert codes(AY, "AY2009/10", date(2011, 11, 1)) == (["AY2010/11"], 0)


def test_at_most_a_year_is_listed_and_the_rest_counted():
    assert listed_at_most(M) == 12 and listed_at_most(Q) == 4 and listed_at_most(A) == listed_at_most(AY) == 1
    months, earlier = codes(M, "2009-12", date(2011, 11, 1))
    assert months == [f"2010-{m:02d}" for m in (11, 12)] + [f"2011-{m:02d}" for m in range(1, 11)]
    assert earlier == 10  # January to October 2010
    assert codes(A, "2007", date(2026, 12, 3)) == (["2025"], 17)
    assert codes(Q, "2009-Q3", date(2011, 11, 1)) == (["2010-Q4", "2011-Q1", "2011-Q2", "2011-Q3"], 4)


def test_with_no_reading_the_latest_ended_period_is_due():
    assert codes(M, None, date(2011, 11, 1)) == (["2011-10"], 0)
    assert codes(M, None, date(2011, 1, 15)) == (["2010-12"], 0)
    assert codes(Q, None, date(2011, 11, 1)) == (["2011-Q3"], 0)
    assert codes(Q, None, date(2011, 10, 1)) == (["2011-Q3"], 0)
    assert codes(Q, None, date(2011, 9, 30)) == (["2011-Q2"], 0)
    assert codes(AY, None, date(2011, 11, 1)) == (["AY2010/11"], 0)
    assert codes(AY, None, date(2011, 8, 31)) == (["AY2009/10"], 0)
    assert codes(A, None, date(2011, 11, 1)) == (["2010"], 0)
    assert codes(A, None, date(2011, 1, 1)) == (["2010"], 0)
