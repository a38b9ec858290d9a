"""The store's rows as the domain engine's inputs (``boardapp.domain.model``).

Read with Core queries, not ORM objects: 54,000 readings come back as tuples in about
a seventh of the time (STYLE.md), and the engine wants frozen records anyway. The
readings' query is fetched as the driver's own tuples (no Row object and no result
processing per row, which cost as much again as the query: issue 15): its status and
known-on columns come back as stored, and are read here through a dictionary, as are
the periods, so each distinct status, day and period code is read once, not once per row.

A target's revisions (its old values, from when, who and why: store/history.py) come in
one query for all the indicators asked for: only targets' ``changed`` revisions, by the
index on (item_kind, item_uuid, effective_on). A board that never changed a target pays
one empty index seek.

The window's indicator view (store/indicator_detail.py) reads one indicator through
``load_indicator_for_view``: the same queries, the readings' and their revisions' with the
columns its readings table shows beside the engine's (uuid, source, commentary; who
changed a figure and why), so the readings are read once for both.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Select, String, select, type_coerce

from boardapp.domain.history import Change
from boardapp.domain.model import Comparator, Indicator, IndicatorData, Reading, Revision, Target, Threshold
from boardapp.domain.periods import Period
from boardapp.domain.terms import (
    ComparatorKind,
    Polarity,
    ReadingStatus,
    RevisionKind,
    TargetBasis,
    ThresholdKind,
    ToleranceKind,
    TrackedKind,
    Unit,
)
from boardapp.store import models
from boardapp.store.then import keeps_history

_I = models.Indicator.__table__
_R = models.Reading.__table__
_V = models.ReadingRevision.__table__
_T = models.Target.__table__
_C = models.Comparator.__table__
_H = models.Threshold.__table__
_G = models.Revision.__table__


_Params = ParamSpec("_Params")
_Loaded = TypeVar("_Loaded")
_UNREAD: Any = object()  # not yet in a reading dictionary


@lru_cache(maxsize=4096)
def _period(code: str) -> Period:
    return Period.parse(code)


def _status(value: object) -> ReadingStatus | None:
    return None if value is None else ReadingStatus(value.value if hasattr(value, "value") else value)  # type: ignore[union-attr]


def _day(value: object) -> date | None:
    """A day as the driver gives it: a date, an ISO string (SQLite) or None."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)  # type: ignore[arg-type]


def _uuid(value: object) -> uuid.UUID | None:
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(value)  # type: ignore[arg-type]


def _plain_rows(connection: Connection, query: Select) -> list[Any]:
    """The rows of a Core query as the driver's tuples, fetched at once: no Row object
    and no type processing per row. Columns whose stored form needs reading are coerced
    to strings in the query and read by the caller (_day, _uuid, the status words)."""
    result = connection.execute(query)
    try:
        return result.cursor.fetchall()  # type: ignore[union-attr]
    finally:
        result.close()


@dataclass(frozen=True, slots=True)
class StoredRevision:
    """A change of a reading's figure as its readings table shows it."""

    changed_at: datetime
    changed_by: str
    old_value: float | None
    new_value: float | None
    reason: str


@dataclass(frozen=True, slots=True)
class StoredReading:
    """What the readings table shows of a reading beside the engine's record."""

    uuid: uuid.UUID
    source: str
    commentary: str
    revisions: tuple[StoredRevision, ...]  # oldest first


@dataclass
class StoredIndicator:
    """What the indicator view shows of an indicator beside the engine's record."""

    uuid: uuid.UUID | None = None
    description: str = ""
    source: str = ""
    readings: dict[str, StoredReading] = field(default_factory=dict)  # by period code


def load_indicator_for_view(connection: Connection, code: str) -> tuple[IndicatorData, StoredIndicator]:
    """One indicator for the window's indicator view: the engine's record and, from the
    same queries, what its readings table shows (one read of the readings for both)."""
    stored = StoredIndicator()
    [data] = load_indicator_data(connection, [code], stored)
    return data, stored


def load_indicator_data(connection: Connection, codes: Iterable[str] | None = None,
                        stored: StoredIndicator | None = None) -> list[IndicatorData]:
    """Every indicator (or those named) with its readings, revisions, targets, comparators
    and thresholds. With ``stored`` (one indicator named: load_indicator_for_view), its
    uuid, description and source, and its readings' uuids, sources, commentaries and
    revisions with who and why, go there from the same queries."""
    extra = () if stored is None else (_I.c.uuid, _I.c.description, _I.c.source)
    indicator_query = select(_I.c.id, _I.c.code, _I.c.title, _I.c.unit, _I.c.polarity, _I.c.decimals,
                             _I.c.tolerance, _I.c.tolerance_kind, _I.c.tolerance_set_by, _I.c.narrative_phrase,
                             _I.c.volume_phrase, *extra).order_by(_I.c.code)
    if codes is not None:
        codes = list(codes)
        if not codes:
            return []
        indicator_query = indicator_query.where(_I.c.code.in_(codes))
    rows = connection.execute(indicator_query).all()
    ids = [row.id for row in rows]
    if not ids:
        return []
    if stored is not None:
        [row] = rows
        stored.uuid, stored.description, stored.source = row.uuid, row.description, row.source
    code_of = {row.id: row.code for row in rows}
    wanted = _I.c.id.in_(ids) if codes is not None else None

    revisions: dict[int, list[Revision]] = defaultdict(list)
    said: dict[int, list[StoredRevision]] = defaultdict(list)  # who and why, for ``stored``
    extra = () if stored is None else (_V.c.changed_by, _V.c.reason)
    revision_query = (
        select(_V.c.reading_id, _V.c.changed_at, _V.c.old_value, _V.c.new_value, _V.c.old_status, _V.c.new_status,
               *extra)
        .order_by(_V.c.reading_id, _V.c.changed_at, _V.c.id)
    )
    if wanted is not None:
        revision_query = revision_query.join(_R, _R.c.id == _V.c.reading_id).where(_R.c.indicator_id.in_(ids))
    for reading_id, changed_at, old, new, old_status, new_status, *who in connection.execute(revision_query):
        revisions[reading_id].append(Revision(changed_at, old, new, _status(old_status), _status(new_status)))
        if who:
            said[reading_id].append(StoredRevision(changed_at, who[0], old, new, who[1]))

    readings: dict[int, list[Reading]] = defaultdict(list)
    extra = () if stored is None else (type_coerce(_R.c.uuid, String), _R.c.source, _R.c.commentary)
    reading_query = select(_R.c.id, _R.c.indicator_id, _R.c.period, _R.c.value, _R.c.numerator,
                           _R.c.denominator, type_coerce(_R.c.status, String), type_coerce(_R.c.known_on, String),
                           _R.c.measure, *extra)
    if wanted is not None:
        reading_query = reading_query.where(_R.c.indicator_id.in_(ids))
    periods: dict[str, Period] = {}
    statuses: dict[object, ReadingStatus | None] = {None: None, **{s.value: s for s in ReadingStatus}}
    days: dict[object, date | None] = {None: None}
    no_revisions: tuple[Revision, ...] = ()
    for rid, iid, code, value, numerator, denominator, status, known_on, measure, *shown in _plain_rows(
        connection, reading_query
    ):
        period = periods.get(code)
        if period is None:
            period = periods[code] = _period(code)
        day = days.get(known_on, _UNREAD)
        if day is _UNREAD:
            day = days[known_on] = _day(known_on)
        word = statuses.get(status, _UNREAD)
        if word is _UNREAD:
            word = statuses[status] = _status(status)
        listed = revisions.get(rid)
        readings[iid].append(
            Reading(code_of[iid], period, value, numerator, denominator, word, day,  # type: ignore[arg-type]
                    tuple(listed) if listed else no_revisions, measure)
        )
        if stored is not None:
            stored.readings[code] = StoredReading(_uuid(shown[0]), shown[1], shown[2],  # type: ignore[arg-type]
                                                  tuple(said.get(rid, ())))

    target_revisions = _target_revisions(connection, ids if wanted is not None else None)
    targets: dict[int, list[Target]] = defaultdict(list)
    target_query = select(_T.c.indicator_id, _T.c.value, _T.c.basis, _T.c.period, _T.c.known_on, _T.c.note,
                          _T.c.set_by, _T.c.uuid)
    if wanted is not None:
        target_query = target_query.where(_T.c.indicator_id.in_(ids))
    for iid, value, basis, period, known_on, note, set_by, target_uuid in connection.execute(target_query):
        targets[iid].append(
            Target(code_of[iid], value, TargetBasis(basis), _period(period), known_on, note, set_by=set_by,
                   uuid=target_uuid, revisions=target_revisions.get(target_uuid, ()))
        )

    comparators: dict[int, list[Comparator]] = defaultdict(list)
    comparator_query = select(_C.c.indicator_id, _C.c.kind, _C.c.period, _C.c.value, _C.c.known_on)
    if wanted is not None:
        comparator_query = comparator_query.where(_C.c.indicator_id.in_(ids))
    for iid, kind, period, value, known_on in connection.execute(comparator_query):
        comparators[iid].append(Comparator(code_of[iid], ComparatorKind(kind), _period(period), value, known_on))

    thresholds: dict[int, list[Threshold]] = defaultdict(list)
    threshold_query = select(_H.c.indicator_id, _H.c.value, _H.c.kind, _H.c.label, _H.c.known_on).order_by(
        _H.c.indicator_id, _H.c.value, _H.c.id
    )
    if wanted is not None:
        threshold_query = threshold_query.where(_H.c.indicator_id.in_(ids))
    for iid, value, kind, label, known_on in connection.execute(threshold_query):
        thresholds[iid].append(Threshold(code_of[iid], value, ThresholdKind(kind), label, known_on))

    return [
        IndicatorData(
            indicator=Indicator(
                code=row.code,
                title=row.title,
                unit=Unit(row.unit),
                polarity=Polarity(row.polarity),
                decimals=row.decimals,
                tolerance=row.tolerance,
                tolerance_kind=ToleranceKind(row.tolerance_kind),
                narrative_phrase=row.narrative_phrase or None,
                volume_phrase=row.volume_phrase or None,
                tolerance_set_by=row.tolerance_set_by,
            ),
            readings=tuple(readings.get(row.id, ())),
            targets=tuple(targets.get(row.id, ())),
            comparators=tuple(comparators.get(row.id, ())),
            thresholds=tuple(thresholds.get(row.id, ())),
        )
        for row in rows
    ]


def _target_revisions(connection: Connection, indicator_ids: list[int] | None) -> dict[uuid.UUID, tuple[Change, ...]]:
    """Every change of a target (of the indicators ``indicator_ids``; all when None), by
    the target's uuid, oldest first. One query, of only what the judgement, the chart and
    the history's words use. The uuid, day and moment columns come back as the driver
    gives them and are read here: SQLAlchemy's own conversions cost several times the
    query itself, and reading them here about halves the whole (960 revisions: some
    6-10 ms, against 10-14 ms). A file from before history (revision 0008) opened
    read-only, and so not migrated, has no revisions to read."""
    if not keeps_history(connection):
        return {}
    query = (
        select(type_coerce(_G.c.item_uuid, String), _G.c.changes, type_coerce(_G.c.effective_on, String),
               type_coerce(_G.c.changed_at, String), _G.c.changed_by, _G.c.reason)
        .where(_G.c.item_kind == TrackedKind.TARGET.value, _G.c.kind == RevisionKind.CHANGED.value)
        .order_by(_G.c.effective_on, _G.c.changed_at, _G.c.id)
    )
    if indicator_ids is not None:
        query = query.join(_T, _T.c.uuid == _G.c.item_uuid).where(_T.c.indicator_id.in_(indicator_ids))
    found: dict[uuid.UUID, list[Change]] = {}
    items: dict[object, uuid.UUID] = {}
    target, changed, loads = TrackedKind.TARGET, RevisionKind.CHANGED, json.loads
    for raw, changes, effective, changed_at, by, reason in connection.execute(query):
        item = items.get(raw)
        if item is None:
            item = items[raw] = raw if isinstance(raw, uuid.UUID) else uuid.UUID(raw)
            found[item] = []
        found[item].append(Change(
            target, item, effective if isinstance(effective, date) else date.fromisoformat(effective),
            {name: tuple(pair) for name, pair in loads(changes).items()}, changed,
            (changed_at if isinstance(changed_at, datetime) else datetime.fromisoformat(changed_at)).replace(tzinfo=UTC),
            by, reason,
        ))
    return {item: tuple(changes) for item, changes in found.items()}
