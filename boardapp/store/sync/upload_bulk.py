"""A run of new rows of one table sent to the board server in one statement, ledger and all.

Notes written offline go up by the thousand. Rather than one statement each, a run of
new rows of one table (with no natural key to collide on) travels as one array per
column, unpacked on the server in one statement that writes the ledger rows
(``sync_operation``) and inserts the rows whose ledger row was new, in the order they
were made. An operation already in the ledger changes nothing, as one at a time. Where
the server refuses any row, the whole statement fails and the caller applies the run
again one operation at a time (upload.py), so each refusal is said alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

import psycopg

from boardapp.store.sync import upload_rows
from boardapp.store.sync.upload_rows import NONE


class NewRow(Protocol):
    op_id: uuid.UUID
    device_id: uuid.UUID
    seq: int
    row_uuid: uuid.UUID
    payload: dict[str, Any]


@cache
def _statement(table_name: str, relayed: bool) -> str:
    plan = upload_rows.insert_columns(table_name, relayed)
    sent = [(column, expression) for column, mode, expression in plan if mode != NONE]
    arrays = ["%s::uuid[]", "%s::uuid[]", "%s::bigint[]"] + [
        f"%s::{upload_rows.pg_type(table_name, column)}[]" for column, _ in sent
    ]
    names = ["op_id", "device_id", "seq"] + [f"v{n}" for n in range(len(sent))]
    given = {column: f"i.v{n}" for n, (column, _) in enumerate(sent)}
    expressions = [expression.format(given[column]) if column in given else expression for column, _, expression in plan]
    columns = ", ".join(f'"{column}"' for column, _, _ in plan)
    return (
        f"WITH incoming AS (SELECT * FROM unnest({', '.join(arrays)}) WITH ORDINALITY AS i({', '.join(names)}, n)),"
        " ledger AS (INSERT INTO sync_operation (op_id, device_id, device_seq)"
        " SELECT op_id, device_id, seq FROM incoming ORDER BY n ON CONFLICT (op_id) DO NOTHING RETURNING op_id),"
        f' fresh AS (INSERT INTO "{table_name}" ({columns}) SELECT {", ".join(expressions)} FROM incoming i'
        " WHERE i.op_id IN (SELECT op_id FROM ledger) ORDER BY i.n ON CONFLICT (uuid) DO NOTHING)"
        " SELECT op_id FROM ledger"
    )


def insert_together(connection: psycopg.Connection, table_name: str, relayed: bool, ops: Sequence[NewRow]) -> set[uuid.UUID]:
    """Apply ``ops`` (new rows of ``table_name``) in one statement, inside the caller's
    transaction; returns the operations applied now (the others were there already).
    Raises what the server raises when it refuses any of them."""
    plan = upload_rows.insert_columns(table_name, relayed)
    rows = [upload_rows.values(table_name, op.row_uuid, op.payload, plan) for op in ops]
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else []
    params = [[op.op_id for op in ops], [op.device_id for op in ops], [op.seq for op in ops], *columns]
    return {row[0] for row in connection.execute(_statement(table_name, relayed), params).fetchall()}
