"""What is due as at a date, read from the demo database (boardapp.store.due_readings)."""

from __future__ import annotations

from datetime import date

from boardapp.domain.ordering import natural_key
from boardapp.domain.terms import Frequency, Unit
from boardapp.store.due_readings import due_readings

NOVEMBER_2011 = date(2011, 11, 1)  # the as-at date of the November 2011 update to DfE


def by_code(db, as_at):
    with db.session() as session:
        return {item.code: item for item in due_readings(session, as_at)}


def codes(item):
    return [p.code for p in item.periods]


def test_as_at_the_november_2011_update(db):
    due = by_code(db, NOVEMBER_2011)
    ni59 = due["NI 59"]
    assert (ni59.title, ni59.unit, ni59.decimals, ni59.frequency) == (
        "Initial assessments for children's social care carried out within timescale", Unit.PERCENT, 1, Frequency.MONTHLY)
    assert (ni59.last.period.code, ni59.last.value) == ("2011-08", 80.5)
    assert codes(ni59) == ["2011-09", "2011-10"] and ni59.due.earlier == 0
    assert codes(due["REFIA"]) == [f"2011-{m:02d}" for m in range(4, 11)]  # last read for March 2011
    assert codes(due["L2BY17"]) == ["AY2010/11"]
    assert codes(due["LIBACT"]) == ["2010-Q4", "2011-Q1", "2011-Q2", "2011-Q3"] and due["LIBACT"].due.earlier == 4
    # more than a year since the last reading: the latest year's worth, the rest counted
    nfa = due["NFA"]
    assert nfa.last.period.code == "2009-12" and len(nfa.periods) == 12 and nfa.due.earlier == 10
    # no reading at all: the latest period that has ended
    assert due["CASELOAD-LAC"].last is None and codes(due["CASELOAD-LAC"]) == ["2011-10"]
    assert due["NI 57"].last is None and codes(due["NI 57"]) == ["2010"]
    # nothing due: the 2011 results and the 2010/11 financial year are in, 2011/12 has not ended
    assert codes(due["KS4L2"]) == [] and codes(due["CAF"]) == [] and codes(due["NI 117"]) == []
    listed = [item for item in due.values() if item.periods]
    assert (sum(len(item.periods) for item in listed), len(listed), len(due)) == (97, 44, 75)


def test_only_what_was_known_on_the_day_counts(db):
    # On 20 May 2011 the only NI 59 figure known was the cumulative March to October
    # 2010 one (the August figures were published with the November update).
    due = by_code(db, date(2011, 5, 20))
    ni59 = due["NI 59"]
    assert ni59.last.period.code == "2010-03..2010-10"
    assert codes(ni59) == ["2010-11", "2010-12", "2011-01", "2011-02", "2011-03", "2011-04"]
    assert due["KS4L2"].last is None  # the 2011 results were not known yet


def test_forecasts_are_not_readings(db):
    due = by_code(db, NOVEMBER_2011)
    # LACREV has a forecast among its rows; the last reading is the September 2008 figure
    assert due["LACREV"].last.period.code == "2008-09" and due["LACREV"].last.measure == ""


def test_as_at_today_everything_is_listed_in_numeric_order(db):
    today = date.today()
    items = list(by_code(db, today).values())
    order = [item.code for item in items]
    assert order.index("NI 57") < order.index("NI 59") < order.index("NI59-VOL") < order.index("NI 60")
    assert order.index("NI 60") < order.index("NI 78") < order.index("NI 102") < order.index("NI 108")
    assert all(item.periods for item in items)  # nothing in the demo has a figure since 2011
    assert all(p.end < today for item in items for p in item.periods)


def test_codes_are_ordered_with_their_numbers_read_as_numbers():
    codes_ = ["NI 102", "NI 59", "NI108-BLACK", "CAF", "NI 57", "ni 60", "NI 8"]
    assert sorted(codes_, key=natural_key) == ["CAF", "NI 8", "NI 57", "NI 59", "ni 60", "NI 102", "NI108-BLACK"]
