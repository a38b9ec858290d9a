"""A meeting's covering-report text travels as other secretariat edits do: written on a
laptop, up through the outbox to the board server, down to every other copy and through
change files; crossed edits are kept as conflicts; only the secretariat may write it
(the store refuses others, and so do the server's grants); and migration 0006 on
PostgreSQL."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select, text

from boardapp.domain.permissions import Identity, NotAllowed
from boardapp.domain.terms import Role
from boardapp.exchange.change_files import export_changes, import_changes
from boardapp.store import board, identity, meetings
from boardapp.store.connection import Database, open_database
from boardapp.store.meetings import MeetingText
from boardapp.store.models import Base, Meeting
from boardapp.store.sync.service import list_conflicts, sync_now, sync_status
from tests.sync.conftest import Board
from tests.sync.helpers import copy, first_sync, migrate_server, outbox_size
from tests.sync.signing import offline_laptop, register, server_copy

CONCLUSION = "Leeds has met 14 of the 23 requirements.\nReferrals and assessments remain the risk."
ASKS = "DfE is asked to note the progress and to agree the timetable for lifting the Notice."


def _november(database: Database) -> uuid.UUID:
    with database.session() as session:
        return board.find_meeting(session, "2011-11").uuid


def _write(database: Database, who: Identity, meeting: uuid.UUID, conclusion: str, asks: str = "") -> None:
    with database.session(who.label) as session:
        meetings.set_text(session, who, meeting, MeetingText(conclusion, asks))


def _local(database: Database, meeting: uuid.UUID) -> tuple[str, str]:
    with database.session() as session:
        found = meetings.text_of(session, meeting)
    return found.conclusion, found.asks


def _server(board_: Board, meeting: uuid.UUID) -> tuple[str, str]:
    with board_.admin_connection() as connection:
        row = connection.execute("SELECT conclusion, asks FROM meeting WHERE uuid = %s", [meeting]).fetchone()
    return row[0], row[1]


def test_the_text_reaches_the_server_and_every_other_copy(seeded_board: Board, tmp_path):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    _, olu_url = seeded_board.add("Olu Observer", Role.OBSERVER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "mia") as mine, copy(tmp_path, "olu") as olus:
        for database, url in ((sams, sam_url), (mine, mia_url), (olus, olu_url)):
            first_sync(database, url)
        sam = identity.acting(sams)
        meeting = _november(sams)
        assert _server(seeded_board, meeting) == ("", "")
        _write(sams, sam, meeting, CONCLUSION, ASKS)
        result = sync_now(sams, sam_url, None)
        assert (result.uploaded, result.refused, result.conflicts_recorded) == (1, [], 0)
        assert outbox_size(sams) == 0
        assert _server(seeded_board, meeting) == (CONCLUSION, ASKS)
        for database, url in ((mine, mia_url), (olus, olu_url)):
            assert not sync_now(database, url, None).full_download
            assert _local(database, meeting) == (CONCLUSION, ASKS)
    assert seeded_board.scalar(
        "SELECT count(*) FROM audit_log WHERE table_name = 'meeting' AND actor = 'Sam Secretariat'") == 1


def test_crossed_edits_of_the_text_are_kept_as_a_conflict(seeded_board: Board, tmp_path):
    sam, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    pat, pat_url = seeded_board.add("Pat Performance", Role.SECRETARIAT)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "pat") as pats:
        sync_now(sams, sam_url, None)
        sync_now(pats, pat_url, None)
        meeting = _november(sams)
        _write(sams, sam, meeting, "Sam's conclusion")
        _write(pats, pat, meeting, "Pat's conclusion")
        assert sync_now(sams, sam_url, None).conflicts_recorded == 0
        assert sync_now(pats, pat_url, None).conflicts_recorded == 1
        sync_now(sams, sam_url, None)
        assert _local(sams, meeting) == _local(pats, meeting) == _server(seeded_board, meeting)
        conflicts = list_conflicts(sams)
        assert [(c.table_name, c.field, c.overwritten_value, c.incoming_value) for c in conflicts] == [
            ("meeting", "conclusion", "Sam's conclusion", "Pat's conclusion")]


def test_only_the_secretariat_may_write_it_in_the_store_and_on_the_server(seeded_board: Board, tmp_path):
    mia, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    _, cal_url = seeded_board.add("Cal Chair", Role.CHAIR)
    with copy(tmp_path, "mia") as mine:
        sync_now(mine, mia_url, None)
        meeting = _november(mine)
        with pytest.raises(NotAllowed, match="Only the secretariat can write a meeting's conclusion and asks"):
            _write(mine, mia, meeting, "Mine")
        assert outbox_size(mine) == 0
        # Written below the store, the server refuses it, and the copy is put back.
        with mine.session(mia.label) as session:
            session.scalars(select(Meeting).where(Meeting.uuid == meeting)).one().conclusion = "Mine"
        result = sync_now(mine, mia_url, None)
        assert result.uploaded == 0 and len(result.refused) == 1 and "meeting" in result.refused[0]
        assert (sync_status(mine).pending_changes, sync_status(mine).refused) == (0, 1)
        assert _local(mine, meeting) == ("", "")
    assert _server(seeded_board, meeting) == ("", "")
    for url in (mia_url, cal_url):
        with seeded_board.connect_as(url) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE meeting SET conclusion = 'crafted'")


def test_the_text_travels_in_a_change_file_once(seeded_board: Board, tmp_path, demo_file):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    # A secretariat laptop that never connects, signed in; its file is signed (issue 13).
    laptop, sam = offline_laptop(tmp_path, demo_file, "Sam Secretariat", Role.SECRETARIAT)
    with open_database(laptop) as offline:
        meeting = _november(offline)
        _write(offline, sam, meeting, CONCLUSION, ASKS)
        assert export_changes(offline, tmp_path / "sam.changes") == 1
    pat = server_copy(tmp_path, "pat", sam_url, "Sam Secretariat")
    register(tmp_path / "pat.sqlite", "Sam Secretariat", laptop)
    first = import_changes(tmp_path / "sam.changes", tmp_path / "pat.sqlite", pat)
    again = import_changes(tmp_path / "sam.changes", tmp_path / "pat.sqlite", pat)
    assert (first.applied, again.applied, again.skipped) == (1, 0, 1)
    with open_database(tmp_path / "pat.sqlite") as pats:
        assert _local(pats, meeting) == (CONCLUSION, ASKS)
        assert sync_now(pats, sam_url, None).refused == []
    assert _server(seeded_board, meeting) == (CONCLUSION, ASKS)


# --- migration 0006 on PostgreSQL -----------------------------------------------------------


MEETING = ("INSERT INTO meeting (kind, title, held_on, date_precision, as_at, source, uuid, created_at, updated_at)"
           " VALUES ('board', 'Improvement Board', '2011-11-01', 'month', '2011-11-01', '003', gen_random_uuid(),"
           " now(), now())")


def test_0006_on_postgresql_keeps_meetings_fills_the_text_and_goes_back_down(engine: Engine):
    migrate_server(engine, "0005")
    with engine.begin() as connection:
        connection.execute(text(MEETING))
    migrate_server(engine, "0006")
    with engine.begin() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0006"
        assert connection.execute(text("SELECT title, conclusion, asks FROM meeting")).all() == [
            ("Improvement Board", "", "")]
        connection.execute(text(MEETING))  # an insert that names no text gets ''
        connection.execute(text("UPDATE meeting SET conclusion = 'kept'"))
        assert connection.execute(text("SELECT count(*) FROM meeting WHERE asks = ''")).scalar() == 2
    migrate_server(engine, "0005", down=True)
    with engine.begin() as connection:
        columns = connection.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'meeting'")).scalars().all()
        assert "conclusion" not in columns and "asks" not in columns
        assert connection.execute(text("SELECT count(*) FROM meeting")).scalar() == 2
    migrate_server(engine, "head")
    with engine.connect() as connection:  # up again: the models' schema, column for column
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
