"""Judgement: what an indicator says now, and what a requirement says because of it.

One rule, used by the window, the pack and the command line (docs/domain-rules.md,
"The target that matters now"):

- **The target that matters now** is the most recent target that can be judged with a
  figure: of the targets due and judged (green, amber or red), the one whose figure
  is latest; of two judged on the same figure, the one set for exactly that figure's
  period rather than a standing target. A standing target replaced by a later one no
  longer judges anything.
- With none judged, the soonest target not yet due, judged by its trajectory (on
  course, at risk, off course); never called missed.
- With neither, a due target whose period ended with no figure ("no figure reported for
  October 2010 to March 2011"); with no readings at all, "no data".
- A due target with no figure is listed beside the judgement (``unreported``), never
  hides it.
- An indicator with no target has no status and never colours a requirement.

A requirement stands at the worst of its indicators' judgements (red, amber, no figure,
no data, green; not yet due only when all are), and names the indicator that puts it
there: "Red: CASELOAD 21 for September 2011 misses the target of 20 ...".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from boardapp.domain.as_at import IndicatorView
from boardapp.domain.evaluation import TargetEvaluation
from boardapp.domain.model import Indicator, Target, Threshold
from boardapp.domain.periods import MONTH_NAMES, Period, PeriodKind, format_report_period
from boardapp.domain.rag import band_words, shortfall
from boardapp.domain.summary import worst
from boardapp.domain.terms import Polarity, RagStatus, TargetBasis, ThresholdKind, Unit
from boardapp.domain.units import format_difference, format_value, rounded
from boardapp.domain.wording import RAG_STATUS, TRAJECTORY_IN_A_SENTENCE

JUDGED = (RagStatus.GREEN, RagStatus.AMBER, RagStatus.RED)
REPORTED_SHOWN = 3  # figures reported without a target, named in a requirement's reason

TRAJECTORY_WORDS = TRAJECTORY_IN_A_SENTENCE

THRESHOLD_WORDS = {
    ThresholdKind.ALERT: "alert",
    ThresholdKind.KEY_THRESHOLD: "key threshold",
    ThresholdKind.BAND: "performance band",
    ThresholdKind.BENCHMARK: "benchmark",
    ThresholdKind.GOAL: "goal (no date set)",
}


@dataclass(frozen=True, slots=True)
class Judgement:
    """One indicator as at a date: the target that matters now, judged, in words."""

    indicator: Indicator
    status: RagStatus | None  # None: the indicator has no target
    current: TargetEvaluation | None  # the target that matters now, evaluated
    reason: str  # why, in plain words, without the status word
    unreported: tuple[TargetEvaluation, ...] = ()  # due targets whose period ended with no figure
    thresholds: tuple[str, ...] = ()  # lines that are not targets, in words
    latest: str = ""  # the latest reading in words: "NI108-BLACK 9.5 percentage points for ..."

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def target(self) -> Target | None:
        return self.current.target if self.current is not None else None

    @property
    def says(self) -> str:
        """The status and the reason: "Green: 80.5% for August 2011 meets ..."."""
        if self.status is None:
            return self.reason
        return f"{RAG_STATUS[self.status]}: {self.reason}"

    @property
    def unreported_words(self) -> str:
        """"no figure reported for June 2010 (72%), October 2010 (80%)", or ""."""
        if not self.unreported:
            return ""
        listed = ", ".join(
            f"{period_words(e.target.period)} ({target_value(e.target, self.indicator)})"
            for e in self.unreported
        )
        return f"no figure reported for {listed}"


@dataclass(frozen=True, slots=True)
class RequirementJudgement:
    """A requirement's standing from its indicators' judgements, naming its cause."""

    status: RagStatus | None  # None: no indicator with a target
    driver: Judgement | None  # the indicator that puts it there
    judgements: tuple[Judgement, ...]  # every linked indicator with a target, in the requirement's order
    reason: str

    @property
    def says(self) -> str:
        if self.status is None:
            return self.reason
        return f"{RAG_STATUS[self.status]}: {self.reason}"


def judge_indicator(view: IndicatorView, evaluations: Sequence[TargetEvaluation]) -> Judgement:
    """The judgement of one indicator from every evaluation of its targets."""
    indicator = view.indicator
    thresholds = tuple(threshold_words(t, indicator) for t in view.thresholds)
    reading = view.series.latest()
    latest = ""
    if reading is not None and reading.value is not None:
        latest = f"{indicator.code} {figure_words(indicator, reading.value, reading.period, reading.provisional, reading.measure)}"
    if not evaluations:
        return Judgement(indicator, None, None, f"{indicator.code} has no target", thresholds=thresholds, latest=latest)
    live = _in_force(evaluations)
    unreported = tuple(
        sorted((e for e in live if e.status is RagStatus.DUE_NO_READING), key=lambda e: e.target.period.last)
    )
    current = _matters_now(live)
    reason = _reason(view, current)
    return Judgement(indicator, current.status, current, reason, tuple(e for e in unreported if e is not current),
                     thresholds, latest)


def judge_requirement(judgements: Iterable[Judgement]) -> RequirementJudgement:
    """A requirement's standing: the worst of its indicators' (those with a target)."""
    listed = tuple(judgements)
    judged = tuple(j for j in listed if j.status is not None)
    if not judged:
        return RequirementJudgement(None, None, (), "no linked indicator has a target")
    status = worst(j.status for j in judged if j.status is not None) or RagStatus.NOT_YET_DUE
    driver = next(j for j in judged if j.status is status)
    others = [j for j in judged if j is not driver]
    reason = f"{driver.indicator.title} ({driver.code}): {driver.reason}"
    if others:
        reason += "; also " + ", ".join(f"{j.code} {RAG_STATUS[j.status].lower()}" for j in others if j.status)
    if status not in JUDGED:
        reported = [j.latest for j in listed if j.status is None and j.latest]
        if reported:
            more = f"; and {len(reported) - REPORTED_SHOWN} more" if len(reported) > REPORTED_SHOWN else ""
            reason += "; reported without a target: " + "; ".join(reported[:REPORTED_SHOWN]) + more
    return RequirementJudgement(status, driver, judged, reason)


def _in_force(evaluations: Sequence[TargetEvaluation]) -> list[TargetEvaluation]:
    """Every evaluation but those of standing targets replaced by a later one in force."""
    standing = [e for e in evaluations if e.target.basis is TargetBasis.STANDING and e.due]
    if len(standing) < 2:
        return list(evaluations)
    newest = max(standing, key=lambda e: (e.target.period.first, e.target.known_on or e.as_at))
    return [e for e in evaluations if e.target.basis is not TargetBasis.STANDING or not e.due or e is newest]


def _matters_now(evaluations: Sequence[TargetEvaluation]) -> TargetEvaluation:
    judged = [e for e in evaluations if e.status in JUDGED and e.actual is not None]
    if judged:
        return max(judged, key=_recency)
    pending = [e for e in evaluations if e.status is RagStatus.NOT_YET_DUE]
    if pending:
        return min(pending, key=lambda e: (e.target.period.last, e.target.period.month_count))
    missing = [e for e in evaluations if e.status is RagStatus.DUE_NO_READING]
    if missing:
        return max(missing, key=lambda e: (e.target.period.last, -e.target.period.month_count))
    return evaluations[-1]


def _recency(evaluation: TargetEvaluation) -> tuple[int, int, int, int]:
    """Latest figure first; on one figure, a target set for exactly its period beats a
    standing one; then the narrower figure, then the later target."""
    actual = evaluation.actual
    assert actual is not None
    specific = 0 if evaluation.target.basis is TargetBasis.STANDING else 1
    return actual.period.last, specific, -actual.period.month_count, evaluation.target.period.last


def _reason(view: IndicatorView, evaluation: TargetEvaluation) -> str:
    indicator = view.indicator
    target = evaluation.target
    phrase = target_phrase(target, indicator)
    status = evaluation.status
    if status is RagStatus.NO_DATA:
        return f"no readings of {indicator.code} yet; the {phrase}"
    if status is RagStatus.DUE_NO_READING:
        return f"{evaluation.reason}; the {phrase}"
    if status is RagStatus.NOT_YET_DUE:
        return _pending_reason(view, evaluation, phrase)
    actual = evaluation.actual
    assert actual is not None
    if target.basis is TargetBasis.TREND:
        return f"{_trend_words(indicator, evaluation)}, against the {phrase}"
    if target.basis is TargetBasis.GAP_CHANGE:
        change = format_difference(actual.value, indicator.unit, indicator.decimals)
        moved = "narrowed" if rounded(actual.value, indicator.decimals) < 0 else "widened"
        if rounded(actual.value, indicator.decimals) == 0:
            return f"{actual.note}: no change, against the {phrase}"
        return f"{actual.note}: {moved} by {change}, against the {phrase}"
    figure = figure_words(indicator, actual.value, actual.period, actual.provisional)
    how = f" ({actual.note})" if actual.note else ""
    if status is RagStatus.GREEN:
        return f"{figure}{how} meets the {phrase}"
    short = shortfall(rounded(actual.value, indicator.decimals), target.value, indicator.polarity)
    by = format_difference(short, indicator.unit, indicator.decimals)
    side = "above" if indicator.polarity is Polarity.LOWER_IS_BETTER else "below"
    if status is RagStatus.AMBER:
        return f"{figure}{how} is {by} {side} the {phrase}, within the band ({band_words(indicator)})"
    return f"{figure}{how} is {by} {side} the {phrase}: missed ({band_words(indicator)})"


def _pending_reason(view: IndicatorView, evaluation: TargetEvaluation, phrase: str) -> str:
    """"the 536 target for 2007/08 is not yet due: 536 needed by 31 March 2008; 344 for
    April to September 2007 so far; forecast 540: on course"."""
    indicator = view.indicator
    target = evaluation.target
    if target.basis is TargetBasis.STANDING:
        return f"the {phrase} takes effect from {format_report_period(target.period)}"
    parts = [f"the {phrase} is not yet due", f"{target_value(target, indicator)} needed by {_end(target)}"]
    so_far = evaluation.actual
    if so_far is not None:
        parts.append(f"{figure_words(indicator, so_far.value, so_far.period, so_far.provisional)} so far")
    else:
        inside = [r for r in view.series.within(target.period) if r.value is not None]
        if inside:
            latest = inside[-1]
            assert latest.value is not None
            parts.append(f"{figure_words(indicator, latest.value, latest.period, latest.provisional)} so far")
    trajectory = evaluation.trajectory
    if trajectory is not None and trajectory.projected is not None:
        projected = format_value(trajectory.projected, indicator.unit, indicator.decimals)
        kind = "forecast" if trajectory.forecast is not None else "projected"
        parts.append(f"{kind} {projected}: {TRAJECTORY_WORDS[trajectory.status]}")
    elif trajectory is not None:
        parts.append(trajectory.note)
    return "; ".join(parts)


def _end(target: Target) -> str:
    end = target.period.end
    return f"{end.day} {MONTH_NAMES[end.month - 1]} {end.year}"


def _trend_words(indicator: Indicator, evaluation: TargetEvaluation) -> str:
    actual = evaluation.actual
    assert actual is not None
    points = len(actual.readings)
    higher = "higher" if indicator.polarity is Polarity.HIGHER_IS_BETTER else "lower"
    if actual.steps is not None and actual.steps_better == actual.steps:
        return f"each of the last {points} readings was {higher} than the one before"
    return f"{actual.steps_better} of {actual.steps} steps over the last {points} readings were {higher}"


def period_words(period: Period) -> str:
    """A period as it follows "for": "August 2011", "the 2009/10 academic year"."""
    words = format_report_period(period)
    return f"the {words}" if period.kind is PeriodKind.ACADEMIC_YEAR else words


def figure_words(
    indicator: Indicator, value: float, period: Period, provisional: bool = False, measure: str = ""
) -> str:
    """"80.5% for August 2011"; "(provisional, change over three years)" when it is."""
    shown = format_value(value, indicator.unit, indicator.decimals)
    notes = ", ".join(x for x in ("provisional" if provisional else "", measure) if x)
    return f"{shown} for {period_words(period)}" + (f" ({notes})" if notes else "")


def target_value(target: Target, indicator: Indicator) -> str:
    if target.basis is TargetBasis.TREND:
        return "a sustained upward trend"
    if target.basis is TargetBasis.GAP_CHANGE:
        size = format_difference(target.value, indicator.unit, indicator.decimals)
        return f"gap {'narrowed' if target.value < 0 else 'widened'} by {size}"
    if target.value == 0 and indicator.unit is Unit.SCHOOLS:
        return "no schools"
    return format_value(target.value, indicator.unit, indicator.decimals, trim=True)


def target_phrase(target: Target, indicator: Indicator) -> str:
    """A target as a sentence names it, after "the": "80% standing target set by the improvement
    plan", "75.2% target for the 2009/10 academic year"."""
    value = target_value(target, indicator)
    label = period_words(target.period)
    by = f" set by {target.set_by}" if target.set_by else ""
    if target.basis is TargetBasis.STANDING:
        return f"{value} standing target{by}"
    if target.basis is TargetBasis.TREND:
        return f"target of a sustained upward trend by {label}{by}"
    if target.basis is TargetBasis.GAP_CHANGE:
        return f"target of the {value} in {label}{by}"
    if target.basis is TargetBasis.CUMULATIVE:
        return f"{value} cumulative target for {label}{by}"
    if value == "no schools":
        return f"target of no schools for {label}{by}"
    return f"{value} target for {label}{by}"


def target_words(target: Target, indicator: Indicator) -> str:
    """A target as the notice says it: "target 80% for June 2010", "gap narrowed by 5 points"."""
    period = target.period.label
    if target.basis is TargetBasis.TREND:
        return f"target: a sustained upward trend by {period}"
    if target.basis is TargetBasis.GAP_CHANGE:
        size = format_difference(target.value, indicator.unit, indicator.decimals)
        direction = "narrowed" if target.value < 0 else "widened"
        return f"target: gap {direction} by {size} in {period}"
    value = format_value(target.value, indicator.unit, indicator.decimals, trim=True)
    by = f", set by {target.set_by}" if target.set_by else ""
    if target.basis is TargetBasis.STANDING:
        return f"target {value} standing since {period}{by}"
    if target.basis is TargetBasis.CUMULATIVE:
        return f"target {value} cumulative, {period}{by}"
    return f"target {value} for {period}{by}"


def threshold_words(threshold: Threshold, indicator: Indicator) -> str:
    """A line that is not a target, as what it is: "alert at 25: senior managers ..."."""
    unit = indicator.unit if indicator.unit is not Unit.NUMBER else Unit.COUNT
    value = format_value(threshold.value, unit, indicator.decimals, trim=True)
    if threshold.kind is ThresholdKind.GOAL:
        return f"goal of {value}, with no date set: {threshold.label} (not a target)"
    return f"{THRESHOLD_WORDS[threshold.kind]} at {value}: {threshold.label} (not a target)"
