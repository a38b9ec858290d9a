"""Writing a batch of stored rows (stored.py) into this copy, many rows per statement.

What local_apply.py promises, done a table at a time: rows are matched by uuid
(inserted, or updated where any value differs); foreign keys, which come as the uuids
of the rows they point at, become this copy's ids (a row whose required parent this
copy does not hold is left out, a missing optional parent is left empty); a row that
takes the natural key of a different local row replaces it; an owner's links become
exactly the set given. Each table's rows go in one ``executemany`` through the driver,
with no per-value work in Python. All in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table

from boardapp.store.sync import tables
from boardapp.store.sync.stored import StoredBatch, StoredRow

CHUNK = 500
# Past this many uuids asked for, reading a parent table whole is quicker than asking by uuid.
WHOLE_TABLE = 2000


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _read(connection: Connection, query: str, params: Sequence[Any] = ()) -> list[Any]:
    """A query's rows as the driver gives them, with none of SQLAlchemy's per-row work
    (tens of thousands of uuids are read at a time). The query itself goes through
    SQLAlchemy, so it runs inside the caller's transaction, begun as the store begins it."""
    result = connection.exec_driver_sql(query, tuple(params)) if params else connection.exec_driver_sql(query)
    try:
        return result.cursor.fetchall()  # type: ignore[union-attr]
    finally:
        result.close()


def ids_of(connection: Connection, table_name: str, uuids: Iterable[str]) -> dict[str, int]:
    """This copy's ids of the rows with these uuids (hex), those it holds."""
    wanted = set(uuids)
    wanted.discard(None)  # type: ignore[arg-type]
    if not wanted:
        return {}
    if len(wanted) > WHOLE_TABLE:
        rows = _read(connection, f'SELECT uuid, id FROM "{table_name}"')
        return {u: i for u, i in rows if u in wanted}
    found: dict[str, int] = {}
    for part in _chunks(list(wanted)):
        found.update(_read(connection, f'SELECT uuid, id FROM "{table_name}" WHERE uuid IN ({_marks(len(part))})', part))
    return found


def missing_parents(connection: Connection, batch: StoredBatch) -> dict[str, set[str]]:
    """Parents (uuid hex by table) the batch's rows point at that neither this copy nor the batch holds."""
    wanted: dict[str, set[str]] = {}
    for table_name, rows in batch.rows.items():
        table = tables.TABLES[table_name]
        columns = tables.wire_columns(table)
        for column, parent in tables.foreign_keys(table).items():
            at = columns.index(column)
            wanted.setdefault(parent, set()).update(r[at] for r in rows if r[at] is not None)
    for link in tables.LINKS.values():
        if link.name in batch.links:
            owners, rows = batch.links[link.name]
            wanted.setdefault(link.other_table, set()).update(r[1] for r in rows)
            wanted.setdefault(link.owner_table, set()).update(owners)
    missing = {}
    for parent, uuids in wanted.items():
        at = tables.wire_columns(tables.TABLES[parent]).index("uuid")
        need = uuids - {r[at] for r in batch.rows.get(parent, [])}
        need -= set(ids_of(connection, parent, need))
        if need:
            missing[parent] = need
    return missing


def apply(connection: Connection, batch: StoredBatch) -> int:
    """Write ``batch``; returns how many rows changed."""
    changed = 0
    for table in tables.ROW_TABLES:
        if batch.rows.get(table.name):
            changed += upsert(connection, table, batch.rows[table.name])
    for name, (owners, links) in batch.links.items():
        changed += replace_links(connection, tables.LINKS[name], owners, links)
    for table in reversed(tables.ROW_TABLES):
        changed += delete_rows(connection, table.name, batch.gone.get(table.name, ()))
    return changed


def delete_rows(connection: Connection, table_name: str, uuids: Iterable[str]) -> int:
    removed = 0
    for part in _chunks(list(uuids)):
        removed += connection.exec_driver_sql(
            f'DELETE FROM "{table_name}" WHERE uuid IN ({_marks(len(part))})', tuple(part)
        ).rowcount or 0
    return removed


def _with_local_ids(connection: Connection, table: Table, rows: list[StoredRow]) -> list[StoredRow]:
    """The rows with each foreign key as this copy's id; rows whose required parent is missing left out."""
    columns = tables.wire_columns(table)
    fks = tables.foreign_keys(table)
    if not fks:
        return rows
    plan = []
    for column, parent in fks.items():
        at = columns.index(column)
        ids = ids_of(connection, parent, (r[at] for r in rows if r[at] is not None))
        plan.append((at, ids, not table.columns[column].nullable))
    kept = []
    for row in rows:
        values = list(row)
        for at, ids, required in plan:
            value = values[at]
            if value is not None:
                values[at] = value = ids.get(value)
                if value is None and required:
                    break  # its parent is hidden from this person: so is the row
        else:
            kept.append(tuple(values))
    return kept


@cache
def _insert_sql(table_name: str) -> str:
    columns = tables.wire_columns(tables.TABLES[table_name])
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table_name}" ({names}) VALUES ({_marks(len(columns))})'


@cache
def _upsert_sql(table_name: str) -> str:
    others = [c for c in tables.wire_columns(tables.TABLES[table_name]) if c != "uuid"]
    sets = ", ".join(f'"{c}" = excluded."{c}"' for c in others)
    differs = " OR ".join(f'"{table_name}"."{c}" IS NOT excluded."{c}"' for c in others)
    return f"{_insert_sql(table_name)} ON CONFLICT (uuid) DO UPDATE SET {sets} WHERE {differs}"


def upsert(connection: Connection, table: Table, rows: list[StoredRow]) -> int:
    prepared = _with_local_ids(connection, table, rows)
    if not prepared:
        return 0
    if connection.exec_driver_sql(f'SELECT 1 FROM "{table.name}" LIMIT 1').first() is None:
        # An empty table (a first download): nothing to match, plain inserts.
        connection.exec_driver_sql(_insert_sql(table.name), prepared)
        return len(prepared)
    _drop_natural_key_twins(connection, table, prepared)
    return connection.exec_driver_sql(_upsert_sql(table.name), prepared).rowcount or 0


def _drop_natural_key_twins(connection: Connection, table: Table, rows: list[StoredRow]) -> None:
    """A local row with an incoming row's natural key but another uuid is the same thing
    made twice: the server's wins, the local one goes."""
    columns = tables.wire_columns(table)
    own = columns.index("uuid")
    for key in tables.natural_keys(table):
        at = [columns.index(c) for c in key]
        incoming = {tuple(r[i] for i in at): r[own] for r in rows if all(r[i] is not None for i in at)}
        if not incoming:
            continue
        names = ", ".join(f'"{c}"' for c in key)
        row_marks = f"({_marks(len(key))})"
        twins = []
        for part in _chunks(list(incoming)):
            query = (
                f'SELECT uuid, {names} FROM "{table.name}" WHERE ({names}) IN (VALUES {", ".join([row_marks] * len(part))})'
            )
            for found_uuid, *natural in connection.exec_driver_sql(query, tuple(v for k in part for v in k)):
                if incoming.get(tuple(natural)) != found_uuid:
                    twins.append(found_uuid)
        delete_rows(connection, table.name, twins)


def replace_links(connection: Connection, link: tables.Link, owners: set[str], rows: list[StoredRow]) -> int:
    """Make each owner's links exactly ``rows`` (owner hex, other hex, *extra); returns
    how many owners' links changed."""
    owner_ids = ids_of(connection, link.owner_table, owners)
    other_ids = ids_of(connection, link.other_table, (r[1] for r in rows))
    wanted: dict[int, set[tuple[Any, ...]]] = {i: set() for i in owner_ids.values()}
    for owner, other, *extra in rows:
        if owner in owner_ids and other in other_ids:
            wanted[owner_ids[owner]].add((other_ids[other], *extra))
    have: dict[int, set[tuple[Any, ...]]] = {i: set() for i in owner_ids.values()}
    names = ", ".join(f'"{c}"' for c in (link.owner_column, link.other_column, *link.extra))
    for part in _chunks(list(owner_ids.values())):
        query = f'SELECT {names} FROM "{link.name}" WHERE "{link.owner_column}" IN ({_marks(len(part))})'
        for owner, *rest in connection.exec_driver_sql(query, tuple(part)):
            have[owner].add(tuple(rest))
    changed = [owner for owner in wanted if wanted[owner] != have[owner]]
    for part in _chunks(changed):
        connection.exec_driver_sql(
            f'DELETE FROM "{link.name}" WHERE "{link.owner_column}" IN ({_marks(len(part))})', tuple(part)
        )
    new = [(owner, other, *extra) for owner in changed for other, *extra in wanted[owner]]
    if new:
        connection.exec_driver_sql(f'INSERT INTO "{link.name}" ({names}) VALUES ({_marks(len(names.split(", ")))})', new)
    return len(changed)


def mirror_deletions(connection: Connection, present: dict[str, set[str]], keep: dict[str, set[str]]) -> int:
    """After a full download: remove local rows the server no longer has (or hides),
    keeping those in ``keep`` (this copy's own, not yet confirmed). Uuids as hex."""
    removed = 0
    for table in reversed(tables.ROW_TABLES):
        local = {r[0] for r in _read(connection, f'SELECT uuid FROM "{table.name}"')}
        extra = local - present.get(table.name, set()) - keep.get(table.name, set())
        removed += delete_rows(connection, table.name, extra)
    return removed
