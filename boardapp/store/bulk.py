"""Bulk writes below the ORM: many rows of one table in one driver ``executemany``.

Used where one change writes thousands of rows at once (a readings import, and the
outbox entries that go with it), so SQLAlchemy's per-row parameter bookkeeping does
not cost more than the rows themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, insert

# A batch this large has SQLite keep up to PAGE_CACHE_KIB of pages in memory while it
# is written: its rows land all over the table's indexes (a uuid index takes them in
# random order), and with SQLite's default 2 MiB cache each index page would be
# written out, read back and written again many times in one transaction.
LARGE_BATCH = 5_000
PAGE_CACHE_KIB = 16 * 1024  # 16 MiB: as fast as 32 or 64 for 54,000 readings, far less memory


def insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``insert(table)`` of ``rows`` (dicts with the same keys), each value converted by
    its column type's own bind processor and handed to the driver's ``executemany``.

    The same rows and storage format as ``connection.execute(insert(table), rows)``,
    without SQLAlchemy's per-row parameter bookkeeping; a value that repeats (a date, a
    time stamp, a status) is converted once. A column the rows leave out takes its
    plain default, as a Core insert would give it."""
    insert_columns(connection, table, {name: [row[name] for row in rows] for name in rows[0]}, len(rows))


def insert_columns(connection: Connection, table: Table, columns: dict[str, list[Any]], count: int) -> None:
    """:func:`insert_many` of ``count`` rows given column by column (``columns``: each
    column's ``count`` values, in row order), so that no row is built as a dict."""
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    values = []
    for name in compiled.positiontup or []:
        column = columns.get(name)
        if column is None:
            values.append([_plain_default(table, name)] * count)
            continue
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        values.append(column if process is None else _converted(column, process))
    parameters = list(zip(*values, strict=True))
    del values
    with large_writes(connection, count):
        connection.exec_driver_sql(compiled.string, parameters)


@contextmanager
def large_writes(connection: Connection, rows: int) -> Iterator[None]:
    """Within the block, SQLite keeps up to :data:`PAGE_CACHE_KIB` of pages in memory
    when ``rows`` is a large batch (the connection's own size again afterwards; nested
    blocks keep the outer one's)."""
    if rows < LARGE_BATCH or connection.dialect.name != "sqlite" or connection.info.get(_RAISED):
        yield
        return
    previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar())  # type: ignore[arg-type]
    connection.exec_driver_sql(f"PRAGMA cache_size = {-PAGE_CACHE_KIB}")
    connection.info[_RAISED] = True
    try:
        yield
    finally:
        del connection.info[_RAISED]
        connection.exec_driver_sql(f"PRAGMA cache_size = {previous}")


def _plain_default(table: Table, name: str) -> Any:
    default = table.c[name].default
    if default is None or not default.is_scalar:
        raise ValueError(f"insert_many: rows of {table.name} must carry {name!r}")
    return default.arg  # type: ignore[attr-defined]


def _converted(values: list[Any], process: Callable[[Any], Any]) -> list[Any]:
    """Each value through ``process`` (None stays None), remembering up to 1,000
    distinct values: past that they do not repeat (uuids), and each is converted."""
    known: dict[Any, Any] = {}
    converted: list[Any] = []
    append = converted.append
    for index, value in enumerate(values):
        if value is None:
            append(None)
            continue
        found = known.get(value, _MISSING)
        if found is _MISSING:
            found = known[value] = process(value)
            if len(known) > 1_000:
                append(found)
                converted.extend([None if rest is None else process(rest) for rest in values[index + 1 :]])
                return converted
        append(found)
    return converted


_MISSING = object()
_RAISED = "boardapp.large_writes"  # connection.info key: the cache is raised
