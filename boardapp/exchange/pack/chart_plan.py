"""What an indicator's chart in the pack draws, worked out before any cell is written:
the dates of its time axis, one column of values per series, where its value axis
starts, its title and its alternative text.

- Every reading is drawn at the last day of its period, on a time axis (dates, not
  categories), so a year between two readings looks like a year.
- The readings of the indicator's usual length (monthly, say) are one line. A reading
  over a different span (NI 59's cumulative March to October 2010) is a separate
  series of points, with its own marker and no line, so it cannot be taken for one
  more month of the line; the legend says what it is.
- Each target is a flat segment across its period (a standing target from the month it
  took effect until a later one replaces it or the chart ends; a target for June 2010
  across June 2010), never a lone dash.
- The value axis starts at zero, unless the figures sit in a narrow band far from
  zero: then it starts near them and the chart's title says where ("axis starts at 70%").
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from boardapp.domain.model import Reading, Target
from boardapp.domain.periods import Period
from boardapp.domain.terms import Polarity, TargetBasis, Unit
from boardapp.domain.units import format_value
from boardapp.exchange.pack.content import IndicatorBlock

MOST_TARGETS = 6  # target segments drawn (the latest): more make the legend unreadable
NARROW = 0.25  # figures within this share of their top value sit in a narrow band
SPAN_WORDS = {1: "monthly figure", 3: "quarterly figure", 12: "yearly figure"}


@dataclass(frozen=True)
class PlannedSeries:
    heading: str  # the column's heading, and the series' name in the legend
    kind: str  # "line": the usual readings; "points": readings over another span; "target"
    values: dict[date, float]


@dataclass(frozen=True)
class ChartPlan:
    dates: tuple[date, ...]  # the time axis's points, oldest first: one row each
    series: tuple[PlannedSeries, ...]
    axis_min: float | None  # None: the axis finds its own (the figures go below zero)
    axis_note: str  # "axis starts at 70%" when it does not start at zero, else ""
    title: str
    description: str  # the alternative text: what the chart shows, in a sentence or two


def plan_chart(block: IndicatorBlock) -> ChartPlan | None:
    """The chart of ``block``, or None when it has fewer than two figures to draw."""
    valued = [r for r in block.readings if r.value is not None]
    if len(valued) < 2:
        return None
    indicator = block.indicator
    usual = _usual_span(valued)
    line = [r for r in valued if r.period.month_count == usual]
    points = [r for r in valued if r.period.month_count != usual]
    series = [PlannedSeries(_capitalised(SPAN_WORDS.get(usual, "figure")), "line",
                            {r.period.end: r.value for r in line if r.value is not None})]
    if points:
        series.append(PlannedSeries(_points_heading(points, usual), "points",
                                    {r.period.end: r.value for r in points if r.value is not None}))
    for start, end, target in _segments(block.level_targets, valued):
        series.append(PlannedSeries(_target_heading(target, start, end, indicator.unit, indicator.decimals),
                                    "target", {start: target.value, end: target.value}))
    series = _unique_headings(series)
    dates = tuple(sorted({day for s in series for day in s.values}))
    figures = [v for s in series for v in s.values.values()]
    axis_min, note = _axis(figures, indicator.unit)
    title = f"{indicator.code}: {indicator.title}" + (f" ({note})" if note else "")
    plan = ChartPlan(dates, tuple(series), axis_min, note, title, "")
    return ChartPlan(dates, tuple(series), axis_min, note, title, describe(block, plan, valued, usual))


def describe(block: IndicatorBlock, plan: ChartPlan, valued: list[Reading], usual: int) -> str:
    """The chart in words: what is drawn, over what time, the latest figure against its
    target, how other spans and targets are drawn, and where the axis starts."""
    indicator = block.indicator
    unit, decimals = indicator.unit, indicator.decimals
    first, last = min(r.period.end for r in valued), max(r.period.end for r in valued)
    kind = SPAN_WORDS.get(usual, "figure")
    line_count = sum(1 for r in valued if r.period.month_count == usual)
    words = [(f"Line chart of {indicator.code}, {indicator.title[:1].lower()}{indicator.title[1:]}, "
              f"{line_count} {kind}{'' if line_count == 1 else 's'} from {_month(first)} to {_month(last)} "
              "on a time axis")]
    latest = max(valued, key=lambda r: (r.period.end, r.period.month_count == usual))
    index = block.readings.index(latest)
    target = block.targets[index] if index < len(block.targets) else None
    assert latest.value is not None
    sentence = f"latest {format_value(latest.value, unit, decimals)} for {latest.period.label}"
    if target is not None:
        met = _met(latest.value, target.value, indicator.polarity, decimals)
        sentence += f" against the {format_value(target.value, unit, decimals, trim=True)} target ({'met' if met else 'not met'})"
    words.append(sentence)
    others = [r for r in valued if r.period.month_count != usual]
    if others:
        listed = "; ".join(f"{r.period.label}, {format_value(r.value, unit, decimals)}" for r in others if r.value is not None)
        words.append(f"figures over other spans are separate points at the end of their period, not on the line ({listed})")
    targets = sum(1 for s in plan.series if s.kind == "target")
    if targets:
        words.append("targets are drawn as flat lines across their periods" if targets > 1
                     else "the target is drawn as a flat line across its period")
    words.append(f"the value axis starts at {plan.axis_note.removeprefix('axis starts at ')}, not zero"
                 if plan.axis_note else "the value axis starts at zero" if plan.axis_min == 0
                 else "the value axis includes zero")
    return "; ".join(words) + "."


def _usual_span(readings: list[Reading]) -> int:
    """The span most readings are of (the shorter on a tie): what the line joins."""
    counts = Counter(r.period.month_count for r in readings)
    return min(counts, key=lambda span: (-counts[span], span))


def _points_heading(points: list[Reading], usual: int) -> str:
    if len(points) == 1:
        period = points[0].period
        return f"{_short(period)}{_span_words(period, usual)}, at its end"
    return "Figures over other spans, each at its period's end"


def _span_words(period: Period, usual: int) -> str:
    if period.month_count > usual and period.kind.value == "range":
        return " (cumulative)"
    return ""


def _segments(targets: tuple[Target, ...], valued: list[Reading]) -> list[tuple[date, date, Target]]:
    """Each target's first and last day as drawn, the latest ``MOST_TARGETS`` of them."""
    standing = sorted((t for t in targets if t.basis is TargetBasis.STANDING), key=lambda t: t.period.first)
    chart_end = max(r.period.end for r in valued)
    segments: dict[tuple[date, date, float], Target] = {}
    for target, following in zip(standing, [*standing[1:], None]):
        end = following.period.start - timedelta(days=1) if following is not None else chart_end
        end = max(end, target.period.end)
        segments.setdefault((target.period.start, end, target.value), target)
    for target in targets:
        if target.basis is not TargetBasis.STANDING:
            segments.setdefault((target.period.start, target.period.end, target.value), target)
    ordered = sorted(segments.items(), key=lambda item: (item[0][1], item[0][0], item[0][2]))[-MOST_TARGETS:]
    return [(start, end, target) for (start, end, _value), target in ordered]


def _target_heading(target: Target, start: date, end: date, unit: Unit, decimals: int) -> str:
    value = format_value(target.value, unit, decimals, trim=True)
    if target.basis is TargetBasis.STANDING:
        return f"Target {value} from {_month(start)}"
    return f"Target {value} for {target.period.label}"


def _unique_headings(series: list[PlannedSeries]) -> list[PlannedSeries]:
    """Table headings must differ: a repeated one gets a number."""
    seen: Counter[str] = Counter()
    unique = []
    for s in series:
        seen[s.heading] += 1
        heading = s.heading if seen[s.heading] == 1 else f"{s.heading} ({seen[s.heading]})"
        unique.append(PlannedSeries(heading, s.kind, s.values))
    return unique


def _axis(figures: list[float], unit: Unit) -> tuple[float | None, str]:
    """Where the value axis starts: zero; near the figures when they sit in a narrow band
    far above zero (and then the note that says so); or left to the chart when they go
    below zero (the axis then crosses zero anyway)."""
    low, high = min(figures), max(figures)
    if low < 0:
        return None, ""
    if low == 0 or high == low or high - low >= NARROW * high:
        return 0.0, ""
    step = _nice_step(max(high - low, high / 10))
    start = math.floor((low - step / 2) / step) * step
    if start <= 0:
        return 0.0, ""
    return start, f"axis starts at {format_value(start, unit, 0 if start == int(start) else 1, trim=True)}"


def _nice_step(spread: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about four steps over ``spread``."""
    rough = max(spread, 1e-9) / 4
    power = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 5, 10):
        if multiple * power >= rough:
            return multiple * power
    return 10 * power


def _met(value: float, target: float, polarity: Polarity, decimals: int) -> bool:
    shown = round(value, decimals)
    return shown >= target if polarity is Polarity.HIGHER_IS_BETTER else shown <= target


def _short(period: Period) -> str:
    """A period in few words, for a legend: "Mar to Oct 2010", "Nov 2009 to Jan 2010"."""
    if period.kind.value != "range":
        return _capitalised(period.label)
    start, end = period.start, period.end
    if start.year == end.year:
        return f"{start.strftime('%b')} to {end.strftime('%b %Y')}"
    return f"{start.strftime('%b %Y')} to {end.strftime('%b %Y')}"


def _month(day: date) -> str:
    return day.strftime("%B %Y")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
