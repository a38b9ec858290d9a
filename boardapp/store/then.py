"""Plan items and requirement judgements as they stood on a day, for the readers that
show them (store/board.py, store/pack_data.py, store/overview.py, store/requirements.py).

Each reader reads today's rows as before and asks :func:`as_at` for what differed on
the day: one query for the revisions of one kind (history.changes_of), undone newest
first by the domain's rule (domain/history.as_at). As at today or later nothing is
undone and nothing is read: what stands now is what the window and a pack show.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, inspect
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Connection

from boardapp.domain import history as domain_history
from boardapp.domain.terms import TrackedKind
from boardapp.store import history


@dataclass(frozen=True)
class Then:
    """Items of one kind on a day, against what they are now: each changed field's
    value then (typed as the column is), and the items that did not exist yet."""

    earlier: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    absent: frozenset[uuid.UUID] = frozenset()

    def existed(self, item: uuid.UUID) -> bool:
        return item not in self.absent

    def value(self, item: uuid.UUID, name: str, now: Any) -> Any:
        """``name`` of ``item`` on the day; ``now`` when it has not changed since."""
        fields = self.earlier.get(item)
        return now if fields is None else fields.get(name, now)


NOW = Then()


def as_at(connection: Connection, kind: TrackedKind, day: date | None) -> Then:
    """What items of ``kind`` were on ``day`` (the end of it) that they are not now.

    ``day`` None, today or later: nothing (today's rows stand). A copy from before
    history was kept, opened read-only and so not migrated, has no revisions: nothing."""
    if day is None or day >= date.today() or not _has_history(connection):
        return NOW
    columns = history.TRACKED[kind][0].__table__.c
    earlier: dict[uuid.UUID, dict[str, Any]] = {}
    absent = set()
    for item, changes in history.changes_of(connection, kind).items():
        then = domain_history.as_at({}, changes, day)  # {field: value then} for the fields changed after it
        if then is None:
            absent.add(item)
        elif then:
            earlier[item] = {name: _typed(columns[name].type, value) for name, value in then.items()}
    return Then(earlier, frozenset(absent))


def _typed(kind: Any, value: Any) -> Any:
    """A plain value (history.plain) back as the column gives it: a word as its enum,
    an ISO day as a date."""
    if value is None:
        return None
    if isinstance(kind, SAEnum) and kind.enum_class is not None:
        return kind.enum_class(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Boolean):
        return bool(value)
    return value


def _has_history(connection: Connection) -> bool:
    return inspect(connection).has_table("revision")
