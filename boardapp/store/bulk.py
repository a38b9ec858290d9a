"""Bulk writes below the ORM: many rows of one table in one driver ``executemany``.

Used where one change writes thousands of rows at once (a readings import, and the
outbox entries that go with it), so SQLAlchemy's per-row parameter bookkeeping does
not cost more than the rows themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, insert


def insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """``insert(table)`` of ``rows`` (dicts with the same keys), each value converted by
    its column type's own bind processor and handed to the driver's ``executemany``.

    The same rows and storage format as ``connection.execute(insert(table), rows)``,
    without SQLAlchemy's per-row parameter bookkeeping; a value that repeats (a date, a
    time stamp, a status) is converted once."""
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(rows[0]))
    columns = [(name, _Converter(table.c[name].type.dialect_impl(dialect).bind_processor(dialect)))
               for name in compiled.positiontup or []]
    # A column the rows leave out takes its plain default, as a Core insert would give it.
    absent = {name: _plain_default(table, name) for name, _ in columns if name not in rows[0]}
    if absent:
        rows = [row | absent for row in rows]
    connection.exec_driver_sql(
        compiled.string, [tuple(convert(row[name]) for name, convert in columns) for row in rows]
    )


def _plain_default(table: Table, name: str) -> Any:
    default = table.c[name].default
    if default is None or not default.is_scalar:
        raise ValueError(f"insert_many: rows of {table.name} must carry {name!r}")
    return default.arg  # type: ignore[attr-defined]


class _Converter:
    """A column's bind processor, remembering up to 1,000 values it has converted."""

    __slots__ = ("process", "known")

    def __init__(self, process: Callable[[Any], Any] | None) -> None:
        self.process = process
        self.known: dict[Any, Any] | None = {}

    def __call__(self, value: Any) -> Any:
        if value is None or self.process is None:
            return value
        known = self.known
        if known is None:
            return self.process(value)
        converted = known.get(value, _MISSING)
        if converted is _MISSING:
            converted = known[value] = self.process(value)
            if len(known) > 1_000:  # values that do not repeat (uuids): stop remembering
                self.known = None
        return converted


_MISSING = object()
