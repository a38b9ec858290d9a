"""Actuals: the figure a target is judged by, and where it came from.

This module holds the figure itself and the simple bases: the reading for a period
(``period``, ``academic_year``, ``count``) and the change in a gap (``gap_change``).
Cumulative figures are in :mod:`cumulative`, trend tests in :mod:`trend`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from boardapp.domain.model import Reading, Target
from boardapp.domain.periods import Period, years_before
from boardapp.domain.series import Series
from boardapp.domain.terms import ActualSource


@dataclass(frozen=True, slots=True)
class Actual:
    """A figure to compare with a target, with what it was made from.

    ``months_covered``/``months_expected`` are set for cumulative figures (a partial
    figure covers fewer months than its range); ``steps``/``steps_better`` for trends.
    """

    value: float
    source: ActualSource
    period: Period
    readings: tuple[Reading, ...]
    note: str = ""
    months_covered: int | None = None
    months_expected: int | None = None
    steps: int | None = None
    steps_better: int | None = None
    early: bool = False  # a count target reached before its period ended

    @property
    def provisional(self) -> bool:
        """True when any reading it rests on is provisional."""
        return any(reading.provisional for reading in self.readings)

    @property
    def partial(self) -> bool:
        return self.months_covered is not None and self.months_covered != self.months_expected


def period_actual(series: Series, period: Period) -> Actual | None:
    """The reading for exactly ``period``. Nothing else stands for it: a cumulative
    March-October figure is not October's, and a rolling November-January figure is
    judged against a target set for November-January (as the demo data sets NI 117)."""
    reading = series.at(period)
    if reading is None or reading.value is None:
        return None
    return Actual(reading.value, ActualSource.READING, period, (reading,))


def standing_actual(series: Series, target: Target) -> Actual | None:
    """A standing target judges the latest reading, if it ends once the target stands."""
    reading = series.latest()
    if reading is None or reading.value is None or reading.period.last < target.period.first:
        return None
    return Actual(reading.value, ActualSource.READING, reading.period, (reading,))


def gap_baseline(target: Target) -> Period:
    return target.baseline if target.baseline is not None else years_before(target.period)


def gap_actual(target: Target, own: Series, others: Mapping[str, Series]) -> Actual | None:
    """The change in the gap from the baseline period to the target's period."""
    baseline = gap_baseline(target)
    now = _gap(target, target.period, own, others)
    then = _gap(target, baseline, own, others)
    if now is None or then is None:
        return None
    note = f"the gap went from {then[0]:g} in {baseline.label} to {now[0]:g} in {target.period.label}"
    return Actual(now[0] - then[0], ActualSource.GAP_CHANGE, target.period, then[1] + now[1], note=note)


def gap_series(target: Target, own: Series, others: Mapping[str, Series]) -> tuple[Series, ...]:
    """The series a gap target is read from."""
    if target.series is None:
        return (own,)
    empty = Series.of("", ())
    return tuple(others.get(code, empty) for code in target.series)


def _gap(
    target: Target, period: Period, own: Series, others: Mapping[str, Series]
) -> tuple[float, tuple[Reading, ...]] | None:
    readings = tuple(series.at(period) for series in gap_series(target, own, others))
    values = [r.value for r in readings if r is not None and r.value is not None]
    if len(values) != len(readings):
        return None
    found = tuple(r for r in readings if r is not None)
    return (values[0] - values[1], found) if len(values) == 2 else (values[0], found)
