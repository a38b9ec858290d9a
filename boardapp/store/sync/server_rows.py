"""Reading rows from the board server in the form this copy stores them (stored.py).

Over the person's own connection (row-level security decides what comes back), each
value put in SQLite's form by the server itself: a download then writes them as they
come, with no Python object made per value. A row whose required parent is hidden from
the person is left out. Columns this login may not read come down empty
(server_read.unreadable).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import psycopg
from psycopg import sql

from boardapp.store.sync import stored, tables
from boardapp.store.sync.server_read import unreadable
from boardapp.store.sync.stored import StoredRow
from boardapp.store.sync.tables import Link

_FORMS = {
    stored.UUID: "replace({}::text, '-', '')",
    stored.MOMENT: "to_char({}, 'YYYY-MM-DD HH24:MI:SS.US')",
    stored.DAY: "to_char({}, 'YYYY-MM-DD')",
}


def _form(kind: str, expression: sql.Composable) -> sql.Composable:
    found = _FORMS.get(kind)
    return sql.SQL(found).format(expression) if found else expression


@cache
def _row_query(table_name: str, hidden: frozenset[str], by_uuid: bool) -> sql.Composed:
    table = tables.TABLES[table_name]
    fks = tables.foreign_keys(table)
    columns, joins, required = [], [], []
    for n, name in enumerate(tables.wire_columns(table)):
        if name in hidden:
            columns.append(sql.SQL("NULL"))
        elif name in fks:
            alias = sql.Identifier(f"p{n}")
            columns.append(_form(stored.UUID, sql.SQL("{}.uuid").format(alias)))
            joins.append(
                sql.SQL("LEFT JOIN {} {} ON {}.id = t.{}").format(
                    sql.Identifier(fks[name]), alias, alias, sql.Identifier(name)
                )
            )
            if not table.columns[name].nullable:
                required.append(sql.SQL("{}.uuid IS NOT NULL").format(alias))
        else:
            columns.append(_form(stored.kind_of(table, name), sql.SQL("t.{}").format(sql.Identifier(name))))
    if by_uuid:
        required.append(sql.SQL("t.uuid = ANY(%s::uuid[])"))
    where = sql.SQL(" WHERE {}").format(sql.SQL(" AND ").join(required)) if required else sql.SQL("")
    return sql.SQL("SELECT {} FROM {} t {}{}").format(
        sql.SQL(", ").join(columns), sql.Identifier(table_name), sql.SQL(" ").join(joins), where
    )


def all_rows(connection: psycopg.Connection, table_name: str) -> list[StoredRow]:
    query = _row_query(table_name, frozenset(unreadable(connection, table_name)), False)
    return connection.execute(query).fetchall()


def rows_by_uuid(connection: psycopg.Connection, table_name: str, uuids: Iterable[Any]) -> list[StoredRow]:
    """The rows with these uuids (uuid objects or their text, hex or dashed)."""
    wanted = [str(u) for u in uuids]
    if not wanted:
        return []
    query = _row_query(table_name, frozenset(unreadable(connection, table_name)), True)
    return connection.execute(query, [wanted]).fetchall()


@cache
def _link_query(link: Link) -> sql.Composed:
    extra = sql.SQL("").join(sql.SQL(", l.{}").format(sql.Identifier(c)) for c in link.extra)
    return sql.SQL(
        "SELECT replace(o.uuid::text, '-', ''), replace(x.uuid::text, '-', ''){} FROM {} l"
        " JOIN {} o ON o.id = l.{} JOIN {} x ON x.id = l.{}"
    ).format(
        extra,
        sql.Identifier(link.name),
        sql.Identifier(link.owner_table),
        sql.Identifier(link.owner_column),
        sql.Identifier(link.other_table),
        sql.Identifier(link.other_column),
    )


def links_of(connection: psycopg.Connection, link: Link, owners: Iterable[str] | None) -> list[StoredRow]:
    """The links of ``owners`` (uuid hex; None: of every owner) as (owner, other, *extra)."""
    query = _link_query(link)
    args: list[Any] = []
    if owners is not None:
        args = [list(owners)]
        if not args[0]:
            return []
        query += sql.SQL(" WHERE o.uuid = ANY(%s::uuid[])")
    return connection.execute(query, args).fetchall()
