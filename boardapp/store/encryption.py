"""SQLCipher connections, and encrypting a database that was written before encryption.

Every connection the app makes to a database file comes from :func:`connect`: SQLCipher 4
(``sqlcipher3``), keyed before its first read. ``key=None`` reads a plain SQLite file (only
to encrypt it, or to read one the app may not write). :func:`encrypt_in_place` turns a
plain database into an encrypted one (after a backup, itself encrypted) and leaves the file
exactly as it was if anything goes wrong.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import sqlcipher3

from boardapp.store.database_key import DatabaseKey
from boardapp.store.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
# The smallest page SQLite or SQLCipher writes: a database's size is a multiple of its page.
SMALLEST_PAGE = 512

Error = sqlcipher3.dbapi2.Error


def connect(
    path: Path,
    key: DatabaseKey | None,
    *,
    read_only: bool = False,
    immutable: bool = False,
    busy_timeout_ms: int = 5000,
) -> sqlcipher3.dbapi2.Connection:
    """A connection to ``path``, keyed with ``key`` (None: a plain file). Autocommit: the
    caller says where transactions begin. ``immutable``: read the file as it is, making no
    -wal or -shm beside it (only with ``read_only``)."""
    if read_only:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")
    else:
        uri = f"file:{quote(str(path.resolve()))}"
    # check_same_thread=False: the window reads on a worker thread; the pool hands a
    # connection to one thread at a time.
    con = sqlcipher3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None,
                             check_same_thread=False)
    try:
        # SQLCipher would print a line to stderr for a key that does not fit; the app says so in words.
        con.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            con.execute(f"PRAGMA key = {key.sql()}")
        con.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    except Exception:
        con.close()
        raise
    return con


def is_plain(path: Path) -> bool:
    """Whether the file starts as an unencrypted SQLite database does."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def needs_encrypting(path: Path) -> bool:
    """Whether ``path`` is a plain (unencrypted) database, to encrypt before the app writes to it."""
    return path.is_file() and is_plain(path)


def partial_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.encrypting.partial")


def encrypt_in_place(path: Path, key: DatabaseKey, revision: str | None = None) -> Path:
    """Encrypt the plain database at ``path`` with ``key``; the encrypted backup made first.

    The encrypted copy is written beside the file (``sqlcipher_export``), checked (integrity
    and every table's row count), copied as a backup named as the migrations name theirs,
    and renamed over the plain file. Older plain backups of the file are encrypted too, so
    no plain copy the app made is left. Returns the backup.
    """
    from boardapp.store import migrations  # migrations imports this module

    partial = partial_name(path)
    _remove(partial)
    try:
        _export(path, partial, key)
        _check_copy(path, partial, key)
        backup = migrations.backup_name(path, revision or "plain", datetime.now(UTC))
        _export_encrypted(partial, backup, key)
        os.replace(partial, path)
    except Error as exc:
        raise StoreError(f"{path}: could not be encrypted ({exc}); the file has not been changed.") from exc
    except OSError as exc:
        raise StoreError(
            f"{path}: could not be encrypted ({exc.strerror}); the file has not been changed."
        ) from exc
    finally:
        _remove(partial)
    migrations.prune_backups(path)
    for old in migrations.backups_of(path):
        if old != backup and needs_encrypting(old):
            encrypt_copy(old, key)
    return backup


def encrypt_copy(path: Path, key: DatabaseKey) -> None:
    """Encrypt a plain backup in place (no backup of a backup)."""
    partial = partial_name(path)
    _remove(partial)
    try:
        _export(path, partial, key)
        _check_copy(path, partial, key)
        os.replace(partial, path)
    finally:
        _remove(partial)


def _export(source: Path, target: Path, key: DatabaseKey) -> None:
    con = connect(source, None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.sql()}", (str(target),))
        con.execute("SELECT sqlcipher_export('encrypted')")
        version = con.execute("PRAGMA main.user_version").fetchone()[0]
        con.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        con.execute("DETACH DATABASE encrypted")
    finally:
        con.close()


def _export_encrypted(source: Path, target: Path, key: DatabaseKey) -> None:
    """Copy an encrypted database with SQLite's backup API, both ends keyed."""
    con = connect(source, key)
    try:
        copy = connect(target, key)
        try:
            con.backup(copy)
        finally:
            copy.close()
    finally:
        con.close()


def _check_copy(source: Path, copy: Path, key: DatabaseKey) -> None:
    # immutable: both are closed and whole by now; reading them so makes no -wal or -shm beside them.
    plain = connect(source, None, read_only=True, immutable=True)
    encrypted = connect(copy, key, read_only=True, immutable=True)
    try:
        if encrypted.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise StoreError(f"{source}: the encrypted copy did not pass its check; the file has not been changed.")
        tables = [row[0] for row in plain.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            query = f'SELECT count(*) FROM "{table}"'
            if plain.execute(query).fetchone() != encrypted.execute(query).fetchone():
                raise StoreError(
                    f"{source}: the encrypted copy of table {table} is not whole; the file has not been changed."
                )
    finally:
        plain.close()
        encrypted.close()


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                     path.with_name(path.name + "-journal")):
        leftover.unlink(missing_ok=True)
