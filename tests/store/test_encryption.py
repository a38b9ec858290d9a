"""Encrypted at rest (issue 13): every database the app writes is an SQLCipher file that
plain sqlite3 cannot open and whose bytes hold no note's text; its key comes from the
keyring, BOARDAPP_KEY or a passphrase; a wrong key gets words; a plain database is
encrypted only once confirmed, with its data and a backup kept."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import create_engine, text

from boardapp.domain.terms import Role
from boardapp.store import database_key, encryption, migrations
from boardapp.store.connection import open_database
from boardapp.store.errors import StoreError
from boardapp.store.first_run import create_database, open_or_create
from tests import raw
from tests.conftest import file_digest
from tests.people import person
from tests.store.test_migrations import make_revision_0001_file
from tests.sync.helpers import note

SECRET = "Placement stability falls below tolerance in Ward 7 zebra-quartz"


def refused_by_plain_sqlite(path: Path) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("select * from sqlite_master").fetchall()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("encrypted") / "demo.sqlite"
    create_database(path)
    return path


@pytest.fixture
def board(demo: Path, tmp_path: Path) -> Path:
    path = tmp_path / "board.sqlite"
    path.write_bytes(demo.read_bytes())
    return path


def count_requirements(path: Path) -> int:
    with open_database(path, read_only=True) as database, database.session() as session:
        return session.execute(text("SELECT count(*) FROM requirement")).scalar_one()


def test_the_demo_database_is_encrypted_and_reads_back(demo):
    refused_by_plain_sqlite(demo)
    assert not demo.read_bytes().startswith(encryption.SQLITE_MAGIC)
    assert count_requirements(demo) > 0


def test_the_default_demo_and_a_synthetic_database_are_encrypted(tmp_path):
    with open_or_create(tmp_path / "first-run" / "board.sqlite") as database:
        assert database.encrypted
    refused_by_plain_sqlite(tmp_path / "first-run" / "board.sqlite")
    create_database(tmp_path / "synthetic.sqlite", synthetic_size="typical")
    refused_by_plain_sqlite(tmp_path / "synthetic.sqlite")


def test_a_notes_text_is_in_neither_the_file_nor_its_write_ahead_log(board):
    with open_database(board) as database:
        who = person(database, "Nia Notes", Role.MEMBER)
        note(database, who, SECRET)
        wal = board.with_name(board.name + "-wal")
        assert wal.stat().st_size > 0  # the note is in the log until a checkpoint
        assert SECRET.encode() not in wal.read_bytes() and b"zebra-quartz" not in wal.read_bytes()
        with database.session() as session:
            assert session.execute(text("SELECT count(*) FROM annotation WHERE text = :b"), {"b": SECRET}).scalar() == 1
    data = board.read_bytes()
    assert b"zebra-quartz" not in data and "zebra-quartz".encode("utf-16-le") not in data
    assert b"Nia Notes" not in data
    refused_by_plain_sqlite(board)


def test_a_migration_backup_is_encrypted_too(tmp_path):
    path = tmp_path / "old.sqlite"
    make_revision_0001_file(path)
    refused_by_plain_sqlite(path)
    with open_database(path):
        pass
    [backup] = migrations.backups_of(path)
    refused_by_plain_sqlite(backup)
    assert raw.connect(backup).execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_another_laptops_key_is_refused_in_words_and_the_file_left_alone(board, test_keyring):
    digest = file_digest(board)
    test_keyring.secrets[(database_key.SERVICE, database_key.ACCOUNT)] = "ab" * 32
    database_key.forget()
    with pytest.raises(StoreError, match="cannot be opened with this laptop's key: it was made on another laptop "
                                         "or by another user"):
        open_database(board)
    assert file_digest(board) == digest and sorted(p.name for p in board.parent.iterdir()) == ["board.sqlite"]


def test_a_laptop_with_no_key_yet_says_the_file_was_made_elsewhere(board, test_keyring):
    test_keyring.secrets.clear()
    database_key.forget()
    with pytest.raises(StoreError, match="holds no Board App database key yet"):
        open_database(board)
    assert test_keyring.secrets == {}  # opening a file makes no key


def test_a_new_key_is_made_and_kept_in_the_keyring_and_opens_a_copy_moved_on_the_same_laptop(tmp_path, test_keyring):
    test_keyring.secrets.clear()
    database_key.forget()
    create_database(tmp_path / "mine.sqlite")
    stored = keyring.get_password("Board App", "database key")
    assert stored is not None and len(bytes.fromhex(stored)) == 32
    assert stored not in (tmp_path / "mine.sqlite").read_bytes().hex()
    moved = tmp_path / "elsewhere" / "renamed.sqlite"
    moved.parent.mkdir()
    (tmp_path / "mine.sqlite").rename(moved)
    database_key.forget()
    assert count_requirements(moved) > 0


def test_boardapp_key_as_a_raw_key_and_as_a_passphrase(tmp_path, monkeypatch):
    for value in ("5e" * 32, "correct horse battery staple"):
        monkeypatch.setenv("BOARDAPP_KEY", value)
        database_key.forget()
        path = tmp_path / f"{len(value)}.sqlite"
        create_database(path)
        refused_by_plain_sqlite(path)
        database_key.forget()
        assert count_requirements(path) > 0
        monkeypatch.setenv("BOARDAPP_KEY", "7f" * 32)
        database_key.forget()
        with pytest.raises(StoreError, match="BOARDAPP_KEY is not the key it was encrypted with"):
            open_database(path)
        monkeypatch.delenv("BOARDAPP_KEY")
        database_key.forget()
        with pytest.raises(StoreError, match="made on another laptop or by another user"):
            open_database(path)  # the keyring's key is not this file's


def test_no_keyring_and_no_boardapp_key_names_both_ways(tmp_path):
    keyring.set_keyring(fail.Keyring())
    database_key.forget()
    with pytest.raises(StoreError, match="no keyring it can use. Set BOARDAPP_KEY.*asked for a passphrase"):
        create_database(tmp_path / "nowhere.sqlite")
    assert not (tmp_path / "nowhere.sqlite").exists()


def test_no_keyring_asks_for_a_passphrase_through_the_callers_prompt(tmp_path):
    keyring.set_keyring(fail.Keyring())
    asked: list[bool] = []
    database_key.ask_with(lambda new: asked.append(new) or "a long passphrase of mine")
    database_key.forget()
    create_database(tmp_path / "asked.sqlite")
    database_key.forget()
    assert count_requirements(tmp_path / "asked.sqlite") > 0
    assert asked == [True, False]
    database_key.ask_with(lambda new: None)
    database_key.forget()
    with pytest.raises(StoreError, match="no passphrase was given"):
        open_database(tmp_path / "asked.sqlite")


def make_plain_board(path: Path) -> int:
    """A plain SQLite database at head, as an app before issue 13 wrote it."""
    migrations.upgrade(create_engine(f"sqlite:///{path}"))
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("INSERT INTO dataset_info (key, value) VALUES ('plain-marker', ?)", (SECRET,))
    con.commit()
    rows = con.execute("SELECT count(*) FROM alembic_version").fetchone()[0]
    con.close()
    return rows


def test_a_plain_database_is_refused_until_encrypting_is_confirmed(tmp_path):
    path = tmp_path / "plain.sqlite"
    make_plain_board(path)
    digest = file_digest(path)
    with pytest.raises(StoreError, match="not encrypted.*BOARDAPP_ENCRYPT=yes"):
        open_database(path)
    assert file_digest(path) == digest and sorted(p.name for p in tmp_path.iterdir()) == ["plain.sqlite"]
    database_key.confirm_encrypting_with(lambda _path: False)
    with pytest.raises(StoreError, match="not encrypted"):
        open_database(path)
    assert file_digest(path) == digest
    with open_database(path, read_only=True) as database:  # reading needs no confirmation
        assert not database.encrypted
    assert file_digest(path) == digest


def test_a_plain_database_is_encrypted_on_open_once_confirmed_with_its_data_and_backups(tmp_path):
    path = tmp_path / "plain.sqlite"
    make_plain_board(path)
    older = migrations.backup_name(path, "0001", datetime(2020, 1, 1, tzinfo=UTC))
    older.write_bytes(path.read_bytes())  # a plain backup an earlier app made
    asked: list[Path] = []
    database_key.confirm_encrypting_with(lambda p: asked.append(p) or True)
    with open_database(path) as database:
        assert database.encrypted
        with database.session() as session:
            value = session.execute(text("SELECT value FROM dataset_info WHERE key = 'plain-marker'")).scalar()
    assert asked == [path] and value == SECRET
    refused_by_plain_sqlite(path)
    assert SECRET.encode() not in path.read_bytes()
    backups = migrations.backups_of(path)
    assert len(backups) == 2 and any(".rev-plain." not in b.name for b in backups)
    for backup in backups:
        refused_by_plain_sqlite(backup)
        marker = raw.connect(backup).execute("SELECT value FROM dataset_info WHERE key = 'plain-marker'").fetchone()
        assert marker == (SECRET,)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".bak")) == ["plain.sqlite"]
    with open_database(path) as again:  # encrypted once: no question the second time
        assert again.encrypted
    assert asked == [path]


def test_the_command_line_encrypts_a_plain_database_only_with_boardapp_encrypt_yes(tmp_path, monkeypatch):
    from boardapp.__main__ import ask_in_terminal

    path = tmp_path / "plain.sqlite"
    make_plain_board(path)
    digest = file_digest(path)
    ask_in_terminal()  # what every command does first; the tests' stdin is not a terminal
    with pytest.raises(StoreError, match="not encrypted"):
        open_database(path)
    assert file_digest(path) == digest
    monkeypatch.setenv("BOARDAPP_ENCRYPT", "yes")
    with open_database(path) as database:
        assert database.encrypted
    refused_by_plain_sqlite(path)
