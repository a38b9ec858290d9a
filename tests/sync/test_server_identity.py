"""A copy learns who it is from the board server's login (the server says the member's
name and role), keeps it, and records each contact; a member the board has withdrawn
(`boardapp server remove-member`) keeps a login that reads nothing but who it is, and
their copy's next sync stops before anything is sent or received."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from boardapp.__main__ import main
from boardapp.domain.terms import Role
from boardapp.store import identity, outbox
from boardapp.store.connection import open_database
from boardapp.store.sync import tables
from boardapp.store.sync.errors import Withdrawn
from boardapp.store.sync.server_schema import BoardRoles
from boardapp.store.sync.service import sync_now, sync_status
from tests.people import sign_in
from tests.sync.conftest import Board
from tests.sync.helpers import copy, note, outbox_size


def test_the_servers_login_says_who_the_copy_is(seeded_board: Board, tmp_path, capsys, monkeypatch):
    _, url = seeded_board.add("Mia Member", Role.MEMBER)
    laptop = tmp_path / "mia.sqlite"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 0
    assert "this copy now acts as Mia Member (member), as the board server's login says" in capsys.readouterr().out
    with copy(tmp_path, "mia") as database:
        kept = identity.laptop_identity(database)
        assert kept is not None and kept.how == identity.SERVER
        assert (kept.identity.name, kept.identity.role) == ("Mia Member", Role.MEMBER)
        assert kept.server_login == BoardRoles.of(seeded_board.database).login_for("Mia Member")
        assert kept.member_uuid == seeded_board.scalar("SELECT uuid FROM member WHERE name = 'Mia Member'")
        first_contact = kept.last_server_contact
        assert identity.acting(database).established
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 0
    assert "now acts as" not in capsys.readouterr().out  # the same member: nothing to say
    # The board makes Mia its chair: the next sync says so and the copy acts as the chair.
    seeded_board.add("Mia Member", Role.CHAIR)
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 0
    assert "now acts as Mia Member (chair)" in capsys.readouterr().out
    with copy(tmp_path, "mia") as database:
        assert identity.acting(database).role is Role.CHAIR
        assert identity.laptop_identity(database).last_server_contact >= first_contact
        assert not identity.server_login_due(database)


def test_a_copy_signed_in_as_someone_else_takes_the_logins_member(seeded_board: Board, tmp_path):
    _, url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "shared") as database:
        sign_in(database, "Pat Passphrase", Role.SECRETARIAT)
        with database.engine.begin() as connection:
            outbox.discard_all(connection)  # nothing of Pat's waits to be sent (see the next test)
        result = sync_now(database, url, None)
        assert result.acting_as == "Mia Member (member)"
        kept = identity.laptop_identity(database)
        assert (kept.identity.name, kept.how) == ("Mia Member", identity.SERVER)


def test_a_withdrawn_members_login_reads_nothing_but_who_it_is(seeded_board: Board, tmp_path, capsys):
    _, url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "mia") as database:
        sync_now(database, url, None)
        mia = identity.acting(database)
        written = note(database, mia, "A note the server never receives")
        admin = seeded_board.admin.url.render_as_string(hide_password=False)
        assert main(["server", "remove-member", "Mia Member", "--url", admin]) == 0
        out = capsys.readouterr().out
        assert "Mia Member is withdrawn" in out and "reads nothing of the board" in out
        with seeded_board.admin_connection() as connection:
            connection.execute("UPDATE action SET title = 'Changed on the server' WHERE id = (SELECT min(id) FROM action)")
        with pytest.raises(Withdrawn, match="Mia Member .* has been withdrawn .* removed from this copy"):
            sync_now(database, url, None)
        assert outbox_size(database) == 1  # nothing was sent
        assert seeded_board.scalar("SELECT count(*) FROM annotation WHERE uuid = %s", written) == 0
        with database.engine.connect() as connection:  # nothing was received
            titles = connection.execute(text("SELECT title FROM action")).scalars().all()
        assert "Changed on the server" not in titles
        assert sync_status(database).pending_changes == 1
    # The row stays, withdrawn, so notes keep their author; the login keeps only whoami.
    assert seeded_board.scalar("SELECT withdrawn FROM member WHERE name = 'Mia Member'") is True
    with seeded_board.connect_as(url) as connection:
        assert connection.execute("SELECT name, withdrawn FROM board_whoami()").fetchone() == ("Mia Member", True)
        every = [*tables.TABLES, *tables.LINKS, "sync_change", "sync_meta", "sync_operation", "sync_conflict",
                 "audit_log"]
        for table in every:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(f"SELECT * FROM {table} LIMIT 1")
        for crafted in ("SELECT board_horizon()", "SELECT board_newest_change()",
                        "SELECT board_exempt_item('action', gen_random_uuid())"):
            # Helper functions answer, but about nothing of the board's content.
            connection.execute(crafted)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                "INSERT INTO annotation (uuid, target_kind, target_uuid, kind, text, author_name, written_at, status,"
                " answer, answered_by, exempt, created_at, updated_at) VALUES (%s, 'action', %s, 'comment', 'x',"
                " 'Mia Member', now(), 'open', '', '', false, now(), now())", [uuid.uuid4(), uuid.uuid4()])


def test_remove_member_names_an_unknown_member(seeded_board: Board, capsys):
    admin = seeded_board.admin.url.render_as_string(hide_password=False)
    assert main(["server", "remove-member", "Nobody Here", "--url", admin]) == 2
    assert "no member of this board has that name" in capsys.readouterr().err


def test_a_withdrawn_members_sync_empties_the_copy_keeping_unsent_notes_sealed(
    seeded_board: Board, tmp_path, capsys, monkeypatch
) -> None:
    _, url = seeded_board.add("Mia Member", Role.MEMBER)
    _, secretariat_url = seeded_board.add("Sam Secretary", Role.SECRETARIAT)
    laptop = tmp_path / "mia.sqlite"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    # The secretariat's copy registers its own keys as it signs in through the server, and
    # sends them up in the same sync: Mia's copy seals to them.
    office = tmp_path / "office" / "sam.sqlite"
    assert main(["sync", "--server", secretariat_url, "--db", str(office)]) == 0
    with open_database(office) as database:
        kept = identity.laptop_identity(database)
        assert sync_status(database).pending_changes == 0
    assert seeded_board.scalar(
        "SELECT receiving_key FROM member WHERE name = %s", "Sam Secretary"
    ) == kept.receiving_key != ""
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 0
    with open_database(laptop) as database:
        note(database, identity.acting(database), "Unsent when Mia was withdrawn")
    admin = seeded_board.admin.url.render_as_string(hide_password=False)
    assert main(["server", "remove-member", "Mia Member", "--url", admin]) == 0
    capsys.readouterr()
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 2
    err = capsys.readouterr().err
    assert "Your membership of the board has been withdrawn: the board's data has been removed from this copy" in err
    assert "your 1 unsent note is kept, sealed for the secretariat, in " in err
    sealed = Path(err.rsplit(" in ", 1)[1].strip())
    assert sealed.parent == tmp_path and sealed.exists()
    assert b"Unsent when Mia was withdrawn" not in sealed.read_bytes()
    # The board's data is gone from the copy: no note, no requirement, no one signed in.
    with open_database(laptop) as database:
        assert identity.laptop_identity(database) is None
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM annotation")).scalar() == 0
            assert connection.execute(text("SELECT count(*) FROM requirement")).scalar() == 0


def test_a_copy_holding_one_members_unsent_notes_refuses_another_members_login(
    seeded_board: Board, tmp_path, capsys, monkeypatch
) -> None:
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    _, bob_url = seeded_board.add("Bob Board", Role.MEMBER)
    laptop = tmp_path / "mia.sqlite"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["sync", "--server", mia_url, "--db", str(laptop)]) == 0
    with open_database(laptop) as database:
        note(database, identity.acting(database), "Mia's question, not yet sent")
    capsys.readouterr()
    assert main(["sync", "--server", bob_url, "--db", str(laptop)]) == 2
    err = capsys.readouterr().err
    assert "this copy is Mia Member's and holds 1 unsent change made by them" in err
    assert "nothing was sent or received" in err
    with open_database(laptop) as database:
        assert identity.acting(database).name == "Mia Member"
        assert outbox_size(database) == 1
    assert seeded_board.scalar("SELECT count(*) FROM annotation WHERE text = %s", "Mia's question, not yet sent") == 0
