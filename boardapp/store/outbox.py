"""The outbox: every change this copy makes that the board server must hear of.

An ORM listener writes one outbox entry per inserted, updated or deleted row of the
tables a laptop may change (:data:`tables.UPLOADED`), in the same flush and so the same
SQLite transaction as the change itself: a change is never on disk without its entry.
The revision the history hook writes in the same flush (store/history.py) is queued
right after the change it records.
Each entry has an operation id (a uuid the server keys on, so a retried upload is a
no-op), this copy's device id, and its place in this copy's sequence (the row id).

Rows carry no integer ids on the way: a foreign key is written as the uuid of the row
it points at. An update carries ``{column: [old, new]}``: the old value is what the
server compares with its own to find a conflict. Writes that bypass the ORM (bulk
imports) call :func:`record_rows` themselves.

A change of an owner's links (an action's requirements, indicators, recommendations:
:data:`tables.UPLOADED_LINKS`), made through either side's relationship, is queued in
the same flush as one ``replace`` entry per owner and link table: the row uuid is the
owner's, the payload ``{"old": [uuids], "new": [uuids]}`` of the rows linked before and
after, ``new`` read back from the link table as the flush left it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Float, Table, delete, event, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from boardapp.store.bulk import insert_columns
from boardapp.store.models import Base, OutboxEntry, Synced, SyncState
from boardapp.store.models.base import utc_now
from boardapp.store.sync import tables

_SKIPPED = {"id", "created_at", "updated_at"}
CAPTURE = "sync_capture"  # session.info key: False while applying what came from the server


def install_outbox(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "after_flush", _after_flush)


def device_id(connection: Connection) -> uuid.UUID:
    """This copy's device id, made the first time it is asked for."""
    table = SyncState.__table__
    found = connection.execute(select(table.c.value).where(table.c.key == "device_id")).scalar()
    if found:
        return uuid.UUID(found)
    made = uuid.uuid4()
    connection.execute(insert(table).values(key="device_id", value=str(made)))
    return made


def _uuid_of(connection: Connection, table_name: str, row_id: int | None) -> str | None:
    if row_id is None:
        return None
    table = Base.metadata.tables[table_name]
    found = connection.execute(select(table.c.uuid).where(table.c.id == row_id)).scalar()
    return None if found is None else str(found)


def _wire(connection: Connection, table_name: str, column: str, value: Any) -> Any:
    parent = tables.foreign_keys(tables.TABLES[table_name]).get(column)
    if parent is not None:
        return _uuid_of(connection, parent, value)
    return tables.to_json(value)


def _insert_payload(connection: Connection, obj: Synced) -> dict[str, Any]:
    table = obj.__table__  # type: ignore[attr-defined]
    return {
        c.name: _wire(connection, table.name, c.name, getattr(obj, inspect(obj).mapper.get_property_by_column(c).key))
        for c in table.columns
        if c.name != "id" and (table.name, c.name) not in tables.SERVER_HIDDEN
    }


def _update_payload(connection: Connection, obj: Synced) -> dict[str, list[Any]]:
    state = inspect(obj)
    table = obj.__table__  # type: ignore[attr-defined]
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if column.name in _SKIPPED or column.table is not table or (table.name, column.name) in tables.SERVER_HIDDEN:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        old_w, new_w = _wire(connection, table.name, column.name, old), _wire(connection, table.name, column.name, new)
        if old_w != new_w:
            changes[column.name] = [old_w, new_w]
    return changes


def _after_flush(session: Session, _context: object) -> None:
    if session.info.get(CAPTURE) is False:
        return
    connection = session.connection()
    actor = str(session.info.get("actor", ""))
    entries = []
    for operation, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not isinstance(obj, Synced) or obj.__tablename__ not in tables.UPLOADED:  # type: ignore[attr-defined]
                continue
            if operation == "insert":
                payload: dict[str, Any] = _insert_payload(connection, obj)
            elif operation == "update":
                payload = _update_payload(connection, obj)
                if not payload:
                    continue
            else:
                payload = {}
            entries.append((obj.__tablename__, obj.uuid, operation, payload))  # type: ignore[attr-defined]
    entries.extend(_link_entries(session, connection))
    if entries:
        record(connection, _revisions_after_their_changes(entries), actor)


Entry = tuple[str, uuid.UUID, str, dict[str, Any]]


def _revisions_after_their_changes(entries: list[Entry]) -> list[Entry]:
    """Each revision (store/history.py, written in the same flush) queued right after the
    change of the item it records, so an upload sends the two in the same push and the
    server refuses the revision with a refused change (store/sync/upload.py)."""
    revisions: dict[str, list[Entry]] = {}
    ordered = []
    for entry in entries:
        if entry[0] == "revision":
            revisions.setdefault(str(entry[3].get("item_uuid")), []).append(entry)
        else:
            ordered.append(entry)
    if not revisions:
        return entries
    placed = []
    for entry in ordered:
        placed.append(entry)
        placed.extend(revisions.pop(str(entry[1]), []))
    return placed + [entry for rest in revisions.values() for entry in rest]


def _link_entries(session: Session, connection: Connection) -> list[tuple[str, uuid.UUID, str, dict[str, Any]]]:
    """One ``replace`` entry per (uploaded link table, owner) whose links this flush changed."""
    touched: dict[tuple[str, Any], tuple[set[uuid.UUID], set[uuid.UUID]]] = {}  # (link, owner) -> added, removed
    owners: dict[tuple[str, Any], Any] = {}
    for obj in [*session.new, *session.dirty]:
        if not isinstance(obj, Synced):
            continue
        state = inspect(obj)
        for relation in state.mapper.relationships:
            secondary = relation.secondary
            if secondary is None or secondary.name not in tables.UPLOADED_LINKS:
                continue
            history = state.attrs[relation.key].history
            if not history.has_changes():
                continue
            link = tables.LINKS[secondary.name]
            if obj.__tablename__ == link.owner_table:  # type: ignore[attr-defined]
                pairs = [(obj, other, True) for other in history.added] + [(obj, other, False) for other in history.deleted]
            else:  # the other side's collection (a recommendation's actions)
                pairs = [(owner, obj, True) for owner in history.added] + [(owner, obj, False) for owner in history.deleted]
            for owner, other, added in pairs:
                key = (link.name, id(owner))
                owners[key] = owner
                found = touched.setdefault(key, (set(), set()))
                found[0 if added else 1].add(other.uuid)
    entries = []
    for key, (added, removed) in touched.items():
        link_name, owner = key[0], owners[key]
        if owner in session.deleted or owner.id is None:
            continue  # the owner goes, and its links with it (ON DELETE CASCADE on every copy)
        link = tables.LINKS[link_name]
        table = Base.metadata.tables[link_name]
        other = Base.metadata.tables[link.other_table]
        new = {
            found
            for found in connection.execute(
                select(other.c.uuid).join(table, table.c[link.other_column] == other.c.id)
                .where(table.c[link.owner_column] == owner.id)
            ).scalars()
        }
        old = (new - (added - removed)) | (removed - added)
        if old != new:
            payload = {"old": sorted(map(str, old)), "new": sorted(map(str, new))}
            entries.append((link_name, owner.uuid, tables.REPLACE, payload))
    return entries


def record(connection: Connection, entries: Iterable[tuple[str, uuid.UUID, str, dict[str, Any]]], actor: str) -> int:
    """Queue ``(table, row uuid, operation, payload)`` entries in the caller's transaction."""
    return _record_encoded(
        connection,
        [
            (table, row_uuid, operation, json.dumps(payload, sort_keys=True, ensure_ascii=False))
            for table, row_uuid, operation, payload in entries
        ],
        actor,
    )


def _record_encoded(connection: Connection, entries: list[tuple[str, uuid.UUID, str, str]], actor: str) -> int:
    """:func:`record` of payloads already written as JSON text, in one ``executemany``."""
    if not entries:
        return 0
    device = device_id(connection)
    now = utc_now()
    count = len(entries)
    if connection.dialect.paramstyle == "qmark":  # SQLite, every laptop's copy: column by column
        table_names, row_uuids, operations, payloads = (list(column) for column in zip(*entries, strict=True))
        columns = {
            "op_id": [uuid.uuid4() for _ in range(count)],
            "device_id": [device] * count,
            "table_name": table_names,
            "row_uuid": row_uuids,
            "operation": operations,
            "payload": payloads,
            "actor": [actor] * count,
            "made_at": [now] * count,
            "refused": [""] * count,
        }
        insert_columns(connection, OutboxEntry.__table__, columns, count)
        return count
    rows = [
        {
            "op_id": uuid.uuid4(),
            "device_id": device,
            "table_name": table,
            "row_uuid": row_uuid,
            "operation": operation,
            "payload": payload,
            "actor": actor,
            "made_at": now,
            "refused": "",
        }
        for table, row_uuid, operation, payload in entries
    ]
    connection.execute(insert(OutboxEntry.__table__), rows)
    return count


def record_rows(connection: Connection, table_name: str, row_uuids: Iterable[uuid.UUID], actor: str) -> int:
    """Queue whole rows written in bulk (Core, not the ORM) as inserts of their present state.

    Foreign keys travel as the uuids of the rows they point at, looked up once per
    batch, not once per row: an import of 54,000 readings would otherwise ask 54,000
    times for the same 300 indicators."""
    table = tables.TABLES[table_name]
    parents = tables.foreign_keys(table)
    columns = tables.wire_columns(table)
    wanted = list(row_uuids)
    entries = []
    for start in range(0, len(wanted), 500):
        rows = list(connection.execute(select(table).where(table.c.uuid.in_(wanted[start : start + 500]))).mappings())
        uuids_of = _parent_uuids(connection, parents, rows)
        for row in rows:
            payload = {
                c: (uuids_of[c].get(row[c]) if c in parents else tables.to_json(row[c])) for c in columns
            }
            entries.append((table_name, row["uuid"], "insert", payload))
    return record(connection, entries, actor)


def _parent_uuids(
    connection: Connection, parents: dict[str, str], rows: list[Any]
) -> dict[str, dict[int, str]]:
    """For each foreign key column, the uuid (as text) of every row it points at."""
    found: dict[str, dict[int, str]] = {}
    for column, parent in parents.items():
        ids = {row[column] for row in rows if row[column] is not None}
        parent_table = Base.metadata.tables[parent]
        found[column] = {
            row_id: str(row_uuid)
            for row_id, row_uuid in connection.execute(
                select(parent_table.c.id, parent_table.c.uuid).where(parent_table.c.id.in_(ids))
            )
        } if ids else {}
    return found


def record_written(connection: Connection, table_name: str, rows: Iterable[dict[str, Any]], actor: str) -> int:
    """Queue whole rows as they were just written in bulk (the dicts handed to the insert,
    as :func:`boardapp.store.bulk.insert_many` takes them) as inserts, without reading
    them back: the same entries, payloads and order as :func:`record_rows` of their
    uuids gives.

    Each payload is written from a template: the JSON of a column's value is worked out
    once per distinct value (a sheet repeats its dates, periods, statuses, sources) and
    the row's pieces joined in the column order ``json.dumps(sort_keys=True)`` uses."""
    table = tables.TABLES[table_name]
    parents = tables.foreign_keys(table)
    columns = sorted(tables.wire_columns(table))
    written = list(rows)
    uuids_of = {column: _uuids_by_id(connection, parent, {row.get(column) for row in written} - {None})
                for column, parent in parents.items()}
    # The order record_rows gives: each 500 as SQLite hands back ``uuid IN (...)``, by
    # the uuid's stored text.
    hexes = [row["uuid"].hex for row in written]
    order = [index for start in range(0, len(written), 500)
             for index in sorted(range(start, min(start + 500, len(written))), key=hexes.__getitem__)]
    ordered = [written[index] for index in order]
    del hexes, order
    texts = [_JsonPiece(table, column, uuids_of.get(column)).texts(ordered) for column in columns]
    entries = [
        (table_name, row["uuid"], "insert", "{" + ", ".join(pieces) + "}")
        for row, pieces in zip(ordered, zip(*texts, strict=True), strict=True)
    ]
    del texts, ordered
    return _record_encoded(connection, entries, actor)


def _uuids_by_id(connection: Connection, table_name: str, ids: set[int]) -> dict[int, str]:
    parent = Base.metadata.tables[table_name]
    wanted = sorted(ids)
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        query = select(parent.c.id, parent.c.uuid).where(parent.c.id.in_(wanted[start : start + 500]))
        found.update((row_id, str(row_uuid)) for row_id, row_uuid in connection.execute(query))
    return found


class _JsonPiece:
    """``"column": value`` as ``json.dumps`` writes it in a payload, for one column of
    rows about to be queued: the value as the database hands it back (a float column's
    whole number as a float, a foreign key as the uuid it points at), converted once per
    distinct value."""

    __slots__ = ("column", "key", "known", "parents", "is_float", "default")

    def __init__(self, table: Table, column: str, parents: dict[int, str] | None) -> None:
        self.column = column
        self.key = json.dumps(column, ensure_ascii=False) + ": "
        self.known: dict[Any, str] = {}
        self.parents = parents
        self.is_float = isinstance(table.c[column].type, Float)
        default = table.c[column].default
        self.default = default.arg if default is not None and default.is_scalar else None  # type: ignore[attr-defined]

    def texts(self, rows: list[dict[str, Any]]) -> list[str]:
        """The piece of each row, in order."""
        column, default, known = self.column, self.default, self.known
        texts: list[str] = []
        append = texts.append
        for index, row in enumerate(rows):
            value = row.get(column, default)
            key = (value.__class__, value)  # True and 1 and 1.0 are one key otherwise
            found = known.get(key)
            if found is None:
                found = known[key] = self._text(value)
                if len(known) > 1_000:  # values that do not repeat (uuids, figures): stop remembering
                    append(found)
                    texts.extend([self._text(rest.get(column, default)) for rest in rows[index + 1 :]])
                    return texts
            append(found)
        return texts

    def _text(self, value: Any) -> str:
        return self.key + json.dumps(self._wire(value), ensure_ascii=False)

    def _wire(self, value: Any) -> Any:
        if self.parents is not None:
            return None if value is None else self.parents.get(value)
        if self.is_float and value is not None:
            value = float(value)
        return tables.to_json(value)


def record_updates(
    connection: Connection, table_name: str, updates: Iterable[tuple[uuid.UUID, dict[str, tuple[Any, Any]]]], actor: str
) -> int:
    """Queue rows changed in bulk (Core, not the ORM): ``(row uuid, {column: (old, new)})``,
    with the old values, so the server can tell an edit from a crossed one."""
    entries = []
    for row_uuid, columns in updates:
        changes = {
            column: [_wire(connection, table_name, column, old), _wire(connection, table_name, column, new)]
            for column, (old, new) in columns.items()
        }
        changes = {column: pair for column, pair in changes.items() if pair[0] != pair[1]}
        if changes:
            entries.append((table_name, row_uuid, "update", changes))
    return record(connection, entries, actor)


def pending(connection: Connection, limit: int | None = None) -> list[OutboxEntry]:
    """Entries not yet confirmed and not refused, in this copy's order."""
    table = OutboxEntry.__table__
    query = select(table).where(table.c.refused == "").order_by(table.c.id)
    if limit is not None:
        query = query.limit(limit)
    return list(connection.execute(query).all())  # type: ignore[arg-type]


def confirm(connection: Connection, op_ids: Iterable[uuid.UUID]) -> None:
    """The server has these: forget them."""
    table = OutboxEntry.__table__
    wanted = list(op_ids)
    for start in range(0, len(wanted), 500):
        connection.execute(delete(table).where(table.c.op_id.in_(wanted[start : start + 500])))


def discard_all(connection: Connection) -> None:
    """Empty the outbox: for a database just made, whose contents are no one's change."""
    connection.execute(delete(OutboxEntry.__table__))
