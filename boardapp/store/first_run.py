"""Making a database that does not exist yet: the demo one, or a synthetic one.

A new database is built in a temporary file beside its destination and renamed into
place only when it is complete, so an interrupted first run leaves nothing half made.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from boardapp import bundled
from boardapp.store import outbox, snapshot, synthetic
from boardapp.store.connection import Database, open_database
from boardapp.store.demo import load_demo
from boardapp.store.errors import StoreError


def create_database(path: Path, synthetic_size: str | None = None) -> None:
    """Write a new demo (or synthetic) database at ``path``; refuse to overwrite one."""
    if path.exists():
        raise StoreError(f"{path}: a file is already there; choose another name or remove it first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path.parent}: cannot make the folder for a new database ({exc.strerror})") from exc
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"{path.parent}: cannot write in this folder (it is read-only for you); choose another folder")
    partial = path.with_name(f".{path.name}.partial")
    for leftover in (partial, *_sidecars(partial)):
        leftover.unlink(missing_ok=True)
    try:
        with open_database(partial, create=True) as database:
            if synthetic_size is None:
                load_demo(database, bundled.demo_dataset())
            else:
                synthetic.generate(database, synthetic_size)
            with database.engine.begin() as connection:
                # What a new database is made with is nobody's change to send to a board server.
                outbox.discard_all(connection)
                # Its overview judged as at today, for the window's first paint.
                today = date.today()
                snapshot.rebuild(connection, today, built_at=snapshot.start_of(today))
            with database.engine.connect() as connection:
                # Fold the write-ahead log into the file before it is moved.
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(partial, path)
    finally:
        for leftover in (partial, *_sidecars(partial)):
            leftover.unlink(missing_ok=True)


def open_or_create(path: Path) -> Database:
    """Open the database at ``path``, first making the demo one there if there is none."""
    if not path.exists():
        create_database(path)
    return open_database(path)


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
