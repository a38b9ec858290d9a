"""History on the board server: who reads and who writes revisions (``revision``).

A revision is read by whoever may read the item it records: an observer reads none of
an exempt action or requirement, nor of a milestone of an exempt action, as the item
itself is hidden from them (row-level security that looks the item up as the reader,
as a milestone and a link follow their ends). It is written by the roles that may make
the change it records (domain/change_rights.revision_needed, by kind of item), and
changed or deleted by nobody: no grant allows it, no policy admits it, and a trigger
(server_sql.py) refuses it even for the table's owner. Each step can run again.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from boardapp.domain import change_rights
from boardapp.domain.permissions import allows
from boardapp.domain.terms import RevisionKind, Role

# Items hidden from those who may not see exempt items, and so their revisions with them.
FILTERED_ITEMS = ("action", "milestone", "requirement")


def kinds_written_by(role: Role) -> list[str]:
    """The kinds of item whose revisions ``role`` may write: those it may create and change."""
    return [
        kind for kind in change_rights.REVISED_TABLES
        if allows(role, change_rights.revision_needed(kind, RevisionKind.CREATED.value))
    ]


def grant_history(connection: psycopg.Connection, group: dict[Role, sql.Identifier]) -> None:
    """INSERT (and the id sequence) for the roles that write revisions; SELECT is granted
    with every other table's; UPDATE and DELETE to no one."""
    writers = [group[role] for role in Role if kinds_written_by(role)]
    if not writers:
        return
    names = sql.SQL(", ").join(writers)
    connection.execute(sql.SQL("GRANT INSERT ON revision TO {}").format(names))
    sequence = connection.execute("SELECT pg_get_serial_sequence('revision', 'id')").fetchone()
    if sequence and sequence[0]:
        connection.execute(sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(sql.SQL(sequence[0]), names))


def history_policies(connection: psycopg.Connection, group: dict[Role, sql.Identifier]) -> None:
    connection.execute("ALTER TABLE revision ENABLE ROW LEVEL SECURITY")
    readable = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN EXISTS (SELECT 1 FROM {} x WHERE x.uuid = revision.item_uuid)").format(
            sql.Literal(kind), sql.Identifier(kind)
        )
        for kind in FILTERED_ITEMS
    )
    # (SELECT f()): asked once per query, not once per row.
    _policy(
        connection, "board_read",
        sql.SQL("FOR SELECT USING ((SELECT board_sees_exempt()) OR CASE item_kind {} ELSE true END)").format(readable),
    )
    for role in Role:
        kinds = kinds_written_by(role)
        name = f"board_record_{role.value}"
        if not kinds:
            connection.execute(sql.SQL("DROP POLICY IF EXISTS {} ON revision").format(sql.Identifier(name)))
            continue
        _policy(
            connection, name,
            sql.SQL("FOR INSERT TO {} WITH CHECK (item_kind IN ({}))").format(
                group[role], sql.SQL(", ").join(map(sql.Literal, kinds))
            ),
        )


def _policy(connection: psycopg.Connection, name: str, body: sql.Composable) -> None:
    connection.execute(sql.SQL("DROP POLICY IF EXISTS {} ON revision").format(sql.Identifier(name)))
    connection.execute(sql.SQL("CREATE POLICY {} ON revision ").format(sql.Identifier(name)) + body)
