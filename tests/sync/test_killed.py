"""A copy's process killed outright (SIGKILL) mid-upload and mid-download: after a
restart and a sync nothing is lost, nothing doubled, and the checkpoint is never ahead
of the data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from boardapp.domain.terms import Role
from boardapp.store.connection import open_database
from boardapp.store.sync.service import sync_now
from tests.sync.conftest import Board
from tests.sync.helpers import checkpoint, copy, local_state, note, outbox_size, server_state

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from boardapp.store.connection import open_database
    from boardapp.store.sync import download, service
    from boardapp.store.sync.service import sync_now

    path, url, stage, marker = sys.argv[1:5]

    def hold(at):
        if at == stage:
            Path(marker).write_text(at)
            time.sleep(60)  # killed here

    service.upload_step = download.step = hold
    with open_database(path) as database:
        sync_now(database, url, None)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("stage", ["upload: server committed", "download: applied"])
def test_a_copy_killed_mid_sync_loses_and_doubles_nothing(seeded_board: Board, tmp_path, stage):
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    cal, cal_url = seeded_board.add("Cal Chair", Role.CHAIR)
    with copy(tmp_path, "mia") as mine, copy(tmp_path, "cal") as chairs:
        sync_now(mine, mia_url, None)
        sync_now(chairs, cal_url, None)
        for n in range(5):
            note(chairs, cal, f"chair's note {n}")
        sync_now(chairs, cal_url, None)
        typed = {note(mine, mia, f"mine {n}") for n in range(3)}
        before = checkpoint(mine)
    marker = tmp_path / "reached"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "mia.sqlite"), mia_url, stage, str(marker)],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else "child ended"
            assert time.monotonic() < deadline, "the child never reached the stage"
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        if child.stderr:
            child.stderr.close()
    with open_database(tmp_path / "mia.sqlite") as mine:
        assert checkpoint(mine) == before  # the killed download's batch and checkpoint went together
        if stage.startswith("upload"):
            assert outbox_size(mine) == 3  # sent, but the confirmation never landed
        sync_now(mine, mia_url, None)
        assert outbox_size(mine) == 0
        assert local_state(mine) == server_state(seeded_board)
    assert seeded_board.scalar("SELECT count(*) FROM annotation") == 8
    for written in typed:
        assert seeded_board.scalar("SELECT count(*) FROM annotation WHERE uuid = %s", written) == 1
