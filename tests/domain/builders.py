"""Short constructors for the engine's inputs, so a test reads like the report it checks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from boardapp.domain.history import Change
from boardapp.domain.model import Comparator, Indicator, IndicatorData, Reading, Revision, Target
from boardapp.domain.periods import Period
from boardapp.domain.terms import (
    ComparatorKind,
    Polarity,
    ReadingStatus,
    RevisionKind,
    TargetBasis,
    ToleranceKind,
    TrackedKind,
    Unit,
)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
VALIDATED = ReadingStatus.VALIDATED
PROVISIONAL = ReadingStatus.PROVISIONAL


def period(code: str) -> Period:
    return Period.parse(code)


def indicator(
    code: str = "NI 59",
    unit: Unit = Unit.PERCENT,
    polarity: Polarity = HIGHER,
    decimals: int = 1,
    tolerance: float | None = None,
    tolerance_kind: ToleranceKind = ToleranceKind.ABSOLUTE,
    phrase: str | None = None,
    volume: str | None = None,
    title: str | None = None,
) -> Indicator:
    return Indicator(
        code=code,
        title=title or f"Indicator {code}",
        unit=unit,
        polarity=polarity,
        decimals=decimals,
        tolerance=tolerance,
        tolerance_kind=tolerance_kind,
        narrative_phrase=phrase,
        volume_phrase=volume,
    )


def reading(
    when: str,
    value: float | None,
    code: str = "NI 59",
    numerator: float | None = None,
    denominator: float | None = None,
    status: ReadingStatus = VALIDATED,
    known: date | None = None,
    revisions: tuple[Revision, ...] = (),
    measure: str = "",
) -> Reading:
    return Reading(code, period(when), value, numerator, denominator, status, known, revisions, measure)


def counts(when: str, numerator: float, denominator: float, code: str = "NI 59", **kw) -> Reading:
    """A monthly reading whose value is made from its counts, as the store would hold it."""
    value = numerator / denominator * 100 if denominator else None
    return reading(when, value, code, numerator, denominator, **kw)


def target(
    when: str,
    value: float,
    basis: TargetBasis = TargetBasis.PERIOD,
    code: str = "NI 59",
    known: date | None = None,
    series: tuple[str, str] | None = None,
    baseline: str | None = None,
    set_by: str = "",
) -> Target:
    return Target(
        code, value, basis, period(when), known, "", series, period(baseline) if baseline else None, set_by
    )


def revision(on: datetime | date, old: float | None, new: float | None, **status) -> Revision:
    at = on if isinstance(on, datetime) else datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    return Revision(at, old, new, status.get("old_status"), status.get("new_status"))


def target_change(day: date, reason: str = "", by: str = "Sam Secretariat (secretariat)", **fields) -> Change:
    """A change of a target taking effect on ``day``: ``value=(72.0, 80.0)``."""
    return Change(TrackedKind.TARGET, "t-1", day, fields, RevisionKind.CHANGED,
                  datetime(day.year, day.month, day.day, 9, tzinfo=UTC), by, reason)


def comparator(when: str, kind: ComparatorKind, value: float, code: str = "NI 59", known=None) -> Comparator:
    return Comparator(code, kind, period(when), value, known)


def data(ind: Indicator, readings=(), targets=(), comparators=(), thresholds=()) -> IndicatorData:
    return IndicatorData(ind, tuple(readings), tuple(targets), tuple(comparators), tuple(thresholds))
