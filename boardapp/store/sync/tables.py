"""Which tables travel, in what order, and how a row looks on the way.

On the way a row has no integer ids: each foreign key is replaced by the ``uuid`` of
the row it points at, so the same row has the same meaning on every copy and on the
server. The link tables (``requirement_indicator``...) travel as the whole set of
links of their owner (the requirement, the action): down as every link of each owner
that changed, up (:data:`UPLOADED_LINKS`) as one ``replace`` operation per owner whose
links a laptop changed, ``{"old": [uuids], "new": [uuids]}`` of the linked rows.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table, UniqueConstraint, Uuid
from sqlalchemy.sql.type_api import TypeEngine

from boardapp.store.models import Base

# Rows each copy keeps for itself and never sends or receives.
LOCAL_ONLY = frozenset(
    {"sync_outbox", "sync_state", "sync_received", "audit_log", "dataset_info", "laptop_identity",
     "overview_snapshot", "overview_snapshot_indicator", "overview_snapshot_state", "overview_snapshot_dirty"}
)

# Columns that never travel to or from a board server: a member's passphrase hash is for
# boards without one (a publication file carries it: exchange/change_files.py).
SERVER_HIDDEN = frozenset({("member", "passphrase_hash")})

# Tables a laptop may change and send up (the server's grants and policies decide,
# row by row, whether the person may). A ``revision`` only ever goes up as a new row:
# history is append-only (server_history.py).
UPLOADED = frozenset(
    {
        "annotation", "action", "requirement", "reading", "reading_revision", "target", "threshold",
        "milestone", "meeting", "comparator", "sync_conflict", "member", "revision",
    }
)

# Columns a laptop's change never sets on the server, beyond :data:`SERVER_HIDDEN`: a
# member's login is made by IT (`boardapp server add-member`), not by a laptop.
NOT_UPLOADED = SERVER_HIDDEN | {("member", "login")}


def uploaded_columns(table: Table) -> list[str]:
    """The travelling columns a laptop's insert sets on the server."""
    return [c for c in wire_columns(table) if (table.name, c) not in NOT_UPLOADED]

# Link tables a laptop may change and send up, each change as the whole new set of one
# owner's links (operation ``replace``; row uuid: the owner's). The server's grants and
# policies decide whether the person may (only the secretariat edits the plan).
UPLOADED_LINKS = frozenset({"action_requirement", "action_indicator", "action_recommendation"})
REPLACE = "replace"


@dataclass(frozen=True)
class Link:
    """A link table: ``owner_column`` points at the owner, ``other_column`` at the linked row."""

    name: str
    owner_column: str
    owner_table: str
    other_column: str
    other_table: str
    extra: tuple[str, ...]


def _link(table: Table) -> Link:
    fks = [(c.name, next(iter(c.foreign_keys)).column.table.name) for c in table.columns if c.foreign_keys]
    (owner_column, owner_table), (other_column, other_table) = fks
    extra = tuple(c.name for c in table.columns if not c.foreign_keys)
    return Link(table.name, owner_column, owner_table, other_column, other_table, extra)


def _tables() -> tuple[list[Table], dict[str, Link]]:
    rows, links = [], {}
    for table in Base.metadata.sorted_tables:
        if table.name in LOCAL_ONLY:
            continue
        if "uuid" in table.columns:
            rows.append(table)
        else:
            links[table.name] = _link(table)
    return rows, links


ROW_TABLES, LINKS = _tables()
"""Tables of rows with a uuid, parents before children; and the link tables."""

TABLES: dict[str, Table] = {t.name: t for t in ROW_TABLES}
TRACKED = [t.name for t in ROW_TABLES] + sorted(LINKS)


@cache
def foreign_keys(table: Table) -> dict[str, str]:
    """``{column: table it points at}`` for a row table."""
    return {c.name: next(iter(c.foreign_keys)).column.table.name for c in table.columns if c.foreign_keys}


def natural_keys(table: Table) -> list[list[str]]:
    """The table's unique keys other than its uuid (indicator and period, code, name...)."""
    keys = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            names = [c.name for c in constraint.columns]
            if names != ["uuid"] and names not in keys:
                keys.append(names)
    for column in table.columns:
        if column.unique and column.name != "uuid" and [column.name] not in keys:
            keys.append([column.name])
    return keys


@cache
def wire_columns(table: Table) -> list[str]:
    """The columns that travel: all but the integer id and :data:`SERVER_HIDDEN`."""
    return [c.name for c in table.columns if c.name != "id" and (table.name, c.name) not in SERVER_HIDDEN]


def travelling_value(table: Table, row: dict[str, Any], column: str) -> Any:
    """``row[column]`` as it travels; a column the row does not carry at all (it was
    written by an app from before the column, in an outbox or a change file) takes the
    column's plain default ('' for ``reading.measure``), else None."""
    if column in row:
        return row[column]
    default = table.columns[column].default
    if default is not None and default.is_scalar:
        return to_json(default.arg)  # type: ignore[attr-defined]
    return None


# --- Values as JSON ---------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A column value as plain JSON: uuids and dates as text, moments in UTC with a Z."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot send a {type(value).__name__} value")


def from_json(kind: TypeEngine[Any], value: Any) -> Any:
    """The inverse of :func:`to_json` for a column of type ``kind``."""
    if value is None:
        return None
    if isinstance(kind, Uuid):
        return uuid.UUID(str(value))
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        return datetime.fromisoformat(str(value).removesuffix("Z")).replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return date.fromisoformat(str(value))
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Float):
        return float(value)
    if isinstance(kind, Integer):
        return int(value)
    return str(value)


def column_type(table_name: str, column: str) -> TypeEngine[Any]:
    return Base.metadata.tables[table_name].columns[column].type


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=to_json, ensure_ascii=False)
