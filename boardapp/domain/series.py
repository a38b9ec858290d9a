"""A series: one indicator's readings, indexed once so every question after is a lookup.

Built once per indicator per evaluation (sorting readings that usually arrive in order
costs next to nothing); after that, "the reading for this period", "the months of this
range" and "the last six monthly readings before this month" are dictionary lookups
or a bisection, never another sort.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from boardapp.domain.model import Reading
from boardapp.domain.periods import Period


@dataclass(frozen=True, slots=True)
class _Cadence:
    """The readings with a value whose periods are all ``length`` months, by end."""

    readings: tuple[Reading, ...]
    ends: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Series:
    code: str
    in_order: tuple[Reading, ...]  # every reading, by (last month, first month)
    by_period: dict[Period, Reading]
    by_month: dict[int, Reading]  # one-month readings, by month index
    cadences: dict[int, _Cadence]  # readings with a value, by period length in months
    _ends: tuple[int, ...]  # last month of each reading in ``in_order``
    has_data: bool  # some reading has a value or counts (0 of 0 is data: no cases)

    @classmethod
    def of(cls, code: str, readings: Iterable[Reading]) -> Series:
        ordered = tuple(sorted(readings, key=_order))
        grouped: dict[int, list[Reading]] = {}
        for reading in ordered:
            if reading.value is not None:
                grouped.setdefault(reading.period.month_count, []).append(reading)
        return cls(
            code=code,
            in_order=ordered,
            by_period={reading.period: reading for reading in ordered},
            by_month={r.period.first: r for r in ordered if r.period.month_count == 1},
            cadences={
                length: _Cadence(tuple(rs), tuple(r.period.last for r in rs)) for length, rs in grouped.items()
            },
            _ends=tuple(reading.period.last for reading in ordered),
            has_data=bool(grouped) or any(r.has_counts for r in ordered),
        )

    @property
    def empty(self) -> bool:
        """True with no data: a reading awaiting its value is not data."""
        return not self.has_data

    def at(self, period: Period) -> Reading | None:
        """The reading for exactly ``period``, if it has a value."""
        reading = self.by_period.get(period)
        return reading if reading is not None and reading.value is not None else None

    def month(self, index: int) -> Reading | None:
        """The one-month reading for month ``index``, with or without a value."""
        return self.by_month.get(index)

    def within(self, period: Period) -> tuple[Reading, ...]:
        """The readings whose periods lie wholly inside ``period``, in time order."""
        low = bisect_left(self._ends, period.first)
        high = bisect_right(self._ends, period.last)
        return tuple(r for r in self.in_order[low:high] if r.period.first >= period.first)

    def recent(self, length: int, up_to: int, count: int) -> tuple[Reading, ...]:
        """The last ``count`` readings with a value, ``length`` months long, ending at or
        before month ``up_to``: the run a trajectory or a trend is drawn through."""
        cadence = self.cadences.get(length)
        if cadence is None:
            return ()
        high = bisect_right(cadence.ends, up_to)
        return cadence.readings[max(0, high - count) : high]

    def latest(self) -> Reading | None:
        """The reading with a value that ends last; of two ending together, the shorter
        (a month's figure rather than the range it closes)."""
        for reading in reversed(self.in_order):
            if reading.value is not None:
                return reading
        return None


def _order(reading: Reading) -> tuple[int, int]:
    """By last month, and, of two ending together, the longer first (so the shorter,
    more specific one comes last and is the "latest")."""
    return reading.period.last, reading.period.first
