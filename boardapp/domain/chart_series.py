"""What an indicator's chart draws, as plain data: the chart widget pulls it through this
narrow shape and knows nothing of where it came from (STYLE.md, "Charts are views")."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from boardapp.domain.as_at import IndicatorView
from boardapp.domain.evaluation import TargetEvaluation
from boardapp.domain.judgement import THRESHOLD_WORDS, threshold_words
from boardapp.domain.model import Indicator, Reading, Target, Threshold
from boardapp.domain.periods import Period, month_of
from boardapp.domain.rag import amber_band
from boardapp.domain.target_history import change_line, day_words, value_revisions
from boardapp.domain.terms import (
    ComparatorKind,
    Polarity,
    RagStatus,
    TargetBasis,
    ThresholdKind,
    TrajectoryStatus,
    Unit,
)
from boardapp.domain.units import format_value
from boardapp.domain.wording import RAG_STATUS


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """A reading: one month (drawn as a point) or a run of months (drawn across it)."""

    period: Period
    value: float
    provisional: bool
    revised: bool
    label: str  # the hover text


@dataclass(frozen=True, slots=True)
class ChartStep:
    """A stretch of a revised target's line: the value it had from ``start`` to ``end``
    (days, both included), its amber band then, and the hover text."""

    start: date
    end: date
    value: float
    band: float
    label: str


@dataclass(frozen=True, slots=True)
class ChartTarget:
    period: Period
    value: float
    basis: TargetBasis
    band: float  # amber band width, on the side of the target that misses it
    status: RagStatus
    label: str
    # A target revised within the months it is drawn across: its value as it stood at
    # each date, oldest first, stepping on each revision's day. Empty: ``value`` throughout.
    steps: tuple[ChartStep, ...] = ()

    @property
    def revised_on(self) -> tuple[date, ...]:
        """The days the line steps."""
        return tuple(step.start for step in self.steps[1:])


@dataclass(frozen=True, slots=True)
class ChartComparator:
    period: Period
    value: float
    kind: ComparatorKind
    label: str


@dataclass(frozen=True, slots=True)
class ChartTrajectory:
    start: Period
    start_value: float
    end: Period
    end_value: float
    status: TrajectoryStatus
    label: str


@dataclass(frozen=True, slots=True)
class ChartThreshold:
    """A line that is not a target (an alert, a key threshold, a band's edge, a
    benchmark, a goal with no date): drawn across the whole chart, never judged."""

    value: float
    kind: ThresholdKind
    label: str  # the hover text: "alert at 25: senior managers monitor ... (not a target)"
    tag: str = ""  # the short text at the line's end: "Alert 25"


@dataclass(frozen=True, slots=True)
class ChartSeries:
    code: str
    title: str
    unit: Unit
    decimals: int
    polarity: Polarity
    points: tuple[ChartPoint, ...]  # one-month readings, in time order
    spans: tuple[ChartPoint, ...]  # readings over several months (cumulative, quarters, years)
    targets: tuple[ChartTarget, ...]
    comparators: tuple[ChartComparator, ...]
    trajectories: tuple[ChartTrajectory, ...]
    thresholds: tuple[ChartThreshold, ...] = ()  # lines that are not targets, lowest first

    @property
    def empty(self) -> bool:
        return not (self.points or self.spans or self.targets)

    @property
    def revised_words(self) -> str:
        """The legend's words for a target line that steps where it was revised: "Target
        revised 1 Nov 2011"; "" when none does."""
        days = sorted({day for target in self.targets for day in target.revised_on})
        if not days:
            return ""
        if len(days) > 2:
            return f"Target revised on {len(days)} days (steps)"
        return "Target revised " + " and ".join(day_words(day) for day in days)

    def value_text(self, value: float) -> str:
        return format_value(value, self.unit, self.decimals)


def chart_series(
    view: IndicatorView,
    evaluations: Sequence[TargetEvaluation],
    details: Mapping[Period, str] | None = None,
) -> ChartSeries:
    """The chart of one indicator as at the view's date. ``details`` adds lines to a
    reading's hover text (its source, commentary), keyed by period."""
    indicator = view.indicator
    details = details or {}

    def value(v: float) -> str:
        return format_value(v, indicator.unit, indicator.decimals)

    def point(reading: Reading) -> ChartPoint:
        assert reading.value is not None
        lines = [f"{reading.period.label}: {value(reading.value)}"]
        if reading.has_counts:
            lines.append(f"{reading.numerator:,.0f} of {reading.denominator:,.0f}")
        lines.append("provisional" if reading.provisional else "validated")
        if reading.revisions:
            lines.append(f"revised {len(reading.revisions)} time(s); was {_was(reading, value)}")
        if reading.period in details:
            lines.append(details[reading.period])
        return ChartPoint(reading.period, reading.value, reading.provisional, bool(reading.revisions), "\n".join(lines))

    with_value = [r for r in view.series.in_order if r.value is not None]
    # A comparator is drawn only beside a reading of the same period in the series drawn:
    # NI 108's national one-year change is not set beside Leeds's three-year change.
    drawn_periods = {r.period for r in with_value}
    spans = _standing_spans(view, evaluations)
    targets = []
    trajectories = []
    for evaluation in evaluations:
        target = evaluation.target
        if target.basis in (TargetBasis.TREND, TargetBasis.GAP_CHANGE):
            continue
        band = amber_band(indicator, target.value)
        drawn = spans.get(target, target.period)
        kind = target.basis.value.replace("_", " ")
        when = f"since {target.period.label}" if target.basis is TargetBasis.STANDING else target.period.label
        by = f", set by {target.set_by}" if target.set_by else ""
        revised = "".join(f"\nRevised: {change_line(r, value)}" for r in value_revisions(target))
        targets.append(
            ChartTarget(
                drawn, target.value, target.basis, band, evaluation.status,
                f"Target {value(target.value)} ({kind}), {when}{by}: {RAG_STATUS[evaluation.status].lower()}{revised}",
                _steps(target, drawn, indicator, value),
            )
        )
        trajectory = evaluation.trajectory
        if trajectory is not None and trajectory.projected is not None:
            run = view.series.recent(1, target.period.last, 1) or view.series.recent(
                target.period.month_count, target.period.last, 1
            )
            if run and run[-1].value is not None:
                trajectories.append(
                    ChartTrajectory(
                        run[-1].period, run[-1].value, target.period, trajectory.projected, trajectory.status,
                        f"Projected {value(trajectory.projected)} for {target.period.label}: "
                        f"{trajectory.status.value.replace('_', ' ')} ({trajectory.note})",
                    )
                )
    return ChartSeries(
        code=indicator.code,
        title=indicator.title,
        unit=indicator.unit,
        decimals=indicator.decimals,
        polarity=indicator.polarity,
        points=tuple(point(r) for r in with_value if r.period.month_count == 1),
        spans=tuple(point(r) for r in with_value if r.period.month_count > 1),
        targets=tuple(targets),
        comparators=tuple(
            ChartComparator(c.period, c.value, c.kind, f"{c.kind.value.replace('_', ' ')} {c.period.label}: {value(c.value)}")
            for c in view.comparators
            if c.period in drawn_periods
        ),
        trajectories=tuple(trajectories),
        thresholds=tuple(
            _threshold(t, indicator)
            for t in sorted(view.thresholds, key=lambda t: (t.value, t.kind))
        ),
    )


def _threshold(threshold: Threshold, indicator: Indicator) -> ChartThreshold:
    """The threshold in the judgement's words, and a short tag: "Alert 25", "Goal 56"."""
    name = THRESHOLD_WORDS[threshold.kind].split(" (")[0]  # "goal (no date set)": "goal"
    # The axis names the unit; the tag keeps only a percent sign: "Key threshold 60".
    unit = Unit.PERCENT if indicator.unit is Unit.PERCENT else Unit.COUNT
    value = format_value(threshold.value, unit, indicator.decimals, trim=True)
    return ChartThreshold(
        threshold.value, threshold.kind, threshold_words(threshold, indicator), f"{name[0].upper()}{name[1:]} {value}"
    )


def _standing_spans(view: IndicatorView, evaluations: Sequence[TargetEvaluation]) -> dict[Target, Period]:
    """A standing target is drawn from the month it took effect until the month before a
    later one replaces it, or to the last month the chart shows (its latest reading, or
    the month it took effect if later)."""
    standing = sorted(
        (e.target for e in evaluations if e.target.basis is TargetBasis.STANDING), key=lambda t: t.period.first
    )
    if not standing:
        return {}
    last = max((r.period.last for r in view.series.in_order), default=standing[-1].period.first)
    spans = {}
    for target, following in zip(standing, [*standing[1:], None]):
        end = following.period.first - 1 if following is not None else max(last, target.period.first)
        end = max(end, target.period.first)
        spans[target] = Period.months(month_of(target.period.first), month_of(end))
    return spans


def _steps(target: Target, drawn: Period, indicator: Indicator, value: Callable[[float], str]) -> tuple[ChartStep, ...]:
    """The target's line as it stood at each date across the months it is drawn over: a
    step on the day of each change of its value made within them (one made before the
    first month, or after the last, changes the whole line, so it draws no step)."""
    if drawn.month_count == 1:
        return ()
    first, last = drawn.start, drawn.end
    inside = [r for r in value_revisions(target) if first < r.effective_on <= last]
    if not inside:
        return ()
    steps = []
    start, current, why = first, float(inside[0].old("value")), ""
    for revision in [*inside, None]:
        end = revision.effective_on - timedelta(days=1) if revision is not None else last
        now = current if revision is not None else target.value
        steps.append(ChartStep(start, end, now, amber_band(indicator, now),
                               f"Target {value(now)} from {day_words(start)} to {day_words(end)}{why}"))
        if revision is not None:
            start, current = revision.effective_on, float(revision.new("value"))
            why = f"\nRevised: {change_line(revision, value)}"
    return tuple(steps)


def _was(reading: Reading, value) -> str:  # type: ignore[no-untyped-def]
    first = reading.revisions[0].old_value
    return "no value" if first is None else value(first)
