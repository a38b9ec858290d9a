"""Loading a board server from a prepared database (``server init --from-db``).

The secretariat prepares the board's data in a Board App database (the demo, an
import, a copy that worked alone); IT loads it into a new, empty board server once.
Rows keep their uuids (and, the server being empty, their ids); each table's rows
get their place in the server's change order and one ``bulk_load`` audit entry.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import select

from boardapp.store.connection import open_database
from boardapp.store.models import Base
from boardapp.store.sync import tables
from boardapp.store.sync.connect import ServerAddress, connect
from boardapp.store.sync.errors import SyncError

SEEDED = [t for t in Base.metadata.sorted_tables if t.name in tables.TABLES or t.name in tables.LINKS]


def seed_server(address: ServerAddress, password: str | None, source: Path) -> dict[str, int]:
    """Copy every board row of ``source`` into the (empty) board server; returns rows per table."""
    counts: dict[str, int] = {}
    with open_database(source, read_only=True) as database, connect(address, password) as pg:
        with pg.transaction():
            busy = [t.name for t in SEEDED if pg.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(
                sql.Identifier(t.name))).fetchone()[0] and t.name != "member"]
            if busy:
                raise SyncError(f"the board server already holds data ({', '.join(busy[:3])}...): load only into a new one")
            for table in SEEDED:
                pg.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER board_track").format(sql.Identifier(table.name)))
            with database.engine.connect() as connection:
                for table in SEEDED:
                    counts[table.name] = _copy(pg, connection, table)
            for table in SEEDED:
                pg.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER board_track").format(sql.Identifier(table.name)))
                _order_and_audit(pg, table.name, counts[table.name], source.name)
    return counts


def _copy(pg: psycopg.Connection, connection, table) -> int:  # type: ignore[no-untyped-def]
    names = [c.name for c in table.columns]
    if table.name == "member":
        # Members added with `server add-member` before the load keep their logins.
        taken = {row[0] for row in pg.execute("SELECT name FROM member")}
        pg.execute("SELECT setval(pg_get_serial_sequence('member', 'id'), greatest(coalesce(max(id), 0), 1)) FROM member")
    else:
        taken = set()
    count = 0
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    rows = connection.execute(select(table)).tuples()
    with pg.cursor().copy(statement) as copy:
        for row in rows:
            if table.name == "member" and row[names.index("name")] in taken:
                continue
            copy.write_row([_plain(v) for v in row])
            count += 1
    if "id" in names and table.name in tables.TABLES:
        pg.execute(
            sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), greatest(coalesce(max(id), 0), 1)) FROM {}").format(
                sql.Identifier(table.name)
            ),
            [table.name],
        )
    return count


def _plain(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):
        return value.value  # type: ignore[attr-defined]
    return value


def _order_and_audit(pg: psycopg.Connection, table_name: str, rows: int, source: str) -> None:
    pg.execute("SELECT pg_advisory_xact_lock(hashtext('boardapp sync order'))")
    if table_name in tables.LINKS:
        link = tables.LINKS[table_name]
        pg.execute(
            sql.SQL(
                "INSERT INTO sync_change (table_name, row_uuid, seq) SELECT %s, o.uuid, nextval('sync_change_order')"
                " FROM (SELECT DISTINCT {} AS owner FROM {}) l JOIN {} o ON o.id = l.owner"
                " ON CONFLICT (table_name, row_uuid) DO UPDATE SET seq = EXCLUDED.seq"
            ).format(sql.Identifier(link.owner_column), sql.Identifier(table_name), sql.Identifier(link.owner_table)),
            [table_name],
        )
    else:
        pg.execute(
            sql.SQL(
                "INSERT INTO sync_change (table_name, row_uuid, seq) SELECT %s, uuid, nextval('sync_change_order')"
                " FROM (SELECT uuid FROM {} ORDER BY id) t ON CONFLICT (table_name, row_uuid) DO UPDATE SET seq = EXCLUDED.seq"
            ).format(sql.Identifier(table_name)),
            [table_name],
        )
    if rows:
        pg.execute(
            "INSERT INTO audit_log (uuid, at, actor, table_name, row_uuid, operation, changes)"
            " VALUES (gen_random_uuid(), now() AT TIME ZONE 'UTC', session_user, %s, NULL, 'bulk_load', %s)",
            [table_name, json.dumps({"rows": rows, "note": f"loaded from {source} by server init"})],
        )
