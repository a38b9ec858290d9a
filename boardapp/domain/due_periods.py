"""Which periods of an indicator are due: those that have ended since its last reading.

An indicator's **frequency** says how often a figure comes: every month, quarter,
academic year or year. The periods due as at a day are those that follow the last
reading, one after another at that frequency, and ended before that day:

- the period after a reading that spans one step of the frequency (a month for a
  monthly indicator, a quarter, an academic or financial year, a calendar year) is the
  next such span, of the same kind: ``2011-08`` -> ``2011-09``, ``2011-Q3`` ->
  ``2011-Q4``, ``FY2010/11`` -> ``FY2011/12``, ``AY2009/10`` -> ``AY2010/11``;
- an annual figure taken over part of a year (NEET measured November to January) is
  due again for the same months a year later: ``2010-11..2011-01`` -> ``2011-11..2012-01``;
- otherwise (a monthly indicator last read for a run of months, a quarterly one for a
  month) the first period of the frequency's own kind that starts after the reading
  ends: a month, a calendar quarter, an academic year from September, a calendar year;
- an indicator with no reading at all is due for the latest such period that has ended.

At most a year's worth is listed per indicator (12 months, 4 quarters, 1 year); how
many earlier periods are due but not listed is counted, so an indicator last read long
ago says so instead of filling the sheet with every month since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from boardapp.domain.periods import Period, PeriodKind, month_index
from boardapp.domain.terms import Frequency

STEP = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.ACADEMIC_YEAR: 12, Frequency.ANNUAL: 12}
"""Months from one figure to the next."""

_NATURAL = {
    Frequency.MONTHLY: (PeriodKind.MONTH, 1, 1),  # kind, months it spans, months a start falls on
    Frequency.QUARTERLY: (PeriodKind.QUARTER, 3, 3),
    Frequency.ACADEMIC_YEAR: (PeriodKind.ACADEMIC_YEAR, 12, 12),
    Frequency.ANNUAL: (PeriodKind.YEAR, 12, 12),
}
_FIRST_MONTH = {PeriodKind.ACADEMIC_YEAR: 8}  # September (month index mod 12); else January


@dataclass(frozen=True)
class Due:
    """The periods due for one indicator, oldest first, and how many earlier ones are
    due but not listed."""

    periods: tuple[Period, ...]
    earlier: int = 0


def listed_at_most(frequency: Frequency) -> int:
    """How many due periods are listed: a year's worth, at least one."""
    return max(1, 12 // STEP[frequency])


def next_period(frequency: Frequency, last: Period) -> Period:
    """The period due after a reading for ``last``."""
    step = STEP[frequency]
    if last.month_count == step:
        return Period(last.first + step, last.last + step, last.kind)
    if frequency is Frequency.ANNUAL and last.month_count < 12:
        return Period(last.first + 12, last.last + 12, last.kind)
    return _natural_from(frequency, last.last + 1)


def due_periods(frequency: Frequency, last: Period | None, as_at: date) -> Due:
    """The periods due as at ``as_at`` (those ending before that day) after a reading
    for ``last``; with no reading, the latest period of the frequency that has ended."""
    # A period is due once it has ended: its last month is before the as-at month (a
    # period ending on the as-at day itself has not yet ended when the day begins).
    before = month_index(as_at.year, as_at.month)
    if last is None:
        latest = _latest_natural(frequency, before - 1)
        return Due((latest,))
    periods: list[Period] = []
    period = next_period(frequency, last)
    while period.last < before:
        periods.append(period)
        period = next_period(frequency, period)
    most = listed_at_most(frequency)
    return Due(tuple(periods[-most:]), max(0, len(periods) - most))


def _natural_from(frequency: Frequency, month: int) -> Period:
    """The first period of the frequency's own kind starting in or after ``month``."""
    kind, span, every = _NATURAL[frequency]
    offset = _FIRST_MONTH.get(kind, 0)
    start = month + (offset - month) % every
    return Period(start, start + span - 1, kind)


def _latest_natural(frequency: Frequency, month: int) -> Period:
    """The last period of the frequency's own kind ending in or before ``month``."""
    kind, span, every = _NATURAL[frequency]
    offset = _FIRST_MONTH.get(kind, 0)
    start = month - span + 1
    start -= (start - offset) % every
    return Period(start, start + span - 1, kind)
