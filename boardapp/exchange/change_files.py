"""Change files: the sync operations carried on a USB stick or by e-mail.

Two kinds, one format. ``changes``: this copy's unsent changes (the outbox), for a
laptop that never reaches the board server; whoever imports them (the secretariat)
applies them and relays them to the server under their original operation ids, so
nothing arrives twice. A change of an action's links travels as one record: the whole new
set of the action's links in one link table (operation ``replace``). ``publication``: the board's data as the secretariat holds
it, for copies that never connect.

The file is JSON lines: a header line, one line per record, and a last line with the
SHA-256 of every byte before it. A file cut short or altered anywhere fails that check
and is refused whole, before the database is opened; importing a file twice changes
nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import aliased

from boardapp.store import migrations, outbox
from boardapp.store.connection import Database, open_database
from boardapp.store.models import OutboxEntry, ReceivedOperation
from boardapp.store.sync import local_apply, tables
from boardapp.store.sync.local_apply import Batch
from boardapp.store.sync.upload import RELAYED

FORMAT = "boardapp-changes"
VERSION = 1
EXEMPT_TABLES = ("requirement", "action", "annotation")


class ChangeFileError(ValueError):
    """A change file that cannot be used; ``str()`` names the file and what is wrong."""


@dataclass(frozen=True)
class ImportReport:
    kind: str
    records: int
    applied: int  # records that changed something here
    skipped: int  # records this copy already had


# --- Writing ---------------------------------------------------------------------------


def export_changes(database: Database, out: Path, *, publication: bool = False, without_exempt: bool = False) -> int:
    """Write this copy's unsent changes (or, ``publication``, all its board data) to ``out``."""
    with database.engine.connect() as connection:
        if publication:
            records = list(_publication(connection, without_exempt))
            device = ""
        else:
            records = [_operation_record(e) for e in outbox.pending(connection)]
            device = str(outbox.device_id(connection)) if records else ""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "kind": "publication" if publication else "changes",
        "schema": migrations.head_revision(),
        "file_id": str(uuid.uuid4()),
        "device_id": device,
        "made_at": datetime.now(UTC).isoformat(),
        "records": len(records),
    }
    lines = [json.dumps(header, sort_keys=True, ensure_ascii=False)]
    lines += [json.dumps(r, sort_keys=True, ensure_ascii=False, default=tables.to_json) for r in records]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    trailer = json.dumps({"sha256": hashlib.sha256(body).hexdigest()}).encode("utf-8") + b"\n"
    partial = out.with_name(f".{out.name}.partial")
    partial.write_bytes(body + trailer)
    os.replace(partial, out)
    return len(records)


def _operation_record(entry: OutboxEntry) -> dict[str, Any]:
    return {
        "op_id": str(entry.op_id),
        "device_id": str(entry.device_id),
        "seq": entry.id,
        "table": entry.table_name,
        "row_uuid": str(entry.row_uuid),
        "operation": entry.operation,
        "payload": json.loads(entry.payload),
        "actor": entry.actor,
    }


def _publication(connection: Connection, without_exempt: bool) -> Iterator[dict[str, Any]]:
    kept: dict[str, set[str]] = {}
    for table in tables.ROW_TABLES:
        fks = tables.foreign_keys(table)
        parents = {c: aliased(tables.TABLES[p]) for c, p in fks.items()}
        columns = [parents[c].c.uuid.label(c) if c in fks else table.c[c] for c in tables.wire_columns(table)]
        query = select(*columns).select_from(table)
        for column, parent in parents.items():
            query = query.outerjoin(parent, parent.c.id == table.c[column])
        kept[table.name] = set()
        for row in connection.execute(query).mappings():
            if without_exempt and table.name in EXEMPT_TABLES and row["exempt"]:
                continue
            required = [c for c in fks if not table.columns[c].nullable]
            if any(str(row[c]) not in kept.get(fks[c], set()) for c in required):
                continue
            kept[table.name].add(str(row["uuid"]))
            yield {"table": table.name, "row": {k: tables.to_json(v) for k, v in row.items()}}
    for link in tables.LINKS.values():
        table = tables.Base.metadata.tables[link.name]
        owner, other = aliased(tables.TABLES[link.owner_table]), aliased(tables.TABLES[link.other_table])
        query = (
            select(owner.c.uuid.label("owner"), other.c.uuid.label("other"), *(table.c[c] for c in link.extra))
            .select_from(table)
            .join(owner, owner.c.id == table.c[link.owner_column])
            .join(other, other.c.id == table.c[link.other_column])
        )
        for row in connection.execute(query).mappings():
            if str(row["owner"]) in kept[link.owner_table] and str(row["other"]) in kept[link.other_table]:
                yield {"link": link.name, "row": {k: tables.to_json(v) for k, v in row.items()}}


# --- Reading ---------------------------------------------------------------------------


def read_change_file(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and records of a whole, unaltered change file; else ChangeFileError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ChangeFileError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ChangeFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not data.endswith(b"\n") or data.count(b"\n") < 2:
        raise ChangeFileError(f"{path}: not a whole change file (it is cut short or empty); nothing was imported")
    body, _, trailer = data[:-1].rpartition(b"\n")
    body += b"\n"
    try:
        claimed = json.loads(trailer)["sha256"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ChangeFileError(f"{path}: not a whole change file (its checksum line is missing); nothing was imported") from exc
    if hashlib.sha256(body).hexdigest() != claimed:
        raise ChangeFileError(
            f"{path}: the file has been altered or damaged (its SHA-256 does not match); nothing was imported"
        )
    try:
        lines = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    except (UnicodeDecodeError, ValueError) as exc:
        raise ChangeFileError(f"{path}: a line is not readable JSON ({exc}); nothing was imported") from exc
    header, records = lines[0], lines[1:]
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ChangeFileError(f"{path}: not a Board App change file")
    if header.get("version") != VERSION:
        raise ChangeFileError(
            f"{path}: change file version {header.get('version')}; this app reads version {VERSION}"
        )
    if header.get("kind") not in ("changes", "publication"):
        raise ChangeFileError(f"{path}: unknown kind of change file {header.get('kind')!r}")
    schema = header.get("schema")
    if schema not in migrations.known_revisions():
        raise ChangeFileError(
            f"{path}: written by a newer Board App (schema {schema}); install the newer app to import it"
        )
    if header.get("records") != len(records):
        raise ChangeFileError(f"{path}: the header counts {header.get('records')} records but the file has {len(records)}")
    return header, records


def import_changes(path: Path, database_path: Path) -> ImportReport:
    """Check the whole file, then apply it to the database in one transaction."""
    header, records = read_change_file(path)
    _check_records(path, header["kind"], records)
    with open_database(database_path) as database, database.engine.begin() as connection:
        if header["kind"] == "publication":
            return _import_publication(connection, header, records)
        return _import_operations(connection, records)


def _check_records(path: Path, kind: str, records: list[dict[str, Any]]) -> None:
    for n, record in enumerate(records, start=2):
        try:
            if kind == "changes":
                uuid.UUID(record["op_id"]), uuid.UUID(record["device_id"]), uuid.UUID(record["row_uuid"])
                if record["operation"] == tables.REPLACE:  # an owner's whole set of links
                    ok = record["table"] in tables.UPLOADED_LINKS and isinstance(record["payload"]["new"], list)
                    ok = ok and all(uuid.UUID(str(u)) for u in record["payload"]["new"])
                else:
                    ok = record["table"] in tables.UPLOADED and record["operation"] in ("insert", "update", "delete")
                    ok = ok and isinstance(record["payload"], dict)
            elif "table" in record:
                ok = record["table"] in tables.TABLES and isinstance(record["row"], dict)
                local_apply.row_from_json(record["table"], record["row"])
            else:
                ok = record["link"] in tables.LINKS and isinstance(record["row"], dict)
        except (KeyError, TypeError, ValueError) as exc:
            raise ChangeFileError(f"{path}, line {n}: not a valid record ({exc}); nothing was imported") from exc
        if not ok:
            raise ChangeFileError(f"{path}, line {n}: not a valid record; nothing was imported")


def _received(connection: Connection, op_id: uuid.UUID) -> bool:
    table = ReceivedOperation.__table__
    return connection.execute(select(table.c.op_id).where(table.c.op_id == op_id)).first() is not None


def _import_operations(connection: Connection, records: list[dict[str, Any]]) -> ImportReport:
    applied = skipped = 0
    entries = OutboxEntry.__table__
    for record in records:
        op_id = uuid.UUID(record["op_id"])
        mine = connection.execute(select(entries.c.id).where(entries.c.op_id == op_id)).first() is not None
        if mine or _received(connection, op_id):
            skipped += 1
            continue
        table_name, row_uuid, payload = record["table"], uuid.UUID(record["row_uuid"]), record["payload"]
        if record["operation"] == tables.REPLACE:
            changed = local_apply.replace_link_set(connection, table_name, row_uuid, payload["new"])
        elif record["operation"] == "insert":
            row = local_apply.row_from_json(table_name, payload)
            if local_apply.local_ids(connection, table_name, [row_uuid]):
                changed = 0
            else:
                changed = local_apply.apply(connection, Batch(rows={table_name: [row]}))
            if table_name == "annotation":
                payload = payload | {RELAYED: True}
        elif record["operation"] == "update":
            changed = local_apply.update_row(connection, table_name, row_uuid, payload)
        else:
            changed = local_apply.delete_row(connection, table_name, row_uuid)
        applied += bool(changed)
        connection.execute(insert(ReceivedOperation.__table__).values(op_id=op_id))
        # Relayed to the board server at this copy's next sync, under its own id.
        connection.execute(
            insert(entries).values(
                op_id=op_id, device_id=uuid.UUID(record["device_id"]), table_name=table_name, row_uuid=row_uuid,
                operation=record["operation"], payload=json.dumps(payload, sort_keys=True, ensure_ascii=False),
                actor=str(record.get("actor", "")), made_at=datetime.now(UTC), refused="",
            )
        )
    return ImportReport("changes", len(records), applied, skipped)


def _import_publication(connection: Connection, header: dict[str, Any], records: list[dict[str, Any]]) -> ImportReport:
    batch = Batch()
    owners: dict[str, set[uuid.UUID]] = {}
    for record in records:
        if "table" in record:
            batch.rows[record["table"]].append(local_apply.row_from_json(record["table"], record["row"]))
        else:
            link = tables.LINKS[record["link"]]
            row = record["row"]
            entry = {"owner": uuid.UUID(row["owner"]), "other": uuid.UUID(row["other"])} | {c: row[c] for c in link.extra}
            batch.links.setdefault(link.name, (set(), []))[1].append(entry)
    for link in tables.LINKS.values():
        owners[link.name] = {r["uuid"] for r in batch.rows.get(link.owner_table, [])}
        found = batch.links.get(link.name, (set(), []))[1]
        batch.links[link.name] = (owners[link.name], found)
    changed = local_apply.apply(connection, batch)
    present = {name: {r["uuid"] for r in rows} for name, rows in batch.rows.items()}
    changed += local_apply.mirror_deletions(connection, present)
    local_apply.reapply_pending(connection)
    return ImportReport("publication", len(records), changed, len(records) - min(changed, len(records)))
