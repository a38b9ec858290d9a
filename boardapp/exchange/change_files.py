"""Change files: the sync operations carried on a USB stick or by e-mail.

Two kinds, one format (change_file_format.py: JSON lines, signed with the writing copy's
Ed25519 key). ``changes``: this copy's unsent changes (the outbox), for a laptop that
never reaches the board server; the secretariat imports them, applies them and relays
them to the server under their original operation ids, so nothing arrives twice. A
change of an action's links travels as one record: the whole new set of the action's
links in one link table (operation ``replace``); a change's revision (history) travels
as the new row it is, right after the change. ``publication``: the board's data as
the secretariat holds it, members' passphrase hashes included, for copies that never
connect.

Importing checks the whole file before writing anything (change_checks.py): the
signature, that the signer is a member of this board whose registered key signed it,
and that every record is something the signer's role here may do, made in their own
name. Importing a file twice changes nothing the second time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import aliased

from boardapp.domain.permissions import Identity, NotAllowed, Permission
from boardapp.domain.terms import Role
from boardapp.exchange import sealed_files
from boardapp.exchange.change_checks import BoardSigner, board_signer, check_operations, touches_exempt
from boardapp.exchange.change_file_format import (
    FORMAT,
    VERSION,
    ChangeFile,
    ChangeFileError,
    Signer,
    decode,
    encode,
    read_bytes,
    read_change_file,
    short_key,
    write_whole,
)
from boardapp.store import identity, migrations, outbox
from boardapp.store.connection import Database, open_database
from boardapp.store.models import Member, OutboxEntry, ReceivedOperation
from boardapp.store.sync import local_apply, tables
from boardapp.store.sync.local_apply import Batch
from boardapp.store.sync.upload import RELAYED

__all__ = [
    "ChangeFileError", "ImportReport", "export_changes", "import_changes", "read_change_file", "signed_changes",
]

EXEMPT_TABLES = ("requirement", "action", "annotation")


@dataclass(frozen=True)
class ImportReport:
    kind: str
    records: int
    applied: int  # records that changed something here
    skipped: int  # records this copy already had
    signer: str = ""  # who signed it, as this board knows them


# --- Writing ---------------------------------------------------------------------------


def export_changes(database: Database, out: Path, *, publication: bool = False, without_exempt: bool = False) -> int:
    """Write this copy's unsent changes (or, ``publication``, all its board data) to
    ``out``, signed as this copy's user. NoIdentity on a copy no one has signed in on;
    NotAllowed for a publication by anyone but the secretariat. Someone who may not see
    exempt items writes none, whatever they ask."""
    data, count = signed_changes(database, publication=publication, without_exempt=without_exempt)
    write_whole(out, data)
    return count


def signed_changes(database: Database, *, publication: bool = False, without_exempt: bool = False) -> tuple[bytes, int]:
    """The bytes of a signed change file and how many records it holds."""
    who = identity.acting(database)
    if publication and not who.allows(Permission.EDIT_MEMBERS):
        raise NotAllowed(
            f"Only the secretariat publishes the board's data (a publication carries every member's passphrase hash, "
            f"and copies accept it only from the secretariat); you are signed in as {who.role.value}."
        )
    without_exempt = without_exempt or not who.allows(Permission.SEE_EXEMPT)
    established = identity.laptop_identity(database)
    assert established is not None  # acting() said so
    key = identity.signing_key(database)
    with database.engine.connect() as connection:
        if publication:
            records = list(_publication(connection, without_exempt))
            device = ""
        else:
            records = [_operation_record(e) for e in outbox.pending(connection)]
            if without_exempt:
                records = [r for r in records if not touches_exempt(connection, r)]
            device = str(outbox.device_id(connection)) if records else ""
    signer = Signer(established.member_uuid, who.name, established.public_key)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "kind": "publication" if publication else "changes",
        "schema": migrations.head_revision(),
        "file_id": str(uuid.uuid4()),
        "device_id": device,
        "made_at": datetime.now(UTC).isoformat(),
        "records": len(records),
        "signer": signer.as_json(),
        "without_exempt": without_exempt,
    }
    return encode(header, records, key), len(records)


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


# Columns a publication carries beyond what a board server sends: a board without a
# server gets its members' passphrase hashes to their laptops this way.
PUBLISHED_EXTRA = {"member": ["passphrase_hash"]}


def _publication(connection: Connection, without_exempt: bool) -> Iterator[dict[str, Any]]:
    hidden = _exempt_and_under(connection) if without_exempt else set()
    kept: dict[str, set[str]] = {}
    for table in tables.ROW_TABLES:
        fks = tables.foreign_keys(table)
        parents = {c: aliased(tables.TABLES[p]) for c, p in fks.items()}
        names = tables.wire_columns(table) + PUBLISHED_EXTRA.get(table.name, [])
        columns = [parents[c].c.uuid.label(c) if c in fks else table.c[c] for c in names]
        query = select(*columns).select_from(table)
        for column, parent in parents.items():
            query = query.outerjoin(parent, parent.c.id == table.c[column])
        kept[table.name] = set()
        for row in connection.execute(query).mappings():
            if row["uuid"] in hidden or (table.name == "sync_conflict" and row["row_uuid"] in hidden):
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


def _exempt_and_under(connection: Connection) -> set[uuid.UUID]:
    """The uuids of every exempt item and of every row under one: its notes (whenever
    they were written), its milestones, their revisions. (Links go with their ends.)"""
    hidden: set[uuid.UUID] = set()
    for name in EXEMPT_TABLES:
        table = tables.TABLES[name]
        hidden.update(connection.execute(select(table.c.uuid).where(table.c.exempt.is_(True))).scalars())
    notes = tables.TABLES["annotation"]
    hidden.update(connection.execute(select(notes.c.uuid).where(notes.c.target_uuid.in_(hidden))).scalars())
    action, milestone = tables.TABLES["action"], tables.TABLES["milestone"]
    hidden.update(connection.execute(
        select(milestone.c.uuid).join(action, action.c.id == milestone.c.action_id).where(action.c.exempt.is_(True))
    ).scalars())
    revision = tables.TABLES["revision"]
    hidden.update(connection.execute(
        select(revision.c.uuid).where(
            revision.c.item_kind.in_(("action", "milestone", "requirement")), revision.c.item_uuid.in_(hidden)
        )
    ).scalars())
    return hidden


# --- Importing -------------------------------------------------------------------------


def import_changes(path: Path, database_path: Path, who: Identity | None, *, trust_key: str = "") -> ImportReport:
    """Check the whole file, then apply it to the database in one transaction.

    ``who``: this copy's established user (identity.acting), or None on a copy no one has
    signed in on yet, which can take only a publication whose signer's key the person
    confirms (``trust_key``, the full key in hex, as the secretariat gave it to them).
    A ``changes`` file is imported only by the secretariat, which relays it."""
    data = read_bytes(path)
    sealed = sealed_files.is_sealed(data)
    if sealed:
        data = _unsealed(path, database_path, who, data)
    found = decode(data, path)
    _check_records(path, found.kind, found.records)
    if found.kind == "changes" and (who is None or not who.established or who.role is not Role.SECRETARIAT):
        signed_in = "no one has signed in on this copy" if who is None else f"this copy is {who.label}'s"
        raise ChangeFileError(
            f"{path}: only the secretariat imports members' change files (it relays them to the board); "
            f"{signed_in}; nothing was imported"
        )
    if found.kind == "publication" and who is not None and not who.established:
        raise ChangeFileError(f"{path}: {who.name} has not signed in on this copy; nothing was imported")
    with open_database(database_path) as database, database.engine.begin() as connection:
        if found.kind == "publication":
            signer = _publisher(connection, path, found, who, trust_key)
            return _import_publication(connection, found.records, signer)
        # A withdrawn member's laptop seals its unsent changes to the secretariat as it is emptied.
        signer = board_signer(connection, path, found.signer, withdrawn_too=sealed)
        check_operations(connection, path, signer, found.records)
        return _import_operations(connection, found.records, signer)


def _unsealed(path: Path, database_path: Path, who: Identity | None, data: bytes) -> bytes:
    if who is None:
        raise ChangeFileError(f"{path}: a sealed file, and no one has signed in on this copy to open it; nothing was imported")
    with open_database(database_path, read_only=True) as database:
        key = identity.receiving_key(database)
    return sealed_files.open_sealed(data, path, key, who.name)


def _publisher(connection: Connection, path: Path, found: ChangeFile, who: Identity | None, trust_key: str) -> BoardSigner:
    """The secretariat member who signed a publication: known to this board with that
    key, or (a new copy, or a secretariat's new laptop) confirmed by the person importing
    it with ``trust_key`` and named as a secretariat member with that key in the file."""
    signer = found.signer
    given = "".join(trust_key.split()).lower()
    if given:
        if given != signer.public_key:
            raise ChangeFileError(
                f"{path}: signed with key {signer.public_key}, not the key you gave ({short_key(given)}); "
                f"nothing was imported"
            )
        for record in found.records:
            row = record.get("row", {})
            if record.get("table") == "member" and str(row.get("uuid")) == str(signer.member_uuid):
                if row.get("role") == Role.SECRETARIAT.value and row.get("public_key") == signer.public_key \
                        and not row.get("withdrawn"):
                    return BoardSigner(signer.member_uuid, str(row["name"]), Role.SECRETARIAT)
        raise ChangeFileError(
            f"{path}: the publication does not list its signer {signer.name} as a secretariat member with the key "
            f"that signed it; nothing was imported"
        )
    if who is None:
        raise ChangeFileError(
            f"{path}: signed by {signer.name} with key {signer.public_key}, which this copy cannot check yet (it has "
            f"no one signed in): if {signer.name} gave you that key, import again with --trust-key and the key; "
            f"nothing was imported"
        )
    publisher = board_signer(connection, path, signer)
    if publisher.role is not Role.SECRETARIAT:
        raise ChangeFileError(
            f"{path}: a publication signed by {publisher.label}; only the secretariat's publications are imported; "
            f"nothing was imported"
        )
    return publisher


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
                    if ok and record["operation"] == "update":
                        ok = all(isinstance(p, list) and len(p) == 2 for p in record["payload"].values())
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


def _import_operations(connection: Connection, records: list[dict[str, Any]], signer: BoardSigner) -> ImportReport:
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
    return ImportReport("changes", len(records), applied, skipped, signer.label)


def _import_publication(connection: Connection, records: list[dict[str, Any]], signer: BoardSigner) -> ImportReport:
    batch = Batch()
    owners: dict[str, set[uuid.UUID]] = {}
    passphrases: dict[uuid.UUID, str] = {}
    for record in records:
        if "table" in record:
            batch.rows[record["table"]].append(local_apply.row_from_json(record["table"], record["row"]))
            if record["table"] == "member" and "passphrase_hash" in record["row"]:
                passphrases[uuid.UUID(record["row"]["uuid"])] = str(record["row"]["passphrase_hash"] or "")
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
    changed += _set_passphrases(connection, passphrases)
    local_apply.reapply_pending(connection)
    return ImportReport("publication", len(records), changed, len(records) - min(changed, len(records)), signer.label)


def _set_passphrases(connection: Connection, passphrases: dict[uuid.UUID, str]) -> int:
    table = Member.__table__
    changed = 0
    for member_uuid, stored in passphrases.items():
        changed += connection.execute(
            update(table).where(table.c.uuid == member_uuid, table.c.passphrase_hash != stored)
            .values(passphrase_hash=stored, updated_at=table.c.updated_at)  # as published, not now
        ).rowcount or 0
    return changed
