"""Reading from the board server over the person's own connection: the board, this
login's horizon, the change feed, who am I, and which columns this login may not read.
The rows themselves come down through server_rows.py, in the form SQLite keeps them;
row-level security decides what comes back: an observer's reads do not contain exempt items.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import psycopg

Row = dict[str, Any]


def unreadable(connection: psycopg.Connection, table_name: str) -> set[str]:
    """Columns this login may not read (the member list's logins, for all but the
    secretariat): they come down empty."""
    if table_name != "member":
        return set()
    row = connection.execute("SELECT has_column_privilege('member', 'login', 'SELECT')").fetchone()
    return set() if row and row[0] else {"login"}


def horizon(connection: psycopg.Connection) -> int:
    """This login's horizon (server_sql.py, ``board_horizon``)."""
    row = connection.execute("SELECT board_horizon()").fetchone()
    return int(row[0]) if row else 0


def board_id(connection: psycopg.Connection) -> str:
    row = connection.execute("SELECT value FROM sync_meta WHERE key = 'board_id'").fetchone()
    return str(row[0]) if row else ""


def newest_change(connection: psycopg.Connection) -> int:
    row = connection.execute("SELECT board_newest_change()").fetchone()
    return int(row[0]) if row else 0


def changes_since(connection: psycopg.Connection, checkpoint: int, limit: int) -> list[tuple[str, uuid.UUID, int, bool]]:
    return connection.execute(
        "SELECT table_name, row_uuid, seq, deleted FROM sync_change WHERE seq > %s ORDER BY seq LIMIT %s",
        [checkpoint, limit],
    ).fetchall()


@dataclass(frozen=True)
class Me:
    """What the board server says of the login syncing: its member."""

    member_uuid: uuid.UUID
    name: str
    role: str
    withdrawn: bool


def whoami(connection: psycopg.Connection) -> Me | None:
    """The login's member (None for a login that is no member's, such as IT's)."""
    row = connection.execute("SELECT member_uuid, name, role, withdrawn FROM board_whoami()").fetchone()
    return None if row is None else Me(row[0], row[1], row[2], bool(row[3]))
