"""The board server enforces the roles itself: raw SQL over a person's own connection
cannot do more than their role allows; the audit log is append-only and chained."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, pool

from boardapp.domain.terms import Role
from boardapp.store import migrations
from boardapp.store.models import Base
from boardapp.store.sync.server_schema import BoardRoles, init_server, scram_verifier
from boardapp.store.sync.server_sql import SERVER_TABLES
from tests.sync.conftest import Board

NOTE = (
    "INSERT INTO annotation (uuid, target_kind, target_uuid, kind, text, author_id, author_name, written_at,"
    " status, answer, answered_by, exempt, created_at, updated_at) VALUES (%s, 'action', %s, 'comment', 'x',"
    " {author_id}, {author_name}, now(), 'open', '', '', false, now(), now())"
)


def _not_server_only(name: str | None, kind: str, _parents: object) -> bool:
    return not (kind == "table" and name in SERVER_TABLES)


def test_the_whole_ladder_runs_on_postgresql_and_matches_the_models(board: Board):
    engine = create_engine(board.admin.sqlalchemy_url(None), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": _not_server_only}
            )
            assert context.get_current_revision() == migrations.head_revision()
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
    assert init_server(board.admin, None) == migrations.head_revision()  # a second init changes nothing


def test_a_member_cannot_update_a_reading_change_a_role_or_touch_the_audit_log(seeded_board: Board):
    _, url = seeded_board.add("Mia Member", Role.MEMBER)
    refused = [
        "UPDATE reading SET value = 1",
        "INSERT INTO reading (uuid, indicator_id, period, period_start, period_end, status, source, commentary,"
        " entered_by, created_at, updated_at) VALUES (gen_random_uuid(), 1, '2030-01', '2030-01-01', '2030-01-31',"
        " 'provisional', '', '', '', now(), now())",
        "UPDATE member SET role = 'secretariat'",
        "UPDATE target SET value = 0",
        "UPDATE action SET status = 'complete'",
        "UPDATE annotation SET answer = 'mine'",
        "DELETE FROM audit_log",
        "UPDATE audit_log SET actor = 'someone else'",
        "TRUNCATE audit_log",
        "INSERT INTO audit_log (uuid, at, actor, table_name, operation, changes) VALUES"
        " (gen_random_uuid(), now(), 'x', 'x', 'insert', '')",
        f"GRANT {BoardRoles.of(seeded_board.database).group(Role.SECRETARIAT)} TO CURRENT_USER",
        f"SET ROLE {BoardRoles.of(seeded_board.database).group(Role.SECRETARIAT)}",
        "ALTER TABLE annotation DISABLE ROW LEVEL SECURITY",
        "CREATE TABLE mine (x int)",
        "UPDATE sync_change SET seq = 0",
    ]
    with seeded_board.connect_as(url) as connection:
        for statement in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)
    assert seeded_board.scalar("SELECT count(*) FROM member WHERE role = 'secretariat'") == 0


def test_members_and_the_chair_write_notes_only_as_themselves(seeded_board: Board):
    seeded_board.add("Mia Member", Role.MEMBER)
    _, chair_url = seeded_board.add("Cal Chair", Role.CHAIR)
    other = seeded_board.scalar("SELECT id FROM member WHERE name = 'Mia Member'")
    with seeded_board.connect_as(chair_url) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                NOTE.format(author_id="%s", author_name="'Mia Member'"), [uuid.uuid4(), uuid.uuid4(), other]
            )
        connection.execute(
            NOTE.format(author_id="board_member_id()", author_name="board_member_name()"), [uuid.uuid4(), uuid.uuid4()]
        )
        # The chair answers notes: only the answer's columns.
        connection.execute("UPDATE annotation SET answer = 'noted', status = 'answered'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE annotation SET text = 'rewritten'")
    assert seeded_board.scalar("SELECT author_name FROM annotation") == "Cal Chair"


def test_an_observer_never_reads_an_exempt_item(seeded_board: Board):
    with seeded_board.admin_connection() as admin:
        admin.execute("UPDATE requirement SET exempt = true WHERE id IN (SELECT id FROM requirement LIMIT 3)")
        admin.execute("UPDATE action SET exempt = true WHERE id IN (SELECT id FROM action LIMIT 2)")
    _, observer_url = seeded_board.add("Olu Observer", Role.OBSERVER)
    _, member_url = seeded_board.add("Mia Member", Role.MEMBER)
    with seeded_board.connect_as(observer_url) as connection:
        assert connection.execute("SELECT count(*) FROM requirement WHERE exempt").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM action WHERE exempt").fetchone()[0] == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(NOTE.format(author_id="board_member_id()", author_name="board_member_name()"),
                               [uuid.uuid4(), uuid.uuid4()])
    with seeded_board.connect_as(member_url) as connection:
        assert connection.execute("SELECT count(*) FROM requirement WHERE exempt").fetchone()[0] == 3


def test_the_audit_log_is_a_hash_chain_the_server_computes(seeded_board: Board):
    _, url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    with seeded_board.connect_as(url) as connection:
        connection.execute("UPDATE action SET status = 'complete' WHERE id = (SELECT min(id) FROM action)")
        connection.execute("UPDATE reading SET value = 50 WHERE id = (SELECT min(id) FROM reading)")
    with seeded_board.admin_connection() as admin:
        rows = admin.execute(
            "SELECT id, uuid, at, actor, table_name, row_uuid, operation, changes, prev_hash, hash,"
            " board_audit_hash(prev_hash, id, uuid, at, actor, table_name, row_uuid, operation, changes)"
            " FROM audit_log ORDER BY id"
        ).fetchall()
        assert rows[-1][3] == "Sam Secretariat" and rows[-1][4] == "reading"
        previous = None
        for row in rows:
            assert row[8] == previous and row[9] == row[10]
            previous = row[9]
        # Not even the owner of the tables can rewrite history through SQL.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            admin.execute("DELETE FROM audit_log WHERE id = %s", [rows[0][0]])


def test_role_names_come_from_names_safely(board: Board):
    roles = BoardRoles.of(board.database)
    made, url = board.add('Robert"); DROP TABLE member; --', Role.MEMBER)
    login = roles.login_for(made.name)
    assert login.replace("_", "").isalnum() and login.startswith(roles.prefix)
    assert board.scalar("SELECT login FROM member WHERE name = %s", made.name) == login
    long_name = "Dame " + "Very-Long-Name " * 10
    assert len(roles.login_for(long_name)) <= 63


def test_the_server_is_sent_a_scram_verifier_never_the_password():
    verifier = scram_verifier("correct horse", salt=b"0123456789abcdef")
    assert verifier.startswith("SCRAM-SHA-256$4096:") and "correct horse" not in verifier
