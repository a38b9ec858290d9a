"""History in the store: every change of a tracked item kept as a dated revision.

:func:`install_history` listens to every session's flush, as the audit log does: an
insert of a tracked item writes a ``created`` revision, an update of a tracked field a
``changed`` one, in the same flush, naming the session's actor. What a revision says
beyond that comes from the session (:func:`because`): the reason (a target's change asks
for one), the day it took effect (default: today, UTC), and a source. Rows written
outside the ORM (the demo's bulk load, a sync's download) write their revisions
themselves or receive them.

Reading: :func:`changes_of` gives the revisions of items of one kind;
:func:`rows_as_at` gives items' plain fields as at a day (domain/history.py).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from boardapp.domain.history import Change, as_at
from boardapp.domain.terms import RevisionKind, TrackedKind
from boardapp.store.models import Action, Indicator, Milestone, Plan, Recommendation, Requirement, Revision, Target
from boardapp.store.models.base import utc_now

# What is tracked, and which of its fields: the ones a board judges or watches.
TRACKED: dict[TrackedKind, tuple[type, tuple[str, ...]]] = {
    TrackedKind.ACTION: (Action, ("title", "owner", "due_on", "status", "rag", "evidence", "exempt")),
    TrackedKind.MILESTONE: (Milestone, ("title", "due_on", "done_on", "status")),
    TrackedKind.PLAN: (Plan, ("title", "owner", "adopted_on", "deadline")),
    TrackedKind.RECOMMENDATION: (Recommendation, ("text", "due_on", "status")),
    TrackedKind.REQUIREMENT: (Requirement, ("status", "evidence", "exempt")),
    TrackedKind.TARGET: (Target, ("value", "basis", "period", "period_start", "period_end", "note", "set_by")),
    TrackedKind.INDICATOR: (Indicator, ("tolerance", "tolerance_kind")),
}
_KIND_OF = {model.__tablename__: kind for kind, (model, _fields) in TRACKED.items()}

# session.info keys
REASON = "history_reason"
EFFECTIVE = "history_effective_on"
SOURCE = "history_source"
RECORDING = "history_recording"  # False: write no revisions (applying rows that bring their own)


def install_history(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _before_flush)


@contextmanager
def because(session: Session, reason: str, *, effective_on: date | None = None, source: str = "") -> Iterator[None]:
    """Within the block, revisions this session writes carry ``reason`` (and take effect
    on ``effective_on``, default today)."""
    saved = {key: session.info.get(key) for key in (REASON, EFFECTIVE, SOURCE)}
    session.info[REASON] = reason.strip()
    session.info[EFFECTIVE] = effective_on
    session.info[SOURCE] = source
    try:
        yield
        session.flush()  # the block's revisions are written while they still carry the reason
    finally:
        for key, value in saved.items():
            session.info[key] = value


def plain(value: Any) -> Any:
    """A value as a revision keeps it: words, ISO dates, numbers, text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def today() -> date:
    return datetime.now(UTC).date()


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(RECORDING) is False:
        return
    revisions = []
    for obj in session.new:
        kind = _KIND_OF.get(getattr(obj, "__tablename__", ""))
        if kind is not None:
            if obj.uuid is None:
                obj.uuid = uuid.uuid4()
            revisions.append(_revision(session, kind, obj.uuid, RevisionKind.CREATED, {}))
    for obj in session.dirty:
        kind = _KIND_OF.get(getattr(obj, "__tablename__", ""))
        if kind is None or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        changes = {}
        for name in TRACKED[kind][1]:
            history = state.attrs[name].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                if plain(old) != plain(new):
                    changes[name] = [plain(old), plain(new)]
        if changes:
            revisions.append(_revision(session, kind, obj.uuid, RevisionKind.CHANGED, changes))
    session.add_all(revisions)


def _revision(session: Session, kind: TrackedKind, item: uuid.UUID, revision_kind: RevisionKind,
              changes: Mapping[str, Any]) -> Revision:
    return Revision(
        uuid=uuid.uuid4(),
        item_kind=kind,
        item_uuid=item,
        kind=revision_kind,
        changes=json.dumps(changes, sort_keys=True),
        effective_on=session.info.get(EFFECTIVE) or today(),
        changed_at=utc_now(),
        changed_by=str(session.info.get("actor", "")),
        reason=str(session.info.get(REASON) or ""),
        source=str(session.info.get(SOURCE) or ""),
    )


def revision_rows(kind: TrackedKind, item: uuid.UUID, changes: Mapping[str, tuple[Any, Any]], *,
                  effective_on: date, changed_by: str, reason: str = "", source: str = "",
                  revision_kind: RevisionKind = RevisionKind.CHANGED,
                  changed_at: datetime | None = None) -> dict[str, Any]:
    """A revision as a row for a bulk insert (the demo's and the synthetic board's loads)."""
    moment = changed_at or utc_now()
    return {
        "uuid": uuid.uuid4(), "item_kind": kind.value, "item_uuid": item, "kind": revision_kind.value,
        "changes": json.dumps({k: [plain(o), plain(n)] for k, (o, n) in changes.items()}, sort_keys=True),
        "effective_on": effective_on, "changed_at": moment, "changed_by": changed_by, "reason": reason,
        "source": source, "created_at": moment, "updated_at": moment,
    }


def changes_of(connection: Connection, kind: TrackedKind | None = None,
               items: Iterable[uuid.UUID] | None = None) -> dict[uuid.UUID, list[Change]]:
    """Every revision of items of ``kind`` (all kinds when None), by item, oldest first."""
    r = Revision.__table__.c
    query = select(r.item_kind, r.item_uuid, r.kind, r.changes, r.effective_on, r.changed_at, r.changed_by,
                   r.reason, r.source, r.uuid).order_by(r.effective_on, r.changed_at, r.id)
    if kind is not None:
        query = query.where(r.item_kind == kind.value)
    if items is not None:
        query = query.where(r.item_uuid.in_(list(items)))
    found: dict[uuid.UUID, list[Change]] = defaultdict(list)
    for item_kind, item, rkind, changes, effective, changed_at, by, reason, source, ruuid in connection.execute(query):
        found[item].append(Change(
            TrackedKind(item_kind), item, effective,
            {name: (pair[0], pair[1]) for name, pair in json.loads(changes or "{}").items()},
            RevisionKind(rkind), changed_at, by, reason, source, ruuid,
        ))
    return dict(found)


def rows_as_at(connection: Connection, kind: TrackedKind, day: date | None,
               where: Any = None) -> dict[uuid.UUID, dict[str, Any]]:
    """Every item of ``kind`` (optionally filtered by ``where`` on its table) as its
    tracked fields stood at the end of ``day`` (today's when None), plain values, by
    uuid; items that did not exist on ``day`` are left out."""
    model, fields = TRACKED[kind]
    table = model.__table__
    query = select(table.c.uuid, *(table.c[name] for name in fields))
    if where is not None:
        query = query.where(where)
    now = {row[0]: {name: plain(value) for name, value in zip(fields, row[1:], strict=True)}
           for row in connection.execute(query)}
    if day is None:
        return now
    return undone_after(now, changes_of(connection, kind), day)


def undone_after(now: Mapping[uuid.UUID, Mapping[str, Any]], revisions: Mapping[uuid.UUID, Sequence[Change]],
                 day: date) -> dict[uuid.UUID, dict[str, Any]]:
    """``now`` (items' plain fields, by uuid) as they stood at the end of ``day``, given
    their ``revisions`` (by item); items created after ``day`` left out."""
    result = {}
    for item, state in now.items():
        then = as_at(state, revisions.get(item, ()), day)
        if then is not None:
            result[item] = then
    return result
