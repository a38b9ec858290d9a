"""Changes the board server refused: listed, edited and sent again, or discarded.

A refused change stays in the outbox with the server's reason (service.py). Its author
may correct the values it carries and queue it again (:func:`resend`), within their
role's rights: the same check the change itself needed, so a role cannot resend what it
could not have made. A resent update carries the value this copy now shows as its old
value (the server's, restored when the change was refused), so it is not mistaken for a
crossed edit. :func:`discard` drops a refused change; a refused new row goes with it
(it never reached the server), an edit was undone when it was refused. The revision a
change wrote (history) was refused with it and goes with it either way: sent again
recording the change as resent, or discarded with its row. A revision is never edited
beyond its reason.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Connection, delete, select, update

from boardapp.domain import change_rights
from boardapp.domain.permissions import Identity, Permission
from boardapp.store.connection import Database
from boardapp.store.models import OutboxEntry
from boardapp.store.sync import local_apply, tables
from boardapp.store.sync.errors import SyncError

# What each table's changes need (a note's answer, an action's status: see needed()).
NEEDS = {
    "annotation": Permission.ANNOTATE,
    "reading": Permission.EDIT_READINGS,
    "reading_revision": Permission.EDIT_READINGS,
    "target": Permission.EDIT_TARGETS,
    "threshold": Permission.EDIT_TARGETS,
    "comparator": Permission.EDIT_TARGETS,
    "requirement": Permission.EDIT_REQUIREMENTS,
    "meeting": Permission.EDIT_MEETINGS,
    "member": Permission.EDIT_MEMBERS,
    "sync_conflict": Permission.EDIT_ACTIONS,
}
ANSWER_COLUMNS = {"answer", "answered_by", "answered_at", "answered_meeting_id", "status"}
# A refused revision may have its reason corrected; what it records stands.
REVISION_EDITABLE = {"reason"}
STATUS_COLUMNS = {"status", "rag"}


@dataclass(frozen=True)
class RefusedChange:
    op_id: uuid.UUID
    table_name: str
    row_uuid: uuid.UUID
    operation: str  # insert | update | delete | replace
    values: dict[str, Any]  # what it sets: {column: new value} (a replace: {"new": [uuids]})
    editable: tuple[str, ...]  # the columns whose values may be corrected before sending again
    reason: str
    made_at: datetime
    actor: str

    @property
    def what(self) -> str:
        return f"{self.operation} of {self.table_name.replace('_', ' ')}"


def needed(table_name: str, operation: str, columns: set[str], payload: dict[str, Any] | None = None) -> Permission:
    """The permission a change of ``columns`` of a ``table_name`` row needs (a new
    revision: what the change it records needs, from its ``payload``)."""
    if table_name == "revision":
        if operation != "insert":
            raise change_rights.NobodyMay("a revision cannot be changed or deleted once written")
        payload = payload or {}
        return change_rights.revision_needed(
            str(payload.get("item_kind", "")), str(payload.get("kind", "")),
            change_rights.revised_fields(payload.get("changes")),
        )
    if table_name == "annotation" and operation == "update" and columns <= ANSWER_COLUMNS:
        return Permission.ANSWER_NOTES
    if table_name == "action" and operation == "update" and columns <= STATUS_COLUMNS:
        return Permission.EDIT_ACTIONS
    return NEEDS.get(table_name, Permission.EDIT_PLAN)


def list_refused(database: Database) -> list[RefusedChange]:
    """The refused changes of this copy, oldest first."""
    with database.engine.connect() as connection:
        return [_change(r) for r in refused_rows(connection)]


def refused_rows(connection: Connection) -> list[Any]:
    """The outbox rows of this copy's refused changes, oldest first. A revision refused
    with the change it records (queued right after it: outbox.py) is not a change of its
    own: it is sent again or discarded with that change."""
    entries = OutboxEntry.__table__
    rows = connection.execute(select(entries).where(entries.c.refused != "").order_by(entries.c.id)).all()
    shown, change = [], None
    for row in rows:
        if change is not None and _records(row, change):
            continue
        change = None if row.table_name == "revision" else row
        shown.append(row)
    return shown


def _records(row: Any, change: Any) -> bool:
    """Whether outbox ``row`` is a revision recording outbox ``change``'s change."""
    if row.table_name != "revision" or row.operation != "insert":
        return False
    payload = json.loads(row.payload)
    return payload.get("item_kind") == change.table_name and str(payload.get("item_uuid")) == str(change.row_uuid)


def _recorded_with(connection: Connection, change: Any) -> list[Any]:
    """The refused revisions that go with the refused ``change``."""
    entries = OutboxEntry.__table__
    later = connection.execute(
        select(entries).where(entries.c.refused != "", entries.c.id > change.id).order_by(entries.c.id)
    ).all()
    found = []
    for row in later:
        if not _records(row, change):
            break
        found.append(row)
    return found


def _change(row: Any) -> RefusedChange:
    payload = json.loads(row.payload)
    if row.operation == "update":
        values = {c: pair[1] for c, pair in payload.items()}
    elif row.operation == "insert":
        values = {c: v for c, v in payload.items() if not c.startswith("__")}
    else:
        values = payload
    return RefusedChange(
        row.op_id, row.table_name, row.row_uuid, row.operation, values,
        tuple(c for c in values if _editable(row.table_name, row.operation, c)), row.refused, row.made_at, row.actor,
    )


def _editable(table_name: str, operation: str, column: str) -> bool:
    if operation not in ("insert", "update") or table_name not in tables.TABLES:
        return False
    if column in ("id", "uuid", "created_at", "updated_at") or (table_name, column) in tables.NOT_UPLOADED:
        return False
    if table_name == "revision":
        return column in REVISION_EDITABLE
    if table_name == "annotation" and column in ("author_id", "author_name", "written_at"):
        return False  # the server writes who wrote a note, and when
    table = tables.TABLES[table_name]
    return column in table.columns and column not in tables.foreign_keys(table)


def resend(database: Database, who: Identity, op_id: uuid.UUID, corrected: dict[str, Any] | None = None) -> None:
    """Queue a refused change again, with ``corrected`` values (travelling form: text,
    numbers, ISO dates) in place of those it carried; this copy shows them at once.
    ``NotAllowed`` when ``who``'s role may not make that change; SyncError for a change
    not in the list or a column that may not be corrected."""
    corrected = dict(corrected or {})
    with database.engine.begin() as connection:
        row = _refused_row(connection, op_id)
        change = _change(row)
        wrong = [c for c in corrected if c not in change.editable]
        if wrong:
            raise SyncError(f"{', '.join(sorted(wrong))}: not a value of this {change.what} that can be corrected")
        columns = set(change.values) if change.operation in ("insert", "update") else set()
        payload = json.loads(row.payload)
        who.require(needed(change.table_name, change.operation, columns, payload))
        table = tables.TABLES.get(change.table_name)
        for column, value in list(corrected.items()):
            assert table is not None
            kind = table.columns[column].type
            if isinstance(kind, Boolean) and isinstance(value, str):
                value = value.strip().casefold() in ("yes", "true", "1")
            try:
                corrected[column] = tables.to_json(tables.from_json(kind, value))
            except (TypeError, ValueError) as exc:
                raise SyncError(f"{column}: {value!r} is not a value it can take ({exc})") from exc
        if change.operation == "update":
            shown = _shown(connection, change.table_name, change.row_uuid, list(payload))
            payload = {c: [shown.get(c, pair[0]), corrected.get(c, pair[1])] for c, pair in payload.items()}
            local_apply.update_row(connection, change.table_name, change.row_uuid, payload)
        elif change.operation == "insert" and corrected:
            before = _shown(connection, change.table_name, change.row_uuid, list(corrected))
            payload.update(corrected)
            local_apply.update_row(
                connection, change.table_name, change.row_uuid, {c: [before.get(c), v] for c, v in corrected.items()}
            )
        for recorded in _recorded_with(connection, row):
            _requeue(connection, recorded.op_id, who, _revised(connection, recorded, change.operation, payload))
        _requeue(connection, op_id, who, payload)


def _requeue(connection: Connection, op_id: uuid.UUID, who: Identity, payload: dict[str, Any]) -> None:
    entries = OutboxEntry.__table__
    connection.execute(
        update(entries).where(entries.c.op_id == op_id).values(
            op_id=uuid.uuid4(), refused="", actor=who.label,
            payload=json.dumps(payload, sort_keys=True, ensure_ascii=False),
        )
    )


def _revised(connection: Connection, recorded: Any, operation: str, sent: dict[str, Any]) -> dict[str, Any]:
    """A refused revision as it goes again with its change: an update's fields now from
    the value shown to the value sent (this copy's revision row says the same)."""
    payload = json.loads(recorded.payload)
    if operation != "update":
        return payload
    changes = json.loads(payload.get("changes") or "{}")
    changes.update({field: pair for field, pair in sent.items() if field in changes})
    payload["changes"] = json.dumps(changes, sort_keys=True)
    revision = tables.TABLES["revision"]
    connection.execute(update(revision).where(revision.c.uuid == recorded.row_uuid).values(changes=payload["changes"]))
    return payload


def discard(database: Database, who: Identity, op_id: uuid.UUID) -> None:
    """Drop a refused change; a refused new row is removed from this copy with it."""
    with database.engine.begin() as connection:
        row = _refused_row(connection, op_id)
        change = _change(row)
        if change.actor and change.actor.split(" (")[0] != who.name:  # actor: a name, or "Name (role)"
            who.require(Permission.EDIT_MEMBERS)  # someone else's change: only the secretariat
        if change.operation == "insert":
            local_apply.delete_row(connection, change.table_name, change.row_uuid)
        for recorded in _recorded_with(connection, row):  # the change is not made, so not kept in history
            local_apply.delete_row(connection, "revision", recorded.row_uuid)
            connection.execute(delete(OutboxEntry.__table__).where(OutboxEntry.__table__.c.op_id == recorded.op_id))
        connection.execute(delete(OutboxEntry.__table__).where(OutboxEntry.__table__.c.op_id == op_id))


def _refused_row(connection: Connection, op_id: uuid.UUID) -> Any:
    entries = OutboxEntry.__table__
    row = connection.execute(select(entries).where(entries.c.op_id == op_id, entries.c.refused != "")).first()
    if row is None:
        raise SyncError("that refused change is not in this copy any more")
    return row


def _shown(connection: Connection, table_name: str, row_uuid: uuid.UUID, columns: list[str]) -> dict[str, Any]:
    """The row's present values in travelling form (foreign keys as uuids)."""
    table = tables.TABLES.get(table_name)
    if table is None:
        return {}
    wanted = [c for c in columns if c in table.columns]
    row = connection.execute(select(*(table.c[c] for c in wanted)).where(table.c.uuid == row_uuid)).first()
    if row is None:
        return {}
    fks = tables.foreign_keys(table)
    found = {}
    for column, value in zip(wanted, row, strict=True):
        if column in fks:
            parent = tables.TABLES[fks[column]]
            value = connection.execute(select(parent.c.uuid).where(parent.c.id == value)).scalar() if value else None
        found[column] = tables.to_json(value)
    return found
