"""Small helpers for the sync tests: people's copies, their notes and edits, what each side holds."""

from __future__ import annotations

import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, select, text

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import ActionStatus, AnnotatedKind, AnnotationKind, Rag
from boardapp.store import identity, migrations
from boardapp.store.annotations import add_note, answer_note
from boardapp.store.connection import Database, open_database
from boardapp.store.edits import set_action_status
from boardapp.store.models import Action
from boardapp.store.sync.service import sync_now, sync_status
from tests.sync.conftest import Board

# What must agree everywhere after syncing: the rows people change, by uuid.
WATCHED = {
    "annotation": "text, status, answer, author_name",
    "action": "status, rag",
    "reading": "value, status",
    "sync_conflict": "field, incoming_value, overwritten_value, resolved",
}


def copy(tmp_path: Path, name: str) -> Database:
    return open_database(tmp_path / f"{name}.sqlite", create=True)


def first_sync(database: Database, url: str, password: str | None = None) -> Identity:
    """A copy's first sync with ``url``: the copy takes the login's identity (as sync does),
    and a secretariat's copy syncs once more to send the keys it registered on its own
    member row then, so what a test queues next is all the outbox holds. Returns the
    identity the copy now acts as."""
    sync_now(database, url, password)
    if sync_status(database).pending_changes:
        sync_now(database, url, password)
    return identity.acting(database)


def actions(database: Database) -> list[uuid.UUID]:
    with database.session() as session:
        return list(session.scalars(select(Action.uuid).order_by(Action.id)))


def established(database: Database, who: Identity) -> Identity:
    """``who`` as this copy established them (the server's login, when the copy synced
    with it): the identity every service accepts. A copy established as someone else, or
    not at all, keeps ``who`` as given (and the service decides)."""
    kept = identity.laptop_identity(database)
    if kept is not None and kept.identity.name == who.name and kept.identity.role is who.role:
        return kept.identity
    return who


def note(database: Database, who: Identity, words: str, target: uuid.UUID | None = None) -> uuid.UUID:
    who = established(database, who)
    target = target or actions(database)[0]
    with database.session(who.label) as session:
        return add_note(session, who, AnnotatedKind.ACTION, target, AnnotationKind.QUESTION, words).uuid


def answer(database: Database, who: Identity, note_uuid: uuid.UUID, words: str) -> None:
    who = established(database, who)
    with database.session(who.label) as session:
        answer_note(session, who, note_uuid, words)


def set_status(database: Database, who: Identity, action: uuid.UUID, status: ActionStatus, rag: Rag | None = None) -> None:
    who = established(database, who)
    with database.session(who.label) as session:
        set_action_status(session, who, action, status, rag)


def local_state(database: Database, tables: dict[str, str] = WATCHED) -> dict[str, set[tuple[object, ...]]]:
    found = {}
    with database.engine.connect() as connection:
        for table, columns in tables.items():
            rows = connection.execute(text(f"SELECT uuid, {columns} FROM {table}")).all()
            found[table] = {(str(uuid.UUID(str(r[0]))), *(_plain(v) for v in r[1:])) for r in rows}
    return found


def server_state(board: Board, tables: dict[str, str] = WATCHED) -> dict[str, set[tuple[object, ...]]]:
    found = {}
    with board.admin_connection() as connection:
        for table, columns in tables.items():
            rows = connection.execute(f"SELECT uuid, {columns} FROM {table}").fetchall()
            found[table] = {(str(r[0]), *(_plain(v) for v in r[1:])) for r in rows}
    return found


def _plain(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    return value


def outbox_size(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM sync_outbox")).scalar_one()


def checkpoint(database: Database) -> int | None:
    with database.engine.connect() as connection:
        found = connection.execute(text("SELECT value FROM sync_state WHERE key = 'checkpoint'")).scalar()
    return None if found is None else int(found)


def migrate_server(engine: Engine, revision: str, down: bool = False) -> None:
    """Alembic up (or ``down``) to ``revision`` on a server database, in one transaction."""
    with engine.begin() as connection:
        config = migrations._config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

