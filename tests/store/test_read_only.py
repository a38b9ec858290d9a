"""A database the user cannot write (the file, or the folder it is in) opens read-only
with the reason, leaves no -wal or -shm beside it, and a change that cannot be written
is a SaveFailed that says why and what to do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from boardapp.store.connection import SaveFailed, open_database
from boardapp.store.errors import StoreError
from boardapp.store.first_run import create_database
from tests import raw
from tests.conftest import file_digest


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("read-only") / "board.sqlite"
    create_database(path)
    return path


@pytest.fixture
def board_file(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "board.sqlite"
    path.write_bytes(template.read_bytes())
    return path


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def unwritable(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """As if ``paths`` could not be written (the tests run as root, which may write anything)."""
    real = os.access
    refused = {p.resolve() for p in paths}

    def access(path, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if mode & os.W_OK and Path(path).resolve() in refused:
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr("boardapp.store.connection.os.access", access)


def read_everything(path: Path) -> None:
    with open_database(path) as database:
        assert database.read_only
        with database.session() as session:
            assert session.execute(text("SELECT count(*) FROM requirement")).scalar_one() > 0
        assert beside(path) == ["board.sqlite"]


def test_a_file_that_cannot_be_written_opens_read_only_with_the_reason(board_file, monkeypatch):
    digest = file_digest(board_file)
    unwritable(monkeypatch, board_file)
    with open_database(board_file) as database:
        assert database.read_only
        assert "The file board.sqlite cannot be written" in database.read_only_reason
        with pytest.raises(SaveFailed) as failed:
            with database.session("Ann") as session:
                session.execute(text("UPDATE dataset_info SET value = 'x' WHERE key = 'name'"))
        assert "cannot be written (it is read-only)" in failed.value.reason
        assert "Open a copy" in failed.value.advice
    read_everything(board_file)
    assert beside(board_file) == ["board.sqlite"]
    assert file_digest(board_file) == digest


def test_a_folder_that_cannot_be_written_opens_read_only_with_the_reason(board_file, monkeypatch):
    unwritable(monkeypatch, board_file.parent)
    with open_database(board_file) as database:
        assert database.read_only
        assert f"The folder {board_file.parent.resolve()} cannot be written" in database.read_only_reason
    assert beside(board_file) == ["board.sqlite"]


def test_an_older_schema_that_cannot_be_written_is_refused_with_what_to_do(board_file, monkeypatch):
    con = raw.connect(board_file)
    con.execute("UPDATE alembic_version SET version_num = '0004'")
    con.commit()
    con.close()
    digest = file_digest(board_file)
    unwritable(monkeypatch, board_file)
    with pytest.raises(StoreError, match="needs updating for this version of Board App, but the file board.sqlite "
                                         "cannot be written.*Copy it to a folder of your own"):
        open_database(board_file)
    assert file_digest(board_file) == digest and beside(board_file) == ["board.sqlite"]


def test_opening_read_only_on_purpose_leaves_nothing_beside_the_file(board_file):
    digest = file_digest(board_file)
    with open_database(board_file, read_only=True) as database, database.session() as session:
        session.execute(text("SELECT count(*) FROM reading")).scalar_one()
    assert beside(board_file) == ["board.sqlite"]
    assert file_digest(board_file) == digest


def test_tidying_away_leaves_the_files_of_a_copy_still_open(board_file):
    with open_database(board_file) as writer:  # the window, say, has it open
        with writer.session() as session:
            session.execute(text("SELECT count(*) FROM reading")).scalar_one()
        with open_database(board_file, read_only=True) as reader, reader.session() as session:
            session.execute(text("SELECT count(*) FROM reading")).scalar_one()
        assert "board.sqlite-wal" in beside(board_file)  # still the writer's
        with writer.session("Ann") as session:
            session.execute(text("UPDATE dataset_info SET value = 'still writable' WHERE key = 'name'"))
    assert beside(board_file) == ["board.sqlite"]


def test_a_busy_database_says_so_and_what_to_do(board_file):
    with open_database(board_file, busy_timeout_ms=100) as database:
        holder = raw.connect(board_file, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(SaveFailed) as failed:
                with database.session("Ann") as session:
                    session.execute(text("UPDATE dataset_info SET value = 'x' WHERE key = 'name'"))
        finally:
            holder.rollback()
            holder.close()
    assert "busy: another program is writing to it" in failed.value.reason
    assert "save again" in failed.value.advice


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write any file")
def test_a_file_really_made_read_only(board_file):
    board_file.chmod(0o444)
    try:
        with open_database(board_file) as database:
            assert database.read_only and "cannot be written" in database.read_only_reason
            with database.session() as session:
                session.execute(text("SELECT count(*) FROM reading")).scalar_one()
        assert beside(board_file) == ["board.sqlite"]
    finally:
        board_file.chmod(0o644)
