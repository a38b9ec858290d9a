"""The pack is for a meeting by default: with no date and no meeting, the last
Improvement Board held, else the next one (judged as at today until it is held), else
as at today; ``--meeting`` takes a date; the meeting's covering-report text reaches
the pack's content as written."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import delete

from boardapp.__main__ import main
from boardapp.domain.terms import DatePrecision, MeetingKind, Role
from boardapp.exchange.pack import PackError, export_pack
from boardapp.store import board, identity, meetings
from boardapp.store.connection import open_database
from boardapp.store.meetings import MeetingText
from boardapp.store.models import Meeting
from tests.exchange.test_pack import labelled
from tests.people import person_at

PRODUCED = datetime(2011, 12, 1, 9, 30, tzinfo=UTC)


def cover(path: Path) -> dict[str, object]:
    """The cover's facts by their labels (each fact under its label, in column A)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Cover").to_python()
    return {label: labelled(rows, label) for label in ("Meeting", "As at")}


def export(path: Path, out: Path, **options):
    with open_database(path, read_only=True) as database:
        return export_pack(database, out, who=identity.acting(database), produced=PRODUCED, **options)


def test_with_no_date_or_meeting_the_pack_is_for_the_last_improvement_board_held(pristine_demo, tmp_path):
    summary = export(pristine_demo, tmp_path / "default.xlsx")
    assert summary.meeting is not None and summary.meeting.label == "Improvement Board, November 2011"
    assert summary.meeting.kind is MeetingKind.BOARD
    assert summary.as_at == date(2011, 11, 1)
    page = cover(tmp_path / "default.xlsx")
    assert page["Meeting"] == "Improvement Board, November 2011"
    assert page["As at"] == date(2011, 11, 1)
    # The same pack as naming the meeting.
    named = export(pristine_demo, tmp_path / "named.xlsx", meeting=str(summary.meeting.uuid))
    assert (named.meeting, named.as_at) == (summary.meeting, summary.as_at)
    # An as-at date alone names no meeting, as before.
    dated = export(pristine_demo, tmp_path / "dated.xlsx", as_at=date(2011, 11, 30))
    assert dated.meeting is None and dated.as_at == date(2011, 11, 30)


@pytest.mark.parametrize(("text", "label"), [
    ("2011-11", "Improvement Board, November 2011"),
    ("2011-11-01", "Improvement Board, November 2011"),
    ("2011-11-02", "Executive Board: most recent improvement update, 2 November 2011"),
    ("2010-10", "Improvement Board, October 2010"),
])
def test_a_meeting_by_its_date(pristine_demo, tmp_path, text, label):
    summary = export(pristine_demo, tmp_path / "p.xlsx", meeting=text)
    assert summary.meeting.label == label and summary.as_at == summary.meeting.as_at


def test_a_date_that_names_no_one_meeting_is_refused_and_nothing_is_written(pristine_demo, tmp_path):
    target = tmp_path / "p.xlsx"
    with pytest.raises(PackError, match="^3 meetings were held in November 2007: give the number or the id"):
        export(pristine_demo, target, meeting="2007-11")
    with pytest.raises(PackError, match="no meeting in this database was held on 5 January 2012"):
        export(pristine_demo, target, meeting="2012-01-05")
    with pytest.raises(PackError, match="'2011-13' is not a date"):
        export(pristine_demo, target, meeting="2011-13")
    assert not target.exists()


def _only_boards(path: Path, *held: date) -> None:
    with open_database(path) as database, database.session("test") as session:
        session.execute(delete(Meeting).where(Meeting.kind == MeetingKind.BOARD))
        for day in held:
            session.add(Meeting(kind=MeetingKind.BOARD, title="Improvement Board", held_on=day,
                                date_precision=DatePrecision.DAY, as_at=day, source="test"))


def test_with_only_boards_to_come_the_pack_is_for_the_next_judged_as_at_today(demo_db, tmp_path):
    today = date.today()
    _only_boards(demo_db, today + timedelta(days=70), today + timedelta(days=40))
    summary = export(demo_db, tmp_path / "next.xlsx")
    assert summary.meeting.held_on == today + timedelta(days=40)
    assert summary.as_at == today  # nothing after today is known yet
    assert cover(tmp_path / "next.xlsx")["Meeting"] == summary.meeting.label


def test_with_no_improvement_board_the_pack_is_as_at_today(demo_db, tmp_path):
    _only_boards(demo_db)
    summary = export(demo_db, tmp_path / "today.xlsx")
    assert summary.meeting is None and summary.as_at == date.today()


def test_the_covering_text_written_for_the_meeting_reaches_the_pack_as_written(demo_db, tmp_path):
    conclusion, asks = "=SUM(A1) is text.\n\nLeeds has met 14 of 23.", "DfE is asked to lift the Notice."
    sam = person_at(demo_db, "Sam Secretariat", Role.SECRETARIAT)
    with open_database(demo_db) as database:
        with database.session() as session:
            chosen = board.find_meeting(session, "2011-11")
        with database.session(sam.label) as session:
            meetings.set_text(session, sam, chosen.uuid, MeetingText(conclusion, asks))
    summary = export(demo_db, tmp_path / "p.xlsx")
    assert (summary.meeting.conclusion, summary.meeting.asks) == (conclusion, asks)


def test_the_command_line_default_and_date(pristine_demo, tmp_path, capsys):
    out = tmp_path / "pack.xlsx"
    assert main(["--db", str(pristine_demo), "export-pack", "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert said.out.startswith("wrote the board pack as at 1 November 2011 (Improvement Board, November 2011)")
    assert main(["--db", str(pristine_demo), "export-pack", "--out", str(out), "--meeting", "2011-11-02"]) == 0
    assert "as at 2 November 2011 (Executive Board: most recent improvement update" in capsys.readouterr().out
    assert main(["--db", str(pristine_demo), "export-pack", "--out", str(out), "--meeting", "2007-11"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("boardapp: 3 meetings were held in November 2007")
    assert err.count("\n  ") == 3  # one line a candidate: number, id, title
