"""The overview snapshot (migration 0009) made to order for the first paint's tests:
built by the store itself (store/snapshot.rebuild, the rows a fresh judgement gives), then
made old, of an unknown version, or marked stale, as a test needs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from boardapp.store import snapshot
from boardapp.store.connection import open_database
from boardapp.store.database_key import database_key
from boardapp.store.encryption import connect
from boardapp.store.overview import OverviewRow


def write_snapshot(path: Path, *, as_at: date | None = None, version: int = 1, dirty: bool = False) -> list[OverviewRow]:
    """The snapshot of ``path`` judged as at ``as_at`` (today), every requirement (exempt
    ones too, marked); ``version``: the format it says it has; ``dirty``: a requirement
    marked changed since. Returns the rows written."""
    database = open_database(path)
    try:
        with database.engine.begin() as connection:
            rows = snapshot.rebuild(connection, as_at or date.today()).rows
            connection.execute(text("UPDATE overview_snapshot_state SET version = :v"), {"v": version})
    finally:
        database.close()
    if dirty and rows:
        # Past the store (whose commit would judge the mark away): a change not yet judged.
        raw = connect(path, database_key(create=False))
        try:
            raw.execute("INSERT INTO overview_snapshot_dirty (kind, item_id)"
                        " SELECT 'requirement', id FROM requirement WHERE uuid = ?", (rows[0].uuid.hex,))
        finally:
            raw.close()
    return rows


def forget_snapshot(path: Path) -> None:
    """No snapshot at all: its rows and its state gone (past the store, which would judge it again)."""
    raw = connect(path, database_key(create=False))
    try:
        raw.execute("DELETE FROM overview_snapshot_state")
        raw.execute("DELETE FROM overview_snapshot")
    finally:
        raw.close()
