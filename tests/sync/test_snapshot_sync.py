"""The overview snapshot across copies: a sync download and a change file applied keep
it equal to the board judged afresh in the same transaction; the board server, which
climbs the same schema ladder, keeps the tables empty (as it does every local-only
table) and has no trigger to fill them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from boardapp.domain.periods import Period
from boardapp.domain.terms import AnnotatedKind, AnnotationKind, ReadingStatus, Role
from boardapp.exchange.change_files import export_changes, import_changes
from boardapp.store import migrations, snapshot
from boardapp.store.annotations import add_note
from boardapp.store.connection import open_database
from boardapp.store.models import Indicator, Requirement
from boardapp.store.reading_edits import ReadingChange, apply_readings
from boardapp.store.sync.service import sync_now
from tests.store.snapshot_checks import assert_current, row_of
from tests.sync.boards import offline_board
from tests.sync.conftest import Board
from tests.sync.helpers import copy, first_sync
from tests.sync.signing import acting


def test_readings_downloaded_from_the_board_server_are_judged_into_the_snapshot(seeded_board: Board, tmp_path):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, ann_url = seeded_board.add("Ann Member", Role.MEMBER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "ann") as anns:
        sam = first_sync(sams, sam_url)
        first_sync(anns, ann_url)
        with anns.engine.begin() as connection:  # as the window does when it first shows the board
            snapshot.rebuild(connection)
        before = row_of(assert_current(anns), "NI 59")
        with sams.session(sam.label) as session:
            apply_readings(session, sam, [
                ReadingChange("NI 59", Period.month(2011, 9), 51.5, None, None, ReadingStatus.VALIDATED),
            ], source="september.xlsx", today=date(2011, 10, 20))
        sync_now(sams, sam_url, None)
        sync_now(anns, ann_url, None)
        after = row_of(assert_current(anns), "NI 59")
    assert "51.5%" in after.headline and after != before


def test_the_board_server_keeps_the_snapshot_tables_empty_and_makes_no_trigger(seeded_board: Board, tmp_path):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    with copy(tmp_path, "sam") as sams:
        sam = first_sync(sams, sam_url)
        with sams.engine.begin() as connection:
            snapshot.rebuild(connection)
        with sams.session(sam.label) as session:
            apply_readings(session, sam, [
                ReadingChange("NI 59", Period.month(2011, 9), 51.5, None, None, ReadingStatus.VALIDATED),
            ], source="september.xlsx", today=date(2011, 10, 20))
        assert sync_now(sams, sam_url, None).uploaded
    assert seeded_board.scalar("SELECT version_num FROM alembic_version") == migrations.head_revision()
    for table in ("overview_snapshot", "overview_snapshot_indicator", "overview_snapshot_state",
                  "overview_snapshot_dirty"):
        assert seeded_board.scalar(f"SELECT count(*) FROM {table}") == 0
    assert seeded_board.scalar(
        "SELECT count(*) FROM information_schema.triggers WHERE trigger_name LIKE 'overview_snapshot%%'") == 0


def test_a_change_file_applied_is_judged_into_the_snapshot(tmp_path, demo_file):
    offline = offline_board(tmp_path, demo_file)
    laptop = offline.laptop("Mo Member")  # a synthetic copy that took the board from the publication
    with open_database(laptop) as database:
        assert_current(database)
        mo = acting(laptop)
        with database.session(mo.label) as session:
            requirement = session.scalars(select(Requirement).join(Requirement.indicators)
                                          .where(Indicator.code == "NI 59")).first()
            add_note(session, mo, AnnotatedKind.REQUIREMENT, requirement.uuid, AnnotationKind.QUESTION, "Why?")
        export_changes(database, tmp_path / "mo.changes")
    with open_database(offline.secretariat) as database:
        before = row_of(assert_current(database), "NI 59").open_notes
    import_changes(tmp_path / "mo.changes", offline.secretariat, acting(offline.secretariat))
    with open_database(offline.secretariat) as database:
        assert row_of(assert_current(database), "NI 59").open_notes == before + 1
