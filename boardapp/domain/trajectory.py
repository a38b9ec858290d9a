"""Trajectory: where a target not yet due is heading, on the recent readings.

Method (docs/domain-rules.md, "Trajectory"): a Theil-Sen line through the last six
readings of the target's cadence (monthly readings for a cumulative target), drawn
on to the end of the target's period. Six points: the median of their fifteen
pairwise slopes shrugs off one odd month, and half a year is short enough to follow a
change of direction. Fewer than three points: no projection ("too few readings").

The projected value is judged like an actual (rag.py): met is on track, within the
amber band at risk, beyond it off track. A cumulative target banks the months already
in: their counts are kept, and only the months without a reading are projected, each
at the line's rate and at the median monthly volume of the recent run. Without
counts, the months are weighted equally, and the trajectory says so.

Projections are kept to what the unit allows: a percentage between 0 and 100, counts
and rates not below zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from boardapp.domain.cumulative import cumulative_value, month_readings
from boardapp.domain.model import Indicator, Reading, Target
from boardapp.domain.rag import judge
from boardapp.domain.robust_line import Line, median, theil_sen
from boardapp.domain.series import Series
from boardapp.domain.terms import Rag, TargetBasis, TrajectoryStatus, Unit
from boardapp.domain.units import scale

TRAJECTORY_POINTS = 6
MIN_TRAJECTORY_POINTS = 3

_STATUS = {Rag.GREEN: TrajectoryStatus.ON_TRACK, Rag.AMBER: TrajectoryStatus.AT_RISK, Rag.RED: TrajectoryStatus.OFF_TRACK}


@dataclass(frozen=True, slots=True)
class Trajectory:
    status: TrajectoryStatus
    projected: float | None
    points: int  # readings the line was drawn through
    banked_months: int = 0  # cumulative: months already in
    projected_months: int = 0  # cumulative: months projected
    note: str = ""
    forecast: Reading | None = None  # set when the projection is a forecast as reported


def from_forecast(indicator: Indicator, target: Target, forecast: Reading) -> Trajectory:
    """A forecast the service states for the target's period stands in for a projection
    ("current forecasts suggest that around 540 people will be receiving support")."""
    assert forecast.value is not None
    note = f"the forecast stated for {target.period.label}"
    return Trajectory(_status(forecast.value, target, indicator), forecast.value, 0, note=note, forecast=forecast)


def project(indicator: Indicator, target: Target, series: Series) -> Trajectory | None:
    """The trajectory of a value target; None for gap and trend targets, which are
    judged on their own terms (trend.py), not projected."""
    if target.basis in (TargetBasis.GAP_CHANGE, TargetBasis.TREND, TargetBasis.STANDING):
        return None
    if target.basis is TargetBasis.CUMULATIVE:
        return _project_cumulative(indicator, target, series)
    run = series.recent(target.period.month_count, target.period.last, TRAJECTORY_POINTS)
    line = _line(run)
    if line is None:
        return _too_few(len(run))
    projected = clamp(line.at(target.period.last), indicator.unit)
    note = f"a robust line through the last {len(run)} readings"
    return Trajectory(_status(projected, target, indicator), projected, len(run), note=note)


def _project_cumulative(indicator: Indicator, target: Target, series: Series) -> Trajectory:
    period = target.period
    banked = tuple([r for r in month_readings(series, period) if r.value is not None])
    banked_months = {r.period.first for r in banked}
    remaining = [m for m in range(period.first, period.last + 1) if m not in banked_months]
    run = series.recent(1, period.last, TRAJECTORY_POINTS)
    line = _line(run)
    if remaining and line is None:
        return _too_few(len(run))
    rates = _rates(line, remaining, indicator.unit) if line is not None else []
    projected, how = _combine(indicator.unit, banked, rates, run)
    note = f"{len(banked)} months banked, {len(remaining)} projected; {how}"
    return Trajectory(
        _status(projected, target, indicator),
        projected,
        len(run) if remaining else 0,
        banked_months=len(banked),
        projected_months=len(remaining),
        note=note,
    )


def _combine(
    unit: Unit, banked: tuple[Reading, ...], rates: list[float], run: tuple[Reading, ...]
) -> tuple[float, str]:
    """Banked months plus projected ones: by counts when every banked month has them
    and the run gives a volume, otherwise equally weighted."""
    volumes = [r.denominator for r in run if r.denominator is not None]
    counted = [r for r in banked if r.numerator is not None and r.denominator is not None]  # sum_counts, inline
    if len(counted) == len(banked) and (volumes or not rates):
        volume = median(volumes) if volumes else 0.0  # robust_line.median: statistics.median, lean
        per = scale(unit)
        numerator = sum([r.numerator for r in counted]) + sum([rate / per * volume for rate in rates])  # type: ignore[misc]
        denominator = sum([r.denominator for r in counted])  # type: ignore[misc]
        value = cumulative_value(numerator, denominator + volume * len(rates), unit)
        if value is not None:
            return value, "weighted by counts"
    values = [r.value for r in banked if r.value is not None] + rates
    return sum(values) / len(values), "months weighted equally (no counts)"


def _rates(line: Line, months: list[int], unit: Unit) -> list[float]:
    """The line's value at each month, kept to what ``unit`` allows: clamp() for each,
    in one loop (a year's months for every cumulative target not yet due)."""
    slope, intercept = line.slope, line.intercept
    values = [intercept + slope * m for m in months]
    if unit is Unit.PERCENTAGE_POINTS:
        return values
    if unit is Unit.PERCENT:  # min(100.0, max(0.0, value)), spelt out
        return [100.0 if value >= 100.0 else value if value > 0.0 else 0.0 for value in values]
    return [value if value > 0.0 else 0.0 for value in values]


def clamp(value: float, unit: Unit) -> float:
    """A projection kept to what ``unit`` allows."""
    if unit is Unit.PERCENTAGE_POINTS:
        return value
    if unit is Unit.PERCENT:
        return min(100.0, max(0.0, value))
    return max(0.0, value)


def _line(run: tuple[Reading, ...]) -> Line | None:
    if len(run) < MIN_TRAJECTORY_POINTS:
        return None
    return theil_sen([(float(r.period.last), r.value) for r in run if r.value is not None])


def _too_few(points: int) -> Trajectory:
    note = f"too few readings to project ({points} of the {MIN_TRAJECTORY_POINTS} a projection needs)"
    return Trajectory(TrajectoryStatus.TOO_FEW_READINGS, None, points, note=note)


def _status(projected: float, target: Target, indicator: Indicator) -> TrajectoryStatus:
    return _STATUS[judge(projected, target.value, indicator)]
