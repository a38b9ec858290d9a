"""A change the board server refused is kept with its reason, and can be corrected and
sent again, within the role's rights, or discarded."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from boardapp.domain.permissions import NotAllowed
from boardapp.domain.terms import ActionStatus, Role
from boardapp.store import identity
from boardapp.store.models import OutboxEntry
from boardapp.store.sync.errors import SyncError
from boardapp.store.sync.refused import discard, list_refused, resend
from boardapp.store.sync.service import sync_now, sync_status
from tests.sync.conftest import Board
from tests.sync.helpers import actions, copy, first_sync, note, set_status


def _status(database, action) -> str:  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT status FROM action WHERE uuid = :u"), {"u": action.hex}).scalar_one()


def test_a_refused_change_is_corrected_and_sent_again_within_the_roles_rights(seeded_board: Board, tmp_path):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    with copy(tmp_path, "sam") as sams:
        sam = first_sync(sams, sam_url)
        action = actions(sams)[0]
        was = _status(sams, action)
        set_status(sams, sam, action, ActionStatus.COMPLETE)
        seeded_board.add("Sam Secretariat", Role.MEMBER)  # the board moved Sam before this sync
        result = sync_now(sams, sam_url, None)
        assert len(result.refused) == 1 and "for your role" in result.refused[0]
        assert _status(sams, action) == was  # the server's value shows again
        [refused] = list_refused(sams)
        assert refused.what == "update of action" and refused.values["status"] == "complete"
        assert "status" in refused.editable and "for your role" in refused.reason
        now_a_member = identity.acting(sams)
        assert now_a_member.role is Role.MEMBER
        with pytest.raises(NotAllowed):
            resend(sams, now_a_member, refused.op_id, {"status": "in progress"})
        assert sync_status(sams).refused == 1

        seeded_board.add("Sam Secretariat", Role.SECRETARIAT)  # and back
        sync_now(sams, sam_url, None)
        sam = identity.acting(sams)
        with pytest.raises(SyncError, match="uuid: not a value"):
            resend(sams, sam, refused.op_id, {"uuid": "x"})
        resend(sams, sam, refused.op_id, {"status": "overdue"})
        assert _status(sams, action) == "overdue"  # shown at once
        # The change goes again with the revision it wrote (refused with it, never listed on its own).
        assert sync_status(sams).refused == 0 and sync_status(sams).pending_changes == 2
        with sams.engine.connect() as connection:
            payload = json.loads(connection.execute(
                select(OutboxEntry.payload).where(OutboxEntry.table_name == "action")).scalar_one())
            recorded = json.loads(connection.execute(text("SELECT changes FROM revision WHERE item_uuid = :u"),
                                                     {"u": action.hex}).scalar_one())
        assert payload["status"] == [was, "overdue"]  # from the value shown, so no false conflict
        assert recorded == {"status": [was, "overdue"]}  # the revision records the change as resent
        result = sync_now(sams, sam_url, None)
        assert result.refused == [] and result.uploaded == 2 and result.conflicts_recorded == 0
    assert seeded_board.scalar("SELECT status FROM action WHERE uuid = %s", action) == "overdue"
    assert seeded_board.scalar("SELECT changes FROM revision WHERE item_uuid = %s", action) == json.dumps(
        {"status": [was, "overdue"]})


def test_a_refused_note_is_discarded_with_its_row(seeded_board: Board, tmp_path):
    _, url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "mia") as mine:
        sync_now(mine, url, None)
        mia = identity.acting(mine)
        seeded_board.add("Mia Member", Role.OBSERVER)  # observers write no notes
        written = note(mine, mia, "Sent after I became an observer")
        assert len(sync_now(mine, url, None).refused) == 1
        [refused] = list_refused(mine)
        assert refused.row_uuid == written and "text" in refused.editable and "author_name" not in refused.editable
        discard(mine, identity.acting(mine), refused.op_id)
        assert list_refused(mine) == [] and sync_status(mine).refused == 0
        with mine.engine.connect() as connection:
            assert connection.execute(
                text("SELECT count(*) FROM annotation WHERE uuid = :u"), {"u": written.hex}).scalar_one() == 0
