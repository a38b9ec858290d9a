"""Bringing the server's changes down, batch by batch, each with its checkpoint.

The server numbers every change in commit order (``sync_change.seq``); a copy keeps the
number it holds everything up to. Each batch and its new checkpoint are written in one
SQLite transaction, so the checkpoint is never ahead of the data. A copy that never
synced with this board, or last did before the oldest change the server still
remembers deletions for (the tombstone horizon), downloads everything instead. Rows
come down in the form this copy keeps them (server_rows.py) and are written a table at
a time (apply_bulk.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from sqlalchemy import Engine

from boardapp.store.sync import apply_bulk, local_apply, server_read, server_rows, state, stored, tables
from boardapp.store.sync.stored import StoredBatch

BATCH_SIZE = 2000
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DownloadReport:
    changed: int
    batches: int
    full: bool
    checkpoint: int


def step(stage: str) -> None:
    """A named point between two steps (tests make a run stop here)."""


def download(pg: psycopg.Connection, engine: Engine, progress: Progress | None = None) -> DownloadReport:
    with engine.connect() as connection:
        values = state.read(connection)
    pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    with pg.transaction():
        board = server_read.board_id(pg)
        horizon = server_read.horizon(pg)
    checkpoint = state.checkpoint(values)
    if checkpoint is None or values.get(state.BOARD_ID) != board or checkpoint < horizon:
        return _full(pg, engine, board, progress)
    return _incremental(pg, engine, checkpoint, progress)


def _full(pg: psycopg.Connection, engine: Engine, board: str, progress: Progress | None) -> DownloadReport:
    batch = StoredBatch()
    with pg.transaction():
        newest = server_read.newest_change(pg)
        for n, table in enumerate(tables.ROW_TABLES):
            if progress:
                progress("downloading", n, len(tables.ROW_TABLES))
            batch.rows[table.name] = server_rows.all_rows(pg, table.name)
        for link in tables.LINKS.values():
            at = stored.uuid_index(link.owner_table)
            owners = {r[at] for r in batch.rows[link.owner_table]}
            batch.links[link.name] = (owners, server_rows.links_of(pg, link, None))
    step("download: fetched")
    present = {name: {r[stored.uuid_index(name)] for r in rows} for name, rows in batch.rows.items()}
    with engine.begin() as connection:
        changed = apply_bulk.apply(connection, batch)
        changed += apply_bulk.mirror_deletions(connection, present, local_apply.pending_hex(connection))
        local_apply.reapply_pending(connection)
        step("download: applied")
        state.write(connection, **{state.CHECKPOINT: str(newest), state.BOARD_ID: board})
    return DownloadReport(changed, 1, True, newest)


def _incremental(pg: psycopg.Connection, engine: Engine, checkpoint: int, progress: Progress | None) -> DownloadReport:
    changed = batches = 0
    while True:
        with pg.transaction():
            changes = server_read.changes_since(pg, checkpoint, BATCH_SIZE)
            if not changes:
                break
            batch = _fetch(pg, changes)
            with engine.connect() as connection:
                _add_missing_parents(pg, connection, batch)
        step("download: fetched")
        new_checkpoint = changes[-1][2]
        with engine.begin() as connection:
            changed += apply_bulk.apply(connection, batch)
            local_apply.reapply_pending(connection)
            step("download: applied")
            state.write(connection, **{state.CHECKPOINT: str(new_checkpoint)})
        checkpoint = new_checkpoint
        batches += 1
        if progress:
            progress("downloading", batches, batches + (len(changes) == BATCH_SIZE))
    return DownloadReport(changed, batches, False, checkpoint)


def _fetch(pg: psycopg.Connection, changes: list[tuple[str, uuid.UUID, int, bool]]) -> StoredBatch:
    batch = StoredBatch()
    wanted: dict[str, set[str]] = {}
    owners: dict[str, set[str]] = {}
    for table_name, row_uuid, _seq, deleted in changes:
        if table_name in tables.LINKS:
            owners.setdefault(table_name, set()).add(row_uuid.hex)
        elif table_name in tables.TABLES:
            if deleted:
                batch.gone[table_name].add(row_uuid.hex)
            else:
                wanted.setdefault(table_name, set()).add(row_uuid.hex)
    for table_name, uuids in wanted.items():
        rows = server_rows.rows_by_uuid(pg, table_name, uuids)
        batch.rows[table_name].extend(rows)
        # Not there any more, or hidden from this person (an item now marked exempt).
        at = stored.uuid_index(table_name)
        batch.gone[table_name].update(uuids - {r[at] for r in rows})
    for name, owner_uuids in owners.items():
        batch.links[name] = (owner_uuids, server_rows.links_of(pg, tables.LINKS[name], owner_uuids))
    return batch


def _add_missing_parents(pg: psycopg.Connection, connection, batch: StoredBatch) -> None:  # type: ignore[no-untyped-def]
    """Rows point at parents this copy may not have yet (a parent changed again later has
    a later place in the order): bring those parents in the same batch."""
    asked: dict[str, set[str]] = {}
    while True:
        missing = apply_bulk.missing_parents(connection, batch)
        fresh = {t: u - asked.get(t, set()) for t, u in missing.items()}
        fresh = {t: u for t, u in fresh.items() if u}
        if not fresh:
            return
        for table_name, uuids in fresh.items():
            asked.setdefault(table_name, set()).update(uuids)
            batch.rows[table_name].extend(server_rows.rows_by_uuid(pg, table_name, uuids))


def refresh(pg: psycopg.Connection, engine: Engine, rows: dict[str, set[uuid.UUID]]) -> int:
    """Bring these rows back as the server has them (after the server refused this
    copy's change to them); the checkpoint does not move."""
    batch = StoredBatch()
    with pg.transaction():
        for table_name, uuids in rows.items():
            if table_name in tables.LINKS:
                # A refused change of links: the owner's links as the server has them
                # (an owner the server does not have keeps what was typed).
                link = tables.LINKS[table_name]
                at = stored.uuid_index(link.owner_table)
                owners = {r[at] for r in server_rows.rows_by_uuid(pg, link.owner_table, uuids)}
                batch.links[table_name] = (owners, server_rows.links_of(pg, link, owners))
            elif table_name in tables.TABLES:
                batch.rows[table_name].extend(server_rows.rows_by_uuid(pg, table_name, uuids))
        with engine.connect() as connection:
            _add_missing_parents(pg, connection, batch)
    with engine.begin() as connection:
        changed = apply_bulk.apply(connection, batch)
        local_apply.reapply_pending(connection)
    return changed
