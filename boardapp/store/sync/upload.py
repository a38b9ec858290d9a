"""Sending the outbox: each operation applied on the board server exactly once.

Each operation is applied together with its row in the server's ledger
(``sync_operation``, keyed by the operation id): an operation already in the ledger is
a no-op, so an upload retried after a lost reply changes nothing. A push goes first
all together, a run of new rows of one table in one statement (upload_bulk.py); where
the server refuses anything, again one operation at a time, each in its own savepoint. The writes run over
the person's own login: what their role may not do, the server refuses, and the entry
is kept in the outbox marked refused, with the server's reason.

An update carries the value it was made from. Where the server's value has moved on
since (someone else changed it), the update is still applied, in the server's order,
and a conflict row keeps both values. Nothing in this module trusts a laptop's clock.

A ``replace`` of an owner's links (an action's requirements...) makes the server's links
of that owner exactly the set sent, whatever they were: the last replace received wins.
It always runs its ``DELETE`` and ``INSERT`` on the link table, even when nothing is to
change, so a role without those grants is refused every time.

A revision (history) only ever arrives as a new row, right after the change it records;
where the server refuses that change, the revision is refused with it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from boardapp.store.sync import tables, upload_bulk, upload_rows
from boardapp.store.sync.upload_rows import RELAYED

UTC_NOW = sql.SQL(upload_rows.UTC_NOW)


@dataclass(frozen=True)
class Operation:
    op_id: uuid.UUID
    device_id: uuid.UUID
    seq: int
    table_name: str
    row_uuid: uuid.UUID
    operation: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    op_id: uuid.UUID
    applied: bool  # False: it was already on the server (a retry)
    refused: str = ""
    conflicts: int = 0


class Refused(Exception):
    pass


REFUSALS = (psycopg.errors.InsufficientPrivilege, psycopg.errors.IntegrityError, psycopg.errors.DataError, Refused)


def apply_operations(connection: psycopg.Connection, ops: list[Operation]) -> list[Outcome]:
    """Apply ``ops`` in one transaction. First all together (the usual case: the server
    takes every one), each run of new rows of one table in one statement; if the server
    refuses any, the transaction is rolled back and the operations are applied again one
    savepoint each, so one refusal stops no other."""
    try:
        with connection.transaction():
            return _all_together(connection, ops)
    except REFUSALS:
        pass
    with connection.transaction():
        return _one_by_one(connection, ops)


def _all_together(connection: psycopg.Connection, ops: list[Operation]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for run in _runs(ops):
        if len(run) > 1 or _one_statement(run[0]):
            op = run[0]
            applied = upload_bulk.insert_together(connection, op.table_name, _relayed(op), run)
            outcomes.extend(Outcome(o.op_id, applied=o.op_id in applied) for o in run)
        else:
            outcomes.append(_apply_with_ledger(connection, run[0]))
    return outcomes


def _runs(ops: list[Operation]) -> Iterator[list[Operation]]:
    """Consecutive new rows of one table (that can go in one statement) together; any
    other operation alone, in its place."""
    run: list[Operation] = []
    for op in ops:
        if run and _one_statement(op) and (op.table_name, _relayed(op)) == (run[0].table_name, _relayed(run[0])):
            run.append(op)
            continue
        if run:
            yield run
        run = [op]
        if not _one_statement(op):
            yield run
            run = []
    if run:
        yield run


def _relayed(op: Operation) -> bool:
    return bool(op.payload.get(RELAYED, False))


def _one_by_one(connection: psycopg.Connection, ops: list[Operation]) -> list[Outcome]:
    """Each operation in its own savepoint; a revision whose change was refused in the
    same push is refused with it (it follows the change in the outbox: outbox.py), so the
    server's history never records a change the server does not have."""
    refused: set[tuple[str, uuid.UUID]] = set()
    outcomes = []
    for op in ops:
        recorded = _recorded_change(op)
        if recorded is not None and recorded in refused:
            outcomes.append(Outcome(op.op_id, applied=False, refused=RECORDED_REFUSED))
            continue
        outcome = apply_operation(connection, op)
        if outcome.refused:
            refused.add((op.table_name, op.row_uuid))
        outcomes.append(outcome)
    return outcomes


RECORDED_REFUSED = "the server refused the change this revision records, so it keeps no revision of it"


def _recorded_change(op: Operation) -> tuple[str, uuid.UUID] | None:
    """The (table, row) whose change a revision's insert records; None for any other operation."""
    if op.table_name != "revision" or op.operation != "insert":
        return None
    try:
        return str(op.payload["item_kind"]), uuid.UUID(str(op.payload["item_uuid"]))
    except (KeyError, ValueError):
        return None


def apply_operation(connection: psycopg.Connection, op: Operation) -> Outcome:
    """Apply ``op`` inside the caller's transaction, in a savepoint of its own."""
    try:
        with connection.transaction():
            return _apply_with_ledger(connection, op)
    except REFUSALS as exc:
        return Outcome(op.op_id, applied=False, refused=_reason(exc))


def _one_statement(op: Operation) -> bool:
    """An insert with no natural key to collide on (a note): ledger and row in one statement."""
    return (
        op.operation == "insert"
        and op.table_name in tables.UPLOADED
        and not tables.natural_keys(tables.TABLES[op.table_name])
    )


def _ledger_insert(op: Operation) -> tuple[str, list[Any]]:
    statement, params = _insert_statement(op)
    ledger = (
        "WITH ledger AS (INSERT INTO sync_operation (op_id, device_id, device_seq) VALUES (%s, %s, %s)"
        f" ON CONFLICT (op_id) DO NOTHING RETURNING op_id), row AS ({statement} RETURNING 1)"
        " SELECT count(*) FROM ledger"
    )
    return ledger, [op.op_id, op.device_id, op.seq, *params]


def _insert_statement(op: Operation) -> tuple[str, list[Any]]:
    """One new row's ``INSERT ... SELECT`` and its values (upload_rows.py)."""
    relayed = _relayed(op)
    plan = upload_rows.insert_columns(op.table_name, relayed)
    return upload_rows.insert_one(op.table_name, relayed), upload_rows.values(op.table_name, op.row_uuid, op.payload, plan)


def _apply_with_ledger(connection: psycopg.Connection, op: Operation) -> Outcome:
    if _one_statement(op):
        row = connection.execute(*_ledger_insert(op)).fetchone()
        return Outcome(op.op_id, applied=bool(row and row[0]))
    found = connection.execute(
        "INSERT INTO sync_operation (op_id, device_id, device_seq) VALUES (%s, %s, %s)"
        " ON CONFLICT (op_id) DO NOTHING RETURNING op_id",
        [op.op_id, op.device_id, op.seq],
    ).fetchone()
    if found is None:
        return Outcome(op.op_id, applied=False)
    return Outcome(op.op_id, applied=True, conflicts=_apply(connection, op))


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return f"the server refused this change for your role ({text})"
    return f"the server refused this change ({text})"


def _apply(connection: psycopg.Connection, op: Operation) -> int:
    if op.operation == tables.REPLACE:
        return _replace_links(connection, op)
    if op.table_name not in tables.UPLOADED:
        raise Refused(f"{op.table_name} rows are not sent to the server")
    if op.operation == "insert":
        return _insert(connection, op)
    if op.operation == "update":
        return _update(connection, op, op.row_uuid, op.payload)
    if op.operation == "delete":
        connection.execute(
            sql.SQL("DELETE FROM {} WHERE uuid = %s").format(sql.Identifier(op.table_name)), [op.row_uuid]
        )
        return 0
    raise Refused(f"unknown operation {op.operation!r}")


def _replace_links(connection: psycopg.Connection, op: Operation) -> int:
    """Make the owner's links in ``op.table_name`` exactly ``op.payload["new"]``."""
    if op.table_name not in tables.UPLOADED_LINKS:
        raise Refused(f"{op.table_name.replace('_', ' ')} links are not sent to the server")
    link = tables.LINKS[op.table_name]
    try:
        wanted = sorted({uuid.UUID(str(u)) for u in op.payload["new"]})
    except (KeyError, TypeError, ValueError) as exc:
        raise Refused(f"not a valid change of links ({exc})") from exc
    owner_what, other_what = link.owner_table.replace("_", " "), link.other_table.replace("_", " ")
    # One replace of one owner's links at a time (no row lock: that would need rights on the owner).
    connection.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"boardapp links {link.name} {op.row_uuid}"])
    owner = connection.execute(
        sql.SQL("SELECT id FROM {} WHERE uuid = %s").format(sql.Identifier(link.owner_table)), [op.row_uuid]
    ).fetchone()
    if owner is None:
        raise Refused(f"that {owner_what} is no longer on the server")
    others = dict(
        connection.execute(
            sql.SQL("SELECT uuid, id FROM {} WHERE uuid = ANY(%s)").format(sql.Identifier(link.other_table)), [wanted]
        ).fetchall()
    )
    missing = len(wanted) - len(others)
    if missing:
        raise Refused(f"{missing} of the {other_what}s it links to {'is' if missing == 1 else 'are'} not on the server")
    ids = [others[u] for u in wanted]
    names = {
        "link": sql.Identifier(link.name),
        "owner": sql.Identifier(link.owner_column),
        "other": sql.Identifier(link.other_column),
    }
    connection.execute(
        sql.SQL("DELETE FROM {link} WHERE {owner} = %s AND NOT ({other} = ANY(%s))").format(**names),
        [owner[0], ids],
    )
    connection.execute(
        sql.SQL(
            "INSERT INTO {link} ({owner}, {other}) SELECT %s, unnest(%s::integer[]) ON CONFLICT DO NOTHING"
        ).format(**names),
        [owner[0], ids],
    )
    return 0


def _value(table_name: str, column: str, value: Any) -> tuple[sql.Composable, list[Any]]:
    """An SQL expression and its parameters for one travelling value."""
    parent = tables.foreign_keys(tables.TABLES[table_name]).get(column)
    if parent is not None:
        if value is None:
            return sql.SQL("NULL"), []
        return sql.SQL("(SELECT id FROM {} WHERE uuid = %s)").format(sql.Identifier(parent)), [uuid.UUID(value)]
    kind = tables.column_type(table_name, column)
    decoded = tables.from_json(kind, value)
    if isinstance(decoded, datetime) and decoded.tzinfo is not None:
        decoded = decoded.astimezone(UTC).replace(tzinfo=None)
    return sql.Placeholder(), [decoded]


def _insert(connection: psycopg.Connection, op: Operation) -> int:
    statement, params = _insert_statement(op)
    statement = "WITH ledger AS (SELECT 1) " + statement
    payload = {k: v for k, v in op.payload.items() if k != RELAYED}
    try:
        with connection.transaction():
            connection.execute(statement, params)
        return 0
    except psycopg.errors.UniqueViolation:
        # The same thing (a reading for the same period...) was made elsewhere first:
        # this one becomes an edit of it, any differing value a conflict.
        twin = _natural_twin(connection, op)
        if twin is None:
            raise
        changes = {
            c: [None, v] for c, v in payload.items()
            if c not in ("uuid", "created_at", "updated_at") and (op.table_name, c) not in tables.NOT_UPLOADED
        }
        return _update(connection, op, twin, changes)


def _natural_twin(connection: psycopg.Connection, op: Operation) -> uuid.UUID | None:
    for key in tables.natural_keys(tables.TABLES[op.table_name]):
        where, params = [], []
        for column in key:
            expression, args = _value(op.table_name, column, op.payload.get(column))
            where.append(sql.SQL("{} = {}").format(sql.Identifier(column), expression))
            params.extend(args)
        row = connection.execute(
            sql.SQL("SELECT uuid FROM {} WHERE {}").format(sql.Identifier(op.table_name), sql.SQL(" AND ").join(where)),
            params,
        ).fetchone()
        if row:
            return row[0]
    return None


def _current(connection: psycopg.Connection, table_name: str, row_uuid: uuid.UUID, columns: list[str]) -> dict[str, Any] | None:
    fks = tables.foreign_keys(tables.TABLES[table_name])
    selected = [
        sql.SQL("(SELECT uuid FROM {} WHERE id = t.{})").format(sql.Identifier(fks[c]), sql.Identifier(c))
        if c in fks
        else sql.SQL("t.{}").format(sql.Identifier(c))
        for c in columns
    ]
    row = connection.execute(
        sql.SQL("SELECT {} FROM {} t WHERE t.uuid = %s FOR UPDATE").format(
            sql.SQL(", ").join(selected), sql.Identifier(table_name)
        ),
        [row_uuid],
    ).fetchone()
    if row is None:
        return None
    return {c: _json(table_name, c, v) for c, v in zip(columns, row, strict=True)}


def _json(table_name: str, column: str, value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return tables.to_json(value)


def _same(table_name: str, column: str, a: Any, b: Any) -> bool:
    if column in tables.foreign_keys(tables.TABLES[table_name]):  # the uuids of the rows pointed at
        return (None if a is None else str(a)) == (None if b is None else str(b))
    kind = tables.column_type(table_name, column)
    return tables.from_json(kind, a) == tables.from_json(kind, b)


def _update(connection: psycopg.Connection, op: Operation, row_uuid: uuid.UUID, changes: dict[str, list[Any]]) -> int:
    table_name = op.table_name
    columns = [
        c for c in changes
        if c in tables.TABLES[table_name].columns and c not in ("id", "uuid") and (table_name, c) not in tables.NOT_UPLOADED
    ]
    if not columns:
        return 0
    current = _current(connection, table_name, row_uuid, columns)
    if current is None:
        raise Refused(f"that {table_name.replace('_', ' ')} is no longer on the server")
    sets, params, conflicts = [], [], []
    for column in columns:
        old, new = changes[column]
        now = current[column]
        if _same(table_name, column, now, new):
            continue
        if not _same(table_name, column, now, old):
            conflicts.append((column, old, now, new))
        expression, args = _value(table_name, column, new)
        sets.append(sql.SQL("{} = {}").format(sql.Identifier(column), expression))
        params.extend(args)
    if not sets:
        return 0
    sets.append(sql.SQL("updated_at = {}").format(UTC_NOW))
    connection.execute(
        sql.SQL("UPDATE {} SET {} WHERE uuid = %s").format(sql.Identifier(table_name), sql.SQL(", ").join(sets)),
        [*params, row_uuid],
    )
    for column, old, now, new in conflicts:
        connection.execute(
            "INSERT INTO sync_conflict (uuid, table_name, row_uuid, field, base_value, overwritten_value,"
            " overwritten_by, incoming_value, incoming_by, incoming_op, server_order, resolved, resolution,"
            " resolved_by, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, '', %s, '', %s, 0, false, '', '',"
            " now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')",
            [uuid.uuid4(), table_name, row_uuid, column, json.dumps(old), json.dumps(now), json.dumps(new), op.op_id],
        )
    return len(conflicts)
