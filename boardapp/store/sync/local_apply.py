"""Writing what came from the board server into this copy, in the caller's transaction.

Rows are matched by uuid (inserted, or updated where anything differs); foreign keys
travel as uuids and are turned back into this copy's ids; a row that takes the natural
key (indicator and period, code, name...) of a different local row replaces it. Link
tables are replaced owner by owner. Afterwards this copy's own changes still waiting in
the outbox are laid on top again, so what the person sees is the server plus what they
have not yet sent. The writing itself is apply_bulk.py's, on rows in the form this copy
keeps them (stored.py).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select, update

from boardapp.store.models import OutboxEntry
from boardapp.store.sync import apply_bulk, stored, tables
from boardapp.store.sync.stored import StoredBatch

Row = dict[str, Any]
CHUNK = 500


@dataclass
class Batch:
    """What one download step (or one change file) brings: rows, deletions, link sets."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    gone: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    links: dict[str, tuple[set[uuid.UUID], list[Row]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(map(len, self.rows.values())) + sum(map(len, self.gone.values())) + sum(
            len(owners) for owners, _ in self.links.values()
        )


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def local_ids(connection: Connection, table_name: str, uuids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    table = tables.TABLES[table_name]
    found: dict[uuid.UUID, int] = {}
    for part in _chunks(list(set(uuids))):
        found.update(connection.execute(select(table.c.uuid, table.c.id).where(table.c.uuid.in_(part))).tuples().all())
    return found


def to_stored(batch: Batch) -> StoredBatch:
    """The batch in the form this copy keeps its rows (stored.py)."""
    found = StoredBatch()
    for table_name, rows in batch.rows.items():
        found.rows[table_name] = [stored.from_values(table_name, row) for row in rows]
    for table_name, uuids in batch.gone.items():
        found.gone[table_name] = {u.hex for u in uuids}
    for name, (owners, links) in batch.links.items():
        extra = tables.LINKS[name].extra
        found.links[name] = (
            {u.hex for u in owners},
            [(r["owner"].hex, r["other"].hex, *(r[c] for c in extra)) for r in links],
        )
    return found


def missing_parents(connection: Connection, batch: Batch) -> dict[str, set[uuid.UUID]]:
    """Parents the batch's rows point at that neither this copy nor the batch holds."""
    missing = apply_bulk.missing_parents(connection, to_stored(batch))
    return {name: {uuid.UUID(u) for u in uuids} for name, uuids in missing.items()}


def apply(connection: Connection, batch: Batch) -> int:
    """Write ``batch``; returns how many rows changed (apply_bulk.py does the writing)."""
    return apply_bulk.apply(connection, to_stored(batch))


def pending_uuids(connection: Connection) -> dict[str, set[uuid.UUID]]:
    """Rows with changes still in the outbox (sent or not), by table."""
    table = OutboxEntry.__table__
    found: dict[str, set[uuid.UUID]] = defaultdict(set)
    for name, row_uuid in connection.execute(select(table.c.table_name, table.c.row_uuid)).tuples():
        found[name].add(row_uuid)
    return found


def reapply_pending(connection: Connection) -> None:
    """Lay this copy's unsent updates and deletions back over what the server sent."""
    table = OutboxEntry.__table__
    entries = connection.execute(
        select(table.c.table_name, table.c.row_uuid, table.c.operation, table.c.payload)
        .where(table.c.refused == "", table.c.operation != "insert")
        .order_by(table.c.id)
    ).all()
    for table_name, row_uuid, operation, payload in entries:
        if operation == tables.REPLACE:
            replace_link_set(connection, table_name, row_uuid, json.loads(payload).get("new", []))
        elif operation == "delete":
            delete_row(connection, table_name, row_uuid)
        else:
            update_row(connection, table_name, row_uuid, json.loads(payload))


def replace_link_set(connection: Connection, link_name: str, owner_uuid: uuid.UUID, others: Iterable[Any]) -> int:
    """Make one owner's links in ``link_name`` exactly ``others`` (uuids, or their text);
    linked rows this copy does not hold are left out. Returns 1 if they changed, else 0."""
    link = tables.LINKS.get(link_name)
    if link is None:
        return 0
    rows = [(owner_uuid.hex, uuid.UUID(str(other)).hex) for other in others]
    return apply_bulk.replace_links(connection, link, {owner_uuid.hex}, rows)


def delete_row(connection: Connection, table_name: str, row_uuid: uuid.UUID) -> int:
    target = tables.TABLES.get(table_name)
    if target is None:
        return 0
    return connection.execute(delete(target).where(target.c.uuid == row_uuid)).rowcount or 0


def update_row(connection: Connection, table_name: str, row_uuid: uuid.UUID, changes: dict[str, list[Any]]) -> int:
    """Set each changed column of one row to its new (travelling) value."""
    target = tables.TABLES.get(table_name)
    if target is None:
        return 0
    values = {}
    fks = tables.foreign_keys(target)
    for column, (_old, new) in changes.items():
        if column not in target.columns or column in ("id", "uuid"):
            continue
        if column in fks:
            parent = uuid.UUID(new) if new else None
            values[column] = local_ids(connection, fks[column], [parent]).get(parent) if parent else None
        else:
            values[column] = tables.from_json(target.columns[column].type, new)
    if not values:
        return 0
    return connection.execute(update(target).where(target.c.uuid == row_uuid).values(values)).rowcount or 0


def row_from_json(table_name: str, data: dict[str, Any]) -> Row:
    """A travelling row read from JSON (a change file) with its Python values."""
    table = tables.TABLES[table_name]
    fks = tables.foreign_keys(table)
    row: Row = {}
    for column in tables.wire_columns(table):
        value = tables.travelling_value(table, data, column)
        if column in fks:
            row[column] = uuid.UUID(value) if value else None
        else:
            row[column] = tables.from_json(table.columns[column].type, value)
    return row


def mirror_deletions(connection: Connection, present: dict[str, set[uuid.UUID]]) -> int:
    """After a full download: remove local rows the server no longer has (or hides),
    keeping any this copy made and has not yet had confirmed."""
    return apply_bulk.mirror_deletions(
        connection, {name: {u.hex for u in uuids} for name, uuids in present.items()}, pending_hex(connection)
    )


def pending_hex(connection: Connection) -> dict[str, set[str]]:
    """:func:`pending_uuids` as this copy keeps uuids (hex)."""
    return {name: {u.hex for u in uuids} for name, uuids in pending_uuids(connection).items()}
