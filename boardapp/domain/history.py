"""History: an item as it stood on a day, from its state now and its dated revisions.

Rules (docs/history.md):

- A revision counts on day D when its ``effective_on`` is on or before D.
- An item as at D is its state now with every revision effective after D undone,
  newest first: each changed field takes back its ``old`` value.
- An item whose ``created`` revision is effective after D did not exist on D.
- Values are plain (words, ISO dates, numbers), as the revisions keep them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from boardapp.domain.terms import RevisionKind, TrackedKind

Fields = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Change:
    """One revision of one item, as the domain reads it."""

    item_kind: TrackedKind
    item_uuid: Any
    effective_on: date
    changes: Mapping[str, tuple[Any, Any]]  # field -> (old, new)
    kind: RevisionKind = RevisionKind.CHANGED
    changed_at: datetime | None = None
    changed_by: str = ""
    reason: str = ""
    source: str = ""
    uuid: Any = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def old(self, name: str) -> Any:
        return self.changes[name][0]

    def new(self, name: str) -> Any:
        return self.changes[name][1]


def ordered(changes: Sequence[Change]) -> list[Change]:
    """Oldest first: by the day each took effect, then by when it was recorded."""
    return sorted(changes, key=lambda c: (c.effective_on, c.changed_at.timestamp() if c.changed_at else 0.0))


def existed(changes: Sequence[Change], day: date) -> bool:
    """False when the item was created after ``day``."""
    return not any(c.kind is RevisionKind.CREATED and c.effective_on > day for c in changes)


def as_at(now: Fields, changes: Sequence[Change], day: date) -> dict[str, Any] | None:
    """``now`` (an item's plain fields today) as it stood at the end of ``day``; None if
    it did not exist then. ``changes``: the item's revisions, in any order."""
    if not existed(changes, day):
        return None
    state = dict(now)
    for change in reversed(ordered(changes)):
        if change.effective_on <= day:
            break
        for name, (old, _new) in change.changes.items():
            state[name] = old
    return state


def between(changes: Sequence[Change], after: date, until: date) -> list[Change]:
    """The revisions that took effect after ``after`` and on or before ``until``, oldest first."""
    return [c for c in ordered(changes) if after < c.effective_on <= until]
