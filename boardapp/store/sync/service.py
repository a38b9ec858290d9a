"""The sync service the window and the command line call.

:func:`sync_now` uploads this copy's outbox first, then downloads the server's
changes; :func:`sync_status` says where a copy stands; :func:`list_conflicts` and
:func:`resolve_conflict` are the secretariat's view of edits that crossed.
Errors are :class:`~boardapp.store.sync.errors.SyncError` subclasses whose message is
written for the person at the laptop.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, func, select, update

from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.terms import Role
from boardapp.store import identity, outbox
from boardapp.store.connection import Database
from boardapp.store.models import OutboxEntry, SyncConflict
from boardapp.store.models.base import utc_now
from boardapp.store.sync import download as downloading
from boardapp.store.sync import server_read, state, tables
from boardapp.store.sync.connect import ServerAddress, check_revision, connect
from boardapp.store.sync.errors import Interrupted, ServerLayerTooOld, SyncError, Withdrawn
from boardapp.store.sync.refused import refused_rows
from boardapp.store.sync.upload import RECORDED_REFUSED, Operation, apply_operations

UPLOAD_BATCH = 2000  # operations per push: new rows of one table go up in one statement (upload_bulk.py)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SyncStatus:
    server: str  # the board server's address ("" if this copy never synced)
    last_sync: datetime | None
    pending_changes: int  # changes made here the server has not confirmed
    conflicts: int  # unresolved conflicts this copy knows of
    refused: int = 0  # changes the server refused (kept, with its reason)


@dataclass(frozen=True)
class SyncResult:
    uploaded: int  # operations the server applied now
    already_there: int  # operations it had already (a retried upload)
    refused: list[str]  # one line per operation the server refused
    conflicts_recorded: int  # conflicts the server recorded for this copy's edits
    downloaded: int  # rows changed here by the download
    full_download: bool
    checkpoint: int
    acting_as: str = ""  # "Name (role)" when this sync changed who the copy acts as, else ""


@dataclass(frozen=True)
class ConflictRow:
    uuid: uuid.UUID
    table_name: str
    row_uuid: uuid.UUID
    field: str
    base_value: Any
    overwritten_value: Any
    overwritten_by: str
    incoming_value: Any
    incoming_by: str
    server_order: int
    recorded_at: datetime
    resolved: bool
    resolution: Any
    resolved_by: str


def sync_status(database: Database) -> SyncStatus:
    with database.engine.connect() as connection:
        values = state.read(connection)
        entries = OutboxEntry.__table__
        pending = connection.execute(select(func.count()).where(entries.c.refused == "")).scalar_one()
        refused = len(refused_rows(connection))  # a revision refused with its change is part of it
        conflicts = SyncConflict.__table__
        open_conflicts = connection.execute(
            select(func.count()).select_from(conflicts).where(conflicts.c.resolved.is_(False))
        ).scalar_one()
    return SyncStatus(values.get(state.SERVER, ""), state.last_sync(values), pending, open_conflicts, refused)


def sync_now(database: Database, url: str, password: str | None, progress: Progress | None = None) -> SyncResult:
    """Upload this copy's changes, then download the server's; each step all-or-nothing.

    ``progress(stage, done, total)`` is called between steps; raising from it (for
    example :class:`Interrupted` on cancel) stops the sync with nothing half-written.
    """
    if database.read_only:
        raise SyncError(f"{database.path}: opened read-only; cannot sync")
    address = ServerAddress.parse(url)
    with connect(address, password, autocommit=True) as pg:
        revision = check_revision(pg, address)
        me = _whoami(pg, address)
        before = identity.laptop_identity(database)  # read before the download changes the member list
        _refuse_someone_elses_changes(database, address, me, before)
        try:
            sent = _upload(pg, database.engine, progress)
            if sent[4]:
                downloading.refresh(pg, database.engine, sent[4])
            got = downloading.download(pg, database.engine, progress)
            acting_as = _take_identity(database, address, password, me, before)
            if acting_as and sync_status_pending(database.engine):
                # A secretariat signing in registers its own keys on its member row: send
                # them now, so a withdrawn member's copy can seal its unsent notes to them.
                more = _upload(pg, database.engine, progress)
                sent = (sent[0] + more[0], sent[1] + more[1], sent[2] + more[2], sent[3] + more[3], sent[4])
        except psycopg.OperationalError as exc:
            raise Interrupted(f"the connection to the board server dropped part way; sync again ({exc})") from exc
    with database.engine.begin() as connection:
        state.write(
            connection,
            **{state.SERVER: address.shown, state.LAST_SYNC: datetime.now(UTC).isoformat(),
               state.SERVER_REVISION: revision},
        )
    if me is not None:
        identity.record_server_contact(database)
    applied, again, refused, conflicts, _ = sent
    return SyncResult(applied, again, refused, conflicts, got.changed, got.full, got.checkpoint, acting_as)


def _whoami(pg: psycopg.Connection, address: ServerAddress) -> server_read.Me | None:
    """The login's member, as the server says; :class:`Withdrawn` (before anything is
    sent or received) when the board has withdrawn them."""
    try:
        me = server_read.whoami(pg)
    except psycopg.errors.UndefinedFunction as exc:
        raise ServerLayerTooOld(
            f"the board server at {address.shown} has roles and policies from an older Board App: "
            "ask the board's IT to run `boardapp server init` with this version"
        ) from exc
    if me is not None and me.withdrawn:
        raise Withdrawn(
            me.name,
            f"the board server says {me.name} (login {address.login}) has been withdrawn from the board: "
            "the board's data will be removed from this copy",
        )
    return me


def _refuse_someone_elses_changes(
    database: Database, address: ServerAddress, me: server_read.Me | None, before: identity.Established | None
) -> None:
    """A copy signed in as one member, holding their unsent changes, does not send them
    up under another member's login (the server would name that member as their author)."""
    if me is None:
        return
    if before is None or before.member_uuid == me.member_uuid:
        return
    pending = sync_status_pending(database.engine)
    if pending:
        raise SyncError(
            f"this copy is {before.identity.name}'s and holds {pending} unsent change{'s' if pending != 1 else ''} "
            f"made by them, but the login {address.login} is {me.name}'s: sync with {before.identity.name}'s "
            "own login to send them (nothing was sent or received)"
        )


def _take_identity(
    database: Database, address: ServerAddress, password: str | None, me: server_read.Me | None,
    before: identity.Established | None,
) -> str:
    """Keep what the server said of its login as this copy's identity, unless it is kept
    already; returns who the copy now acts as when that changed, else "". ``before`` is
    the copy's identity as it stood before the download (which brings the member list,
    and so the role the copy acts in, up to date: compared after it, a new role would
    never be said)."""
    if me is None:
        return ""  # IT's own login: no member, and no identity to take
    role = Role(me.role)
    if (
        before is not None and before.how == identity.SERVER and before.member_uuid == me.member_uuid
        and before.identity.role is role and before.identity.name == me.name and before.server_login == address.login
    ):
        return ""
    where = address.url.set(username=None).render_as_string(hide_password=True)
    identity.from_server(
        database, name=me.name, role=role, member_uuid=me.member_uuid, login=address.login, where=where,
        password=password or "",
    )
    return f"{me.name} ({role.value})"


def upload_step(stage: str) -> None:
    """A named point between two steps (tests make a run stop here)."""


def _operations(engine: Engine) -> list[Operation]:
    """The next push: up to UPLOAD_BATCH entries, and the revisions queued right after
    the last of them (outbox.py), so a change and its revision always travel together."""
    with engine.connect() as connection:
        entries = outbox.pending(connection, UPLOAD_BATCH)
        if len(entries) == UPLOAD_BATCH:
            entries += _revisions_following(connection, entries)
    return [
        Operation(e.op_id, e.device_id, e.id, e.table_name, e.row_uuid, e.operation, json.loads(e.payload))
        for e in entries
    ]


def _revisions_following(connection: Connection, entries: list[OutboxEntry]) -> list[OutboxEntry]:
    items = {e.row_uuid for e in entries}
    table = OutboxEntry.__table__
    after = connection.execute(
        select(table).where(table.c.refused == "", table.c.id > entries[-1].id).order_by(table.c.id).limit(UPLOAD_BATCH)
    ).all()
    found = []
    for entry in after:
        item = json.loads(entry.payload).get("item_uuid") if entry.table_name == "revision" else None
        if item is None or uuid.UUID(str(item)) not in items:
            break
        found.append(entry)
    return found


def _upload(
    pg: psycopg.Connection, engine: Engine, progress: Progress | None
) -> tuple[int, int, list[str], int, dict[str, set[uuid.UUID]]]:
    """Send the outbox in batches; returns applied, already there, refusals, conflicts,
    and the rows whose refused change must be undone here."""
    applied = again = conflicts = turned_down = 0
    refused: list[str] = []
    undo: dict[str, set[uuid.UUID]] = {}
    total = sync_status_pending(engine)
    while operations := _operations(engine):
        outcomes = apply_operations(pg, operations)
        upload_step("upload: server committed")
        done = [o.op_id for o in outcomes if not o.refused]
        with engine.begin() as connection:
            outbox.confirm(connection, done)
            entries = OutboxEntry.__table__
            for outcome in outcomes:
                if outcome.refused:
                    connection.execute(
                        update(entries).where(entries.c.op_id == outcome.op_id).values(refused=outcome.refused)
                    )
        for op, outcome in zip(operations, outcomes, strict=True):
            applied += outcome.applied
            again += not outcome.applied and not outcome.refused
            conflicts += outcome.conflicts
            turned_down += bool(outcome.refused)
            if outcome.refused and outcome.refused != RECORDED_REFUSED:  # that one is said with its change
                refused.append(f"{op.operation} of {op.table_name.replace('_', ' ')} {op.row_uuid}: {outcome.refused}")
                if op.operation != "insert":  # what was typed stays; an edit the server refused is undone
                    undo.setdefault(op.table_name, set()).add(op.row_uuid)
        if progress:
            progress("uploading", applied + again + turned_down, total)
    return applied, again, refused, conflicts, undo


def unsent_notes(database: Database) -> int:
    """Notes written here the server has not confirmed (refused ones too)."""
    entries = OutboxEntry.__table__
    with database.engine.connect() as connection:
        return connection.execute(
            select(func.count()).where(entries.c.table_name == "annotation", entries.c.operation == "insert")
        ).scalar_one()


def withdrawn_words(notes: int, sealed: Path | None) -> str:
    """What the person is told once a withdrawn member's copy is emptied (window and command line)."""
    said = "Your membership of the board has been withdrawn: the board's data has been removed from this copy"
    if sealed is None:
        return f"{said}; there were no unsent changes to keep."
    kept = f"{notes} unsent note{'s are' if notes != 1 else ' is'} kept"
    return f"{said}; your {kept}, sealed for the secretariat, in {sealed}"


def sync_status_pending(engine: Engine) -> int:
    with engine.connect() as connection:
        entries = OutboxEntry.__table__
        return connection.execute(select(func.count()).where(entries.c.refused == "")).scalar_one()


def list_conflicts(database: Database, *, include_resolved: bool = False) -> list[ConflictRow]:
    """Conflicts this copy knows of, in the server's order."""
    with database.session() as session:
        query = select(SyncConflict).order_by(SyncConflict.server_order, SyncConflict.id)
        if not include_resolved:
            query = query.where(SyncConflict.resolved.is_(False))
        return [
            ConflictRow(
                c.uuid, c.table_name, c.row_uuid, c.field, _loads(c.base_value), _loads(c.overwritten_value),
                c.overwritten_by, _loads(c.incoming_value), c.incoming_by, c.server_order, c.created_at,
                c.resolved, _loads(c.resolution), c.resolved_by,
            )
            for c in session.scalars(query)
        ]


def _loads(text: str) -> Any:
    return json.loads(text) if text else None


def resolve_conflict(database: Database, who: Identity, conflict_uuid: uuid.UUID, keep: str) -> None:
    """Settle a conflict: ``keep`` "incoming" (the value in force) or "overwritten" (put
    the earlier value back). Both the change and the settlement go to the server at the
    next sync. Refused (``NotAllowed``) for a role that may not edit the field."""
    if keep not in ("incoming", "overwritten"):
        raise ValueError("keep is 'incoming' or 'overwritten'")
    with database.session(who.label) as session:
        conflict = session.scalars(select(SyncConflict).where(SyncConflict.uuid == conflict_uuid)).one_or_none()
        if conflict is None:
            raise SyncError("that conflict is not in this copy")
        who.require(Permission.ANSWER_NOTES if conflict.table_name == "annotation" else Permission.EDIT_ACTIONS)
        chosen = _loads(conflict.incoming_value if keep == "incoming" else conflict.overwritten_value)
        if keep == "overwritten":
            model = next(m.class_ for m in tables.Base.registry.mappers if m.local_table.name == conflict.table_name)
            row = session.scalars(select(model).where(model.uuid == conflict.row_uuid)).one_or_none()
            if row is None:
                raise SyncError(f"that {conflict.table_name} is not in this copy any more")
            column = model.__table__.columns[conflict.field]
            setattr(row, conflict.field, tables.from_json(column.type, chosen))
        conflict.resolved = True
        conflict.resolution = json.dumps(chosen)
        conflict.resolved_by = who.name
        conflict.resolved_at = utc_now()
