"""Readings imported in bulk on one laptop reach the board server and every other copy:
new ones, revised ones (with the value they replaced), and their revisions."""

from __future__ import annotations

from datetime import date

from boardapp.domain.periods import Period
from boardapp.domain.terms import ReadingStatus, Role
from boardapp.store.reading_edits import ReadingChange, apply_readings
from boardapp.store.sync.service import sync_now, sync_status
from tests.sync.conftest import Board
from tests.sync.helpers import copy, first_sync, local_state, server_state


def test_an_import_on_one_laptop_reaches_the_server_and_the_others(seeded_board: Board, tmp_path):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, ann_url = seeded_board.add("Ann Member", Role.MEMBER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "ann") as anns:
        sam = first_sync(sams, sam_url)
        first_sync(anns, ann_url)
        with sams.session(sam.label) as session:
            plan = apply_readings(session, sam, [
                ReadingChange("NI 59", Period.month(2011, 9), 81.0, 810, 1000, ReadingStatus.PROVISIONAL),
                ReadingChange("NI 59", Period.month(2011, 8), 80.9, None, None, ReadingStatus.VALIDATED),
            ], source="september.xlsx", today=date(2011, 10, 20))
        assert [item.outcome.value for item in plan.items] == ["new", "revised"]
        assert sync_status(sams).pending_changes == 3  # a new reading, a changed one, its revision
        result = sync_now(sams, sam_url, None)
        assert result.uploaded == 3 and not result.refused and sync_status(sams).pending_changes == 0
        sync_now(anns, ann_url, None)
        assert local_state(sams) == local_state(anns) == server_state(seeded_board)
    assert seeded_board.scalar(
        "SELECT value FROM reading r JOIN indicator i ON i.id = r.indicator_id WHERE i.code = 'NI 59' "
        "AND r.period = '2011-08'") == 80.9
    assert seeded_board.scalar(
        "SELECT count(*) FROM reading_revision v JOIN reading r ON r.id = v.reading_id "
        "WHERE r.period = '2011-08' AND v.old_value = 80.5 AND v.new_value = 80.9") == 1
