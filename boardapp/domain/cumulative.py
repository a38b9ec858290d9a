"""Cumulative figures over a run of months: sum of numerators over sum of denominators.

Never the mean of the monthly percentages: a month with 40 assessments must weigh
four times one with 10. The order of preference (docs/domain-rules.md, "Cumulative"):

1. every month of the range has counts: computed from them;
2. otherwise, a reading for the whole range as reported ("80.1% for March to October"):
   used as it stands, and said so;
3. otherwise, the months that do have counts: computed, marked partial (n of m months);
4. otherwise there is no figure.

A month whose denominator is zero adds nothing; a range whose denominators sum to
zero has no rate at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from boardapp.domain.actuals import Actual
from boardapp.domain.model import Reading
from boardapp.domain.periods import Period
from boardapp.domain.series import Series
from boardapp.domain.terms import ActualSource, Unit
from boardapp.domain.units import scale


@dataclass(frozen=True, slots=True)
class Counts:
    """The summed counts of the months of a range that have them."""

    numerator: float
    denominator: float
    readings: tuple[Reading, ...]
    months_expected: int

    @property
    def months_covered(self) -> int:
        return len(self.readings)

    @property
    def complete(self) -> bool:
        return self.months_covered == self.months_expected

    def value(self, unit: Unit) -> float | None:
        return cumulative_value(self.numerator, self.denominator, unit)


def cumulative_value(numerator: float, denominator: float, unit: Unit) -> float | None:
    """``numerator / denominator`` in ``unit`` (x100 for a percentage); None over zero."""
    if denominator == 0:
        return None
    return numerator / denominator * scale(unit)


def sum_counts(readings: Iterable[Reading], months_expected: int) -> Counts:
    with_counts = tuple([r for r in readings if r.numerator is not None and r.denominator is not None])
    return Counts(
        numerator=sum([r.numerator for r in with_counts]),  # type: ignore[misc]
        denominator=sum([r.denominator for r in with_counts]),  # type: ignore[misc]
        readings=with_counts,
        months_expected=months_expected,
    )


def month_readings(series: Series, period: Period) -> tuple[Reading, ...]:
    """The one-month readings inside ``period`` that exist, in month order."""
    return series.months(period)


def cumulative_actual(series: Series, period: Period, unit: Unit) -> Actual | None:
    """The cumulative figure for ``period`` by the order of preference above."""
    counts = sum_counts(month_readings(series, period), period.month_count)
    value = counts.value(unit)
    if counts.complete and value is not None:
        return _computed(counts, value, period, f"computed from the counts of all {period.month_count} months")
    reported = series.at(period)
    if reported is not None and reported.value is not None:
        note = "as reported for the whole period (the monthly counts are incomplete)"
        return Actual(reported.value, ActualSource.REPORTED_CUMULATIVE, period, (reported,), note=note)
    if value is not None:
        note = f"computed from {counts.months_covered} of {period.month_count} months' counts"
        return _computed(counts, value, period, note)
    return None


def _computed(counts: Counts, value: float, period: Period, note: str) -> Actual:
    return Actual(
        value,
        ActualSource.COMPUTED_CUMULATIVE,
        period,
        counts.readings,
        note=note,
        months_covered=counts.months_covered,
        months_expected=counts.months_expected,
    )
