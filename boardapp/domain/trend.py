"""Trend targets: "a sustained upward trend by the end of 2010/11".

The run is the indicator's readings of one cadence (the length of the latest reading
in the window) ending from the start of the target's ``baseline`` (or from the first
reading, with no baseline) to the end of the target's period. The test, on values
rounded to the indicator's decimals (docs/domain-rules.md, "Trend"):

- fewer than three readings: no trend can be claimed (two points are a change, not a trend);
- green: every step from one reading to the next moved the good way;
- amber: the Theil-Sen line through the run slopes the good way, but not every step did;
- red: the line is flat or slopes the bad way.
"""

from __future__ import annotations

from dataclasses import dataclass

from boardapp.domain.actuals import Actual
from boardapp.domain.model import Indicator, Reading, Target
from boardapp.domain.periods import Period, PeriodKind
from boardapp.domain.rag import shortfall
from boardapp.domain.robust_line import theil_sen
from boardapp.domain.series import Series
from boardapp.domain.terms import ActualSource, Polarity, Rag
from boardapp.domain.units import rounded

MIN_TREND_POINTS = 3


@dataclass(frozen=True, slots=True)
class TrendTest:
    actual: Actual  # value: the robust line's change per year, in the unit
    rag: Rag


def trend_run(series: Series, target: Target) -> tuple[Reading, ...]:
    """The readings the trend is judged over, oldest first."""
    if not series.in_order:
        return ()
    start = target.baseline.first if target.baseline is not None else series.in_order[0].period.first
    window = series.within(Period(min(start, target.period.last), target.period.last, PeriodKind.RANGE))
    with_values = [r for r in window if r.value is not None]
    if not with_values:
        return ()
    length = with_values[-1].period.month_count
    return tuple(r for r in with_values if r.period.month_count == length)


def judge_trend(indicator: Indicator, target: Target, series: Series) -> TrendTest | None:
    """The trend test over the run; None with fewer than three readings."""
    run = trend_run(series, target)
    if len(run) < MIN_TREND_POINTS:
        return None
    values = [rounded(r.value, indicator.decimals) for r in run if r.value is not None]
    better = sum(1 for before, after in zip(values, values[1:]) if _better(after, before, indicator.polarity))
    line = theil_sen([(float(r.period.last), v) for r, v in zip(run, values)])
    slope = line.slope if line is not None else 0.0
    steps = len(values) - 1
    rag = Rag.GREEN if better == steps else Rag.AMBER if _better(slope, 0.0, indicator.polarity) else Rag.RED
    direction = "up" if indicator.polarity is Polarity.HIGHER_IS_BETTER else "down"
    note = f"{better} of {steps} steps {direction} over {len(run)} readings"
    actual = Actual(
        slope * 12,
        ActualSource.TREND,
        Period(run[0].period.first, run[-1].period.last, PeriodKind.RANGE),
        run,
        note=note,
        steps=steps,
        steps_better=better,
    )
    return TrendTest(actual, rag)


def _better(after: float, before: float, polarity: Polarity) -> bool:
    """True when ``after`` is strictly better than ``before``."""
    return shortfall(after, before, polarity) < 0
