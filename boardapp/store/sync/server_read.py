"""Reading rows from the board server in their travelling form (foreign keys as uuids).

Every query runs over the person's own connection, so row-level security decides what
comes back: an observer's reads simply do not contain exempt items.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from boardapp.store.sync import tables
from boardapp.store.sync.tables import Link

Row = dict[str, Any]


def _unreadable(connection: psycopg.Connection, table_name: str) -> set[str]:
    """Columns this login may not read (the member list's logins, for all but the
    secretariat): they come down empty."""
    if table_name != "member":
        return set()
    row = connection.execute("SELECT has_column_privilege('member', 'login', 'SELECT')").fetchone()
    return set() if row and row[0] else {"login"}


def _row_query(table_name: str, hidden: frozenset[str] | set[str] = frozenset()) -> sql.Composed:
    table = tables.TABLES[table_name]
    fks = tables.foreign_keys(table)
    t = sql.Identifier("t")
    columns, joins = [], []
    for n, name in enumerate(tables.wire_columns(table)):
        if name in hidden:
            columns.append(sql.SQL("NULL AS {}").format(sql.Identifier(name)))
        elif name in fks:
            alias = sql.Identifier(f"p{n}")
            columns.append(sql.SQL("{}.uuid AS {}").format(alias, sql.Identifier(name)))
            joins.append(
                sql.SQL("LEFT JOIN {} {} ON {}.id = t.{}").format(
                    sql.Identifier(fks[name]), alias, alias, sql.Identifier(name)
                )
            )
        else:
            columns.append(sql.SQL("{}.{}").format(t, sql.Identifier(name)))
    return sql.SQL("SELECT {} FROM {} t {}").format(
        sql.SQL(", ").join(columns), sql.Identifier(table_name), sql.SQL(" ").join(joins)
    )


def _finish(table_name: str, rows: list[Row]) -> list[Row]:
    """Moments come back zone-less (UTC); a row whose parent is hidden is left out."""
    table = tables.TABLES[table_name]
    moments = [c.name for c in table.columns if _is_moment(c.type)]
    required = [c for c in tables.foreign_keys(table) if not table.columns[c].nullable]
    kept = []
    for row in rows:
        if any(row[c] is None for c in required):
            continue
        for name in moments:
            value = row[name]
            if isinstance(value, datetime) and value.tzinfo is None:
                row[name] = value.replace(tzinfo=UTC)
        kept.append(row)
    return kept


def _is_moment(kind: Any) -> bool:
    return type(kind).__name__ == "UTCDateTime"


def rows_by_uuid(connection: psycopg.Connection, table_name: str, uuids: Iterable[uuid.UUID]) -> list[Row]:
    wanted = list(uuids)
    if not wanted:
        return []
    query = _row_query(table_name, _unreadable(connection, table_name)) + sql.SQL(" WHERE t.uuid = ANY(%s)")
    with connection.cursor(row_factory=psycopg.rows.dict_row) as cursor:
        return _finish(table_name, cursor.execute(query, [wanted]).fetchall())


def all_rows(connection: psycopg.Connection, table_name: str) -> list[Row]:
    with connection.cursor(row_factory=psycopg.rows.dict_row) as cursor:
        query = _row_query(table_name, _unreadable(connection, table_name))
        return _finish(table_name, cursor.execute(query).fetchall())


def _link_query(link: Link) -> sql.Composed:
    extra = sql.SQL("").join(sql.SQL(", l.{}").format(sql.Identifier(c)) for c in link.extra)
    return sql.SQL(
        "SELECT o.uuid AS owner, x.uuid AS other{} FROM {} l JOIN {} o ON o.id = l.{} JOIN {} x ON x.id = l.{}"
    ).format(
        extra,
        sql.Identifier(link.name),
        sql.Identifier(link.owner_table),
        sql.Identifier(link.owner_column),
        sql.Identifier(link.other_table),
        sql.Identifier(link.other_column),
    )


def links_of(connection: psycopg.Connection, link: Link, owners: Iterable[uuid.UUID] | None) -> list[Row]:
    """The links of ``owners`` (None: of every owner)."""
    query = _link_query(link)
    args: list[Any] = []
    if owners is not None:
        args = [list(owners)]
        if not args[0]:
            return []
        query += sql.SQL(" WHERE o.uuid = ANY(%s)")
    with connection.cursor(row_factory=psycopg.rows.dict_row) as cursor:
        return cursor.execute(query, args).fetchall()


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
