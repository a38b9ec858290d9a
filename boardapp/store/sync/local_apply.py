"""Writing what came from the board server into this copy, in the caller's transaction.

Rows are matched by uuid (inserted, or updated where anything differs); foreign keys
travel as uuids and are turned back into this copy's ids; a row that takes the natural
key (indicator and period, code, name...) of a different local row replaces it. Link
tables are replaced owner by owner. Afterwards this copy's own changes still waiting in
the outbox are laid on top again, so what the person sees is the server plus what they
have not yet sent.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, or_, select, tuple_, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from boardapp.store.models import OutboxEntry
from boardapp.store.sync import tables

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


def missing_parents(connection: Connection, batch: Batch) -> dict[str, set[uuid.UUID]]:
    """Parents the batch's rows point at that neither this copy nor the batch holds."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for table_name, rows in batch.rows.items():
        for column, parent in tables.foreign_keys(tables.TABLES[table_name]).items():
            wanted[parent].update(r[column] for r in rows if r[column] is not None)
    for link in tables.LINKS.values():
        if link.name in batch.links:
            wanted[link.other_table].update(r["other"] for r in batch.links[link.name][1])
            wanted[link.owner_table].update(batch.links[link.name][0])
    missing = {}
    for parent, uuids in wanted.items():
        have = {r["uuid"] for r in batch.rows.get(parent, [])}
        need = uuids - have
        need -= set(local_ids(connection, parent, need))
        if need:
            missing[parent] = need
    return missing


def apply(connection: Connection, batch: Batch) -> int:
    """Write ``batch``; returns how many rows changed."""
    changed = 0
    for table in tables.ROW_TABLES:
        if batch.rows.get(table.name):
            changed += _upsert(connection, table, batch.rows[table.name])
    for name, (owners, links) in batch.links.items():
        changed += _replace_links(connection, tables.LINKS[name], owners, links)
    for table in reversed(tables.ROW_TABLES):
        gone = list(batch.gone.get(table.name, ()))
        for part in _chunks(gone):
            changed += connection.execute(delete(table).where(table.c.uuid.in_(part))).rowcount or 0
    return changed


def _local_row(table: Table, row: Row, parents: dict[str, dict[uuid.UUID, int]]) -> Row | None:
    local = {name: row.get(name) for name in tables.wire_columns(table)}
    for name, ids in parents.items():
        value = local[name]
        if value is not None:
            local[name] = value = ids.get(value)
            if value is None and not table.columns[name].nullable:
                return None  # its parent is hidden from this person: so is the row
    return local


def _upsert(connection: Connection, table: Table, rows: list[Row]) -> int:
    fks = tables.foreign_keys(table)
    parents = {c: local_ids(connection, p, (r[c] for r in rows if r[c] is not None)) for c, p in fks.items()}
    prepared = [r for r in (_local_row(table, row, parents) for row in rows) if r is not None]
    if not prepared:
        return 0
    if connection.execute(select(table.c.id).limit(1)).first() is None:
        # An empty table (a first download): nothing to match, plain inserts.
        for part in _chunks(prepared):
            connection.execute(insert(table), part)
        return len(prepared)
    _drop_natural_key_twins(connection, table, prepared)
    columns = tables.wire_columns(table)
    statement = sqlite_insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["uuid"],
        set_={c: statement.excluded[c] for c in columns if c != "uuid"},
        where=or_(*(table.c[c].is_distinct_from(statement.excluded[c]) for c in columns if c != "uuid")),
    )
    changed = 0
    for part in _chunks(prepared):
        changed += connection.execute(statement, part).rowcount or 0
    return changed


def _drop_natural_key_twins(connection: Connection, table: Table, rows: list[Row]) -> None:
    """A local row with an incoming row's natural key but another uuid is the same thing
    made twice: the server's wins, the local one goes."""
    for key in tables.natural_keys(table):
        incoming = {tuple(r[c] for c in key): r["uuid"] for r in rows if all(r[c] is not None for c in key)}
        if not incoming:
            continue
        twins = []
        values = list(incoming)
        for part in _chunks(values):
            query = select(table.c.uuid, *(table.c[c] for c in key)).where(
                tuple_(*(table.c[c] for c in key)).in_(part)
            )
            for found_uuid, *natural in connection.execute(query):
                if incoming.get(tuple(natural)) != found_uuid:
                    twins.append(found_uuid)
        for part in _chunks(twins):
            connection.execute(delete(table).where(table.c.uuid.in_(part)))


def _replace_links(connection: Connection, link: tables.Link, owners: set[uuid.UUID], rows: list[Row]) -> int:
    """Make each owner's links exactly ``rows``; returns how many owners' links changed."""
    table = tables.Base.metadata.tables[link.name]
    owner_ids = local_ids(connection, link.owner_table, owners)
    other_ids = local_ids(connection, link.other_table, (r["other"] for r in rows))
    wanted: dict[int, set[tuple[Any, ...]]] = {i: set() for i in owner_ids.values()}
    for r in rows:
        if r["owner"] in owner_ids and r["other"] in other_ids:
            wanted[owner_ids[r["owner"]]].add((other_ids[r["other"]], *(r[c] for c in link.extra)))
    have: dict[int, set[tuple[Any, ...]]] = {i: set() for i in owner_ids.values()}
    columns = [table.c[link.owner_column], table.c[link.other_column], *(table.c[c] for c in link.extra)]
    for part in _chunks(list(owner_ids.values())):
        for owner, *rest in connection.execute(select(*columns).where(table.c[link.owner_column].in_(part))):
            have[owner].add(tuple(rest))
    changed = [owner for owner in wanted if wanted[owner] != have[owner]]
    for part in _chunks(changed):
        connection.execute(delete(table).where(table.c[link.owner_column].in_(part)))
    new = [
        {link.owner_column: owner, link.other_column: other} | dict(zip(link.extra, extra, strict=True))
        for owner in changed
        for other, *extra in wanted[owner]
    ]
    if new:
        connection.execute(insert(table), new)
    return len(changed)


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
    rows = [{"owner": owner_uuid, "other": uuid.UUID(str(other))} for other in others]
    return _replace_links(connection, link, {owner_uuid}, rows)


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
    keep = pending_uuids(connection)
    removed = 0
    for table in reversed(tables.ROW_TABLES):
        local = set(connection.execute(select(table.c.uuid)).scalars())
        extra = list(local - present.get(table.name, set()) - keep.get(table.name, set()))
        for part in _chunks(extra):
            removed += connection.execute(delete(table).where(table.c.uuid.in_(part))).rowcount or 0
    return removed
