"""One item's history as the window lists it: its revisions, newest first, each in words
(domain/history_words.py) with the day it took effect, who made it, why and its source.

For the tracked kinds (an action, milestone, plan, recommendation, requirement, target,
an indicator's band). Readings are not here: they keep their own revisions
(``reading_revision``) and the indicator's page lists them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from boardapp.domain.history import Change, ordered
from boardapp.domain.history_words import change_words
from boardapp.domain.terms import RevisionKind, TrackedKind
from boardapp.store.history import changes_of

NO_REASON = "no reason given"


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One revision of one item, in words."""

    effective_on: date  # the day it took effect: "as at" a day counts it from then
    change: str  # "Status: In progress → Complete; RAG: Amber → Green", or "Added"
    changed_by: str  # who made it ("Sam Secretariat (secretariat)"); "" when not known
    reason: str  # why, as given; "" when none was
    source: str  # the report or file it came from, if any
    changed_at: datetime | None  # when it was recorded (UTC)
    kind: RevisionKind

    @property
    def why(self) -> str:
        """The reason, or "no reason given"."""
        return self.reason or NO_REASON


def item_history(session: Session, kind: TrackedKind, item: uuid.UUID, as_at: date | None = None,
                 number: Callable[[float], str] = "{:g}".format) -> list[HistoryLine]:
    """The history of one item, newest first: every revision effective on or before
    ``as_at`` (all of them when None). ``number`` formats a target or band in its unit.
    One query."""
    changes = changes_of(session.connection(), kind, [item]).get(item, [])
    return [_line(change, number) for change in reversed(ordered(changes))
            if as_at is None or change.effective_on <= as_at]


def _line(change: Change, number: Callable[[float], str]) -> HistoryLine:
    return HistoryLine(
        effective_on=change.effective_on,
        change=change_words(change, number),
        changed_by=change.changed_by,
        reason=change.reason,
        source=change.source,
        changed_at=change.changed_at,
        kind=change.kind,
    )
