"""Faults get words, not tracebacks (issue 13, item 8): a database another process is
writing waits for the busy timeout, then says so (exit 2); a read-only file or folder
says so for every command that must write (exit 2); a killed export's partial file is
removed by the next export to the folder; a database refused as newer gets nothing beside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from boardapp.__main__ import main
from boardapp.domain.terms import Role
from boardapp.exchange.change_files import export_changes
from boardapp.exchange.pack.builder import LEFTOVER_AGE_S, remove_leftover_partials
from boardapp.store.connection import open_database
from tests import people, raw
from tests.conftest import file_digest
from tests.exchange.workbooks import copy_database, demo_database, write_readings

# Holds the write lock on a database (keyed, as every app database is) for some seconds.
HOLDER = """
import sys, time
from tests import people, raw
con = raw.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.rollback()
con.close()
"""


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The demo board with its secretariat signed in: the commands act as them, and
    the publication below is signed by them (registered on every copy of it)."""
    path = demo_database(tmp_path_factory.mktemp("pristine"))
    with open_database(path) as database:
        people.sign_in(database, people.SETTER, Role.SECRETARIAT)
    return path


@pytest.fixture(scope="module")
def publication(pristine, tmp_path_factory) -> Path:
    """A secretariat's publication of the demo board: importing it writes many rows."""
    out = tmp_path_factory.mktemp("publication") / "board.publication"
    source = copy_database(pristine, out.parent, "secretariat.sqlite")
    with open_database(source) as database:
        export_changes(database, out, publication=True, without_exempt=True)
    return out


@pytest.fixture
def db(pristine, tmp_path):
    return copy_database(pristine, tmp_path)


def workbook(tmp_path: Path) -> Path:
    return write_readings(tmp_path / "readings.xlsx", [["NI 59", "Sep 2011", 81.0, 81, 100]])


@pytest.fixture
def lock(db) -> Iterator:
    holders: list[subprocess.Popen] = []

    def hold(seconds: float) -> None:
        child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)], stdout=subprocess.PIPE,
                                 text=True)
        holders.append(child)
        assert child.stdout is not None and child.stdout.readline().strip() == "holding"

    yield hold
    for child in holders:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


def commands(tmp_path: Path, db: Path, publication: Path) -> dict[str, list[str]]:
    return {
        "import-readings": ["import-readings", str(workbook(tmp_path)), "--db", str(db)],
        "import-changes": ["import-changes", str(publication), "--db", str(db)],
    }


@pytest.mark.parametrize("name", ["import-readings", "import-changes"])
def test_a_lock_held_past_the_busy_timeout_gets_words_and_exit_2(name, db, tmp_path, publication, lock, capsys,
                                                                 monkeypatch):
    monkeypatch.setattr("boardapp.store.connection.DEFAULT_BUSY_TIMEOUT_MS", 300)
    argv = commands(tmp_path, db, publication)[name]
    lock(60)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "is busy: another program is writing to it (another Board App window" in err
    assert "run the command again" in err
    assert "Traceback" not in err and "unexpected error" not in err


@pytest.mark.parametrize("name", ["import-readings", "import-changes"])
def test_a_lock_released_within_the_busy_timeout_is_waited_for(name, db, tmp_path, publication, lock, capsys):
    argv = commands(tmp_path, db, publication)[name]
    lock(1.5)  # the busy timeout is 5 s
    assert main(argv) == 0, capsys.readouterr().err


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder the command's user may read but not write. The tests run as root, who may
    write anything: there the command runs as the user nobody, for whom the folder and its
    files (root's) are really read-only."""
    base = Path(tempfile.mkdtemp(prefix="boardapp-shared-"))
    base.chmod(0o755)
    (base / "data").mkdir(mode=0o777)
    (base / "data").chmod(0o777)
    yield base
    for path in (base, *base.rglob("*")):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(base)


def as_someone_else(argv: list[str], shared: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BOARDAPP_DATA_DIR": str(shared / "data"), "HOME": str(shared / "data")}
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, sys.executable, "-m", "boardapp", *argv], env=env, cwd=shared / "data",
                          capture_output=True, text=True, timeout=120)


def read_only(*paths: Path) -> None:
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)


def test_commands_that_must_write_say_a_read_only_file_is_read_only(pristine, publication, shared):
    folder = shared / "writable-folder"
    folder.mkdir()
    folder.chmod(0o777)
    db = copy_database(pristine, folder)
    book = workbook(shared)
    pub = shared / "board.publication"
    pub.write_bytes(publication.read_bytes())
    for path in (book, pub):
        path.chmod(0o644)
    read_only(db)
    digest = file_digest(db)
    for argv in (["import-readings", str(book), "--db", str(db)], ["import-changes", str(pub), "--db", str(db)]):
        done = as_someone_else(argv, shared)
        assert done.returncode == 2, done.stderr
        assert "read-only" in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert file_digest(db) == digest
    assert sorted(p.name for p in folder.iterdir()) == ["board.sqlite"]


def test_commands_that_write_a_file_say_a_read_only_folder_is_read_only(pristine, shared):
    folder = shared / "read-only-folder"
    folder.mkdir()
    db = copy_database(pristine, shared)
    db.chmod(0o644)
    read_only(folder)
    for argv in (["demo", "--out", str(folder / "demo.sqlite")],
                 ["--db", str(db), "export-pack", "--out", str(folder / "pack.xlsx")]):
        done = as_someone_else(argv, shared)
        assert done.returncode == 2, done.stderr
        assert str(folder) in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert "permission denied" in done.stderr or "read-only" in done.stderr, done.stderr
    assert list(folder.iterdir()) == []


def test_the_next_export_removes_a_killed_exports_partial_file(db, tmp_path, capsys):
    out = tmp_path / "packs"
    out.mkdir()
    old = out / ".pack.xlsx.0a1b2c3d.partial"
    old.write_bytes(b"half a workbook")
    stale = time.time() - LEFTOVER_AGE_S - 5
    os.utime(old, (stale, stale))
    fresh = out / ".pack.xlsx.99aa88bb.partial"  # another export writing now
    fresh.write_bytes(b"being written")
    others = [out / ".notes.txt.0a1b2c3d.partial", out / "pack.xlsx.0a1b2c3d.partial", out / ".pack.xlsx.partial"]
    for other in others:
        other.write_bytes(b"not ours")
        os.utime(other, (stale, stale))
    assert main(["--db", str(db), "export-pack", "--out", str(out / "pack.xlsx")]) == 0, capsys.readouterr().err
    assert not old.exists()
    assert fresh.exists() and all(other.exists() for other in others)
    assert (out / "pack.xlsx").is_file()
    later = time.time() + LEFTOVER_AGE_S + 5
    assert remove_leftover_partials(out, now=later) == [fresh]


def test_a_database_refused_as_newer_gets_nothing_beside_it(db, capsys):
    con = raw.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    digest = file_digest(db)
    for argv in (["import-readings", str(workbook(db.parent)), "--db", str(db)], ["check", "--db", str(db)],
                 ["status", "--db", str(db)]):
        assert main(argv) == 2
        assert "newer Board App" in capsys.readouterr().err
        assert sorted(p.name for p in db.parent.iterdir()) == ["board.sqlite", "readings.xlsx"]
    assert file_digest(db) == digest
