"""Syncing copies with a real board server: notes up, the board down, crossed edits kept
as conflicts, retries and crashes that lose and double nothing, wrong clocks, tombstones."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import delete, select, text

from boardapp.domain.terms import ActionStatus, Rag, Role
from boardapp.store import annotations, outbox
from boardapp.store.models import Target
from boardapp.store.sync import download, service
from boardapp.store.sync.connect import ServerAddress, explain
from boardapp.store.sync.errors import NoRoute, ServerTooNew, ServerTooOld, WrongPassword
from boardapp.store.sync.service import list_conflicts, resolve_conflict, sync_now, sync_status
from tests.sync.conftest import Board
from tests.sync.helpers import (
    actions,
    answer,
    checkpoint,
    copy,
    first_sync,
    local_state,
    note,
    outbox_size,
    server_state,
    set_status,
)


class Stop(Exception):
    pass


def test_a_first_sync_fills_an_empty_copy_and_notes_travel_both_ways(seeded_board: Board, tmp_path):
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    with copy(tmp_path, "mia") as mine, copy(tmp_path, "sam") as sams:
        first = sync_now(mine, mia_url, None)
        assert first.full_download and first.downloaded > 300
        assert sync_status(mine).server.endswith(seeded_board.database) and sync_status(mine).last_sync
        written = note(mine, mia, "Why is A1 late?")
        assert sync_status(mine).pending_changes == 1
        assert sync_now(mine, mia_url, None).uploaded == 1
        assert sync_status(mine).pending_changes == 0
        sync_now(sams, sam_url, None)
        answer(sams, sam, written, "Recruitment; back on track in May")
        sync_now(sams, sam_url, None)
        again = sync_now(mine, mia_url, None)
        assert not again.full_download
        assert local_state(mine) == local_state(sams) == server_state(seeded_board)
    assert seeded_board.scalar("SELECT answer FROM annotation WHERE uuid = %s", written) == (
        "Recruitment; back on track in May"
    )


def test_crossed_edits_apply_in_server_order_and_both_values_are_kept(seeded_board: Board, tmp_path):
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    pat, pat_url = seeded_board.add("Pat Performance", Role.SECRETARIAT)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "pat") as pats:
        sync_now(sams, sam_url, None)
        sync_now(pats, pat_url, None)
        action = actions(sams)[0]
        set_status(sams, sam, action, ActionStatus.COMPLETE, Rag.GREEN)
        set_status(pats, pat, action, ActionStatus.OVERDUE, Rag.RED)
        assert sync_now(sams, sam_url, None).conflicts_recorded == 0
        assert sync_now(pats, pat_url, None).conflicts_recorded == 2  # status and RAG
        sync_now(sams, sam_url, None)
        assert local_state(sams) == local_state(pats) == server_state(seeded_board)
        conflicts = list_conflicts(sams)
        assert {(c.field, c.overwritten_value, c.incoming_value) for c in conflicts} == {
            ("status", "complete", "overdue"), ("rag", "green", "red")
        }
        assert all(c.incoming_by == "Pat Performance" for c in conflicts)
        status = next(c for c in conflicts if c.field == "status")
        resolve_conflict(sams, sam, status.uuid, keep="overwritten")
        sync_now(sams, sam_url, None)
        sync_now(pats, pat_url, None)
        assert sync_status(pats).conflicts == 1  # the RAG one is still open
        assert local_state(sams) == local_state(pats) == server_state(seeded_board)
    assert seeded_board.scalar("SELECT status FROM action WHERE uuid = %s", action) == "complete"


def test_a_lost_reply_and_a_retry_make_exactly_one_row(seeded_board: Board, tmp_path, monkeypatch):
    mia, url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "mia") as mine:
        sync_now(mine, url, None)
        written = note(mine, mia, "Is the audit done?")

        def reply_lost(stage: str) -> None:
            raise Stop(stage)

        monkeypatch.setattr(service, "upload_step", reply_lost)
        with pytest.raises(Stop):
            sync_now(mine, url, None)
        assert outbox_size(mine) == 1  # the server has it, but this copy never heard so
        monkeypatch.undo()
        result = sync_now(mine, url, None)
        assert (result.uploaded, result.already_there) == (0, 1)
        assert outbox_size(mine) == 0
    assert seeded_board.scalar("SELECT count(*) FROM annotation WHERE uuid = %s", written) == 1


@pytest.mark.parametrize("stage", ["download: fetched", "download: applied"])
def test_a_crash_mid_download_leaves_the_checkpoint_with_its_data(seeded_board: Board, tmp_path, monkeypatch, stage):
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    cal, cal_url = seeded_board.add("Cal Chair", Role.CHAIR)
    with copy(tmp_path, "mia") as mine, copy(tmp_path, "cal") as chairs:
        sync_now(mine, mia_url, None)
        sync_now(chairs, cal_url, None)
        for n in range(3):
            note(chairs, cal, f"chair's note {n}")
        sync_now(chairs, cal_url, None)
        note(mine, mia, "mine, written offline")
        before = checkpoint(mine)

        def crash(at: str) -> None:
            if at == stage:
                raise Stop(at)

        monkeypatch.setattr(download, "step", crash)
        with pytest.raises(Stop):
            sync_now(mine, mia_url, None)
        assert checkpoint(mine) == before  # never ahead of the data it stands for
        assert outbox_size(mine) == 0  # the upload before it went through and was confirmed
        monkeypatch.undo()
        sync_now(mine, mia_url, None)
        assert local_state(mine) == server_state(seeded_board)
    assert seeded_board.scalar("SELECT count(*) FROM annotation") == 4


@pytest.mark.parametrize("clock", [timedelta(days=-1), datetime(2099, 1, 1, tzinfo=UTC)])
def test_laptop_clocks_a_day_out_or_in_2099_change_nothing(seeded_board: Board, tmp_path, monkeypatch, clock):
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    with copy(tmp_path, "mia") as mine, copy(tmp_path, "sam") as sams:
        sync_now(mine, mia_url, None)
        sync_now(sams, sam_url, None)
        action = actions(sams)[0]
        set_status(sams, sam, action, ActionStatus.COMPLETE)
        sync_now(sams, sam_url, None)
        wrong = (lambda: datetime.now(UTC) + clock) if isinstance(clock, timedelta) else (lambda: clock)
        for module in (annotations, outbox):
            monkeypatch.setattr(module, "utc_now", wrong)
        written = note(mine, mia, "written with a wrong clock")
        set_status(sams, sam, action, ActionStatus.IN_PROGRESS)  # made later, whatever the clock says
        sync_now(mine, mia_url, None)
        sync_now(sams, sam_url, None)
        sync_now(mine, mia_url, None)
        assert local_state(mine) == local_state(sams) == server_state(seeded_board)
    assert seeded_board.scalar("SELECT status FROM action WHERE uuid = %s", action) == "in_progress"
    assert seeded_board.scalar("SELECT written_at <= now() AT TIME ZONE 'UTC' FROM annotation WHERE uuid = %s", written)


def test_deletions_travel_as_tombstones_and_past_the_horizon_a_copy_downloads_everything(seeded_board: Board, tmp_path):
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "mia") as mine:
        sync_now(sams, sam_url, None)
        sync_now(mine, mia_url, None)
        with sams.session(sam.label) as session:
            gone = session.scalars(select(Target.uuid)).first()
            session.delete(session.scalars(select(Target).where(Target.uuid == gone)).one())
        sync_now(sams, sam_url, None)
        assert not sync_now(mine, mia_url, None).full_download
        with mine.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM target WHERE uuid = :u"), {"u": gone.hex}).scalar() == 0
        # Another deletion, then the server forgets deletions: a copy that has not seen it
        # cannot be told, so it downloads everything.
        with sams.session(sam.label) as session:
            session.execute(delete(Target).where(Target.id == session.scalars(select(Target.id)).first()))
        with seeded_board.admin_connection() as admin:
            admin.execute("DELETE FROM target WHERE id = (SELECT min(id) FROM target)")
            admin.execute("SELECT board_prune_tombstones('0 seconds')")
        assert sync_now(mine, mia_url, None).full_download
        with mine.engine.connect() as connection:
            local_targets = connection.execute(text("SELECT count(*) FROM target")).scalar()
    assert local_targets == seeded_board.scalar("SELECT count(*) FROM target")


def test_an_observers_copy_never_holds_an_exempt_item(seeded_board: Board, tmp_path):
    with seeded_board.admin_connection() as admin:
        admin.execute("UPDATE requirement SET exempt = true WHERE id IN (SELECT id FROM requirement LIMIT 4)")
        admin.execute("UPDATE action SET exempt = true WHERE id IN (SELECT id FROM action LIMIT 3)")
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    _, olu_url = seeded_board.add("Olu Observer", Role.OBSERVER)
    with copy(tmp_path, "mia") as mine, copy(tmp_path, "olu") as olus:
        sync_now(mine, mia_url, None)
        exempt_action = _exempt_actions(mine)[0]
        note(mine, mia, "about an exempt action", target=exempt_action)
        sync_now(mine, mia_url, None)
        sync_now(olus, olu_url, None)
        assert _exempt_count(olus) == 0
        # Marked exempt later: gone from the observer's copy at the next sync.
        with seeded_board.admin_connection() as admin:
            admin.execute("UPDATE requirement SET exempt = true WHERE id = (SELECT max(id) FROM requirement)")
        sync_now(olus, olu_url, None)
        assert _exempt_count(olus) == 0
        assert _exempt_count(mine) > 0


def _exempt_actions(database):  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        return [uuid.UUID(r[0]) for r in connection.execute(text("SELECT uuid FROM action WHERE exempt")).all()]


def _exempt_count(database) -> int:  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        return sum(
            connection.execute(text(f"SELECT count(*) FROM {table} WHERE exempt")).scalar_one()
            for table in ("requirement", "action", "annotation")
        )


def test_a_refused_change_is_kept_with_the_servers_reason(seeded_board: Board, tmp_path):
    _, url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    with copy(tmp_path, "sam") as mine:
        sam = first_sync(mine, url)
        set_status(mine, sam, actions(mine)[0], ActionStatus.COMPLETE)
        seeded_board.add("Sam Secretariat", Role.MEMBER)  # the board moved Sam before this sync
        result = sync_now(mine, url, None)
        assert len(result.refused) == 1 and "refused" in result.refused[0]
        assert sync_status(mine).refused == 1 and sync_status(mine).pending_changes == 0
        assert local_state(mine) == server_state(seeded_board)  # the server's value shows again


def test_errors_say_what_is_wrong(seeded_board: Board, tmp_path):
    with copy(tmp_path, "x") as database:
        with pytest.raises(NoRoute, match="cannot reach"):
            sync_now(database, "postgresql+psycopg://someone@127.0.0.1:1/board", None)
        with pytest.raises(WrongPassword, match="no login"):
            sync_now(database, seeded_board.url_for("nobody_at_all"), None)
        _, url = seeded_board.add("Mia Member", Role.MEMBER)
        with seeded_board.admin_connection() as admin:
            admin.execute("UPDATE alembic_version SET version_num = '0003'")
            with pytest.raises(ServerTooOld, match="server init"):
                sync_now(database, url, None)
            admin.execute("UPDATE alembic_version SET version_num = 'ffff'")
            with pytest.raises(ServerTooNew, match="newer Board App"):
                sync_now(database, url, None)
    wrong = explain(psycopg.OperationalError('FATAL:  password authentication failed for user "x"'),
                    ServerAddress.parse("postgresql+psycopg://x@h/board"))
    assert isinstance(wrong, WrongPassword) and "check the password" in str(wrong)
