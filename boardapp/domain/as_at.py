"""As at: what was known on a date, rebuilt from known-on dates and revision history.

Rules (docs/domain-rules.md, "As at"):

- A reading, target or comparator is known on day D when its ``known_on`` is on or
  before D. With no ``known_on`` it is taken as always known (older rows carry none).
- A revision counts on day D when it was made on or before D, by its UTC date.
- A reading revised after D shows the value (and status) it had on D: the
  ``old_value`` of the first revision made after D.
- Revisions record values, not counts; so a reading whose value changed after D keeps
  no numerator or denominator as at D, rather than pairing old values with new counts.
- A target revised after D (its value, basis, period, note or who set it) shows what it
  was on D: every revision effective after D is undone (domain/history.as_at). Whether
  a target was set by D is its ``known_on``, as before; its revisions change it, never
  make or unmake it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date
from itertools import compress
from operator import attrgetter

from boardapp.domain import history
from boardapp.domain.model import Comparator, Indicator, IndicatorData, Reading, Revision, Target, Threshold
from boardapp.domain.periods import Period
from boardapp.domain.series import Series
from boardapp.domain.terms import RevisionKind, TargetBasis

FORECAST = "forecast"  # the measure of a stated forecast ("around 540 by March 2008")


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """One indicator as it was known on ``as_at``.

    ``series`` holds the readings of the indicator's own measure (``measure == ""``),
    or, when it has none, of the measure of its latest reading; ``measures`` holds the
    readings of every other measure, one series each ("change over three years",
    "forecast"). Readings of different measures never join (docs/domain-rules.md,
    "Comparable or not compared").
    """

    indicator: Indicator
    series: Series
    targets: tuple[Target, ...]
    comparators: tuple[Comparator, ...]
    as_at: date
    measure: str = ""
    measures: Mapping[str, Series] = field(default_factory=dict)
    thresholds: tuple[Threshold, ...] = ()

    def forecast(self, period: Period) -> Reading | None:
        """A forecast stated for exactly ``period``, if one was known."""
        series = self.measures.get(FORECAST)
        return series.at(period) if series is not None else None


def known_by(known_on: date | None, day: date) -> bool:
    return known_on is None or known_on <= day


def revision_day(revision: Revision) -> date:
    return revision.changed_at.astimezone(UTC).date()


def reading_as_at(reading: Reading, day: date) -> Reading | None:
    """The reading as it stood at the end of ``day``; None if not yet known."""
    if not known_by(reading.known_on, day):
        return None
    revisions = reading.revisions
    if not revisions or revision_day(revisions[-1]) <= day:
        return reading
    kept = 0
    while revision_day(revisions[kept]) <= day:
        kept += 1
    undone = revisions[kept:]
    value_changed = any(r.old_value != r.new_value for r in undone)
    return replace(
        reading,
        value=undone[0].old_value,
        status=next((r.old_status for r in undone if r.old_status is not None), reading.status),
        numerator=None if value_changed else reading.numerator,
        denominator=None if value_changed else reading.denominator,
        revisions=revisions[:kept],
    )


def readings_as_at(readings: Iterable[Reading], day: date) -> list[Reading]:
    known = []
    for reading in readings:
        then = reading_as_at(reading, day)
        if then is not None:
            known.append(then)
    return known


def target_as_at(target: Target, day: date) -> Target | None:
    """The target as it stood at the end of ``day``, keeping the revisions made by then;
    None if it was not yet set."""
    if not known_by(target.known_on, day):
        return None
    revisions = target.revisions
    if not revisions or all(r.effective_on <= day for r in revisions):
        return target
    changes = [r for r in revisions if r.kind is RevisionKind.CHANGED]
    now = {"value": target.value, "basis": target.basis.value, "period": target.period.code,
           "note": target.note, "set_by": target.set_by}
    then = history.as_at(now, changes, day)
    assert then is not None  # only `created` revisions could say it was not there
    return replace(
        target,
        value=float(then["value"]),
        basis=TargetBasis(then["basis"]),
        period=target.period if then["period"] == now["period"] else Period.parse(then["period"]),
        note=then["note"] or "",
        set_by=then["set_by"] or "",
        revisions=tuple(r for r in revisions if r.effective_on <= day),
    )


def targets_as_at(targets: Iterable[Target], day: date) -> tuple[Target, ...]:
    return tuple(then for then in (target_as_at(t, day) for t in targets) if then is not None)


def view_as_at(data: IndicatorData, day: date) -> IndicatorView:
    """Everything known about one indicator at the end of ``day``."""
    measure, series, measures = _readings_then(data, day)
    return IndicatorView(
        indicator=data.indicator,
        series=series,
        targets=_targets_then(data, day),
        comparators=tuple(c for c in data.comparators if known_by(c.known_on, day)),
        as_at=day,
        measure=measure,
        measures=measures,
        thresholds=tuple(t for t in data.thresholds if known_by(t.known_on, day)),
    )


def _targets_then(data: IndicatorData, day: date) -> tuple[Target, ...]:
    """targets_as_at, with the day each target was last revised worked out once per
    loaded indicator: a target set by ``day`` and not revised since is taken as it is."""
    targets = data.worked_out.get("targets")
    if targets is None:
        targets = data.worked_out["targets"] = tuple(
            (t, t.known_on, max(r.effective_on for r in t.revisions) if t.revisions else None) for t in data.targets
        )
    kept = data.worked_out.get("targets then")  # the last day asked about, as for the readings
    if kept is not None and kept[0] == day:
        return kept[1]  # type: ignore[no-any-return]
    then = []
    for target, known_on, revised in targets:
        if known_on is not None and known_on > day:
            continue
        then.append(target if revised is None or revised <= day else target_as_at(target, day))
    found = tuple(then)
    data.worked_out["targets then"] = (day, found)
    return found  # type: ignore[return-value]


def _readings_then(data: IndicatorData, day: date) -> tuple[str, Series, dict[str, Series]]:
    """The headline measure, its series and every other measure's, as at ``day``.

    A board is judged at one day after another (today, each meeting, the days a change
    is compared between), 54,000 readings each time on a large one (issue 15). So what
    does not depend on the day is worked out once per loaded indicator and kept on it
    (``IndicatorData.worked_out``): its readings in a series' order, and the day each
    became known. When those days rise with the periods, as a board's readings arrive,
    the readings known on any day are the first so many: a bisection and a slice, with
    only the readings revised since that day rebuilt (reading_as_at). Otherwise, or with
    readings of other measures, every reading is looked at, as always."""
    order = data.worked_out.get("order")
    if order is None:
        order = data.worked_out["order"] = _Order.of(data)
    if order.known_from is None:
        return _readings_looked_at(data, day)
    cut = bisect_right(order.known_from, day)
    undo = [at for at, last in order.revised if at < cut and last > day]
    if cut == len(order.readings) and not undo:
        return "", order.whole, {}
    # The series of the last earlier day asked about is kept too (one, however many days
    # are asked about), with what it has worked out since: the same readings known, none
    # revised since, or the very same day, give the same series.
    key: object = day if undo else cut
    kept = data.worked_out.get("then")
    if kept is not None and kept[0] == key:
        return "", kept[1], {}
    readings = order.readings[:cut]
    if undo:
        then = list(readings)
        for at in undo:
            then[at] = reading_as_at(then[at], day)  # type: ignore[call-overload]
        readings = tuple(then)
    series = Series(data.code, readings, order.whole._ends[:cut])
    data.worked_out["then"] = (key, series)
    return "", series, {}


_MEASURE = attrgetter("measure")
_KNOWN_ON = attrgetter("known_on")
_REVISIONS = attrgetter("revisions")


@dataclass(frozen=True, slots=True)
class _Order:
    """An indicator's readings in a series' order (domain/series.py), with the day each
    became known (ascending: None when they do not ascend, or when some reading is of
    another measure) and, for those revised, their place and the day of their last
    revision."""

    readings: tuple[Reading, ...]
    known_from: list[date] | None
    revised: tuple[tuple[int, date], ...]
    whole: Series  # every reading, as it stands now

    @classmethod
    def of(cls, data: IndicatorData) -> _Order:
        # Built once per loaded indicator, but that is 54,000 readings on a large board:
        # every pass over them is map() and compress(), at C speed.
        whole = Series.of(data.code, data.readings)
        readings = whole.in_order
        known_from: list[date] | None = None
        if not any(map(_MEASURE, readings)):
            days = list(map(_KNOWN_ON, readings))
            if None in days:
                days = [date.min if day is None else day for day in days]
            if days == sorted(days):
                known_from = days
        revised = tuple(
            (at, revision_day(readings[at].revisions[-1]))
            for at in compress(range(len(readings)), map(_REVISIONS, readings))
        )
        return cls(readings, known_from, revised, whole)


def _readings_looked_at(data: IndicatorData, day: date) -> tuple[str, Series, dict[str, Series]]:
    """The readings as at ``day`` by looking at each: known by then, and as they stood."""
    known: list[Reading] = []
    keep = known.append
    measured = False
    for reading in data.readings:
        known_on = reading.known_on
        if known_on is not None and known_on > day:
            continue
        revisions = reading.revisions
        if revisions and revision_day(revisions[-1]) > day:
            reading = reading_as_at(reading, day)  # type: ignore[assignment]
        if reading.measure:
            measured = True
        keep(reading)
    measure, by_measure = _by_measure(known) if measured else ("", {"": known})
    series = Series.of(data.code, by_measure.pop(measure, ()))
    return measure, series, {name: Series.of(data.code, readings) for name, readings in sorted(by_measure.items())}


def _by_measure(readings: list[Reading]) -> tuple[str, dict[str, list[Reading]]]:
    """The headline measure and the readings of each measure. Almost every indicator has
    only its own measure, so that case costs one pass and no copy."""
    if all(not r.measure for r in readings):
        return "", {"": readings}
    groups: dict[str, list[Reading]] = {}
    for reading in readings:
        groups.setdefault(reading.measure, []).append(reading)
    if "" in groups:
        return "", groups
    candidates = [r for r in readings if r.measure != FORECAST and r.value is not None] or readings
    latest = max(candidates, key=lambda r: (r.period.last, -r.period.first))
    return latest.measure, groups
