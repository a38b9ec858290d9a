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
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from boardapp.store import migrations
from boardapp.store.audit import install_audit
from boardapp.store.errors import StoreError
from boardapp.store.outbox import install_outbox

SQLITE_MAGIC = b"SQLite format 3\x00"
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

    @contextmanager
    def session(self, actor: str = "") -> Iterator[Session]:
        """A session that commits when the block ends and rolls back if it raises.

        ``actor`` is the person the audit log names for every change made in it. A
        change the file will not take raises :class:`SaveFailed` saying why.
        """
        try:
            with self.sessions(info={"actor": actor}) as session, session.begin():
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
            tidy_sidecars(self.path)

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

    ``create``: make a new, empty database (schema at head) if there is no file.
    ``read_only``: never write to the file; the schema is left at whatever revision it has.
    """
    path = Path(path).expanduser()
    new = not path.exists()
    if new and not create:
        raise StoreError(f"{path}: there is no database here (no such file)")
    if new and read_only:
        raise StoreError(f"{path}: there is no database here to read")
    if new:
        _prepare_folder(path)
    else:
        inspect_file(path)
    reason = "" if new else why_read_only(path)
    # No -wal beside the file: nothing is pending in one, and SQLite must not make one.
    sidecars_before = _sidecars(path)
    immutable = bool(reason) and not sidecars_before
    revision = None if new else read_revision(path, busy_timeout_ms, immutable=immutable)
    migrations.refuse_unknown(path, revision)
    if reason and not read_only and revision != migrations.head_revision():
        raise StoreError(
            f"{path}: this database needs updating for this version of Board App, but {reason[0].lower()}"
            f"{reason[1:]} Copy it to a folder of your own and open the copy."
        )
    read_only = read_only or bool(reason)

    engine = _engine(path, read_only=read_only, busy_timeout_ms=busy_timeout_ms, immutable=immutable)
    try:
        if not read_only and revision != migrations.head_revision():
            if revision is not None:
                migrations.backup(path, revision)
            migrations.upgrade(engine)
            revision = migrations.head_revision()
    except Exception:
        engine.dispose()
        raise
    sessions = sessionmaker(engine, expire_on_commit=False)
    install_audit(sessions)
    install_outbox(sessions)
    return Database(path=path, engine=engine, read_only=read_only, revision=revision, sessions=sessions,
                    read_only_reason=reason, _tidy_sidecars=read_only and not immutable and not sidecars_before)


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
    text = str(exc.orig).lower()
    if "readonly" in text or "read-only" in text or database.read_only:
        return SaveFailed(
            f"{database.path} cannot be written (it is read-only).",
            "Open a copy of the database that you can write to, or ask IT to make this one writable.",
        )
    if "locked" in text or "busy" in text:
        return SaveFailed(
            f"{database.path} is busy: another program is writing to it.",
            "Wait a moment and save again; if it stays busy, close the other program (another Board App window?).",
        )
    if "full" in text:
        return SaveFailed(f"the disk that holds {database.path} is full.", "Free some space, then save again.")
    if "disk i/o" in text or "unable to open" in text:
        return SaveFailed(
            f"{database.path} could not be written (the disk reported an error).",
            "Check the disk or network drive is still there, then save again.",
        )
    return None


def _sidecars(path: Path) -> bool:
    return any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))


def tidy_sidecars(path: Path) -> None:
    """Let SQLite remove the -wal and -shm files a read-only connection left beside
    ``path``: the last read-write connection to close does so (and leaves them while
    another program has the file open). Nothing is written to the database itself."""
    if not _sidecars(path) or why_read_only(path):
        return
    try:
        con = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass
    finally:
        con.close()


def inspect_file(path: Path) -> None:
    """Refuse, without writing anything, a path that is not a readable SQLite file."""
    if path.is_dir():
        raise StoreError(f"{path}: this is a folder, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except PermissionError as exc:
        raise StoreError(f"{path}: cannot be read (permission denied)") from exc
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not header:
        raise StoreError(f"{path}: the file is empty, not a Board App database")
    if header != SQLITE_MAGIC:
        raise StoreError(f"{path}: not a Board App database (the file is not an SQLite database)")


def read_revision(path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, *, immutable: bool = False) -> str | None:
    """The schema revision stored in the file, read without writing to it."""
    try:
        con = _connect_read_only(path, busy_timeout_ms, immutable=immutable)
    except sqlite3.Error as exc:
        raise _explain(path, exc) from exc
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            raise StoreError(
                f"{path}: an SQLite database, but not a Board App one (it has no schema version)"
            )
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise _explain(path, exc) from exc
    finally:
        con.close()
    return None if row is None else str(row[0])


def _explain(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the database is locked by another program; close it and try again")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(f"{path}: the database file is damaged ({text})")
    return StoreError(f"{path}: cannot be opened ({text})")


def _prepare_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path.parent}: cannot make the folder for a new database ({exc.strerror})") from exc


def _connect_read_only(path: Path, busy_timeout_ms: int, *, immutable: bool = False) -> sqlite3.Connection:
    # immutable: SQLite reads the file as it is, making no -wal or -shm beside it.
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")
    # check_same_thread=False: the window reads on a worker thread; the pool hands a
    # connection to one thread at a time.
    con = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False)
    con.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return con


def _engine(path: Path, *, read_only: bool, busy_timeout_ms: int, immutable: bool = False) -> Engine:
    if read_only:
        engine = create_engine("sqlite://", creator=lambda: _connect_read_only(path, busy_timeout_ms, immutable=immutable))
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not the sqlite3 module, say where transactions begin, so
        # that DDL in a migration is inside the transaction too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN")

    return engine
