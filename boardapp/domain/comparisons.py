"""Comparisons: the same period last year, the change in volume, comparator gaps.

Same period last year is the reading for the same months a year earlier; failing
that, a ``last_year`` comparator stated for this period (a report's "8.2% the
previous year"). A change is given in the unit's points and as a share of last
year's value; a volume change comes from the denominators ("a 42% increase in the
number of initial assessments") and only when both years have them.
"""

from __future__ import annotations

from dataclasses import dataclass

from boardapp.domain.as_at import IndicatorView
from boardapp.domain.model import Reading
from boardapp.domain.periods import Period, years_before
from boardapp.domain.rag import shortfall
from boardapp.domain.terms import ComparatorKind
from boardapp.domain.units import rounded


@dataclass(frozen=True, slots=True)
class YearOnYear:
    reading: Reading
    value: float  # the reading's value
    previous_value: float
    previous_period: Period
    from_comparator: bool  # True when last year's value is a stated comparator
    change: float  # in the unit (points, for a percentage)
    change_percent: float | None  # as a share of last year's value; None from zero
    volume_change_percent: float | None  # from the denominators; None without both
    better: bool | None  # None when unchanged at the indicator's decimals


@dataclass(frozen=True, slots=True)
class ComparatorGap:
    kind: ComparatorKind
    period: Period
    value: float
    gap: float  # reading - comparator, in the unit
    better: bool | None  # None when level at the indicator's decimals


def percent_change(now: float, before: float) -> float | None:
    """The change from ``before`` to ``now`` as a percentage of ``before``."""
    if before == 0:
        return None
    return (now - before) / abs(before) * 100


def volume_change(now: Reading, before: Reading) -> float | None:
    """The percentage change in the denominator: the volume of work behind a rate."""
    if now.denominator is None or before.denominator is None:
        return None
    return percent_change(now.denominator, before.denominator)


def year_on_year(view: IndicatorView, reading: Reading) -> YearOnYear | None:
    """``reading`` against the same period a year before, as known in ``view``."""
    if reading.value is None:
        return None
    previous_period = years_before(reading.period)
    previous = view.series.at(previous_period)
    if previous is not None and previous.value is not None:
        before, volume, stated = previous.value, volume_change(reading, previous), False
    else:
        comparator = _comparator(view, ComparatorKind.LAST_YEAR, reading.period)
        if comparator is None:
            return None
        before, volume, stated = comparator, None, True
    return YearOnYear(
        reading=reading,
        value=reading.value,
        previous_value=before,
        previous_period=previous_period,
        from_comparator=stated,
        change=reading.value - before,
        change_percent=percent_change(reading.value, before),
        volume_change_percent=volume,
        better=better_than(reading.value, before, view),
    )


def comparator_gaps(view: IndicatorView, reading: Reading) -> tuple[ComparatorGap, ...]:
    """The reading against each comparator stated for its period (national, statistical
    neighbours...), in the order the comparators were given; last year is
    :func:`year_on_year`'s business."""
    if reading.value is None:
        return ()
    return tuple(
        ComparatorGap(c.kind, c.period, c.value, reading.value - c.value, better_than(reading.value, c.value, view))
        for c in view.comparators
        if c.period == reading.period and c.kind is not ComparatorKind.LAST_YEAR
    )


def better_than(value: float, other: float, view: IndicatorView) -> bool | None:
    """Whether ``value`` is better than ``other`` as shown (rounded); None when level."""
    decimals = view.indicator.decimals
    short = shortfall(rounded(value, decimals), rounded(other, decimals), view.indicator.polarity)
    if short == 0:
        return None
    return short < 0


def _comparator(view: IndicatorView, kind: ComparatorKind, period: Period) -> float | None:
    for comparator in view.comparators:
        if comparator.kind is kind and comparator.period == period:
            return comparator.value
    return None

