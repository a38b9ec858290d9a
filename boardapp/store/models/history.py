"""History: one dated revision per change of a tracked item (docs/history.md).

Readings keep their own revisions (``reading_revision``); every other item a board
judges or tracks (an action, milestone, plan, recommendation, requirement, target, an
indicator's band) keeps them here, so "as at" any date shows it as it then stood.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from boardapp.domain.terms import RevisionKind, TrackedKind
from boardapp.store.models.base import Base, Synced, UTCDateTime, utc_now, word


class Revision(Synced, Base):
    """One change of one tracked item: ``changes`` is JSON ``{field: [old, new]}`` in
    plain values (words, ISO dates, numbers). ``effective_on``: the day the change took
    effect (the day it was made, or the day a report states it); "as at" a date counts
    the revisions effective on or before it. ``kind`` ``created``: the item did not
    exist before ``effective_on``. Never edited or deleted once written."""

    __tablename__ = "revision"
    __table_args__ = (Index("ix_revision_item", "item_kind", "item_uuid", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_kind: Mapped[TrackedKind] = mapped_column(word(TrackedKind))
    item_uuid: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[RevisionKind] = mapped_column(word(RevisionKind), default=RevisionKind.CHANGED)
    changes: Mapped[str] = mapped_column(Text, default="{}")
    effective_on: Mapped[date] = mapped_column(Date, index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    changed_by: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
