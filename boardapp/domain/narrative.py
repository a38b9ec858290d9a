"""Narrative: one or two plain sentences per indicator, from the data and nothing else.

The register is the reports': "August 2011: 80.5% of initial assessments within
timescale, above the 80% target and up from 78.3% in August 2010, despite a 42%
increase in assessments." Rules (docs/domain-rules.md, "Narrative"):

- The first sentence is the latest reading known on the date (of two ending together,
  the shorter), marked provisional if it is; then, where the data has them, where it
  stands against its target, against the same period last year, and the change in
  volume behind it. "Despite" only when the value improved while the volume rose.
- The target is the one judged by this very reading; failing that, the narrowest
  target whose period contains the reading's; failing that, the latest one to have
  ended before it (the reports treat a target as standing until replaced).
- The second sentence, if any, is the first of: the trajectory of the next target not
  yet due; the trend test of a due trend target; the change in a due gap target;
  the comparators stated for the reading's period.
- Directions are literal ("above", "up from"); a trend is claimed only by the trend
  test over at least three readings, never from two points.
- Numbers are written by the indicator's unit and decimals (units.py); targets drop
  trailing zeros ("the 80% target"). Nothing depends on the clock or on dict order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from boardapp.domain.actuals import gap_baseline
from boardapp.domain.as_at import IndicatorView
from boardapp.domain.comparisons import YearOnYear, comparator_gaps, year_on_year
from boardapp.domain.evaluation import TargetEvaluation, evaluate_view
from boardapp.domain.model import Indicator, Reading, Target
from boardapp.domain.periods import MONTH_NAMES, Period, PeriodKind, format_report_period
from boardapp.domain.rag import side
from boardapp.domain.series import Series
from boardapp.domain.terms import LEVEL_BASES, ComparatorKind, Polarity, RagStatus, TargetBasis, Unit
from boardapp.domain.units import format_difference, format_percent_change, format_value, rounded
from boardapp.domain.wording import TRAJECTORY_IN_A_SENTENCE

_VALUE_BASES = LEVEL_BASES
_TRAJECTORY_WORDS = TRAJECTORY_IN_A_SENTENCE
_COMPARATOR_WORDS = {
    ComparatorKind.NATIONAL: "national",
    ComparatorKind.STATISTICAL_NEIGHBOURS: "statistical neighbours",
    ComparatorKind.ENGLAND: "England",
    ComparatorKind.CORE_CITIES: "core cities",
    ComparatorKind.LAST_YEAR: "last year",
}


def narrate(
    view: IndicatorView,
    evaluations: Sequence[TargetEvaluation] | None = None,
    others: Mapping[str, Series] | None = None,
) -> str:
    """The sentences for one indicator as at ``view.as_at``. Pass ``evaluations`` when
    they are already made (they are made here otherwise; ``others`` for gap targets)."""
    judged = list(evaluations) if evaluations is not None else evaluate_view(view, others)
    reading = view.series.latest()
    if reading is None:
        return _no_reading(view, judged)
    sentences = [_lead(view, reading, reading.value or 0.0, judged), _follow_up(view, reading, judged)]
    return " ".join(s for s in sentences if s)


def _lead(view: IndicatorView, reading: Reading, value: float, judged: list[TargetEvaluation]) -> str:
    """The latest reading (``value`` is its value: ``Series.latest`` has one)."""
    indicator = view.indicator
    when = format_report_period(reading.period) + (" (provisional)" if reading.provisional else "")
    shown = format_value(value, indicator.unit, indicator.decimals)
    what = f"{shown} {indicator.narrative_phrase}" if indicator.narrative_phrase else f"{indicator.title} at {shown}"
    if reading.measure:
        what += f" ({reading.measure})"
    target = _target_for(view, reading, judged)
    yoy = year_on_year(view, reading)
    clauses = [c for c in (_against_target(indicator, value, target), _against_last_year(indicator, yoy)) if c]
    sentence = f"{when}: {what}" + (", " + " and ".join(clauses) if clauses else "")
    volume = _volume(indicator, yoy)
    return sentence + (f", {volume}" if volume else "") + "."


def _target_for(view: IndicatorView, reading: Reading, judged: list[TargetEvaluation]) -> Target | None:
    """The target this very reading was judged against: one set for its period, else
    a standing target judging it. A mid-year figure is never set against a target for
    the whole year, nor a figure against a target of another period."""
    found = [
        e for e in judged
        if e.due and e.actual is not None and e.actual.readings == (reading,) and e.target.basis in _VALUE_BASES
    ]
    if not found:
        return None
    return max(found, key=lambda e: (e.target.basis is not TargetBasis.STANDING, e.target.period.first)).target


def _against_target(indicator: Indicator, value: float, target: Target | None) -> str | None:
    if target is None:
        return None
    where = ("below", "at", "above")[side(rounded(value, indicator.decimals), target.value) + 1]
    by = f" set by {target.set_by}" if target.set_by else ""
    if target.value == 0 and indicator.unit is Unit.SCHOOLS:
        return f"{where} the target of no schools{by}"
    return f"{where} the {_target_value(indicator, target.value)} target{by}"


def in_line(now: float, before: float, decimals: int) -> bool:
    """True when two figures differ by no more than the indicator's shown precision
    (one unit of the last decimal shown): 8.3% against 8.2% is "in line with"."""
    return abs(rounded(now, decimals) - rounded(before, decimals)) <= 10.0**-decimals + 1e-9


def _against_last_year(indicator: Indicator, yoy: YearOnYear | None) -> str | None:
    if yoy is None:
        return None
    now = rounded(yoy.value, indicator.decimals)
    before = rounded(yoy.previous_value, indicator.decimals)
    if now == before:
        where = "unchanged from"
    elif in_line(now, before, indicator.decimals):
        where = "in line with"
    else:
        where = "up from" if now > before else "down from"
    previous = format_value(yoy.previous_value, indicator.unit, indicator.decimals)
    return f"{where} {previous} {in_period(yoy.previous_period)}"


def _volume(indicator: Indicator, yoy: YearOnYear | None) -> str | None:
    if yoy is None or yoy.volume_change_percent is None:
        return None
    change = rounded(yoy.volume_change_percent, 0)
    if change == 0:
        return None
    size = "increase" if change > 0 else "decrease"
    noun = indicator.volume_phrase or "volume"
    link = "despite" if yoy.better and change > 0 else "with"
    return f"{link} a {format_percent_change(change)} {size} in {noun}"


def _follow_up(view: IndicatorView, reading: Reading, judged: list[TargetEvaluation]) -> str | None:
    soonest_first = sorted(judged, key=lambda e: (e.target.period.last, e.target.period.month_count))
    for make in (_trajectory_sentence, _trend_sentence, _gap_sentence):
        for evaluation in soonest_first:
            sentence = make(view.indicator, evaluation)
            if sentence:
                return sentence
    return _comparators_sentence(view, reading)


def _trajectory_sentence(indicator: Indicator, evaluation: TargetEvaluation) -> str | None:
    trajectory = evaluation.trajectory
    if trajectory is None or trajectory.projected is None:
        return None
    target = evaluation.target
    projected = format_value(trajectory.projected, indicator.unit, indicator.decimals)
    where = _against_target(indicator, trajectory.projected, target)
    words = _TRAJECTORY_WORDS[trajectory.status]
    label = format_report_period(target.period)
    if trajectory.forecast is not None:
        return f"The service forecasts {projected} for {label}, {where}: {words}."
    if target.basis is TargetBasis.CUMULATIVE:
        months = trajectory.banked_months + trajectory.projected_months
        return (
            f"With {trajectory.banked_months} of {months} months in, the cumulative figure for {label} "
            f"is projected at {projected}, {where}: {words}."
        )
    return f"Projected from the last {trajectory.points} readings, {label} would be {projected}, {where}: {words}."


def _trend_sentence(indicator: Indicator, evaluation: TargetEvaluation) -> str | None:
    actual = evaluation.actual
    if evaluation.target.basis is not TargetBasis.TREND or not evaluation.due or actual is None:
        return None
    if actual.steps is None or actual.steps_better is None:
        return None
    points = len(actual.readings)
    higher = "higher" if indicator.polarity is Polarity.HIGHER_IS_BETTER else "lower"
    if actual.steps_better == actual.steps:
        return f"Each of the last {points} readings was {higher} than the one before."
    return f"Of the last {points} readings, {actual.steps_better} of {actual.steps} were {higher} than the one before."


def _gap_sentence(indicator: Indicator, evaluation: TargetEvaluation) -> str | None:
    actual = evaluation.actual
    target = evaluation.target
    if target.basis is not TargetBasis.GAP_CHANGE or evaluation.status is RagStatus.NOT_YET_DUE or actual is None:
        return None
    shown = rounded(actual.value, indicator.decimals)
    moved = "rose" if shown > 0 else "fell" if shown < 0 else "did not change"
    size = f" by {format_difference(actual.value, indicator.unit, indicator.decimals)}" if shown else ""
    wanted = "rise" if target.value > 0 else "fall"
    required = format_difference(target.value, indicator.unit, indicator.decimals)
    return (
        f"The gap {moved}{size} from {format_report_period(gap_baseline(target))} to "
        f"{format_report_period(target.period)}, "
        f"against a target {wanted} of {required}."
    )


def _comparators_sentence(view: IndicatorView, reading: Reading) -> str | None:
    gaps = comparator_gaps(view, reading)
    if not gaps:
        return None
    indicator = view.indicator
    listed = ", ".join(
        f"{_COMPARATOR_WORDS[g.kind]} {format_value(g.value, indicator.unit, indicator.decimals)}" for g in gaps
    )
    return f"Comparators for {format_report_period(reading.period)}: {listed}."


def _no_reading(view: IndicatorView, judged: list[TargetEvaluation]) -> str:
    indicator = view.indicator
    sentence = f"As at {_day(view.as_at)}, no reading of {indicator.code} ({indicator.title}) is recorded."
    upcoming = [e.target for e in judged if e.target.basis in _VALUE_BASES and not e.due]
    if not upcoming:
        return sentence
    target = min(upcoming, key=lambda t: (t.period.last, t.period.month_count))
    value = _target_value(indicator, target.value)
    return f"{sentence} The next target is {value} for {format_report_period(target.period)}."


def _target_value(indicator: Indicator, value: float) -> str:
    return format_value(value, indicator.unit, indicator.decimals, trim=True)


def in_period(period: Period) -> str:
    """"in August 2011", "in the 2009/10 academic year", "for November 2009 to January 2010"."""
    if period.kind is PeriodKind.ACADEMIC_YEAR:
        return f"in the {format_report_period(period)}"
    if period.kind is PeriodKind.RANGE:
        return f"for {format_report_period(period)}"
    return f"in {format_report_period(period)}"


def _day(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
