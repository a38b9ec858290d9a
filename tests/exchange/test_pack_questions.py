"""The question log in the pack: a question raised at one Improvement Board and not
answered is on the next meeting's cover count and Questions sheet, and the one after,
until an answer is recorded; answered at a meeting, it is in that meeting's pack as
answered there and in no later pack. Read back with openpyxl."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.exchange.pack import Audience, export_pack
from boardapp.store import annotations, board, identity
from boardapp.store.connection import open_database
from boardapp.store.models import Requirement
from tests.people import person

PRODUCED = datetime(2011, 12, 1, 9, 30, tzinfo=UTC)
HEADINGS = ["Asked at", "Asked by", "On", "Kind", "Question", "Meetings open", "Where it stands", "Answer",
            "Answered by"]
NEET = "Why is NEET still above 8%?"


def export(path: Path, out: Path, **options) -> Path:
    with open_database(path, read_only=True) as database:
        options.setdefault("who", identity.acting(database))  # the test secretariat (conftest.py)
        export_pack(database, out, produced=PRODUCED, **options)
    return out


def cover_line(pack: Path) -> str:
    """The value under "Questions from earlier meetings" on the cover (column A)."""
    column = [row[0] for row in load_workbook(pack)["Cover"].iter_rows(min_col=1, max_col=1, values_only=True)]
    return column[column.index("Questions from earlier meetings") + 1]


def questions_sheet(pack: Path) -> list[dict[str, object]]:
    ws = load_workbook(pack)["Questions"]
    assert list(ws.tables) == ["QuestionsCarried"] and ws.tables["QuestionsCarried"].ref.startswith("A4:I")
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert list(rows[0]) == HEADINGS
    return [dict(zip(HEADINGS, row)) for row in rows[1:] if row[0] is not None]


def ask(path: Path, name: str, role: Role, text: str, at: str, *, exempt: bool = False) -> None:
    with open_database(path) as database:
        who = person(database, name, role)
        with database.session(who.label) as session:
            meeting = board.find_meeting(session, at)
            requirement = session.scalars(select(Requirement.uuid).where(Requirement.ref == "7")).one()
            annotations.add_note(session, who, AnnotatedKind.REQUIREMENT, requirement, AnnotationKind.QUESTION, text,
                                 meeting=meeting.uuid, exempt=exempt)


def answer(path: Path, text: str, answer_text: str, at: str) -> None:
    with open_database(path) as database:
        who = person(database, "Sam Secretariat", Role.SECRETARIAT)
        with database.session(who.label) as session:
            [note] = [n for n in annotations.list_notes(session) if n.text == text]
            annotations.answer_note(session, who, note.uuid, answer_text,
                                    meeting=board.find_meeting(session, at).uuid)


def test_an_unanswered_question_is_carried_to_each_next_pack_until_it_is_answered(demo_db, tmp_path):
    ask(demo_db, "Ann Member", Role.MEMBER, NEET, "2011-09")

    september = export(demo_db, tmp_path / "september.xlsx", meeting="2011-09")
    assert cover_line(september) == "No questions from earlier meetings are open"  # asked at this meeting
    assert questions_sheet(september) == []
    assert load_workbook(september)["Questions"]["E5"].value == "No questions from earlier meetings are open."

    october = export(demo_db, tmp_path / "october.xlsx", meeting="2011-10")
    assert cover_line(october) == "1 question from an earlier meeting still open, 1 meeting old"
    assert questions_sheet(october) == [{
        "Asked at": "Improvement Board, September 2011", "Asked by": "Ann Member",
        "On": next(n for n in _notes(demo_db)).target_label, "Kind": "Question", "Question": NEET,
        "Meetings open": 1, "Where it stands": "Still open", "Answer": None, "Answered by": None}]

    ask(demo_db, "Ann Member", Role.MEMBER, "And the caseloads?", "2011-10")
    november = export(demo_db, tmp_path / "november.xlsx", meeting="2011-11")
    assert cover_line(november) == "2 questions from earlier meetings still open, oldest 2 meetings old"
    assert [(r["Question"], r["Meetings open"]) for r in questions_sheet(november)] == [
        (NEET, 2), ("And the caseloads?", 1)]

    # Answered at the November board: in November's pack as answered there, still open in October's.
    answer(demo_db, NEET, "The new definition added 400 young people.", "2011-11")
    november = export(demo_db, tmp_path / "november-after.xlsx", meeting="2011-11")
    assert cover_line(november) == ("1 question from an earlier meeting still open, 1 meeting old; "
                                    "1 question from earlier meetings answered at this meeting")
    rows = questions_sheet(november)
    assert [(r["Question"], r["Where it stands"], r["Answer"], r["Answered by"]) for r in rows] == [
        ("And the caseloads?", "Still open", None, None),
        (NEET, "Answered at this meeting", "The new definition added 400 young people.", "Sam Secretariat")]
    october = export(demo_db, tmp_path / "october-after.xlsx", meeting="2011-10")
    assert cover_line(october) == "1 question from an earlier meeting still open, 1 meeting old"
    assert [(r["Question"], r["Answer"]) for r in questions_sheet(october)] == [(NEET, None)]

    # Carried no further than the meeting it was answered at.
    later = export(demo_db, tmp_path / "later.xlsx", as_at=date(2012, 1, 31))
    assert [r["Question"] for r in questions_sheet(later)] == ["And the caseloads?"]
    assert cover_line(later) == "1 question from an earlier meeting still open, 2 meetings old"


def test_a_wider_audience_gets_no_exempt_question_and_a_public_pack_names_no_one(demo_db, tmp_path):
    ask(demo_db, "Ann Member", Role.MEMBER, "About the exempt case", "2011-09", exempt=True)
    ask(demo_db, "Ann Member", Role.MEMBER, NEET, "2011-09")
    board_pack = export(demo_db, tmp_path / "board.xlsx", meeting="2011-10")
    assert [(r["Question"], r["Kind"]) for r in questions_sheet(board_pack)] == [
        ("About the exempt case", "Question [EXEMPT]"), (NEET, "Question")]
    assert cover_line(board_pack) == "2 questions from earlier meetings still open, oldest 1 meeting old"
    public = export(demo_db, tmp_path / "public.xlsx", meeting="2011-10", audience=Audience.PUBLIC)
    assert [(r["Question"], r["Asked by"]) for r in questions_sheet(public)] == [(NEET, "Board member")]
    assert cover_line(public) == "1 question from an earlier meeting still open, 1 meeting old"
    with open_database(demo_db) as database:
        observer = person(database, "Olu Observer", Role.OBSERVER)
    dfe = export(demo_db, tmp_path / "dfe.xlsx", meeting="2011-10", audience=Audience.DFE, who=observer)
    assert [r["Question"] for r in questions_sheet(dfe)] == [NEET]


def _notes(path: Path):
    with open_database(path, read_only=True) as database, database.session() as session:
        return annotations.list_notes(session)
