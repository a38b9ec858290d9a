"""The engine's inputs: plain, frozen records the store fills from its rows.

They mirror the store's tables field for field, so mapping a row is a constructor call.
Nothing here knows where the records came from. Checks are few and cheap, because the
engine builds tens of thousands of readings for a benchmark: they refuse what would
make a later answer silently wrong (a naive revision time, revisions out of order,
a negative tolerance, a gap target without its two series).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from boardapp.domain.history import Change
from boardapp.domain.periods import Period
from boardapp.domain.terms import (
    ComparatorKind,
    Polarity,
    ReadingStatus,
    TargetBasis,
    ThresholdKind,
    ToleranceKind,
    Unit,
)


@dataclass(frozen=True, slots=True)
class Indicator:
    """A measure. ``tolerance`` is the width of the amber band a plan, the notice or a
    report declares for it: in the unit when ``tolerance_kind`` is absolute, a share of
    the target (0.05 = 5%) when relative; ``tolerance_set_by`` says who declared it
    ("the improvement plan"). None: no band, so a missed target is red
    (docs/domain-rules.md, "RAG")."""

    code: str
    title: str
    unit: Unit
    polarity: Polarity
    decimals: int = 1
    tolerance: float | None = None
    tolerance_kind: ToleranceKind = ToleranceKind.ABSOLUTE
    # What follows the number in a sentence: "of initial assessments within timescale".
    narrative_phrase: str | None = None
    # What the denominator counts, for volume sentences: "assessments".
    volume_phrase: str | None = None
    tolerance_set_by: str = ""

    def __post_init__(self) -> None:
        if self.decimals < 0:
            raise ValueError(f"{self.code}: decimals cannot be negative")
        if self.tolerance is not None and not self.tolerance >= 0:
            raise ValueError(f"{self.code}: a tolerance must be zero or more")


@dataclass(frozen=True, slots=True)
class Target:
    """A value an indicator must reach in a period, on a basis (terms.TargetBasis).

    For ``gap_change``, ``value`` is the required change in the gap, signed (-5 for a
    five-point reduction), judged by the target indicator's polarity. The gap in a
    period is ``series[0] - series[1]`` when ``series`` names two indicators, or the
    target indicator's own reading when it does not. ``baseline`` is the period the
    change is measured from (default: the same period a year earlier).

    For ``trend``, ``value`` is unused; the run of readings is those ending from
    ``baseline`` (default: all) to the end of ``period``.

    For ``standing``, ``period`` is when it took effect: it holds from its first day
    until a later standing target of the indicator replaces it, and judges the latest
    reading. ``set_by`` says who set a target ("the improvement plan", "the notice").

    ``revisions`` (oldest first, domain.history.Change with the plain old and new values
    of ``value``, ``basis``, ``period``...) say what it was before each change, from
    which day, who changed it and why; as at a day the ones after it are undone
    (domain/as_at.py). ``uuid`` names the store's row. Neither is part of what the
    target is: two records of one target compare equal whatever history they carry.
    """

    indicator_code: str
    value: float
    basis: TargetBasis
    period: Period
    known_on: date | None = None
    note: str = ""
    series: tuple[str, str] | None = None
    baseline: Period | None = None
    set_by: str = ""
    uuid: Any = field(default=None, compare=False, repr=False)
    revisions: tuple[Change, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.series is not None and len(self.series) != 2:
            raise ValueError(f"{self.indicator_code}: a gap is between exactly two series")
        if self.series is not None and self.basis is not TargetBasis.GAP_CHANGE:
            raise ValueError(f"{self.indicator_code}: only a gap_change target names series")


@dataclass(frozen=True, slots=True)
class Revision:
    """One change to a reading. ``old_status``/``new_status`` are None when the
    change left the status alone."""

    changed_at: datetime
    old_value: float | None
    new_value: float | None
    old_status: ReadingStatus | None = None
    new_status: ReadingStatus | None = None

    def __post_init__(self) -> None:
        if self.changed_at.tzinfo is None or self.changed_at.utcoffset() is None:
            raise ValueError("a revision's changed_at must carry its time zone (UTC)")


@dataclass(frozen=True, slots=True)
class Reading:
    """An indicator's value for a period, as it stands now; ``revisions`` (oldest
    first) say what it was before."""

    indicator_code: str
    period: Period
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    status: ReadingStatus = ReadingStatus.PROVISIONAL
    known_on: date | None = None
    revisions: tuple[Revision, ...] = ()
    # What the figure measures when it is not the indicator's own measure: "change over
    # three years", "forecast". Readings of different measures never join in a series,
    # a chart line or a sentence.
    measure: str = ""

    def __post_init__(self) -> None:
        if self.value is not None and math.isnan(self.value):
            raise ValueError(f"{self.indicator_code} {self.period}: a value cannot be NaN")
        revisions = self.revisions
        if len(revisions) > 1:  # most readings were never revised: nothing to pair
            for earlier, later in zip(revisions, revisions[1:]):
                if later.changed_at < earlier.changed_at:
                    raise ValueError(f"{self.indicator_code} {self.period}: revisions must be oldest first")

    @property
    def has_counts(self) -> bool:
        return self.numerator is not None and self.denominator is not None

    @property
    def provisional(self) -> bool:
        return self.status is ReadingStatus.PROVISIONAL


@dataclass(frozen=True, slots=True)
class Comparator:
    """A value to judge a reading against: national, statistical neighbours, last year."""

    indicator_code: str
    kind: ComparatorKind
    period: Period
    value: float
    known_on: date | None = None


@dataclass(frozen=True, slots=True)
class Threshold:
    """A line that is not a target (terms.ThresholdKind), shown as what it is:
    "senior managers act where individual caseloads exceed 25"."""

    indicator_code: str
    value: float
    kind: ThresholdKind
    label: str
    known_on: date | None = None


@dataclass(frozen=True, slots=True)
class IndicatorData:
    """Everything the engine needs about one indicator, in any order."""

    indicator: Indicator
    readings: Sequence[Reading] = ()
    targets: Sequence[Target] = ()
    comparators: Sequence[Comparator] = ()
    thresholds: Sequence[Threshold] = ()
    # What the engine works out once from these readings and keeps for every later day it
    # is asked about (domain/as_at.py: the readings in a series' order, when each became
    # known). Not part of the record: never compared, shown or copied by replace().
    worked_out: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def code(self) -> str:
        return self.indicator.code
