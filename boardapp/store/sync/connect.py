"""Opening a connection to the board server, and telling the person what went wrong.

A board server URL is SQLAlchemy's: ``postgresql+psycopg://login@host:5432/board``.
The password is never part of what is stored: it is handed in for each connection.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import URL, make_url

from boardapp.store import migrations
from boardapp.store.sync.errors import (
    NoRoute,
    NotABoardServer,
    ServerTooNew,
    ServerTooOld,
    SyncError,
    WrongPassword,
)

CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class ServerAddress:
    """Where the board server is and who connects; never holds a password."""

    url: URL

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        try:
            url = make_url(text)
        except Exception as exc:
            raise SyncError(f"{text!r} is not a board server address (postgresql+psycopg://login@host/board)") from exc
        if not url.drivername.startswith("postgresql"):
            raise SyncError(f"{text!r}: a board server address starts with postgresql+psycopg://")
        if not url.database:
            raise SyncError(f"{text!r}: the address names no database (…/board at the end)")
        return cls(url.set(drivername="postgresql+psycopg", password=None))

    @property
    def shown(self) -> str:
        """The address without any password, as stored in settings and shown to people."""
        return self.url.render_as_string(hide_password=True)

    @property
    def database(self) -> str:
        assert self.url.database is not None
        return self.url.database

    @property
    def login(self) -> str:
        return self.url.username or ""

    def sqlalchemy_url(self, password: str | None) -> URL:
        return self.url.set(password=password or None)


def password_in(text: str) -> str | None:
    """A password written into a URL (for IT's scripts); the app never stores one."""
    try:
        return make_url(text).password  # type: ignore[return-value]
    except Exception:
        return None


def connect(address: ServerAddress, password: str | None, *, autocommit: bool = False) -> psycopg.Connection:
    """A psycopg connection as the person in ``address``; errors say what to do."""
    url = address.url
    params = {
        "host": url.host or "localhost",
        "port": url.port or 5432,
        "dbname": url.database,
        "user": url.username,
        "password": password or None,
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "Board App",
    }
    params.update({k: str(v) for k, v in url.query.items()})
    try:
        return psycopg.connect(autocommit=autocommit, **{k: v for k, v in params.items() if v is not None})
    except psycopg.OperationalError as exc:
        raise explain(exc, address) from exc


def explain(exc: psycopg.OperationalError, address: ServerAddress) -> SyncError:
    text = str(exc)
    where = f"{address.url.host or 'localhost'}:{address.url.port or 5432}"
    if "password authentication failed" in text or "no password supplied" in text or "authentication failed" in text:
        return WrongPassword(f"the board server at {where} refused the login {address.login!r}: check the password")
    if f'database "{address.database}" does not exist' in text:
        return NotABoardServer(f"the server at {where} has no database {address.database!r}")
    if "role" in text and "does not exist" in text:
        return WrongPassword(f"the board server at {where} has no login {address.login!r}")
    if "permission denied for database" in text:
        return WrongPassword(f"the login {address.login!r} may not use the board database on {where}")
    return NoRoute(f"cannot reach the board server at {where} ({text.strip().splitlines()[0] if text.strip() else 'no answer'})")


def server_revision(connection: psycopg.Connection) -> str | None:
    row = connection.execute(
        "SELECT to_regclass('public.alembic_version') IS NOT NULL"
    ).fetchone()
    if not row or not row[0]:
        return None
    found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if found is None else str(found[0])


def check_revision(connection: psycopg.Connection, address: ServerAddress) -> str:
    """The server's schema revision, refused unless it is exactly this app's."""
    revision = server_revision(connection)
    head = migrations.head_revision()
    if revision is None:
        raise NotABoardServer(f"{address.shown}: no board here yet; the board's IT runs `boardapp server init` first")
    if revision == head:
        return revision
    if revision in migrations.known_revisions():
        raise ServerTooOld(
            f"the board server is at schema revision {revision}, older than this app's {head}: "
            "ask the board's IT to run `boardapp server init` with this version"
        )
    raise ServerTooNew(
        f"the board server is at schema revision {revision}, newer than this app knows ({head}): "
        "install the newer Board App"
    )
