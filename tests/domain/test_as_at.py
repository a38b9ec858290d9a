"""As at: what was known on a date, rebuilt from known-on dates and revisions."""

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boardapp.domain.as_at import reading_as_at, view_as_at
from boardapp.domain.model import Reading, Revision
from boardapp.domain.periods import Period, PeriodKind, month_index
from boardapp.domain.terms import ComparatorKind, ReadingStatus
from tests.domain.builders import (
    PROVISIONAL,
    VALIDATED,
    comparator,
    data,
    indicator,
    reading,
    revision,
    target,
)

DAYS = st.dates(date(2010, 1, 1), date(2012, 12, 31))


@st.composite
def histories(draw):
    """A reading with a known-on date and revisions after it, oldest first."""
    known = draw(st.one_of(st.none(), DAYS))
    start = known or date(2010, 1, 1)
    steps = draw(st.lists(st.integers(0, 200), max_size=4))
    values = draw(st.lists(st.floats(0, 100, allow_nan=False), min_size=len(steps) + 1, max_size=len(steps) + 1))
    revisions, day = [], start
    for step, (old, new) in zip(steps, zip(values, values[1:])):
        day += timedelta(days=step)
        revisions.append(revision(day, old, new))
    month = draw(st.integers(month_index(2009, 1), month_index(2012, 12)))
    return Reading("NI 59", Period(month, month, PeriodKind.MONTH), values[-1], 1.0, 2.0,
                   ReadingStatus.VALIDATED, known, tuple(revisions))


def _replayed(original: Reading, day: date) -> float | None:
    """The value on ``day`` by replaying the history forwards: an independent reckoning."""
    value = original.revisions[0].old_value if original.revisions else original.value
    for rev in original.revisions:
        if rev.changed_at.date() <= day:
            value = rev.new_value
    return value


@given(st.lists(histories(), max_size=8), DAYS)
def test_as_at_a_date_never_sees_a_reading_entered_after_it(readings, day):
    view = view_as_at(data(indicator(), readings), day)
    seen = view.series.in_order
    assert all(r.known_on is None or r.known_on <= day for r in seen)
    assert len(seen) == sum(1 for r in readings if r.known_on is None or r.known_on <= day)


@given(histories(), DAYS)
def test_as_at_a_date_a_reading_has_the_value_it_had_then(original, day):
    then = reading_as_at(original, day)
    if original.known_on is not None and original.known_on > day:
        assert then is None
        return
    assert then is not None
    assert then.value == _replayed(original, day)
    assert all(rev.changed_at.date() <= day for rev in then.revisions)


def test_a_revised_reading_shows_its_old_value_and_status_before_the_revision():
    revised = reading(
        "2011-08", 80.5, numerator=161, denominator=200, status=VALIDATED, known=date(2011, 9, 10),
        revisions=(revision(date(2011, 10, 3), 79.0, 80.5, old_status=PROVISIONAL, new_status=VALIDATED),),
    )
    assert reading_as_at(revised, date(2011, 9, 9)) is None
    before = reading_as_at(revised, date(2011, 10, 2))
    assert before is not None
    assert (before.value, before.status, before.revisions) == (79.0, PROVISIONAL, ())
    # The counts on file belong to 80.5, not to 79.0: they are not paired with the old value.
    assert (before.numerator, before.denominator) == (None, None)
    assert reading_as_at(revised, date(2011, 10, 3)) is revised


def test_a_status_only_revision_keeps_the_counts():
    checked = reading(
        "2011-08", 80.5, numerator=161, denominator=200, status=VALIDATED,
        revisions=(revision(date(2011, 10, 3), 80.5, 80.5, old_status=PROVISIONAL, new_status=VALIDATED),),
    )
    before = reading_as_at(checked, date(2011, 10, 1))
    assert before is not None
    assert (before.value, before.status, before.denominator) == (80.5, PROVISIONAL, 200)


def test_a_revision_counts_on_its_utc_date():
    """23:30 on 2 October in BST is 22:30 UTC the same day; 00:30 BST on 3 October is
    23:30 UTC on 2 October, so it counts as at 2 October."""
    bst = timezone(timedelta(hours=1))
    late = reading("2011-08", 2.0, revisions=(Revision(datetime(2011, 10, 3, 0, 30, tzinfo=bst), 1.0, 2.0),))
    assert reading_as_at(late, date(2011, 10, 2)).value == 2.0
    assert reading_as_at(late, date(2011, 10, 1)).value == 1.0


def test_targets_and_comparators_are_known_from_their_dates():
    view = view_as_at(
        data(
            indicator(),
            targets=[target("2010-06", 72.0, known=date(2010, 3, 1)), target("2011-06", 82.0, known=date(2011, 4, 1))],
            comparators=[comparator("2011-07", ComparatorKind.NATIONAL, 6.1, known=date(2011, 11, 1))],
        ),
        date(2011, 3, 31),
    )
    assert [t.value for t in view.targets] == [72.0]
    assert view.comparators == ()


def test_unknown_known_on_dates_are_always_known():
    view = view_as_at(data(indicator(), [reading("2010-06", 70.0)], [target("2010-06", 72.0)]), date(2000, 1, 1))
    assert len(view.series.in_order) == 1 and len(view.targets) == 1


def test_a_naive_revision_time_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        Revision(datetime(2011, 10, 3, 12), 1.0, 2.0)


def test_revisions_out_of_order_are_refused():
    with pytest.raises(ValueError, match="oldest first"):
        reading("2011-08", 3.0, revisions=(revision(date(2011, 10, 3), 2.0, 3.0), revision(date(2011, 10, 1), 1.0, 2.0)))

