"""Keeping the overview snapshot up to date in the transaction that changes what it
shows (issue 15 items 1 and 2).

The triggers migration 0009 made mark what every write touches, whatever wrote it (a
session, Core, store/bulk.py's executemany, a sync download, a change file, an undo).
:func:`install` listens to the engine's commits: just before a transaction that wrote
something commits, :func:`boardapp.store.snapshot.refresh` re-judges the marked
indicators' requirements and the marked requirements, rewrites their rows and clears
the marks, in that same transaction, so what is committed is always the data with its
snapshot. A transaction that wrote nothing (SQLite's count of changed rows did not
move since it began) costs nothing more; one that wrote only rows no overview row rests
on costs one indexed look at the empty marks table. Installed only on a writable
engine, never on a read-only one; the snapshot's own writes mark nothing, and a
refresh never runs inside another.

A refresh that fails is logged and leaves the marks (cleared last) in place: the
change itself still commits, and the snapshot, no longer fresh, is judged whole when
next read as at today.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, event

log = logging.getLogger(__name__)

_CHANGES_AT_BEGIN = "boardapp_snapshot_changes"
_REFRESHING = "boardapp_snapshot_refreshing"


def install(engine: Engine) -> None:
    """Refresh the snapshot before each commit on ``engine`` (a writable database's)."""
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "commit", _on_commit)


def _changes(connection: Connection) -> int:
    return connection.connection.dbapi_connection.total_changes  # type: ignore[union-attr]


def _on_begin(connection: Connection) -> None:
    connection.info[_CHANGES_AT_BEGIN] = _changes(connection)


def _on_commit(connection: Connection) -> None:
    begun = connection.info.pop(_CHANGES_AT_BEGIN, None)
    if begun is None or connection.info.get(_REFRESHING) or _changes(connection) == begun:
        return
    from boardapp.store import snapshot  # the judgement's modules, loaded at the first write

    connection.info[_REFRESHING] = True
    try:
        if snapshot.has_snapshot(connection):
            snapshot.refresh(connection)
    except Exception:  # the change commits; the snapshot is judged whole when next read
        log.exception("the overview snapshot could not be brought up to date")
    finally:
        connection.info[_REFRESHING] = False
