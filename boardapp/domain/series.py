"""A series: one indicator's readings in time order, so every question after is a bisection.

Built once per indicator per evaluation, and built lean, because a board of 300
indicators with 180 readings each builds 54,000 readings' worth of series for every
date it is judged at (issue 15): one sort, at C speed, of readings that usually arrive
in order, and the list of their last months. Nothing is built per reading beyond that.
"The reading for this period", "the month of this index" and "the last six monthly
readings before this month" are a bisection on the last months and a step or two back
among the readings ending that month; whether the series holds any data at all is
worked out once, when first asked.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter, sub

from boardapp.domain.model import Reading
from boardapp.domain.periods import Period

# By last month, and, of two ending together, the longer first (so the shorter, more
# specific one comes last and is the "latest").
_ORDER = attrgetter("period.last", "period.first")
_LAST = attrgetter("period.last")
_FIRST = attrgetter("period.first")


@dataclass(frozen=True, slots=True)
class Series:
    code: str
    in_order: tuple[Reading, ...]  # every reading, by (last month, first month)
    _ends: tuple[int, ...]  # last month of each reading in ``in_order``
    _known: dict[object, object] = field(default_factory=dict, compare=False, repr=False)  # worked out when asked
    # The readings with a value whose periods are ``length`` months long, and their last
    # months, by ``length``: worked out for a length when first asked.
    _cadences: dict[int, tuple[tuple[Reading, ...], tuple[int, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, code: str, readings: Iterable[Reading]) -> Series:
        given = tuple(readings)
        ends = tuple(map(_LAST, given))
        # Readings that arrive in order, one ending each month, are in order already:
        # checked at C speed, rather than sorted on a key built for each reading.
        if list(ends) == sorted(ends) and len(set(ends)) == len(ends):
            return cls(code, given, ends)
        ordered = tuple(sorted(given, key=_ORDER))
        return cls(code, ordered, tuple(map(_LAST, ordered)))

    @property
    def has_data(self) -> bool:
        """True when some reading has a value or counts (0 of 0 is data: no cases)."""
        found = self._known.get("has_data")
        if found is None:
            found = self._known["has_data"] = any(
                r.value is not None or (r.numerator is not None and r.denominator is not None) for r in self.in_order
            )
        return found  # type: ignore[return-value]

    @property
    def empty(self) -> bool:
        """True with no data: a reading awaiting its value is not data."""
        return not self.has_data

    def at(self, period: Period) -> Reading | None:
        """The reading for exactly ``period``, if it has a value (of two for one period,
        the later in order)."""
        ends, last = self._ends, period.last
        index = bisect_right(ends, last) - 1
        while index >= 0 and ends[index] == last:
            reading = self.in_order[index]
            if reading.period == period:
                return reading if reading.value is not None else None
            index -= 1
        return None

    def month(self, index: int) -> Reading | None:
        """The one-month reading for month ``index``, with or without a value."""
        ends = self._ends
        at = bisect_right(ends, index) - 1
        while at >= 0 and ends[at] == index:
            reading = self.in_order[at]
            if reading.period.first == index:
                return reading
            at -= 1
        return None

    def months(self, period: Period) -> tuple[Reading, ...]:
        """The one-month readings inside ``period`` that exist, in month order (of two
        for one month, the later in order): what a cumulative figure is summed from,
        worked out once per period asked about."""
        key = (period.first, period.last)
        found = self._known.get(key)
        if found is None:
            ends = self._ends
            low = bisect_left(ends, period.first)
            high = bisect_right(ends, period.last)
            by_month: dict[int, Reading] = {}
            for reading in self.in_order[low:high]:
                first = reading.period.first
                if first == reading.period.last:
                    by_month[first] = reading
            found = self._known[key] = tuple(by_month.values())
        return found  # type: ignore[return-value]

    def within(self, period: Period) -> tuple[Reading, ...]:
        """The readings whose periods lie wholly inside ``period``, in time order."""
        low = bisect_left(self._ends, period.first)
        high = bisect_right(self._ends, period.last)
        return tuple(r for r in self.in_order[low:high] if r.period.first >= period.first)

    def recent(self, length: int, up_to: int, count: int) -> tuple[Reading, ...]:
        """The last ``count`` readings with a value, ``length`` months long, ending at or
        before month ``up_to``: the run a trajectory or a trend is drawn through.

        Mostly the readings just before ``up_to`` are of that length, and a few steps
        back find them; when they are not (a yearly target over monthly readings), the
        readings of that length are picked out once for the series and bisected."""
        cadence = self._cadences.get(length)
        if cadence is None:
            asked = ("recent", length, up_to, count)
            run = self._known.get(asked)
            if run is not None:
                return run  # type: ignore[return-value]
            found: list[Reading] = []
            in_order = self.in_order
            index = bisect_right(self._ends, up_to) - 1
            stop = max(-1, index - 2 * count - 4)
            wanted = count
            while index > stop and wanted > 0:
                reading = in_order[index]
                period = reading.period
                if reading.value is not None and period.last - period.first + 1 == length:
                    found.append(reading)
                    wanted -= 1
                index -= 1
            if wanted <= 0 or index < 0:
                found.reverse()
                run = self._known[asked] = tuple(found)
                return run  # type: ignore[return-value]
            cadence = self._cadences[length] = _cadence(in_order, length) if length - 1 in self._spans() else ((), ())
        readings, ends = cadence
        high = bisect_right(ends, up_to)
        return readings[max(0, high - count) : high]

    def _spans(self) -> frozenset[int]:
        """Every reading's last month less its first (its length less one), worked out
        once, at C speed: so asking for a length no reading has (a yearly target over
        monthly readings) costs no pass over the readings in Python."""
        spans = self._known.get("spans")
        if spans is None:
            spans = self._known["spans"] = frozenset(map(sub, self._ends, map(_FIRST, self.in_order)))
        return spans  # type: ignore[return-value]

    def latest(self) -> Reading | None:
        """The reading with a value that ends last; of two ending together, the shorter
        (a month's figure rather than the range it closes)."""
        for reading in reversed(self.in_order):
            if reading.value is not None:
                return reading
        return None


def _cadence(in_order: tuple[Reading, ...], length: int) -> tuple[tuple[Reading, ...], tuple[int, ...]]:
    readings = tuple(
        r for r in in_order if r.value is not None and r.period.last - r.period.first + 1 == length
    )
    return readings, tuple(map(_LAST, readings))
