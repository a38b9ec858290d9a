"""This copy's sync state (``sync_state``): a few keys, read and written in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from boardapp.store.models import SyncState

SERVER = "server"  # the board server's address, without a password
CHECKPOINT = "checkpoint"  # the server's change sequence this copy holds everything up to
BOARD_ID = "board_id"  # which board server the checkpoint belongs to
LAST_SYNC = "last_sync"  # when the last sync finished (this laptop's clock: shown, never ordered by)
SERVER_REVISION = "server_revision"


def read(connection: Connection) -> dict[str, str]:
    table = SyncState.__table__
    return dict(connection.execute(select(table.c.key, table.c.value)).tuples().all())


def write(connection: Connection, **values: str) -> None:
    table = SyncState.__table__
    for key, value in values.items():
        statement = sqlite_insert(table).values(key=key, value=value)
        connection.execute(statement.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def checkpoint(values: dict[str, str]) -> int | None:
    found = values.get(CHECKPOINT)
    return int(found) if found else None


def last_sync(values: dict[str, str]) -> datetime | None:
    found = values.get(LAST_SYNC)
    return datetime.fromisoformat(found) if found else None
