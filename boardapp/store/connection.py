"""The one place that opens a database.

:func:`open_database` looks at the file before SQLite writes a byte to it (exists, is a
file, is SQLite, holds a Board App schema the app knows), then builds the engine and
the session factory with the pragmas every connection gets, and brings the schema up
to date (backing the file up first). Anything wrong is a :class:`StoreError` whose
message is written for the person who named the file; the file is left as it was.

A file the user cannot write, or one in a folder they cannot write (SQLite writes its
``-wal`` and ``-shm`` files beside the database), is opened read-only with the reason
in :attr:`Database.read_only_reason`, and nothing is left beside it: a read-only open
of a file with no ``-wal`` beside it reads it as immutable (so SQLite makes no
``-wal``/``-shm``), and one that made them tidies them away when it closes. A change
that cannot be written raises :class:`SaveFailed`, saying why and what to do.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from boardapp.store import encryption, migrations
from boardapp.store.audit import install_audit
from boardapp.store.database_key import DatabaseKey, confirm_encrypting_with, confirms_encrypting, database_key
from boardapp.store.encryption import SMALLEST_PAGE, SQLITE_MAGIC, is_plain
from boardapp.store.errors import StoreError
from boardapp.store.history import install_history
from boardapp.store.outbox import install_outbox

__all__ = ["SQLITE_MAGIC", "Database", "SaveFailed", "open_database", "confirm_encrypting_with"]

DEFAULT_BUSY_TIMEOUT_MS = 5000


class SaveFailed(StoreError):
    """A change the database would not take. ``str()`` says why and what to do;
    ``reason`` and ``advice`` are the two halves, for a window to lay out."""

    def __init__(self, reason: str, advice: str) -> None:
        super().__init__(f"{reason} {advice}")
        self.reason = reason
        self.advice = advice


@dataclass
class Database:
    """An open database: its file, engine and session factory. Close it when done."""

    path: Path
    engine: Engine
    read_only: bool
    revision: str | None
    sessions: sessionmaker[Session] = field(repr=False)
    # Why it is read-only when the app did not ask for that ("" otherwise): the file or
    # its folder cannot be written. For the window's banner and its disabled controls.
    read_only_reason: str = ""
    # -wal and -shm files a read-only open made beside the file, to tidy away at close.
    _tidy_sidecars: bool = field(default=False, repr=False)
    # The key it is encrypted with; None only for a plain file opened read-only.
    key: DatabaseKey | None = field(default=None, repr=False)
    # Sessions that only read begin a deferred transaction (see _engine).
    _reading: sessionmaker[Session] | None = field(default=None, repr=False)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @contextmanager
    def session(self, actor: str = "") -> Iterator[Session]:
        """A session that commits when the block ends and rolls back if it raises.

        ``actor`` is the person the audit log names for every change made in it; a
        session with an actor takes the write lock when it begins (waiting up to the busy
        timeout for another program to finish), one without only reads until it writes.
        A change the file will not take raises :class:`SaveFailed` saying why.
        """
        factory = self.sessions if actor or self._reading is None else self._reading
        try:
            with factory(info={"actor": actor}) as session, session.begin():
                yield session
        except OperationalError as exc:
            failure = save_failure(self, exc)
            if failure is None:
                raise
            raise failure from exc

    def close(self) -> None:
        self.engine.dispose()
        if self._tidy_sidecars:
            self._tidy_sidecars = False
            tidy_sidecars(self.path, self.key)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(
    path: str | Path,
    *,
    create: bool = False,
    read_only: bool = False,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> Database:
    """Open the database at ``path``, migrating it to the app's schema unless ``read_only``.

    ``create``: make a new, empty database (schema at head, encrypted) if there is no file.
    ``read_only``: never write to the file; the schema is left at whatever revision it has.
    A plain (unencrypted) database opened to write is encrypted first, once the caller's
    confirmation (:func:`confirm_encrypting_with`) says so; read-only, it is read as it is.
    """
    path = Path(path).expanduser()
    new = not path.exists()
    if new and not create:
        raise StoreError(f"{path}: there is no database here (no such file)")
    if new and read_only:
        raise StoreError(f"{path}: there is no database here to read")
    if new:
        _prepare_folder(path)
        key: DatabaseKey | None = database_key(create=True)
    else:
        plain = inspect_file(path)
        key = None if plain else database_key(create=False)
    reason = "" if new else why_read_only(path)
    # No -wal beside the file: nothing is pending in one, and SQLite must not make one.
    sidecars_before = _sidecars(path)
    immutable = bool(reason) and not sidecars_before
    try:
        revision = None if new else read_revision(path, key, busy_timeout_ms, immutable=immutable)
        migrations.refuse_unknown(path, revision)
        if reason and not read_only and revision != migrations.head_revision():
            raise StoreError(
                f"{path}: this database needs updating for this version of Board App, but {reason[0].lower()}"
                f"{reason[1:]} Copy it to a folder of your own and open the copy."
            )
        read_only = read_only or bool(reason)
        if key is None and not read_only:
            key = _encrypt_first(path, revision)
    except StoreError:
        if not new and not sidecars_before and _sidecars(path):
            tidy_sidecars(path, key)  # a refused file gets nothing left beside it
        raise

    engine = _engine(path, key, read_only=read_only, busy_timeout_ms=busy_timeout_ms, immutable=immutable)
    try:
        if not read_only and revision != migrations.head_revision():
            if revision is not None:
                migrations.backup(path, revision, key)
            migrations.upgrade(engine)
            if revision is not None:  # a migrated file: its overview judged as the new schema reads it
                from boardapp.store import snapshot

                with engine.begin() as connection:
                    snapshot.rebuild(connection)
            revision = migrations.head_revision()
        if not read_only:
            from boardapp.store import snapshot_hooks

            snapshot_hooks.install(engine)
    except Exception:
        engine.dispose()
        raise
    sessions = sessionmaker(engine, expire_on_commit=False)
    reading = None if read_only else sessionmaker(engine.execution_options(boardapp_begin="BEGIN"),
                                                   expire_on_commit=False)
    for factory in (sessions, reading):
        if factory is not None:
            install_history(factory)
            install_audit(factory)
            install_outbox(factory)
    return Database(path=path, engine=engine, read_only=read_only, revision=revision, sessions=sessions,
                    read_only_reason=reason, _tidy_sidecars=read_only and not immutable and not sidecars_before,
                    key=key, _reading=reading)


def _encrypt_first(path: Path, revision: str | None) -> DatabaseKey:
    """Encrypt the plain database at ``path`` once the caller confirms; its key."""
    if not confirms_encrypting(path):
        raise StoreError(
            f"{path}: this database is not encrypted. Board App encrypts every database it writes "
            "(a backup is made first); it was not changed because that was not confirmed. "
            "Run the command again from a terminal and answer yes, or set BOARDAPP_ENCRYPT=yes."
        )
    key = database_key(create=True)
    encryption.encrypt_in_place(path, key, revision)
    return key


def why_read_only(path: Path) -> str:
    """Why the database at ``path`` can only be read ("" when it can be written): the
    file cannot be written, or its folder cannot (SQLite writes beside the file)."""
    if not os.access(path, os.W_OK):
        return f"The file {path.name} cannot be written (it is read-only for you), so no change can be saved in it."
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        return (f"The folder {folder} cannot be written (it is read-only for you), and the database "
                "needs to write beside its file to save a change.")
    return ""


def save_failure(database: Database, exc: OperationalError) -> SaveFailed | None:
    """The :class:`SaveFailed` for an error SQLite gave while writing, or None for others."""
    return failure_words(database.path, exc, read_only=database.read_only)


def failure_words(path: Path | str, exc: BaseException, *, read_only: bool = False) -> SaveFailed | None:
    """The :class:`SaveFailed` for an error SQLite gave on ``path``, or None for an error
    that is not about the file (the command line uses this for any command's fault)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "readonly" in text or "read-only" in text or read_only:
        return SaveFailed(
            f"{path} cannot be written (it is read-only).",
            "Open a copy of the database that you can write to, or ask IT to make this one writable.",
        )
    if "locked" in text or "busy" in text:
        return SaveFailed(
            f"{path} is busy: another program is writing to it (another Board App window, or a "
            "command such as sync or import-readings).",
            "Wait a moment and save again (or run the command again); if it stays busy, close the other program.",
        )
    if "full" in text:
        return SaveFailed(f"the disk that holds {path} is full.", "Free some space, then save again.")
    if "disk i/o" in text or "unable to open" in text:
        return SaveFailed(
            f"{path} could not be written (the disk reported an error).",
            "Check the disk or network drive is still there, then save again.",
        )
    return None


def _sidecars(path: Path) -> bool:
    return any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))


def tidy_sidecars(path: Path, key: DatabaseKey | None = None) -> None:
    """Let SQLite remove the -wal and -shm files a read-only connection left beside
    ``path``: the last read-write connection to close does so (and leaves them while
    another program has the file open). Nothing is written to the database itself."""
    if not _sidecars(path) or why_read_only(path):
        return
    try:
        con = encryption.connect(path, key, busy_timeout_ms=100)
    except encryption.Error:
        return
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except encryption.Error:
        pass
    finally:
        con.close()


def inspect_file(path: Path) -> bool:
    """Refuse, without writing anything, a path that cannot be a database; whether it is a
    plain (unencrypted) SQLite file. Whether an encrypted one opens is for the key to say."""
    if path.is_dir():
        raise StoreError(f"{path}: this is a folder, not a database file")
    try:
        size = path.stat().st_size
        plain = is_plain(path)
    except PermissionError as exc:
        raise StoreError(f"{path}: cannot be read (permission denied)") from exc
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not size:
        raise StoreError(f"{path}: the file is empty, not a Board App database")
    if not plain and size % SMALLEST_PAGE:
        raise StoreError(f"{path}: not a Board App database (the file is not an SQLite database, encrypted or plain)")
    return plain


def read_revision(
    path: Path,
    key: DatabaseKey | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    *,
    immutable: bool = False,
) -> str | None:
    """The schema revision stored in the file, read without writing to it."""
    try:
        con = encryption.connect(path, key, read_only=True, immutable=immutable, busy_timeout_ms=busy_timeout_ms)
    except encryption.Error as exc:
        raise _explain(path, exc, key) from exc
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            raise StoreError(
                f"{path}: an SQLite database, but not a Board App one (it has no schema version)"
            )
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except encryption.Error as exc:
        raise _explain(path, exc, key) from exc
    finally:
        con.close()
    return None if row is None else str(row[0])


def _explain(path: Path, exc: Exception, key: DatabaseKey | None) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the database is locked by another program; close it and try again")
    if "not a database" in text and key is not None:
        return StoreError(
            f"{path}: {key.mismatch()} (or it is not a Board App database, or its first page is damaged). "
            "Open it on the laptop and user account that made it, or set BOARDAPP_KEY to the key it was made with."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(f"{path}: the database file is damaged ({text})")
    return StoreError(f"{path}: cannot be opened ({text})")


def _prepare_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path.parent}: cannot make the folder for a new database ({exc.strerror})") from exc


def _autobegun() -> bool:
    """Whether the transaction now beginning was begun by SQLAlchemy itself at a
    connection's first statement (``Connection._autobegin``), not asked for."""
    frame = sys._getframe(2)
    for _ in range(8):
        if frame is None:
            return False
        if frame.f_code.co_name == "_autobegin":
            return True
        frame = frame.f_back
    return False


def _engine(path: Path, key: DatabaseKey | None, *, read_only: bool, busy_timeout_ms: int,
            immutable: bool = False) -> Engine:
    # The pysqlite dialect with sqlcipher3 as its DBAPI (``module=``), so SQLAlchemy wraps
    # SQLCipher's errors as its own; every connection is made and keyed by encryption.connect
    # (the sqlite+pysqlcipher dialect would take the key from the URL and cannot open read-only).
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        creator=lambda: encryption.connect(path, key, read_only=read_only, immutable=immutable,
                                           busy_timeout_ms=busy_timeout_ms),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlcipher3.dbapi2.Connection, _record: object) -> None:
        # Let SQLAlchemy, not the DBAPI module, say where transactions begin, so
        # that DDL in a migration is inside the transaction too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    # A transaction that reads and then writes would be refused at once (SQLITE_BUSY, no
    # waiting: SQLite does not wait to upgrade a read to a write) when another program holds
    # the write lock; one that begins IMMEDIATE takes the lock first, waiting up to the busy
    # timeout. So every transaction on a writable database does, except sessions that only
    # read (Database.session without an actor) and one whose first statement is a PRAGMA
    # (a checkpoint cannot run inside a write transaction). BEGIN is sent just before the
    # first statement, so SQLAlchemy wraps a busy refusal as it wraps any other error.
    # A connection that only reads (``engine.connect()``, whose transaction begins by
    # itself at its first statement) begins deferred: in WAL mode readers never wait for
    # a writer, and taking the write lock to read would make the window's reading threads
    # queue behind each other. Explicit transactions (``engine.begin()``, a session's) are
    # the ones that write.
    begin = "BEGIN" if read_only else "BEGIN IMMEDIATE"

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        default = "BEGIN" if _autobegun() else begin
        connection.info["boardapp_begin"] = connection.get_execution_options().get("boardapp_begin", default)

    def _begin_first(cursor, statement: str, context) -> None:  # type: ignore[no-untyped-def]
        pending = context.root_connection.info.pop("boardapp_begin", None)
        if pending:
            cursor.execute("BEGIN" if statement.lstrip()[:6].upper() == "PRAGMA" else pending)

    @event.listens_for(engine, "do_execute")
    def _do_execute(cursor, statement, _parameters, context) -> None:  # type: ignore[no-untyped-def]
        _begin_first(cursor, statement, context)

    @event.listens_for(engine, "do_executemany")
    def _do_executemany(cursor, statement, _parameters, context) -> None:  # type: ignore[no-untyped-def]
        _begin_first(cursor, statement, context)

    @event.listens_for(engine, "do_execute_no_params")
    def _do_execute_no_params(cursor, statement, context) -> None:  # type: ignore[no-untyped-def]
        _begin_first(cursor, statement, context)

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection) -> None:  # type: ignore[no-untyped-def]
        connection.info.pop("boardapp_begin", None)

    return engine
