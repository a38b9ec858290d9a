"""A real PostgreSQL board server per test: a database made for it and dropped after,
with the board's roles. ``BOARDAPP_TEST_PG`` names the server's admin URL (default the
local one); where ``BOARDAPP_REQUIRE_PG`` is set (CI) a missing server fails the tests
instead of skipping them."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine, create_engine, pool

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.connection import Database, open_database
from boardapp.store.first_run import create_database
from boardapp.store.sync.connect import ServerAddress
from boardapp.store.sync.seed import seed_server
from boardapp.store.sync.server_schema import BoardRoles, add_member, apply_server_layer, init_server

ADMIN_URL = os.environ.get("BOARDAPP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def admin_address(database: str = "postgres") -> ServerAddress:
    """The test server's administrator, on ``database``."""
    return ServerAddress(ServerAddress.parse(ADMIN_URL).url.set(database=database))


def _reachable() -> str:
    try:
        with psycopg.connect(_conninfo("postgres"), connect_timeout=3):
            return ""
    except psycopg.OperationalError as exc:
        return str(exc).strip()


def _conninfo(database: str) -> str:
    url = admin_address(database).url
    return psycopg.conninfo.make_conninfo(
        host=url.host or "localhost", port=url.port or 5432, user=url.username or "postgres",
        dbname=database, password=url.password or None,
    )


@pytest.fixture(scope="session")
def pg_available() -> None:
    problem = _reachable()
    if problem:
        if os.environ.get("BOARDAPP_REQUIRE_PG"):
            pytest.fail(f"BOARDAPP_REQUIRE_PG is set but no PostgreSQL answers at {ADMIN_URL}: {problem}")
        pytest.skip(f"no PostgreSQL server answers at {ADMIN_URL} (set BOARDAPP_TEST_PG; CI sets BOARDAPP_REQUIRE_PG)")


@dataclass
class Board:
    """A board server made for one test."""

    database: str
    admin: ServerAddress

    def url_for(self, login: str) -> str:
        return self.admin.url.set(username=login, password=None).render_as_string(hide_password=False)

    def add(self, name: str, role: Role) -> tuple[Identity, str]:
        """A person with a login; returns their identity and their URL.

        The identity is the one the board server vouches for: the name and role of the
        login this board just made (``how`` is the server's, as identity.from_server
        gives a laptop that syncs with that login). It is meant for the laptops that
        sync with that URL."""
        made = add_member(self.admin, None, name, role)
        return Identity(name, role, identity.SERVER), self.url_for(made.login)

    def connect_as(self, login_url: str) -> psycopg.Connection:
        url = ServerAddress.parse(login_url).url
        return psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, dbname=url.database,
                               autocommit=True)

    def admin_connection(self) -> psycopg.Connection:
        return psycopg.connect(_conninfo(self.database), autocommit=True)

    def scalar(self, query: str, *args: object) -> object:
        with self.admin_connection() as connection:
            row = connection.execute(query, list(args)).fetchone()
            return None if row is None else row[0]


def make_board(template: str | None = None) -> Board:
    """A new board server; from ``template`` (a seeded board database) if given, which is
    much quicker than running the migrations again."""
    name = f"bt_{secrets.token_hex(5)}"
    board = Board(name, admin_address(name))
    if template is None:
        init_server(board.admin, None)
        return board
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        )
    with psycopg.connect(_conninfo(name)) as connection, connection.transaction():
        apply_server_layer(connection, BoardRoles.of(name), name)
        connection.execute("UPDATE sync_meta SET value = gen_random_uuid()::text WHERE key = 'board_id'")
    return board


def drop_board(board: Board) -> None:
    roles = BoardRoles.of(board.database)
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(board.database)))
        logins = connection.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", [roles.prefix + "\\_%"]
        ).fetchall()
        for (login,) in logins:
            connection.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo database, made once for the session (never written to)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_database(path)
    return path


@pytest.fixture(scope="session")
def seeded_template(pg_available: None, demo_file: Path) -> Iterator[str]:
    """A board server database loaded with the demo data, used as a template."""
    made = make_board()
    seed_server(made.admin, None, demo_file)
    try:
        yield made.database
    finally:
        drop_board(made)


@pytest.fixture
def board(pg_available: None) -> Iterator[Board]:
    """An empty board server (schema, roles, no data)."""
    made = make_board()
    try:
        yield made
    finally:
        drop_board(made)


@pytest.fixture
def seeded_board(seeded_template: str) -> Iterator[Board]:
    """A board server holding the demo data."""
    made = make_board(seeded_template)
    try:
        yield made
    finally:
        drop_board(made)


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[Database]:
    with open_database(tmp_path / "client.sqlite", create=True) as database:
        yield database


@pytest.fixture
def engine(pg_available: None) -> Iterator[Engine]:
    """An empty PostgreSQL database of its own, for a migration test to climb (dropped after)."""
    name = f"bt_mig_{secrets.token_hex(5)}"
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    made = create_engine(admin_address(name).sqlalchemy_url(None), poolclass=pool.NullPool)
    try:
        yield made
    finally:
        made.dispose()
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

