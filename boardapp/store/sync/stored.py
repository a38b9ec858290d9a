"""Rows in the form this copy's SQLite file keeps them, for writing many at once.

A download writes tens of thousands of rows; turning each value into a Python object
and back (a uuid, a moment) costs far more than writing it. So the board server hands
rows over already in the form SQLite keeps them (server_rows.py): a uuid as 32 hex
digits, a moment as ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, a day as ``YYYY-MM-DD``,
exactly what SQLAlchemy writes for this app's column types, so a row written either
way compares equal. A row is a tuple in :func:`tables.wire_columns` order; a foreign
key holds the uuid (hex) of the row it points at, turned into this copy's id when
written (apply_bulk.py). Rows with Python values (a change file's) are brought to this
form by :func:`from_values`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Table, Uuid
from sqlalchemy import Enum as SAEnum

from boardapp.store.sync import tables

StoredRow = tuple[Any, ...]
UUID, MOMENT, DAY, FLAG, WORD, PLAIN = "uuid", "moment", "day", "flag", "word", "plain"


@dataclass
class StoredBatch:
    """What one download step brings, in the stored form: rows by table, the uuids (hex)
    of rows gone, and for link tables the owners (hex) whose links are exactly the rows
    given as ``(owner hex, other hex, *extra columns)``."""

    rows: dict[str, list[StoredRow]] = field(default_factory=lambda: defaultdict(list))
    gone: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    links: dict[str, tuple[set[str], list[StoredRow]]] = field(default_factory=dict)


def kind_of(table: Table, column: str) -> str:
    """How a column's value is kept: one of UUID, MOMENT, DAY, FLAG, WORD, PLAIN."""
    if column in tables.foreign_keys(table):
        return UUID  # travels as the uuid of the row it points at
    kind = table.columns[column].type
    if isinstance(kind, Uuid):
        return UUID
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        return MOMENT
    if isinstance(kind, Date):
        return DAY
    if isinstance(kind, Boolean):
        return FLAG
    if isinstance(kind, SAEnum):
        return WORD
    return PLAIN


@cache
def uuid_index(table_name: str) -> int:
    """Where a table's own uuid sits in its stored rows."""
    return tables.wire_columns(tables.TABLES[table_name]).index("uuid")


def hex_of(value: Any) -> str:
    """A uuid (or its text, with or without dashes) as this copy keeps it."""
    return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex


def moment_text(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone: store moments in UTC")
    value = value.astimezone(UTC)
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


def day_text(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _word(allowed: frozenset[str], column: str) -> Callable[[Any], Any]:
    def stored(value: Any) -> Any:
        text = value.value if isinstance(value, Enum) else value
        if text not in allowed:
            raise LookupError(f"{text!r} is not among the defined values of {column}")
        return text

    return stored


@cache
def _converters(table_name: str) -> tuple[Callable[[Any], Any], ...]:
    table = tables.TABLES[table_name]
    found: list[Callable[[Any], Any]] = []
    for column in tables.wire_columns(table):
        kind = kind_of(table, column)
        if kind == UUID:
            found.append(hex_of)
        elif kind == MOMENT:
            found.append(moment_text)
        elif kind == DAY:
            found.append(day_text)
        elif kind == FLAG:
            found.append(int)
        elif kind == WORD:
            found.append(_word(frozenset(table.columns[column].type.enums), f"{table_name}.{column}"))
        else:
            found.append(lambda value: value)
    return tuple(found)


def from_values(table_name: str, row: dict[str, Any]) -> StoredRow:
    """A travelling row with Python values (local_apply.Row) in the stored form."""
    columns = tables.wire_columns(tables.TABLES[table_name])
    return tuple(
        None if (value := row.get(column)) is None else convert(value)
        for column, convert in zip(columns, _converters(table_name), strict=True)
    )
