from __future__ import annotations

import uuid
from datetime import date

import pytest

from boardapp.domain.permissions import NotAllowed
from boardapp.domain.terms import AnnotatedKind, AnnotationKind, AnnotationStatus, Role
from boardapp.store import annotations
from boardapp.store.connection import open_database
from boardapp.store.models import Indicator
from tests.people import person


@pytest.fixture
def member(database):
    return person(database, "Ann Member", Role.MEMBER)


@pytest.fixture
def chair(database):
    return person(database, "Bill McCarthy", Role.CHAIR)


@pytest.fixture
def secretariat(database):
    return person(database, "Sam Secretariat", Role.SECRETARIAT)


@pytest.fixture
def observer(database):
    return person(database, "Olu Observer", Role.OBSERVER)


@pytest.fixture
def items(database):
    with database.session() as session:
        indicator = Indicator(code="NI 59", title="Initial assessments", unit="percent", polarity="higher",
                              frequency="monthly")
        session.add(indicator)
        session.flush()
        return indicator.uuid


def test_a_note_is_on_disk_when_the_call_returns(database, items, member):
    with database.session("Ann") as session:
        annotations.add_note(session, member, AnnotatedKind.INDICATOR, items, AnnotationKind.CHALLENGE,
                             "  Why did August fall?  ")
    # A second, independent connection sees it: it was committed, not cached.
    with open_database(database.path, read_only=True) as other, other.session() as session:
        [note] = annotations.list_notes(session)
    assert (note.text, note.author, note.kind, note.status) == (
        "Why did August fall?", "Ann Member", AnnotationKind.CHALLENGE, AnnotationStatus.OPEN)
    assert note.target_label == "NI 59: Initial assessments"


def test_answer_and_close_by_role(database, items, member, chair, secretariat):
    with database.session() as session:
        note = annotations.add_note(session, member, AnnotatedKind.INDICATOR, items, AnnotationKind.QUESTION, "Q?")
    with database.session() as session, pytest.raises(NotAllowed, match="Only the chair and the secretariat"):
        annotations.answer_note(session, member, note.uuid, "I answer myself")
    with database.session() as session:
        annotations.answer_note(session, secretariat, note.uuid, "Validated data due in June")
    with database.session() as session:
        assert annotations.open_counts(session) == {}
        annotations.close_note(session, chair, note.uuid)
    with database.session() as session:
        [row] = annotations.list_notes(session)
    assert (row.status, row.answer, row.answered_by) == (AnnotationStatus.CLOSED, "Validated data due in June",
                                                         "Sam Secretariat")


def test_observers_cannot_write_and_empty_notes_are_refused(database, items, member, observer):
    with database.session() as session:
        with pytest.raises(NotAllowed):
            annotations.add_note(session, observer, AnnotatedKind.INDICATOR, items, AnnotationKind.COMMENT, "hi")
        with pytest.raises(annotations.NoteError, match="needs some text"):
            annotations.add_note(session, member, AnnotatedKind.INDICATOR, items, AnnotationKind.COMMENT, "   ")
        with pytest.raises(annotations.NoteError, match="no indicator"):
            annotations.add_note(session, member, AnnotatedKind.INDICATOR, uuid.uuid4(), AnnotationKind.COMMENT, "x")


def test_as_at_a_past_date_hides_later_notes(database, items, member):
    with database.session() as session:
        annotations.add_note(session, member, AnnotatedKind.INDICATOR, items, AnnotationKind.COMMENT, "today")
    with database.session() as session:
        assert annotations.list_notes(session, as_at=date(2011, 5, 9)) == []
        assert len(annotations.list_notes(session, as_at=date.today())) == 1
        assert sum(annotations.open_counts(session).values()) == 1
