"""Removing the board's data from this copy (its member has been withdrawn).

Every table is emptied in one transaction, the copy's identity and keys with them
(identity.forget), and the file is rebuilt (VACUUM) and its write-ahead log emptied, so
no deleted page keeps a note's text; the migration backups beside it, which hold the
same data, are deleted. The empty schema stays, with a line in ``dataset_info`` saying
when and why, so the app still opens the file and can say what happened.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, insert

from boardapp.store import identity, migrations
from boardapp.store.connection import Database
from boardapp.store.models import Base, DatasetInfo

EMPTIED_AT = "emptied_at"
EMPTIED_BECAUSE = "emptied_because"


def empty_board_data(database: Database, because: str) -> None:
    """Empty every table of ``database``, then rebuild the file so nothing deleted remains in it."""
    with database.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
        identity.forget(connection)
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
        connection.execute(insert(DatasetInfo.__table__), [
            {"key": "origin", "value": "emptied"},
            {"key": EMPTIED_AT, "value": datetime.now(UTC).isoformat(timespec="seconds")},
            {"key": EMPTIED_BECAUSE, "value": because},
        ])
    database.engine.dispose()  # no pooled connection may hold the log open
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()
    database.engine.dispose()
    for backup in migrations.backups_of(database.path):
        backup.unlink(missing_ok=True)
