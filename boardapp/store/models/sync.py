"""What a copy keeps to sync with the board server: the outbox, its state, conflicts.

Local only: :class:`OutboxEntry` (this copy's changes not yet confirmed by the
server), :class:`SyncState` (device id, server, checkpoint) and :class:`ReceivedOperation`
(operations this copy has already taken in from a change file). :class:`SyncConflict`
is written by the board server and comes down to every copy allowed to see it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from boardapp.store.models.base import Base, Synced, UTCDateTime, utc_now


class OutboxEntry(Base):
    """One local change waiting for the server's confirmation; ``id`` is its sequence."""

    __tablename__ = "sync_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    op_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    device_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    table_name: Mapped[str] = mapped_column(String(60))
    row_uuid: Mapped[uuid.UUID] = mapped_column(Uuid)
    operation: Mapped[str] = mapped_column(String(12))  # insert | update | delete
    payload: Mapped[str] = mapped_column(Text)  # JSON: insert {column: value}; update {column: [old, new]}
    actor: Mapped[str] = mapped_column(String(120), default="")
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)  # this laptop's clock: shown, never ordered by
    refused: Mapped[str] = mapped_column(Text, default="")  # the server's reason, when it refused the change


class SyncState(Base):
    """This copy's side of syncing, one row per key (``device_id``, ``server``, ``checkpoint``...)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ReceivedOperation(Base):
    """An operation this copy has applied from a change file: a second import skips it."""

    __tablename__ = "sync_received"

    op_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class SyncConflict(Synced, Base):
    """Two edits of the same field where the later was made from an out-of-date copy.

    The server applies edits in the order it receives them, so ``incoming_value`` is in
    force and ``overwritten_value`` is what it replaced; both are kept here for the
    secretariat to confirm or put back. ``server_order`` is the server's sequence.
    """

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_uuid: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    field: Mapped[str] = mapped_column(String(60))
    base_value: Mapped[str] = mapped_column(Text, default="")  # JSON: what the later editor had seen
    overwritten_value: Mapped[str] = mapped_column(Text, default="")  # JSON
    overwritten_by: Mapped[str] = mapped_column(String(120), default="")
    incoming_value: Mapped[str] = mapped_column(Text, default="")  # JSON
    incoming_by: Mapped[str] = mapped_column(String(120), default="")
    incoming_op: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    server_order: Mapped[int] = mapped_column(BigInteger, default=0)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution: Mapped[str] = mapped_column(Text, default="")  # JSON: the value chosen
    resolved_by: Mapped[str] = mapped_column(String(120), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
