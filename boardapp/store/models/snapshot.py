"""The overview snapshot's tables (migration 0009): the overview's rows as judged as at
one day, kept so the window can paint them before it has judged anything.

Local derived data: never synced (store/sync/tables.LOCAL_ONLY), never in a change
file, never audited or given history; on the board server they do not exist (the
migration makes them on SQLite only). The columns are a contract with the window's
first paint, which reads them with plain sqlcipher3: see store/snapshot.py.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Integer, PrimaryKeyConstraint, Table, Text

from boardapp.store.models.base import Base

overview_snapshot = Table(
    "overview_snapshot",
    Base.metadata,
    Column("requirement_uuid", Text, primary_key=True),  # str(uuid), with hyphens
    Column("position", Integer, nullable=False),
    Column("ref", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("judged", Text),
    Column("rag", Text),
    Column("rag_reason", Text, nullable=False),
    Column("why", Text, nullable=False),
    Column("driver", Text),
    Column("indicators", Text, nullable=False),
    Column("headline", Text, nullable=False),
    Column("sparkline", Text, nullable=False),
    Column("trajectory", Text),
    Column("trajectory_text", Text, nullable=False),
    Column("open_notes", Integer, nullable=False),
    Column("exempt", Integer, nullable=False),
    Column("due_soon", Integer, nullable=False),
)

# Every indicator with a target to judge, as ``boardapp status`` words it
# (store/status.IndicatorLine): kept beside the rows so that the status as at today
# needs no judging either. Not part of the first paint's contract.
overview_snapshot_indicator = Table(
    "overview_snapshot_indicator",
    Base.metadata,
    Column("code", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("figure", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("unreported", Text, nullable=False),
    Column("thresholds", Text, nullable=False),  # JSON list of words
)

overview_snapshot_state = Table(
    "overview_snapshot_state",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("as_at", Text, nullable=False),
    Column("built_at", Text, nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("id = 1", name="one_row"),
)

# What changed since the rows were judged: ("indicator", indicator.id) or
# ("requirement", requirement.id), put there by the triggers migration 0009 makes.
overview_snapshot_dirty = Table(
    "overview_snapshot_dirty",
    Base.metadata,
    Column("kind", Text, nullable=False),
    Column("item_id", Integer, nullable=False),
    PrimaryKeyConstraint("kind", "item_id"),
    sqlite_with_rowid=False,
)
