"""The figures behind a scorecard row and an indicator's table, from the domain engine.

A scorecard row shows the figure its requirement's status rests on and the target it
was judged against (domain/judgement.py, "the target that matters now"). A variance is
given only between a figure and a target of the same basis and period: a mid-year
figure is never set against a year-end target, nor a month against a cumulative one.
In an indicator's table each reading is set against a target for exactly its period,
or the standing target in force when its period ended, and no other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from boardapp.domain.actuals import Actual
from boardapp.domain.as_at import IndicatorView
from boardapp.domain.comparisons import YearOnYear, year_on_year
from boardapp.domain.judgement import JUDGED
from boardapp.domain.model import Indicator, Reading, Target
from boardapp.domain.terms import LEVEL_BASES, RagStatus, TargetBasis, Unit
from boardapp.domain.units import format_difference, format_value, rounded
from boardapp.domain.wording import TRAJECTORY
from boardapp.store.overview import OverviewRow

EXCEPTIONS = (RagStatus.RED, RagStatus.AMBER)
# How a unit is named in a column of its own beside a plain number (the number's cell
# carries no unit: "numbers and their words in separate columns").
UNIT_WORDS = {
    Unit.PERCENT: "%",
    Unit.PERCENTAGE_POINTS: "% points",
    Unit.RATE_PER_100K: "per 100,000",
    Unit.SCHOOLS: "schools",
    Unit.COUNT: "number",
    Unit.NUMBER: "number",
}


@dataclass(frozen=True)
class ScoreLine:
    """One requirement on the scorecard: its overview row and its lead indicator's figures."""

    row: OverviewRow
    indicator: Indicator | None  # the indicator that sets the status, else the first with a reading
    latest: Reading | None
    target: Target | None  # the target that matters now
    variance: float | None  # the figure (as shown) minus the target, in the unit, when judged on it
    last_year: YearOnYear | None
    figure: Actual | None = None  # the figure the target was judged by (None: not judged on a figure)


def standing_targets(targets: Sequence[Target], readings: Sequence[Reading]) -> list[Target | None]:
    """For each reading, a level target set for exactly its period, else the standing
    target in force when its period ended, else None."""
    by_period = {t.period: t for t in targets if t.basis in LEVEL_BASES and t.basis is not TargetBasis.STANDING}
    standing = sorted((t for t in targets if t.basis is TargetBasis.STANDING), key=lambda t: t.period.first)
    found: list[Target | None] = []
    for reading in readings:
        exact = by_period.get(reading.period)
        if exact is not None:
            found.append(exact)
            continue
        in_force = [t for t in standing if t.period.first <= reading.period.last]
        found.append(in_force[-1] if in_force else None)
    return found


def score_line(row: OverviewRow, views: Mapping[str, IndicatorView]) -> ScoreLine:
    driver = row.judgement.driver if row.judgement is not None else None
    if driver is not None and driver.code in views:
        lead: IndicatorView | None = views[driver.code]
    else:
        lead = next((views[c] for c in row.indicators if c in views and views[c].series.latest() is not None), None)
        lead = lead or next((views[c] for c in row.indicators if c in views), None)
    if lead is None:
        return ScoreLine(row, None, None, None, None, None)
    latest = lead.series.latest()
    current = driver.current if driver is not None else None
    target = current.target if current is not None else None
    figure = variance = None
    if current is not None and current.status in JUDGED and current.actual is not None and target in _levels(target):
        figure = current.actual
        # Rounded well past the shown decimals only to drop float noise (90.2 - 85 = 5.2000000000000003).
        variance = round(rounded(figure.value, lead.indicator.decimals) - target.value, lead.indicator.decimals + 3)
        if len(figure.readings) == 1:
            latest = figure.readings[0]
    return ScoreLine(
        row=row,
        indicator=lead.indicator,
        latest=latest,
        target=target,
        variance=variance,
        last_year=year_on_year(lead, latest) if latest is not None else None,
        figure=figure,
    )


def _levels(target: Target | None) -> tuple[Target, ...]:
    return (target,) if target is not None and target.basis in LEVEL_BASES else ()


def exceptions_first(lines: Sequence[ScoreLine]) -> list[ScoreLine]:
    """Reds, then ambers, then the rest; each group in the notice's order (the order
    ``lines`` come in: the requirements' positions)."""
    rank = {RagStatus.RED: 0, RagStatus.AMBER: 1}
    return sorted(lines, key=lambda line: rank.get(line.row.rag, 2))  # a stable sort keeps the notice's order


def why(line: ScoreLine) -> str:
    """The rule that made the status, in words, without repeating the status word; and
    any due target whose period ended with no figure."""
    judgement = line.row.judgement
    if judgement is None or judgement.status is None:
        return "No linked indicator has a target."
    words = judgement.reason[:1].upper() + judgement.reason[1:]
    driver = judgement.driver
    if driver is not None and driver.unreported:
        words += f". {driver.code}: {driver.unreported_words}"
    return words + "."


def shown_figure(line: ScoreLine) -> tuple[float | None, str, bool]:
    """The figure a scorecard row shows, its period's label and whether it is provisional:
    the figure the status rests on, else the latest reading."""
    if line.figure is not None:
        return line.figure.value, line.figure.period.label, line.figure.provisional
    latest = line.latest
    if latest is None:
        return None, "", False
    return latest.value, latest.period.label, latest.provisional


def level_target(line: ScoreLine) -> float | None:
    """The target as a number, when it is a level (not a trend or a change in a gap)."""
    target = line.target
    return target.value if target is not None and target.basis in LEVEL_BASES else None


def direction_words(line: ScoreLine) -> str:
    """Which way the figure is going: against the same period a year before (better or
    worse as the indicator's polarity reads it), else where a target not yet due is heading."""
    indicator = line.indicator
    last_year = line.last_year
    if indicator is not None and last_year is not None:
        before = format_value(last_year.previous_value, indicator.unit, indicator.decimals)
        when = last_year.previous_period.label
        if last_year.better is None:
            return f"Level with {when} ({before})"
        size = format_difference(last_year.change, indicator.unit, indicator.decimals)
        way = "up" if last_year.change > 0 else "down"
        word = "Improving" if last_year.better else "Worsening"
        return f"{word}: {way} {size} on {when} ({before})"
    row = line.row
    if row.trajectory is not None:
        return f"{TRAJECTORY[row.trajectory]}: {row.trajectory_text}" if row.trajectory_text else TRAJECTORY[row.trajectory]
    return "No figure a year earlier to compare" if indicator is not None and line.latest is not None else ""
