"""The board itself: its members, meetings, their notes, the audit log, and what this database holds."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boardapp.domain.terms import (
    AnnotatedKind,
    AnnotationKind,
    AnnotationStatus,
    DatePrecision,
    MeetingKind,
    Role,
)
from boardapp.store.models.base import Base, Synced, UTCDateTime, utc_now, word


class DatasetInfo(Base):
    """What this database holds: one row per key (``name``, ``synthetic``, ``created_by``...)."""

    __tablename__ = "dataset_info"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Member(Synced, Base):
    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[Role] = mapped_column(word(Role))
    source: Mapped[str] = mapped_column(String(200), default="")
    # The member's own login on the board server (boardapp server add-member); None on a laptop alone.
    login: Mapped[str | None] = mapped_column(String(63), unique=True)
    # A board without a server: the member's passphrase as a slow salted hash
    # (domain/passphrases.py), set by the secretariat or the member. Never sent to a
    # board server (sync/tables.py); a publication file carries it to members' laptops.
    passphrase_hash: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The public half of the key the member's laptop signs change files with (Ed25519,
    # hex), registered by the secretariat; and the public half of the key sealed exports
    # are encrypted to (X25519, hex). Empty until registered.
    public_key: Mapped[str] = mapped_column(String(64), default="", server_default="")
    receiving_key: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # Withdrawn by the secretariat: no longer a member; a laptop signed in as them is
    # emptied at its next contact with the board server.
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Meeting(Synced, Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MeetingKind] = mapped_column(word(MeetingKind))
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    date_precision: Mapped[DatePrecision] = mapped_column(word(DatePrecision), default=DatePrecision.DAY)
    as_at: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
    # The covering report's text for this meeting's pack, as the secretariat wrote it
    # (store/meetings.py): the conclusion, and what is asked of DfE or the board.
    conclusion: Mapped[str] = mapped_column(Text, default="", server_default="")
    asks: Mapped[str] = mapped_column(Text, default="", server_default="")


class Annotation(Synced, Base):
    """A member's note on a requirement, indicator or action, and its answer.

    ``target_uuid`` names the annotated row by its sync id, so a note made on one
    laptop points at the same item on every other copy.
    """

    __tablename__ = "annotation"
    __table_args__ = (Index("ix_annotation_target", "target_kind", "target_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_kind: Mapped[AnnotatedKind] = mapped_column(word(AnnotatedKind))
    target_uuid: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[AnnotationKind] = mapped_column(word(AnnotationKind))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"), index=True)
    author_name: Mapped[str] = mapped_column(String(120))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    status: Mapped[AnnotationStatus] = mapped_column(word(AnnotationStatus), default=AnnotationStatus.OPEN)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(120), default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    # The question log (store/questions.py): the meeting a question or challenge was asked
    # at (or for), and the meeting its answer was recorded at; unanswered, it is carried
    # to every later meeting's pack.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    answered_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))

    author: Mapped[Member | None] = relationship()


class LaptopIdentity(Base):
    """Who uses this copy, and how that was established (store/identity.py). One row
    (``id`` 1) or none; local to this copy, never sent or received.

    ``how``: ``server`` (the board server's login said so), ``passphrase`` (the
    member's passphrase), ``first user`` (the new board's first user, its secretariat).
    ``unlock_hash``: the slow hash of the secret that established it, asked for again
    when the window locks. ``signing_key`` / ``receiving_key``: this laptop's private keys
    (hex), whose public halves the secretariat registers on the member.
    """

    __tablename__ = "laptop_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_uuid: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(word(Role))
    how: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    established_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    server_login: Mapped[str] = mapped_column(String(63), default="")
    last_server_contact: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unlock_hash: Mapped[str] = mapped_column(Text, default="")
    signing_key: Mapped[str] = mapped_column(String(64), default="")
    receiving_key: Mapped[str] = mapped_column(String(64), default="")


class AuditEntry(Base):
    """One change of one row: who, when, what. Written by the store, never edited."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    actor: Mapped[str] = mapped_column(String(120))
    table_name: Mapped[str] = mapped_column(String(60))
    row_uuid: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    operation: Mapped[str] = mapped_column(String(12))  # insert | update | delete | bulk_load
    changes: Mapped[str] = mapped_column(Text, default="")  # JSON: {column: [old, new]}
    # On the board server each entry is chained to the one before it (a trigger computes
    # both); a laptop's own log leaves them empty.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
