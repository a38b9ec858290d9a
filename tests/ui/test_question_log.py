"""The question log in the window, driving the real widgets: a member asks a question
for a chosen Improvement Board in the note panel; the secretariat answers it in the
notes view at a chosen board (by default the meeting the window is looking at, else the
next board, else the latest); the view shows both meetings and keeps, on request, to
the questions carried from earlier meetings."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, update

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.store import annotations, board
from boardapp.store.connection import open_database
from boardapp.store.models import Annotation, Meeting, Requirement
from boardapp.ui.context import BoardContext
from boardapp.ui.notes_panel import NotesPanel
from boardapp.ui.notes_view import ANSWERED, ASKED, NotesView
from tests.people import person


@pytest.fixture
def database(demo_db):
    with open_database(demo_db) as database:
        yield database


def meeting(database, when):
    with database.session() as session:
        return board.find_meeting(session, when)


def requirement(database, ref="7"):
    with database.session() as session:
        return session.scalars(select(Requirement.uuid).where(Requirement.ref == ref)).one()


def meetings_of(database, text):
    """The meetings the note ``text`` was asked at and answered at, as stored."""
    with database.session() as session:
        note = session.scalars(select(Annotation).where(Annotation.text == text)).one()
        titles = {m.id: (m.title, m.held_on) for m in session.scalars(select(Meeting))}
        return titles.get(note.meeting_id), titles.get(note.answered_meeting_id)


@pytest.fixture
def context_of(database):
    """``context_of(name, role)``: a board context for that member; its worker stopped after the test."""
    made = []

    def make(name, role):
        made.append(BoardContext(database, person(database, name, role)))
        return made[-1]

    yield make
    for context in made:
        context.tasks.shutdown()
    

def test_a_member_asks_a_question_for_a_chosen_board(qtbot, database, context_of):
    context = context_of("Ann Member", Role.MEMBER)
    panel = NotesPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_item(AnnotatedKind.REQUIREMENT, requirement(database))
    panel.kind.setCurrentIndex(panel.kind.findText("Question"))
    assert panel.meeting.isEnabled()
    # The default: the next Improvement Board on or after today, else the latest (the demo's last is November 2011).
    assert panel.meeting.currentText() == "Improvement Board, November 2011"
    assert panel.meeting.itemText(1) == "Improvement Board, October 2011"  # newest first, boards only
    assert all(panel.meeting.itemText(i).startswith("Improvement Board") for i in range(panel.meeting.count()))
    panel.meeting.setCurrentIndex(panel.meeting.findText("Improvement Board, September 2011"))
    qtbot.keyClicks(panel.editor, "Why is NEET still above 8%?")
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert panel.editor.toPlainText() == ""
    assert meetings_of(database, "Why is NEET still above 8%?")[0][0] == "Improvement Board"
    assert meetings_of(database, "Why is NEET still above 8%?")[0][1].isoformat() == "2011-09-01"
    assert "Asked at Improvement Board, September 2011" in panel.list.item(0).text()
    assert panel.meeting.currentText() == "Improvement Board, September 2011"  # kept for the next question

    # A comment is asked at no meeting: the chooser is off, saying why.
    panel.kind.setCurrentIndex(panel.kind.findText("Comment"))
    assert not panel.meeting.isEnabled()
    assert panel.meeting.toolTip() == "Only a question or a challenge is asked at a meeting."
    qtbot.keyClicks(panel.editor, "Good progress.")
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert meetings_of(database, "Good progress.") == (None, None)


def test_an_observer_cannot_choose_a_meeting_to_ask_at(qtbot, database, context_of):
    context = context_of("Olu Observer", Role.OBSERVER)
    panel = NotesPanel(context)
    qtbot.addWidget(panel)
    panel.show_item(AnnotatedKind.REQUIREMENT, requirement(database))
    assert not panel.meeting.isEnabled() and not panel.save.isEnabled()
    assert "board members, the chair and the secretariat" in panel.meeting.toolTip()


@pytest.fixture
def asked(database):
    """Two questions asked at the September 2011 board and one at the October board,
    each written on the day of its board."""
    member = person(database, "Ann Member", Role.MEMBER)
    with database.session(member.label) as session:
        for text, when, ref in (("Why is NEET still above 8%?", "2011-09", "7"),
                                ("Are the caseloads falling?", "2011-09", "1"),
                                ("What did the audit find?", "2011-10", "2")):
            at = board.find_meeting(session, when)
            note = annotations.add_note(session, member, AnnotatedKind.REQUIREMENT, requirement(database, ref),
                                        AnnotationKind.QUESTION, text, meeting=at.uuid)
            session.execute(update(Annotation).where(Annotation.uuid == note.uuid).values(
                written_at=datetime.combine(at.held_on, time(18), tzinfo=UTC)))


def notes_view(qtbot, context, count):
    view = NotesView(context)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.loader.ready and view.model.rowCount() == count, timeout=10_000)
    return view


def row_of(view, text):
    return next(r for r in range(view.proxy.rowCount()) if view.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
                .text == text)


def test_the_secretariat_answers_at_a_chosen_board_and_the_view_shows_both_meetings(qtbot, database, asked, context_of):
    context = context_of("Sam Secretariat", Role.SECRETARIAT)
    view = notes_view(qtbot, context, 3)
    assert view.model.headerData(ASKED, Qt.Orientation.Horizontal) == "Asked at"
    # Looking at the board live, the default is the next board on or after today, else the latest.
    assert view.answer_meeting.currentText() == "Improvement Board, November 2011"
    assert view.summary.text().endswith(
        "at Improvement Board, November 2011: 3 questions from earlier meetings still open, oldest 2 meetings old")

    view.item.setText("NEET")
    qtbot.keyClick(view.item, Qt.Key.Key_Return)
    assert "Asked at: Improvement Board, September 2011" in view.detail.toPlainText()
    assert "Not answered yet: carried to every later meeting" in view.detail.toPlainText()
    view.choose_answer_meeting(meeting(database, "2011-10"))
    qtbot.keyClicks(view.answer, "The new definition added 400 young people.")
    qtbot.mouseClick(view.answer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.loader.ready and view.current_note() is not None
                    and view.current_note().answered_meeting is not None, timeout=10_000)
    asked_at, answered_at = meetings_of(database, "Why is NEET still above 8%?")
    assert (asked_at[1].isoformat(), answered_at[1].isoformat()) == ("2011-09-01", "2011-10-01")
    assert "Answered at: Improvement Board, October 2011" in view.detail.toPlainText()
    row = row_of(view, "Why is NEET still above 8%?")
    assert view.proxy.index(row, ASKED).data() == "Improvement Board, September 2011"
    assert view.proxy.index(row, ANSWERED).data() == "Improvement Board, October 2011"
    assert view.answer_meeting.currentText() == "Improvement Board, October 2011"  # the choice stays

    # Carried to the November board: the two not answered by it.
    view.item.clear()
    view.carried.setChecked(True)
    shown = {view.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).text for r in range(view.proxy.rowCount())}
    assert shown == {"Are the caseloads falling?", "What did the audit find?"}
    assert view.carried.text() == "Carried from earlier meetings (2)"


def test_looking_at_a_past_board_the_log_and_the_answer_meeting_are_that_boards(qtbot, database, asked, context_of):
    context = context_of("Sam Secretariat", Role.SECRETARIAT)
    view = notes_view(qtbot, context, 3)
    october = meeting(database, "2011-10")
    context.set_as_at(october.as_at.replace(day=28), "Improvement Board, October 2011", october)
    qtbot.waitUntil(lambda: view.loader.ready and view.carried.text() == "Carried from earlier meetings (2)",
                    timeout=10_000)
    assert view.answer_meeting.currentText() == "Improvement Board, October 2011"
    assert not view.answer_meeting.isEnabled()  # the past is read-only
    view.carried.setChecked(True)
    shown = {view.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).text for r in range(view.proxy.rowCount())}
    assert shown == {"Why is NEET still above 8%?", "Are the caseloads falling?"}
