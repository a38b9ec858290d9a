"""``boardapp sync`` on a database another process is writing, and on a read-only file:
words and exit 2, never a traceback (issue 13, item 8). The command line for import-readings
and import-changes: tests/cli/test_faults.py, whose lock holder this uses."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from boardapp.__main__ import main
from boardapp.domain.terms import Role
from tests.cli.test_faults import HOLDER
from tests.conftest import file_digest
from tests.sync.conftest import Board


def hold(db, seconds):  # type: ignore[no-untyped-def]
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "holding"
    return child


def release(child) -> None:  # type: ignore[no-untyped-def]
    child.kill()
    child.wait()
    child.stdout.close()


def test_sync_waits_for_a_lock_released_in_time_and_gives_words_for_one_held_too_long(
    seeded_board: Board, tmp_path, demo_file, capsys, monkeypatch
):
    _mia, url = seeded_board.add("Mia Member", Role.MEMBER)
    laptop = tmp_path / "laptop.sqlite"
    laptop.write_bytes(demo_file.read_bytes())
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 0, capsys.readouterr().err
    capsys.readouterr()

    child = hold(laptop, 1.5)  # the busy timeout is 5 s
    try:
        assert main(["sync", "--server", url, "--db", str(laptop)]) == 0, capsys.readouterr().err
    finally:
        release(child)

    monkeypatch.setattr("boardapp.store.connection.DEFAULT_BUSY_TIMEOUT_MS", 300)
    child = hold(laptop, 60)
    try:
        assert main(["sync", "--server", url, "--db", str(laptop)]) == 2
    finally:
        release(child)
    err = capsys.readouterr().err
    assert "is busy: another program is writing to it" in err
    assert "Traceback" not in err and "unexpected error" not in err


def test_sync_on_a_read_only_file_says_so(seeded_board: Board, tmp_path, demo_file, capsys, monkeypatch):
    _mia, url = seeded_board.add("Mia Member", Role.MEMBER)
    laptop = tmp_path / "laptop.sqlite"
    laptop.write_bytes(demo_file.read_bytes())
    digest = file_digest(laptop)
    # The tests run as root, who may write any file: the app's own check is what says read-only.
    real = os.access
    monkeypatch.setattr("boardapp.store.connection.os.access",
                        lambda p, mode, *a, **k: False if mode & os.W_OK and str(p) == str(laptop) else real(p, mode))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["sync", "--server", url, "--db", str(laptop)]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err, err
    assert file_digest(laptop) == digest
