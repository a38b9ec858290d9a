"""``boardapp questions``: the question log as at a meeting, the same as the store gives
the window and the pack; no exempt question for an observer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.store import annotations, board, questions
from boardapp.store.connection import open_database
from boardapp.store.models import Requirement
from tests.cli.running import run
from tests.conftest import file_digest
from tests.exchange.workbooks import demo_database
from tests.people import SETTER, passphrase_of, person, sign_in_at


@pytest.fixture
def db(tmp_path):
    """The demo, its first user (the test secretariat) signed in; two questions asked at
    the September 2011 board (one exempt) and one at October's, that one answered at October's."""
    path = demo_database(tmp_path)
    sign_in_at(path, SETTER, Role.SECRETARIAT)
    with open_database(path) as database:
        member = person(database, "Ann Member", Role.MEMBER)
        secretariat = person(database, SETTER, Role.SECRETARIAT)
        person(database, "Olu Observer", Role.OBSERVER)
        with database.session(member.label) as session:
            on = session.scalars(select(Requirement.uuid).where(Requirement.ref == "7")).one()
            september, october = (board.find_meeting(session, m) for m in ("2011-09", "2011-10"))
            for text, at, exempt in (("Why is NEET still above 8%?", september, False),
                                     ("What does the exempt review say?", september, True),
                                     ("Are caseloads falling?", october, False)):
                annotations.add_note(session, member, AnnotatedKind.REQUIREMENT, on, AnnotationKind.QUESTION, text,
                                     meeting=at.uuid, exempt=exempt)
        with database.session(secretariat.label) as session:
            [note] = [n for n in annotations.list_notes(session) if n.text == "Why is NEET still above 8%?"]
            annotations.answer_note(session, secretariat, note.uuid, "A new definition added 400.",
                                    meeting=october.uuid)
    return path


def test_the_log_as_at_a_meeting(capsys, db):
    before = file_digest(db)
    code, out, err = run(capsys, "--db", db, "questions", "--meeting", "2011-10")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "As at Improvement Board, October 2011: 1 question from an earlier meeting still open, 1 meeting old.",
        "",
        "Still open, carried from earlier meetings:",
        "  Question asked at Improvement Board, September 2011 (1 meeting ago) by Ann Member  [EXEMPT]",
        out.splitlines()[4],
        "    What does the exempt review say?",
        "",
        "Answered at this meeting:",
        "  Question asked at Improvement Board, September 2011 (1 meeting ago) by Ann Member",
        out.splitlines()[9],
        "    Why is NEET still above 8%?",
        f"    Answered at this meeting, by {SETTER}:",
        "      A new definition added 400.",
    ]
    assert out.splitlines()[4].startswith("    On Requirement 7: ")
    assert file_digest(db) == before  # read only


def test_the_command_line_gives_what_the_store_gives(capsys, db):
    _code, out, _err = run(capsys, "--db", db, "questions", "--meeting", "2011-11")
    with open_database(db, read_only=True) as database, database.session() as session:
        log = questions.open_questions(session, board.find_meeting(session, "2011-11"),
                                       who=person(database, SETTER, Role.SECRETARIAT))
    assert out.splitlines()[0] == f"As at Improvement Board, November 2011: {log.words()}."
    assert log.words() == "2 questions from earlier meetings still open, oldest 2 meetings old"
    assert [q.note.text for q in log.carried] == ["What does the exempt review say?", "Are caseloads falling?"]
    assert all(q.note.text in out for q in log.carried) and "8%?" not in out  # answered at October's: not carried
    # Without a meeting: the next Improvement Board on or after today, else the latest (the demo's: November 2011).
    assert run(capsys, "--db", db, "questions")[1] == out


def test_an_observer_is_given_no_exempt_question(capsys, db, monkeypatch):
    monkeypatch.setenv("BOARDAPP_PASSPHRASE", passphrase_of("Olu Observer"))
    code, out, err = run(capsys, "--db", db, "questions", "--meeting", "2011-11", "--as", "Olu Observer")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == ("As at Improvement Board, November 2011: 1 question from an earlier meeting "
                                   "still open, 1 meeting old.")
    assert "exempt" not in out.lower()


def test_a_meeting_that_is_not_there_is_refused(capsys, db):
    code, out, err = run(capsys, "--db", db, "questions", "--meeting", "2012-05")
    assert code == 2 and out == ""
    assert err.startswith("boardapp questions: no meeting in this database was held in May 2012")
