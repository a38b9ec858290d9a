"""The one place that opens a database.

:func:`open_database` looks at the file before SQLite writes a byte to it (exists, is a
file, is SQLite, holds a Board App schema the app knows), then builds the engine and
the session factory with the pragmas every connection gets, and brings the schema up
to date (backing the file up first). Anything wrong is a :class:`StoreError` whose
message is written for the person who named the file; the file is left as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from boardapp.store import migrations
from boardapp.store.audit import install_audit
from boardapp.store.errors import StoreError
from boardapp.store.outbox import install_outbox

SQLITE_MAGIC = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT_MS = 5000


@dataclass
class Database:
    """An open database: its file, engine and session factory. Close it when done."""

    path: Path
    engine: Engine
    read_only: bool
    revision: str | None
    sessions: sessionmaker[Session] = field(repr=False)

    @contextmanager
    def session(self, actor: str = "") -> Iterator[Session]:
        """A session that commits when the block ends and rolls back if it raises.

        ``actor`` is the person the audit log names for every change made in it.
        """
        with self.sessions(info={"actor": actor}) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

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
    revision = None if new else read_revision(path, busy_timeout_ms)
    migrations.refuse_unknown(path, revision)

    engine = _engine(path, read_only=read_only, busy_timeout_ms=busy_timeout_ms)
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
    return Database(path=path, engine=engine, read_only=read_only, revision=revision, sessions=sessions)


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


def read_revision(path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> str | None:
    """The schema revision stored in the file, read without writing to it."""
    try:
        con = _connect_read_only(path, busy_timeout_ms)
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


def _connect_read_only(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    # check_same_thread=False: the window reads on a worker thread; the pool hands a
    # connection to one thread at a time.
    con = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False)
    con.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return con


def _engine(path: Path, *, read_only: bool, busy_timeout_ms: int) -> Engine:
    if read_only:
        engine = create_engine("sqlite://", creator=lambda: _connect_read_only(path, busy_timeout_ms))
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
