"""Evaluating targets: the actual to compare, the status, and where it is heading.

A target is *due* once its period has ended (the as-at date is after its last day),
or sooner when the figure for the whole period is already in: "2011" examination
results arrive in the autumn. Then (docs/domain-rules.md, "Status"):

- the indicator has no reading with a value at all: ``no_data``;
- there is no figure for the target (no reading for its period, too few readings for
  a trend, denominators summing to zero): ``due_no_reading``;
- otherwise the RAG of the actual (rag.py), or of the trend test (trend.py).

Before then it is ``not_yet_due``, with whatever figure there is so far (a cumulative
of the months in, a trend so far) and a trajectory (trajectory.py).

:func:`evaluate_all` is the entry point for a whole board: every target of every
indicator as at a date, in time linear in the number of readings and targets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from boardapp.domain.actuals import Actual, gap_actual, gap_series, period_actual, standing_actual
from boardapp.domain.as_at import IndicatorView, view_as_at
from boardapp.domain.cumulative import cumulative_actual, month_readings, sum_counts
from boardapp.domain.model import IndicatorData, Target
from boardapp.domain.rag import judge
from boardapp.domain.series import Series
from boardapp.domain.terms import ActualSource, Polarity, Rag, RagStatus, TargetBasis
from boardapp.domain.trajectory import Trajectory, from_forecast, project
from boardapp.domain.trend import MIN_TREND_POINTS, judge_trend, trend_run


@dataclass(frozen=True, slots=True)
class TargetEvaluation:
    indicator_code: str
    target: Target
    as_at: date
    status: RagStatus
    actual: Actual | None  # so far, when not yet due
    trajectory: Trajectory | None  # only when not yet due
    reason: str  # the status in plain words, for a tooltip or a pack's note

    @property
    def due(self) -> bool:
        return self.status is not RagStatus.NOT_YET_DUE


def is_due(target: Target, day: date) -> bool:
    """True once the target's period has ended (it may be judged sooner: see above); a
    standing target from the day it takes effect."""
    if target.basis is TargetBasis.STANDING:
        return day >= target.period.start
    return day > target.period.end


def evaluate_target(
    view: IndicatorView, target: Target, others: Mapping[str, Series] | None = None
) -> TargetEvaluation:
    """One target as at ``view.as_at``. ``others`` holds the series a gap target names."""
    others = others or {}
    actual, rag = _actual_and_rag(view, target, others)
    if not is_due(target, view.as_at) and not _whole(actual, target):
        forecast = view.forecast(target.period)
        trajectory = (
            from_forecast(view.indicator, target, forecast) if forecast is not None
            else project(view.indicator, target, view.series)
        )
        when = f"from {target.period.label}" if target.basis is TargetBasis.STANDING else f"due after {target.period.label}"
        return _evaluation(view, target, RagStatus.NOT_YET_DUE, actual, when, trajectory)
    if all(series.empty for series in _sources(view, target, others)):
        return _evaluation(view, target, RagStatus.NO_DATA, None, "no readings")
    if actual is None or rag is None:
        return _evaluation(view, target, RagStatus.DUE_NO_READING, None, _missing(view, target))
    return _evaluation(view, target, RagStatus(rag.value), actual, actual.note or f"the reading for {actual.period.label}")


def evaluate_view(view: IndicatorView, others: Mapping[str, Series] | None = None) -> list[TargetEvaluation]:
    """Every target known in ``view``, in the order given."""
    return [evaluate_target(view, target, others) for target in view.targets]


def evaluate_indicator(
    data: IndicatorData, day: date, others: Sequence[IndicatorData] = ()
) -> list[TargetEvaluation]:
    """Every target of one indicator as at ``day``; ``others`` for gap targets' series."""
    series = {d.code: view_as_at(d, day).series for d in others}
    return evaluate_view(view_as_at(data, day), series)


def evaluate_all(indicators: Sequence[IndicatorData], day: date) -> list[TargetEvaluation]:
    """Every target of every indicator as at ``day``: what was known then, judged.

    One pass to rebuild and index each indicator's readings as at the date, one pass
    over the targets; nothing is sorted per target. This is what the benchmark times.
    """
    views = [view_as_at(data, day) for data in indicators]
    series = {view.indicator.code: view.series for view in views}
    return [evaluation for view in views for evaluation in evaluate_view(view, series)]


def _actual_and_rag(
    view: IndicatorView, target: Target, others: Mapping[str, Series]
) -> tuple[Actual | None, Rag | None]:
    """The actual for the target's basis, and its RAG (None without an actual)."""
    if target.basis is TargetBasis.TREND:
        test = judge_trend(view.indicator, target, view.series)
        return (test.actual, test.rag) if test is not None else (None, None)
    actual = _actual(view, target, others)
    if actual is None:
        return None, None
    return actual, judge(actual.value, target.value, view.indicator)


def _actual(view: IndicatorView, target: Target, others: Mapping[str, Series]) -> Actual | None:
    if target.basis is TargetBasis.CUMULATIVE:
        return cumulative_actual(view.series, target.period, view.indicator.unit)
    if target.basis is TargetBasis.GAP_CHANGE:
        return gap_actual(target, view.series, others)
    if target.basis is TargetBasis.STANDING:
        return standing_actual(view.series, target)
    actual = period_actual(view.series, target.period)
    if actual is None and target.basis is TargetBasis.COUNT:
        return _reached_early(view, target)
    return actual


def _reached_early(view: IndicatorView, target: Target) -> Actual | None:
    """A count that must rise to a level and is already there before its period ends is
    met ("An ambitious 2009/10 target of 116,000 ... exceeded by the end of quarter two
    (121,650)"). A count still short mid-period is not judged: it may yet get there."""
    if view.indicator.polarity is not Polarity.HIGHER_IS_BETTER:
        return None
    for reading in reversed(view.series.within(target.period)):
        if reading.value is not None and judge(reading.value, target.value, view.indicator) is Rag.GREEN:
            note = f"reached before {target.period.label} ended"
            return Actual(reading.value, ActualSource.READING, reading.period, (reading,), note=note, early=True)
    return None


def _whole(actual: Actual | None, target: Target) -> bool:
    """True when ``actual`` is the figure for the whole of the target's period."""
    if target.basis is TargetBasis.STANDING:
        return False
    if actual is not None and actual.early:
        return True
    return actual is not None and not actual.partial and actual.period.last == target.period.last


def _sources(view: IndicatorView, target: Target, others: Mapping[str, Series]) -> tuple[Series, ...]:
    if target.basis is TargetBasis.GAP_CHANGE:
        return gap_series(target, view.series, others)
    return (view.series,)


def _missing(view: IndicatorView, target: Target) -> str:
    """Why a due target has no figure, in plain words."""
    label = target.period.label
    if target.basis is TargetBasis.TREND:
        count = len(trend_run(view.series, target))
        return f"{count} readings up to {label}; a trend needs {MIN_TREND_POINTS}"
    if target.basis is TargetBasis.GAP_CHANGE:
        return f"the gap cannot be worked out for both {label} and the baseline"
    if target.basis is TargetBasis.STANDING:
        return f"no reading since the target took effect in {label}"
    if target.basis is TargetBasis.CUMULATIVE:
        counts = sum_counts(month_readings(view.series, target.period), target.period.month_count)
        if counts.months_covered and counts.denominator == 0:
            return f"the denominators for {label} sum to zero: there is no rate"
    return f"no figure reported for {label}"


def _evaluation(
    view: IndicatorView,
    target: Target,
    status: RagStatus,
    actual: Actual | None,
    reason: str,
    trajectory: Trajectory | None = None,
) -> TargetEvaluation:
    return TargetEvaluation(view.indicator.code, target, view.as_at, status, actual, trajectory, reason)
