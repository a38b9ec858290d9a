"""Cumulative figures: sum of numerators over sum of denominators, never a mean of rates."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boardapp.domain.cumulative import cumulative_actual, cumulative_value, month_readings, sum_counts
from boardapp.domain.periods import Period, PeriodKind, month_index
from boardapp.domain.series import Series
from boardapp.domain.terms import ActualSource, Unit
from tests.domain.builders import counts, period, reading

START = month_index(2010, 3)


@st.composite
def monthly_counts(draw):
    """A run of months, each with a denominator and a numerator no larger."""
    length = draw(st.integers(1, 24))
    months = []
    for offset in range(length):
        denominator = draw(st.integers(0, 500))
        numerator = draw(st.integers(0, denominator))
        months.append((START + offset, numerator, denominator))
    return months


def _series(months):
    readings = [
        counts(Period(index, index, PeriodKind.MONTH).code, numerator, denominator)
        for index, numerator, denominator in months
    ]
    return Series.of("NI 59", readings)


@given(monthly_counts())
def test_the_cumulative_is_the_sum_of_numerators_over_the_sum_of_denominators(months):
    whole = Period(months[0][0], months[-1][0], PeriodKind.RANGE)
    actual = cumulative_actual(_series(months), whole, Unit.PERCENT)
    total_n = sum(n for _, n, _ in months)
    total_d = sum(d for _, _, d in months)
    if total_d == 0:
        assert actual is None
    else:
        assert actual is not None and actual.source is ActualSource.COMPUTED_CUMULATIVE
        assert actual.value == pytest.approx(total_n / total_d * 100)
        assert actual.months_covered == actual.months_expected == len(months)


@given(monthly_counts(), st.data())
def test_any_split_of_the_months_sums_to_the_same_figure(months, data):
    split = data.draw(st.integers(0, len(months)))
    series = _series(months)
    parts = [months[:split], months[split:]]
    summed = [sum_counts(month_readings(series, _range(part)), len(part)) for part in parts if part]
    whole = sum_counts(month_readings(series, _range(months)), len(months))
    numerator = sum(c.numerator for c in summed)
    denominator = sum(c.denominator for c in summed)
    assert (numerator, denominator) == (whole.numerator, whole.denominator)
    assert cumulative_value(numerator, denominator, Unit.PERCENT) == whole.value(Unit.PERCENT)


def _range(months):
    return Period(months[0][0], months[-1][0], PeriodKind.RANGE)


def test_a_busy_month_weighs_more_than_a_quiet_one():
    """40 of 40 and 0 of 10 is 80%, not the 50% a mean of the two rates would give."""
    series = Series.of("NI 59", [counts("2010-10", 40, 40), counts("2010-11", 0, 10)])
    actual = cumulative_actual(series, period("2010-10..2010-11"), Unit.PERCENT)
    assert actual is not None and actual.value == pytest.approx(80.0)


def test_a_month_with_a_zero_denominator_adds_nothing():
    series = Series.of("NI 59", [counts("2010-10", 8, 10), counts("2010-11", 0, 0)])
    actual = cumulative_actual(series, period("2010-10..2010-11"), Unit.PERCENT)
    assert actual is not None and actual.value == pytest.approx(80.0) and not actual.partial


def test_denominators_summing_to_zero_give_no_rate():
    series = Series.of("NI 59", [counts("2010-10", 0, 0), counts("2010-11", 0, 0)])
    assert cumulative_actual(series, period("2010-10..2010-11"), Unit.PERCENT) is None
    assert cumulative_value(0, 0, Unit.PERCENT) is None


def test_without_monthly_counts_the_reported_cumulative_is_used_and_named():
    series = Series.of(
        "NI 59",
        [reading("2010-03..2010-10", 80.1), reading("2010-08", 78.3), counts("2010-09", 40, 50)],
    )
    actual = cumulative_actual(series, period("2010-03..2010-10"), Unit.PERCENT)
    assert actual is not None
    assert (actual.value, actual.source) == (80.1, ActualSource.REPORTED_CUMULATIVE)
    assert "as reported" in actual.note


def test_complete_counts_are_preferred_to_the_reported_figure():
    months = [counts(f"2010-{m:02d}", 9, 10) for m in (10, 11, 12)]
    series = Series.of("NI 59", [*months, reading("2010-10..2010-12", 88.0)])
    actual = cumulative_actual(series, period("2010-10..2010-12"), Unit.PERCENT)
    assert actual is not None and actual.source is ActualSource.COMPUTED_CUMULATIVE
    assert actual.value == pytest.approx(90.0)


def test_with_some_months_missing_and_no_reported_figure_the_figure_is_partial():
    series = Series.of("NI 59", [counts("2010-10", 8, 10), counts("2010-11", 9, 10)])
    actual = cumulative_actual(series, period("2010-10..2011-03"), Unit.PERCENT)
    assert actual is not None and actual.partial
    assert (actual.months_covered, actual.months_expected) == (2, 6)
    assert actual.value == pytest.approx(85.0)
    assert "2 of 6 months" in actual.note


def test_a_rate_per_100000_is_scaled_as_such():
    assert cumulative_value(3, 60_000, Unit.RATE_PER_100K) == pytest.approx(5.0)
    assert cumulative_value(3, 60, Unit.NUMBER) == pytest.approx(0.05)
