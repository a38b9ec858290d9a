"""The meeting as the unit of a pack: its covering-report text (kept, audited, queued for
the board server, refused to a role that may not write it), migration 0006 on SQLite,
held or planned, the default meeting, and finding a meeting by its date."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from boardapp.domain.permissions import NotAllowed, Permission, why_not
from boardapp.domain.terms import MeetingKind, Role
from boardapp.store import board, meetings, migrations
from boardapp.store.board import MeetingRow, NoSuchMeeting
from boardapp.store.connection import SaveFailed, open_database
from boardapp.store.edits import EditError
from boardapp.store.meetings import MeetingText, MeetingTextError
from boardapp.store.models import AuditEntry, Base, Meeting, OutboxEntry
from tests import raw
from tests.conftest import file_digest
from tests.people import person
from tests.store.test_migrations import make_revision_0004_file

CONCLUSION = ("Leeds has met 14 of the 23 requirements.\n\nReferrals and assessments remain the risk:"
              " =SUM(A1) stays text.")
ASKS = "DfE is asked to note the progress and to agree that the Notice be lifted in March 2012."


@pytest.fixture
def sam(db):
    return person(db, "Sam Secretariat", Role.SECRETARIAT)


def _meeting(db, label: str) -> MeetingRow:
    with db.session() as session:
        return next(m for m in board.meetings(session) if m.label == label)


NOVEMBER_BOARD = "Improvement Board, November 2011"


# --- the text: kept, audited, queued ----------------------------------------------------------


def test_the_secretariat_writes_the_text_and_it_is_read_back_audited_and_queued(db, sam):
    target = _meeting(db, NOVEMBER_BOARD)
    assert (target.conclusion, target.asks) == ("", "")
    with db.session(sam.label) as session:
        before = meetings.set_text(session, sam, target.uuid, MeetingText(f"  {CONCLUSION}\r\n", ASKS))
    assert before == MeetingText("", "")
    row = _meeting(db, NOVEMBER_BOARD)
    assert (row.conclusion, row.asks) == (CONCLUSION, ASKS)  # as written, the blank around it and \r gone
    with db.session() as session:
        assert meetings.text_of(session, target.uuid) == MeetingText(CONCLUSION, ASKS)
        log = session.scalars(select(AuditEntry).where(AuditEntry.row_uuid == target.uuid,
                                                       AuditEntry.operation != "insert")).all()
        queued = session.scalars(select(OutboxEntry).where(OutboxEntry.row_uuid == target.uuid)).all()
    assert [(e.operation, e.actor, sorted(json.loads(e.changes))) for e in log] == [
        ("update", sam.label, ["asks", "conclusion"])]
    assert [(e.table_name, e.operation) for e in queued] == [("meeting", "update")]
    assert json.loads(queued[0].payload) == {"conclusion": ["", CONCLUSION], "asks": ["", ASKS]}
    # Only that meeting changed.
    others = [m for m in _all(db) if m.uuid != target.uuid]
    assert all((m.conclusion, m.asks) == ("", "") for m in others)

    # Changed again, and undone: each is its own queued update, the old text is what comes back.
    with db.session(sam.label) as session:
        before = meetings.set_text(session, sam, target.uuid, MeetingText(CONCLUSION, ""))
        assert before == MeetingText(CONCLUSION, ASKS)
        meetings.set_text(session, sam, target.uuid, before)
    assert (_meeting(db, NOVEMBER_BOARD).asks) == ASKS
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)
                              .where(OutboxEntry.row_uuid == target.uuid)) == 3


def _all(db) -> list[MeetingRow]:
    with db.session() as session:
        return board.meetings(session)


def _counts(db) -> tuple[int, int]:
    with db.session() as session:
        return (session.scalar(select(func.count()).select_from(AuditEntry)),
                session.scalar(select(func.count()).select_from(OutboxEntry)))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.OBSERVER])
def test_a_role_that_may_not_write_it_is_refused_in_the_store_with_the_windows_sentence(db, role):
    who = person(db, "Someone", role)
    target = _meeting(db, NOVEMBER_BOARD)
    counts = _counts(db)
    reason = why_not(role, Permission.EDIT_MEETINGS)
    assert reason == f"Only the secretariat can write a meeting's conclusion and asks; you are signed in as {role.value}."
    with db.session(who.label) as session:
        with pytest.raises(NotAllowed) as refused:
            meetings.set_text(session, who, target.uuid, MeetingText(CONCLUSION, ASKS))
        assert str(refused.value) == reason
        with pytest.raises(NotAllowed):
            meetings.check_text(who, MeetingText(CONCLUSION, ASKS))
    row = _meeting(db, NOVEMBER_BOARD)
    assert (row.conclusion, row.asks) == ("", "")
    assert _counts(db) == counts


def test_bad_text_is_refused_naming_the_field_and_nothing_is_written(db, sam):
    target = _meeting(db, NOVEMBER_BOARD)
    counts = _counts(db)
    too_long = "x" * (meetings.MAX_TEXT + 1)
    with db.session(sam.label) as session:
        with pytest.raises(MeetingTextError, match=r"^Asks: at most 32,000 characters.*it has 32,001$"):
            meetings.set_text(session, sam, target.uuid, MeetingText(CONCLUSION, too_long))
        with pytest.raises(MeetingTextError, match="^Conclusion: text without NUL"):
            meetings.set_text(session, sam, target.uuid, MeetingText("a\x00b", ""))
        with pytest.raises(EditError, match="that meeting is not in this database"):
            meetings.set_text(session, sam, uuid.uuid4(), MeetingText(CONCLUSION, ASKS))
    assert _counts(db) == counts
    # The most an Excel cell can hold whole is taken.
    with db.session(sam.label) as session:
        meetings.set_text(session, sam, target.uuid, MeetingText("y" * meetings.MAX_TEXT, ""))
    assert len(_meeting(db, NOVEMBER_BOARD).conclusion) == meetings.MAX_TEXT


def test_a_read_only_database_refuses_the_save_saying_why_and_keeps_nothing(demo_template, tmp_path, sam):
    path = tmp_path / "board.sqlite"
    shutil.copyfile(demo_template, path)
    digest = file_digest(path)
    with open_database(path, read_only=True) as database:
        target = _meeting(database, NOVEMBER_BOARD)
        with pytest.raises(SaveFailed, match="cannot be written"), database.session(sam.label) as session:
            meetings.set_text(session, sam, target.uuid, MeetingText(CONCLUSION, ASKS))
    assert file_digest(path) == digest


# --- migration 0006 on SQLite ----------------------------------------------------------------

MEETING_ROW = (
    "INSERT INTO meeting (kind, title, held_on, date_precision, as_at, source, uuid, created_at, updated_at)"
    " VALUES ('board', 'Improvement Board', '2011-11-01', 'month', '2011-11-01', '003', '{uuid}',"
    " '2011-11-01 00:00:00', '2011-11-01 00:00:00')"
)


def test_a_database_at_0005_is_backed_up_and_migrated_with_its_meetings_kept(tmp_path, sam):
    path = tmp_path / "at-0005.sqlite"
    make_revision_0004_file(path)
    engine = raw.engine(path)
    migrations.upgrade(engine, "0005")
    with engine.begin() as connection:
        connection.exec_driver_sql(MEETING_ROW.format(uuid="6" * 32))
    engine.dispose()
    before = raw.connect(path).execute("SELECT * FROM meeting").fetchall()

    # Read-only (not migrated), the meetings are listed, with no text.
    with open_database(path, read_only=True) as database:
        assert database.revision == "0005"
        assert [(m.label, m.conclusion, m.asks) for m in _all(database)] == [(NOVEMBER_BOARD, "", "")]

    with open_database(path) as database:
        assert database.revision == migrations.head_revision()
        row = _meeting(database, NOVEMBER_BOARD)
        assert (row.conclusion, row.asks) == ("", "")
    backups = migrations.backups_of(path)
    assert len(backups) == 1 and ".rev-0005." in backups[0].name
    con = raw.connect(path)
    # Every old column kept its value; the new ones are '' (the server default).
    after = con.execute("SELECT * FROM meeting").fetchall()
    assert [r[: len(before[0])] for r in after] == before
    assert [r[len(before[0]):] for r in after] == [("", "")]
    con.close()
    with open_database(path) as database, database.session(sam.label) as session:
        meetings.set_text(session, sam, row.uuid, MeetingText(CONCLUSION, ASKS))
    con = raw.connect(path)
    assert con.execute("SELECT conclusion, asks FROM meeting").fetchall() == [(CONCLUSION, ASKS)]
    # A meeting written without the new columns (an older copy's insert) gets '' from the server default.
    con.execute(MEETING_ROW.format(uuid="7" * 32))
    assert con.execute("SELECT conclusion, asks FROM meeting WHERE uuid = ?", ["7" * 32]).fetchone() == ("", "")
    con.close()
    # The migrated schema is the models' schema.
    engine = raw.engine(path)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def test_0006_downgrades_to_0005_and_climbs_again(tmp_path):
    from alembic import command

    path = tmp_path / "down.sqlite"
    make_revision_0004_file(path)
    engine = raw.engine(path)
    migrations.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(MEETING_ROW.format(uuid="6" * 32))
        connection.exec_driver_sql("UPDATE meeting SET conclusion = 'kept until 0005'")
    for revision, down in (("0005", True), ("head", False)):
        with engine.connect() as connection:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
            with connection.begin():
                config = migrations._config()
                config.attributes["connection"] = connection
                (command.downgrade if down else command.upgrade)(config, revision)
        columns = [r[1] for r in raw.connect(path).execute("PRAGMA table_info(meeting)")]
        assert ("conclusion" in columns) is not down
    with engine.begin() as connection:
        assert connection.exec_driver_sql("SELECT title, conclusion, asks FROM meeting").fetchall() == [
            ("Improvement Board", "", "")]
    engine.dispose()


# --- held or planned, the default meeting, a meeting by its date ----------------------------


def _row(held_on: date, *, kind=MeetingKind.BOARD, title="Improvement Board", month_only=False) -> MeetingRow:
    return MeetingRow(uuid.uuid4(), kind, title, held_on, month_only, held_on)


def test_held_or_planned():
    today = date(2011, 11, 15)
    assert not _row(date(2011, 11, 15)).planned_on(today)  # held today
    assert _row(date(2011, 11, 16)).planned_on(today)
    # Known only by its month: planned until the month is over.
    assert _row(date(2011, 11, 1), month_only=True).planned_on(today)
    assert not _row(date(2011, 11, 1), month_only=True).planned_on(date(2011, 11, 30))
    assert not _row(date(2011, 10, 1), month_only=True).planned_on(today)
    # A source that announces a meeting still to come, however long ago: not known to be held.
    announced = _row(date(2020, 3, 1), kind=MeetingKind.EXECUTIVE_BOARD, month_only=True,
                     title="Executive Board: report on progress (planned)")
    assert announced.planned_on(date(2026, 12, 3)) and announced.planned
    assert MeetingRow(uuid.uuid4(), MeetingKind.BOARD, "x", date(2011, 1, 1), False, date(2011, 1, 1)).conclusion == ""


def test_the_demo_lists_its_meetings_held_and_planned(db):
    listed = _all(db)
    planned = [m.label for m in listed if m.planned_on(date(2026, 12, 3))]
    assert planned == [("Executive Board: report on progress against the Children and Families Service"
                        " Improvement Plan (planned), March 2020")]
    assert {m.kind_words for m in listed} == {"Improvement Board", "DfE progress review", "Executive Board",
                                              "Scrutiny board", "Other meeting"}


def test_the_default_meeting_is_the_last_improvement_board_held_else_the_next(db):
    with db.session() as session:
        chosen = board.default_meeting(session, date(2026, 12, 3))
        assert chosen.label == NOVEMBER_BOARD and chosen.kind is MeetingKind.BOARD
        # On 20 May 2011: the board of 9 May, not the DfE review that day nor a later board.
        assert board.default_meeting(session, date(2011, 5, 20)).label == (
            "Improvement Board: discussed the interim improvement update for DfE, 9 May 2011")
        # During June 2011 the June board (known only by its month) is not known to be held yet.
        assert board.default_meeting(session, date(2011, 6, 15)).label.endswith("9 May 2011")
        assert board.default_meeting(session, date(2011, 6, 30)).label == "Improvement Board, June 2011"
        # Before the first board: the next one.
        assert board.default_meeting(session, date(2009, 12, 31)).label == "Improvement Board, January 2010"
        # No Improvement Board at all: no default.
        for row in session.scalars(select(Meeting).where(Meeting.kind == MeetingKind.BOARD)):
            session.delete(row)
        session.flush()
        assert board.default_meeting(session, date(2026, 12, 3)) is None


def test_a_meeting_by_its_date(db):
    with db.session() as session:
        def label(text: str) -> str:
            return board.find_meeting(session, text).label

        # The month of the November 2011 update: the Improvement Board, not the DfE update or the Executive Board.
        assert label("2011-11") == label("2011-11-01") == NOVEMBER_BOARD
        assert label(" 2011-11 ") == NOVEMBER_BOARD
        assert label("2011-11-02") == "Executive Board: most recent improvement update, 2 November 2011"
        # A day inside a month-only meeting's month finds it.
        assert label("2011-10-14") == "Improvement Board, October 2011"
        assert label("2011-5") == "Improvement Board: discussed the interim improvement update for DfE, 9 May 2011"
        assert label("2011-05-20").startswith("Progress Review Meeting with DfE")
        # No Improvement Board then: the one meeting then.
        assert label("2019-03").startswith("Executive Board: Ofsted Update")
        with pytest.raises(NoSuchMeeting) as ambiguous:
            board.find_meeting(session, "2007-11")
        text = str(ambiguous.value)
        assert text.startswith("3 meetings were held in November 2007: give the number or the id of one of them:")
        listed = board.meetings(session)
        for meeting in listed:
            if (meeting.held_on.year, meeting.held_on.month) == (2007, 11):
                assert f"{listed.index(meeting) + 1:>3}  {meeting.uuid}  {meeting.label}" in text
        with pytest.raises(NoSuchMeeting, match="no meeting in this database was held in January 2012; the nearest"
                                                " before is Executive Board: most recent improvement update"):
            board.find_meeting(session, "2012-01")
        with pytest.raises(NoSuchMeeting, match="'2011-13' is not a date: write 2011-11"):
            board.find_meeting(session, "2011-13")
        with pytest.raises(NoSuchMeeting, match="'2011-02-30' is not a date"):
            board.find_meeting(session, "2011-02-30")
        with pytest.raises(NoSuchMeeting, match="is not a meeting: give its number .* its id, or its date"):
            board.find_meeting(session, "last Tuesday")
        # Numbers and ids as before.
        assert board.find_meeting(session, "1") == listed[0]
        assert board.find_meeting(session, str(listed[3].uuid)) == listed[3]


def test_two_improvement_boards_in_one_month_are_ambiguous(db):
    with db.session("test") as session:
        session.add(Meeting(kind=MeetingKind.BOARD, title="Improvement Board (extraordinary)",
                            held_on=date(2011, 11, 24), as_at=date(2011, 11, 24)))
    with db.session() as session:
        with pytest.raises(NoSuchMeeting, match="^2 Improvement Boards were held in November 2011"):
            board.find_meeting(session, "2011-11")
        assert board.find_meeting(session, "2011-11-24").title == "Improvement Board (extraordinary)"
        assert board.find_meeting(session, "2011-11-01").label == NOVEMBER_BOARD
