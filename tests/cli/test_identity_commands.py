"""``boardapp whoami``, ``sign-in`` and ``members``, run through the real entry point:
who the command line acts as, and the secretariat's member list, every rule the store's."""

from __future__ import annotations

import getpass

import pytest

from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.connection import open_database
from tests.cli.running import run
from tests.conftest import file_digest
from tests.exchange.workbooks import copy_database, demo_database
from tests.people import SETTER, passphrase_of, person_at, sign_in_at

SECRET = "the first user's passphrase"


@pytest.fixture(scope="module")
def new_board(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("new"))


@pytest.fixture
def fresh(new_board, tmp_path):
    """A copy of the demo no one has signed in on: a new board."""
    return copy_database(new_board, tmp_path)


@pytest.fixture
def board(fresh):
    """A board set up by the test secretariat (signed in), with a member Mo and an observer Olu."""
    sign_in_at(fresh, SETTER, Role.SECRETARIAT)
    person_at(fresh, "Mo Member", Role.MEMBER)
    person_at(fresh, "Olu Observer", Role.OBSERVER)
    return fresh


@pytest.fixture(autouse=True)
def no_passphrases_given(monkeypatch):
    monkeypatch.delenv("BOARDAPP_PASSPHRASE", raising=False)
    monkeypatch.delenv("BOARDAPP_NEW_PASSPHRASE", raising=False)


def members_of(db):
    with open_database(db, read_only=True) as database:
        return {m.name: m for m in identity.members(database, include_withdrawn=True)}


# --- whoami and sign-in ------------------------------------------------------------------


def test_whoami_on_a_new_board_says_no_one_and_how_to_begin(capsys, fresh):
    code, out, err = run(capsys, "whoami", "--db", fresh)
    assert (code, err) == (0, "")
    assert out.startswith("no one has signed in on this copy; this is a new board: "
                          "`boardapp sign-in NAME --first-user` makes you its secretariat")


def test_the_first_user_of_a_new_board_becomes_its_secretariat(capsys, fresh, monkeypatch):
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", SECRET)
    code, out, err = run(capsys, "sign-in", "Sam Secretariat", "--first-user", "--db", fresh)
    assert (code, err) == (0, "")
    assert out == "signed in on this copy as Sam Secretariat (secretariat): you set up this board as its first user\n"
    code, out, _ = run(capsys, "whoami", "--db", fresh)
    lines = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line and not line.startswith("("))
    assert code == 0 and lines["Name"] == "Sam Secretariat" and lines["Role"] == "secretariat"
    assert lines["Established by"].startswith("you set up this board as its first user")
    assert lines["Server login"].startswith("none") and lines["Last contact with the board server"] == "never"
    for key in ("Public signing key", "Public receiving key"):
        assert len(bytes.fromhex(lines[key])) == 32
    # a secretariat's own keys are registered as it signs in
    assert members_of(fresh)["Sam Secretariat"].public_key == lines["Public signing key"]
    # and the board is set up: no one else can be its first user
    code, out, err = run(capsys, "sign-in", "Someone Else", "--first-user", "--db", fresh)
    assert (code, out) == (2, "") and "this board is already set up" in err


def test_a_weak_first_passphrase_is_refused_and_nothing_is_set_up(capsys, fresh, monkeypatch):
    digest = file_digest(fresh)
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", "short")
    code, out, err = run(capsys, "sign-in", "Sam Secretariat", "--first-user", "--db", fresh)
    assert (code, out) == (2, "") and "a passphrase needs at least 8 characters" in err
    assert file_digest(fresh) == digest


def test_sign_in_needs_the_members_passphrase(capsys, board, monkeypatch):
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", "not Mo's passphrase")
    code, out, err = run(capsys, "sign-in", "Mo Member", "--db", board)
    assert (code, out) == (2, "")
    assert err == "boardapp: Mo Member: no member of this board has that name and passphrase\n"
    assert run(capsys, "whoami", "--db", board)[1].startswith(f"Name: {SETTER}\n")
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Mo Member"))
    code, out, _ = run(capsys, "sign-in", "Mo Member", "--db", board)
    assert code == 0 and out == "signed in on this copy as Mo Member (member): your passphrase\n"
    assert run(capsys, "whoami", "--db", board)[1].startswith("Name: Mo Member\nRole: member\n")


def test_the_operating_system_user_is_no_one(capsys, fresh):
    """A member named as the OS user is not taken for it: the copy acts as whoever signed
    in on it, and no one has."""
    person_at(fresh, getpass.getuser(), Role.SECRETARIAT)
    with open_database(fresh) as database, database.engine.begin() as connection:
        identity.forget(connection)  # the test secretariat, signed in as the board was set up, signs out
    code, out, err = run(capsys, "status", "--db", fresh)
    assert (code, out) == (2, "") and "no one has signed in on this copy yet" in err


# --- members -----------------------------------------------------------------------------


def test_members_lists_name_role_passphrase_login_key_and_withdrawn(capsys, board):
    code, out, err = run(capsys, "members", "--db", board)
    assert (code, err) == (0, "")
    rows = [line.split() for line in out.splitlines()]
    assert rows[0] == ["Name", "Role", "Passphrase", "Server", "login", "Key", "registered", "Withdrawn"]
    assert ["Mo", "Member", "member", "yes", "-", "no", "-"] in rows
    assert ["Test", "Secretariat", "secretariat", "yes", "-", "yes", "-"] in rows
    assert ["Bill", "McCarthy", "chair", "no", "-", "no", "-"] in rows  # the demo's chair, no passphrase yet


def test_the_secretariat_adds_a_member_who_can_then_sign_in(capsys, board, monkeypatch):
    monkeypatch.setenv("BOARDAPP_NEW_PASSPHRASE", "Cal's own passphrase")
    code, out, err = run(capsys, "members", "add", "Cal Chair", "--role", "chair", "--db", board)
    assert (code, err, out) == (0, "", "added Cal Chair to the board as chair\n")
    assert members_of(board)["Cal Chair"].role is Role.CHAIR
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", "Cal's own passphrase")
    assert run(capsys, "sign-in", "Cal Chair", "--db", board)[0] == 0


def test_a_member_is_refused_adding_a_member_in_the_stores_words(capsys, board, monkeypatch):
    digest = file_digest(board)
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Mo Member"))
    monkeypatch.setenv("BOARDAPP_NEW_PASSPHRASE", "a new member's passphrase")
    code, out, err = run(capsys, "members", "add", "Nat New", "--role", "member", "--as", "Mo Member", "--db", board)
    assert (code, out) == (2, "")
    assert err == ("boardapp: Only the secretariat can add members and set their roles, passphrases and keys; "
                   "you are signed in as member.\n")
    assert "Nat New" not in members_of(board) and file_digest(board) == digest
    # the same words for every change to the list
    for action in (["role", "Olu Observer", "chair"], ["withdraw", "Olu Observer"],
                   ["key", "Olu Observer", "ab" * 32], ["passphrase", "Olu Observer"]):
        code, _, err = run(capsys, "members", *action, "--as", "Mo Member", "--db", board)
        assert code == 2 and "Only the secretariat can add members" in err, action
    assert file_digest(board) == digest


def test_the_secretariat_sets_a_role_registers_keys_and_withdraws(capsys, board, monkeypatch):
    assert run(capsys, "members", "role", "Olu Observer", "member", "--db", board)[1] == "Olu Observer is now member\n"
    signing, receiving = "ab" * 32, "cd" * 32
    code, out, _ = run(capsys, "members", "key", "Olu Observer", signing, receiving, "--db", board)
    assert code == 0 and out.startswith("registered Olu Observer's public keys")
    olu = members_of(board)["Olu Observer"]
    assert (olu.role, olu.public_key) == (Role.MEMBER, signing)
    code, _, err = run(capsys, "members", "key", "Olu Observer", "not hex", "--db", board)
    assert code == 2 and "a signing key is 64 hexadecimal characters" in err
    assert run(capsys, "members", "withdraw", "Olu Observer", "--db", board)[0] == 0
    assert members_of(board)["Olu Observer"].withdrawn
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Olu Observer"))
    code, _, err = run(capsys, "sign-in", "Olu Observer", "--db", board)
    assert code == 2 and "no member of this board has that name and passphrase" in err


def test_a_member_sets_their_own_passphrase(capsys, board, monkeypatch):
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Mo Member"))
    assert run(capsys, "sign-in", "Mo Member", "--db", board)[0] == 0
    monkeypatch.setenv("BOARDAPP_NEW_PASSPHRASE", "Mo's brand new passphrase")
    code, out, err = run(capsys, "members", "passphrase", "Mo Member", "--db", board)
    assert (code, err, out) == (0, "", "set a new passphrase for Mo Member\n")
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", "Mo's brand new passphrase")
    assert run(capsys, "sign-in", "Mo Member", "--db", board)[0] == 0


def test_members_db_may_come_before_the_action(capsys, board, monkeypatch):
    monkeypatch.setenv("BOARDAPP_NEW_PASSPHRASE", "Dee's passphrase!")
    code, _, err = run(capsys, "members", "--db", board, "add", "Dee Observer", "--role", "observer")
    assert (code, err) == (0, "") and members_of(board)["Dee Observer"].role is Role.OBSERVER
