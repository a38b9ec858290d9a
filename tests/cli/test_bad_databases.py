"""A --db that is missing, a folder, empty, not SQLite, corrupt, locked or from a newer
app gets a clear message and exit 2, and the file is left byte for byte as it was."""

from __future__ import annotations

import re

import pytest

from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from tests import raw
from tests.cli.running import run
from tests.conftest import file_digest


@pytest.fixture
def good_db(tmp_path):
    path = tmp_path / "good.sqlite"
    create_database(path, synthetic_size="typical")
    return path


@pytest.mark.parametrize("command", [["check", "--db"], ["--smoke", "--db"]])
def test_missing_file(tmp_path, capsys, command):
    path = tmp_path / "nowhere.sqlite"
    code, _, err = run(capsys, *command, str(path))
    assert code == 2
    assert f"{path}: there is no database here" in err
    assert not path.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"Indicator,Period,Value\nNI 59,2011-08,80.5\n", "not an SQLite database"),
        (b"PK\x03\x04" + b"\x00" * 200, "not an SQLite database"),
    ],
)
@pytest.mark.parametrize("command", [["check", "--db"], ["--smoke", "--db"]])
def test_files_that_are_not_databases(tmp_path, capsys, content, message, command):
    path = tmp_path / "board.sqlite"
    path.write_bytes(content)
    code, _, err = run(capsys, *command, str(path))
    assert (code, path.read_bytes()) == (2, content)
    assert message in err and str(path) in err


def test_a_folder(tmp_path, capsys):
    code, _, err = run(capsys, "check", "--db", str(tmp_path))
    assert code == 2 and "this is a folder" in err


def test_an_sqlite_file_of_another_program(tmp_path, capsys):
    path = tmp_path / "other.sqlite"
    con = raw.connect(path)
    con.execute("CREATE TABLE songs (title TEXT)")
    con.commit()
    con.close()
    digest = file_digest(path)
    code, _, err = run(capsys, "--smoke", "--db", str(path))
    assert code == 2 and "not a Board App one" in err
    assert file_digest(path) == digest


def test_a_corrupt_schema_page(good_db, capsys):
    data = bytearray(good_db.read_bytes())
    data[100:400] = b"\xff" * 300  # the first page, where the schema lives
    good_db.write_bytes(bytes(data))
    code, _, err = run(capsys, "check", "--db", str(good_db))
    assert code == 2 and "damaged" in err
    assert good_db.read_bytes() == bytes(data)


def test_a_corrupt_data_page_is_found_by_check(good_db, capsys):
    data = bytearray(good_db.read_bytes())
    page = 4096
    middle = len(data) // page // 2 * page
    data[middle + 8 : middle + 2000] = b"\x07" * 1992
    good_db.write_bytes(bytes(data))
    code, out, err = run(capsys, "check", "--db", str(good_db))
    assert code == 2
    assert "PROBLEM" in err or "damaged" in err
    assert good_db.read_bytes() == bytes(data)


def test_a_database_locked_by_another_program(good_db, capsys, monkeypatch):
    monkeypatch.setattr("boardapp.store.connection.DEFAULT_BUSY_TIMEOUT_MS", 200)
    holder = raw.connect(good_db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        digest = file_digest(good_db)
        code, _, err = run(capsys, "check", "--db", str(good_db))
        assert code == 2 and "locked by another program" in err
        assert file_digest(good_db) == digest
    finally:
        holder.rollback()
        holder.close()


def test_a_newer_database(good_db, capsys):
    con = raw.connect(good_db)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    digest = file_digest(good_db)
    for command in (["check", "--db"], ["--smoke", "--db"]):
        code, _, err = run(capsys, *command, str(good_db))
        assert code == 2 and "newer Board App" in err
    assert file_digest(good_db) == digest


def test_check_on_a_sound_database_summarises_it_and_writes_nothing(good_db, capsys):
    digest = file_digest(good_db)
    code, out, _ = run(capsys, "check", "--db", str(good_db))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"database: {good_db}"
    assert lines[1].startswith("board: SYNTHETIC (typical): ")
    assert re.fullmatch(r"notice: Synthetic improvement notice \(.+, issued \d+ \w+ \d{4}\)", lines[2])
    assert re.fullmatch(r"holds: 12 requirements, 40 indicators, 960 readings, 150 actions and 500 notes "
                        r"\(\d+ open\)", lines[3])
    assert re.fullmatch(r"latest reading: SYN \d+ for \w+ \d{4} \(the period ending \d+ \w+ \d{4}\)", lines[4])
    assert lines[5] == "last sync: never (no board server set up)"
    assert lines[-2:] == ["problems found: none", "check: OK"]
    assert "rows:" not in out and "audit_log" not in out  # a summary a person reads, not table counts
    assert file_digest(good_db) == digest
    assert sorted(p.name for p in good_db.parent.iterdir()) == ["good.sqlite"]  # no -wal or -shm left beside it
    with open_database(good_db, read_only=True) as db:
        assert db.read_only


def test_check_summarises_the_demo_board(tmp_path, capsys):
    demo = tmp_path / "demo.sqlite"
    create_database(demo)
    code, out, _ = run(capsys, "check", "--db", str(demo))
    assert code == 0
    assert "board: Leeds City Council: Leeds children's services (demo)\n" in out
    assert "notice: Leeds City Council Children's Services Improvement Notice (" in out and "issued March 2010)" in out
    assert re.search(r"^holds: \d+ requirements, \d+ indicators, \d+ readings, \d+ actions and 0 notes$", out, re.M)
    assert "latest reading: " in out and "last sync: never" in out


def test_check_counts_problems_in_its_summary(good_db, capsys):
    con = raw.connect(good_db)
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("UPDATE reading SET indicator_id = 999999 WHERE id = 1")
    con.commit()
    con.close()
    code, _, err = run(capsys, "check", "--db", str(good_db))
    assert code == 2
    assert "PROBLEM: table reading row 1 points at a missing row of indicator" in err
    assert "problems found: 1" in err
