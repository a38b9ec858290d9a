"""The question log on the demo's Improvement Boards: a question asked at one board is
carried to every later one until an answer is recorded at a meeting; answered at a
later meeting, it is still carried to the meetings before that one; an observer is
never given an exempt question; who may ask and answer is checked below the window."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from boardapp.domain.permissions import NotAllowed
from boardapp.domain.terms import AnnotatedKind, AnnotationKind, AnnotationStatus, DatePrecision, MeetingKind, Role
from boardapp.store import annotations, board, questions
from boardapp.store.models import Annotation, Meeting, Requirement
from tests.people import person


@pytest.fixture
def people(db):
    return {role: person(db, name, role) for name, role in (
        ("Ann Member", Role.MEMBER), ("Sam Secretariat", Role.SECRETARIAT), ("Olu Observer", Role.OBSERVER),
        ("Bill Chair", Role.CHAIR))}


@pytest.fixture
def requirement(db):
    with db.session() as session:
        return session.scalars(select(Requirement.uuid).where(Requirement.ref == "7")).one()


def meeting(db, when: str) -> board.MeetingRow:
    with db.session() as session:
        return board.find_meeting(session, when)


def ask(db, who, target, text, at=None, *, kind=AnnotationKind.QUESTION, exempt=False):
    with db.session(who.label) as session:
        return annotations.add_note(session, who, AnnotatedKind.REQUIREMENT, target, kind, text, exempt=exempt,
                                    meeting=at.uuid if at else None)


def log(db, at, who) -> questions.QuestionLog:
    with db.session() as session:
        return questions.open_questions(session, at, who=who)


def carried(db, at, who) -> list[tuple[str, int]]:
    return [(q.note.text, q.age) for q in log(db, at, who).carried]


def test_a_question_is_carried_to_every_later_board_until_it_is_answered(db, people, requirement):
    member, secretariat = people[Role.MEMBER], people[Role.SECRETARIAT]
    august, september, october, november = (meeting(db, f"2011-{m:02}") for m in (8, 9, 10, 11))
    note = ask(db, member, requirement, "Why is NEET still above 8%?", august)
    assert note.meeting == august and note.answered_meeting is None
    assert carried(db, august, member) == []  # asked at this meeting: not from an earlier one
    assert carried(db, september, member) == [("Why is NEET still above 8%?", 1)]
    assert carried(db, october, member) == [("Why is NEET still above 8%?", 2)]
    assert log(db, november, member).words() == "1 question from an earlier meeting still open, 3 meetings old"

    with db.session(secretariat.label) as session:
        annotations.answer_note(session, secretariat, note.uuid, "The new definition added 400.", meeting=october.uuid)
    assert carried(db, september, member) == [("Why is NEET still above 8%?", 1)]  # answered later than September
    at_october = log(db, october, member)
    assert at_october.carried == () and [(q.note.text, q.age) for q in at_october.answered] == [
        ("Why is NEET still above 8%?", 2)]
    assert at_october.answered[0].note.answered_meeting == october
    assert at_october.words() == "No questions from earlier meetings are open"
    at_november = log(db, november, member)
    assert (at_november.carried, at_november.answered) == ((), ())  # carried no further, nor listed again


def test_count_and_age_of_the_oldest(db, people, requirement):
    member = people[Role.MEMBER]
    june, july, september, november = (meeting(db, f"2011-{m:02}") for m in (6, 7, 9, 11))
    ask(db, member, requirement, "Old", june)
    ask(db, member, requirement, "Middle", july, kind=AnnotationKind.CHALLENGE)
    ask(db, member, requirement, "New", september)
    ask(db, member, requirement, "A comment is not a question", june, kind=AnnotationKind.COMMENT)
    found = log(db, november, member)
    # Boards after June 2011: July, August, September, October (and the 9 May 2011 board came before).
    assert [(q.note.text, q.age) for q in found.carried] == [("Old", 5), ("Middle", 4), ("New", 2)]
    assert (found.count, found.oldest) == (3, 5)
    assert found.words() == "3 questions from earlier meetings still open, oldest 5 meetings old"


def test_an_answer_cannot_be_recorded_at_a_meeting_before_the_question(db, people, requirement):
    note = ask(db, people[Role.MEMBER], requirement, "Q?", meeting(db, "2011-09"))
    with db.session() as session, pytest.raises(annotations.NoteError, match="was asked at Improvement Board, "
                                                "September 2011: its answer cannot be recorded at Improvement "
                                                "Board, August 2011, which was held before it"):
        annotations.answer_note(session, people[Role.SECRETARIAT], note.uuid, "A.", meeting=meeting(db, "2011-08").uuid)
    with db.session() as session:
        [row] = annotations.list_notes(session)
    assert (row.status, row.answer, row.answered_meeting) == (AnnotationStatus.OPEN, "", None)


def test_asking_and_answering_are_checked_below_the_window(db, people, requirement):
    september = meeting(db, "2011-09")
    with pytest.raises(NotAllowed):
        ask(db, people[Role.OBSERVER], requirement, "Q?", september)
    note = ask(db, people[Role.MEMBER], requirement, "Q?", september)
    with db.session() as session, pytest.raises(NotAllowed):
        annotations.answer_note(session, people[Role.MEMBER], note.uuid, "A.", meeting=september.uuid)
    with db.session() as session:  # the chair answers notes too, as today
        annotations.answer_note(session, people[Role.CHAIR], note.uuid, "A.", meeting=meeting(db, "2011-10").uuid)
    assert carried(db, meeting(db, "2011-11"), people[Role.MEMBER]) == []
    with db.session() as session, pytest.raises(annotations.NoteError, match="meeting is not in this database"):
        annotations.add_note(session, people[Role.MEMBER], AnnotatedKind.REQUIREMENT, requirement,
                             AnnotationKind.QUESTION, "Q?", meeting=uuid.uuid4())


def test_an_observer_is_never_given_an_exempt_question(db, people, requirement):
    member, observer = people[Role.MEMBER], people[Role.OBSERVER]
    august, november = meeting(db, "2011-08"), meeting(db, "2011-11")
    ask(db, member, requirement, "Open to all", august)
    ask(db, member, requirement, "About the exempt case", august, exempt=True)
    assert [text for text, _age in carried(db, november, member)] == ["Open to all", "About the exempt case"]
    assert [text for text, _age in carried(db, november, observer)] == ["Open to all"]
    assert log(db, november, observer).words() == "1 question from an earlier meeting still open, 3 meetings old"


def test_the_default_meeting_is_the_next_board_else_the_latest(db, people, requirement):
    member = people[Role.MEMBER]
    note = ask(db, member, requirement, "Asked today, no board to come")
    assert note.meeting == meeting(db, "2011-11")  # the latest Improvement Board of the demo
    ahead = date.today() + timedelta(days=10)
    with db.session("test") as session:
        session.add(Meeting(kind=MeetingKind.BOARD, title="Improvement Board", held_on=ahead,
                            date_precision=DatePrecision.DAY, as_at=ahead))
        # A DfE review before it is not an Improvement Board: questions are not asked there by default.
        session.add(Meeting(kind=MeetingKind.DFE_REVIEW, title="DfE review", held_on=date.today(),
                            date_precision=DatePrecision.DAY, as_at=date.today()))
    with db.session() as session:
        assert questions.default_meeting(session).held_on == ahead
    coming = ask(db, member, requirement, "For the next board")
    assert coming.meeting.held_on == ahead
    comment = ask(db, member, requirement, "A comment", kind=AnnotationKind.COMMENT)
    assert comment.meeting is None


def test_closing_a_question_without_an_answer_ends_it_and_reopening_carries_it_again(db, people, requirement):
    member, secretariat = people[Role.MEMBER], people[Role.SECRETARIAT]
    august, october, november = meeting(db, "2011-08"), meeting(db, "2011-10"), meeting(db, "2011-11")
    note = ask(db, member, requirement, "Withdrawn?", august)
    with db.session() as session:
        annotations.close_note(session, secretariat, note.uuid, meeting=october.uuid)
    assert carried(db, october, member) == [] and carried(db, november, member) == []
    assert [q.note.text for q in log(db, october, member).answered] == ["Withdrawn?"]
    with db.session() as session:
        annotations.reopen_note(session, secretariat, note.uuid)
    assert carried(db, november, member) == [("Withdrawn?", 3)]


def test_a_question_written_before_the_log_counts_from_the_board_of_the_day_it_was_written(db, people, requirement):
    note = ask(db, people[Role.MEMBER], requirement, "Old question", meeting(db, "2011-11"))
    with db.session("test") as session:
        session.execute(update(Annotation).where(Annotation.uuid == note.uuid).values(
            meeting_id=None, written_at=datetime(2011, 8, 15, 10, tzinfo=UTC),
            answered_at=datetime(2011, 10, 20, 9, tzinfo=UTC), answer="Late answer", status=AnnotationStatus.ANSWERED))
    with db.session() as session:
        [row] = annotations.list_notes(session)
    # The demo's boards of 2011 are known by their month: a board counts until its month has ended.
    assert row.meeting == meeting(db, "2011-08")  # written 15 August 2011
    assert row.answered_meeting == meeting(db, "2011-10")  # answered 20 October 2011
    assert carried(db, meeting(db, "2011-09"), people[Role.MEMBER]) == [("Old question", 1)]
    assert [q.note.text for q in log(db, meeting(db, "2011-10"), people[Role.MEMBER]).answered] == ["Old question"]
    assert carried(db, meeting(db, "2011-11"), people[Role.MEMBER]) == []
