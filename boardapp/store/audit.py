"""The audit log: every insert, update and delete of a synced row, written in the same flush.

The actor is the person named when the session was opened (``Database.session(actor)``).
Bulk loads that bypass the ORM (demo and synthetic data) write one ``bulk_load`` entry
per table themselves, through :func:`record_bulk_load`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import event, insert, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from boardapp.store.models import AuditEntry, Synced
from boardapp.store.models.base import utc_now
from boardapp.store.sync.tables import SERVER_HIDDEN

_SKIPPED = {"created_at", "updated_at"}
# The columns that never leave this copy (sync/tables.SERVER_HIDDEN: a member's
# passphrase hash, which could be guessed from offline) are not kept in the log either:
# it records that they changed, not what to.
_HIDDEN = "(secret: not recorded)"


def install_audit(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _before_flush)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime, UUID)):
        return str(value)
    return value


def _column_changes(obj: Synced, *, new: bool) -> dict[str, Any]:
    state = inspect(obj)
    table = obj.__tablename__  # type: ignore[attr-defined]
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED or attr.key == "id":
            continue
        secret = (table, attr.key) in SERVER_HIDDEN
        history = state.attrs[attr.key].history
        if new:
            value = getattr(obj, attr.key)
            if value is not None:
                changes[attr.key] = _HIDDEN if secret else _plain(value)
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new_value = history.added[0] if history.added else None
            changes[attr.key] = (
                [_HIDDEN, _HIDDEN] if secret else [_plain(old), _plain(new_value)]
            )
    return changes


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    actor = str(session.info.get("actor", ""))
    entries = []
    for operation, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not isinstance(obj, Synced):
                continue
            if operation == "update" and not session.is_modified(obj, include_collections=False):
                continue
            if operation == "insert" and obj.uuid is None:
                obj.uuid = _new_uuid()
            changes = {} if operation == "delete" else _column_changes(obj, new=operation == "insert")
            entries.append(
                AuditEntry(
                    uuid=_new_uuid(),
                    at=utc_now(),
                    actor=actor,
                    table_name=obj.__tablename__,  # type: ignore[attr-defined]
                    row_uuid=obj.uuid,
                    operation=operation,
                    changes=json.dumps(changes, sort_keys=True, default=str),
                )
            )
    session.add_all(entries)


def _new_uuid() -> UUID:
    return uuid4()


def record_bulk_load(
    connection: Connection,
    table: str,
    rows: int,
    actor: str,
    note: str,
    *,
    at: datetime | None = None,
    entry_uuid: UUID | None = None,
) -> None:
    """One audit entry for rows written in bulk, bypassing the ORM."""
    connection.execute(
        insert(AuditEntry),
        [
            {
                "uuid": entry_uuid or _new_uuid(),
                "at": at or utc_now(),
                "actor": actor,
                "table_name": table,
                "row_uuid": None,
                "operation": "bulk_load",
                "changes": json.dumps({"rows": rows, "note": note}),
            }
        ],
    )
