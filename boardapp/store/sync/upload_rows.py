"""How a new row from a laptop is written on the board server: which columns it sets,
from what, and through which SQL expression.

The server sets some values itself: the moments a row was made and last changed, the
author of a note (the login's member, or for a note relayed from a change file the
member of that name), and it never lets a laptop's clock put a note or a change after
the moment the server heard of it. A foreign key travels as the uuid of the row it
points at and is looked up on the server. One plan per table serves both one row at a
time (upload.py) and a whole run of rows in one statement (upload_bulk.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy.dialects import postgresql

from boardapp.store.sync import tables

UTC_NOW = "(now() AT TIME ZONE 'UTC')"
RELAYED = "__relayed__"  # payload key: a note entered from a change file, in its author's name
# Moments a laptop's clock sets that are never later than the server's own clock.
SERVER_CLOCKED = frozenset({("annotation", "written_at"), ("revision", "changed_at")})

# Where a column's value comes from: the row's uuid, the author's name (relayed notes),
# the uuid of the row a foreign key points at, the payload's value, or nowhere (SQL alone).
UUID, AUTHOR, FK, VALUE, NONE = "uuid", "author", "fk", "value", "none"


@cache
def insert_columns(table_name: str, relayed: bool) -> tuple[tuple[str, str, str], ...]:
    """``(column, where its value comes from, its SQL with {} where the value goes)`` for
    each column a new row of ``table_name`` sets on the server."""
    table = tables.TABLES[table_name]
    fks = tables.foreign_keys(table)
    found = []
    # (SELECT f()): the login's member asked once per statement, not once per row.
    for column in tables.uploaded_columns(table):
        mode, expression = VALUE, "{}"
        if column in ("created_at", "updated_at"):
            mode, expression = NONE, UTC_NOW
        elif table_name == "annotation" and column == "author_id":
            mode, expression = (AUTHOR, "(SELECT id FROM member WHERE name = {})") if relayed else (
                NONE, "(SELECT board_member_id())")
        elif table_name == "annotation" and column == "author_name" and not relayed:
            mode, expression = NONE, "(SELECT board_member_name())"
        elif column == "uuid":
            mode = UUID
        elif column in fks:
            mode, expression = FK, f'(SELECT id FROM "{fks[column]}" WHERE uuid = {{}})'
        if (table_name, column) in SERVER_CLOCKED:
            # A laptop's clock may be wrong: a note is never written, nor a change made, after
            # the server heard of it; nor does a change take effect on a day still to come.
            expression = f"least({expression}, {UTC_NOW})"
        if (table_name, column) == ("revision", "effective_on"):
            expression = f"least({expression}, {UTC_NOW}::date)"
        found.append((column, mode, expression))
    return tuple(found)


@cache
def pg_type(table_name: str, column: str) -> str:
    """The column's type on the server (the same models, migrated there by the app)."""
    if table_name == "annotation" and column == "author_id":
        return "text"  # a relayed note's author, by name
    if column in tables.foreign_keys(tables.TABLES[table_name]):
        return "uuid"
    return tables.column_type(table_name, column).compile(dialect=postgresql.dialect())


@cache
def decoder(table_name: str, column: str) -> Callable[[Any], Any]:
    """A travelling (JSON) value of the column as the server is sent it: moments naive UTC."""
    kind = tables.column_type(table_name, column)

    def decoded(value: Any) -> Any:
        found = tables.from_json(kind, value)
        if isinstance(found, datetime) and found.tzinfo is not None:
            found = found.astimezone(UTC).replace(tzinfo=None)
        return found

    return decoded


def values(table_name: str, row_uuid: uuid.UUID, payload: dict[str, Any], plan: tuple[tuple[str, str, str], ...]) -> list[Any]:
    """The values a new row sends, one per column of ``plan`` that takes one."""
    table = tables.TABLES[table_name]
    found: list[Any] = []
    for column, mode, _expression in plan:
        if mode == UUID:
            found.append(row_uuid)
        elif mode == AUTHOR:
            found.append(payload.get("author_name", ""))
        elif mode == FK:
            value = payload.get(column)
            found.append(uuid.UUID(value) if value else None)
        elif mode == VALUE:
            found.append(decoder(table_name, column)(tables.travelling_value(table, payload, column)))
    return found


@cache
def insert_one(table_name: str, relayed: bool) -> str:
    """One row's ``INSERT ... SELECT``, done only where the ledger row (a CTE named
    ``ledger`` the caller puts before it) was new. The same text each time, so the server
    prepares it once."""
    plan = insert_columns(table_name, relayed)
    names = ", ".join(f'"{column}"' for column, _, _ in plan)
    expressions = ", ".join(expression.format("%s") for _, _, expression in plan)
    return (
        f'INSERT INTO "{table_name}" ({names}) SELECT {expressions}'
        " WHERE EXISTS (SELECT 1 FROM ledger) ON CONFLICT (uuid) DO NOTHING"
    )
