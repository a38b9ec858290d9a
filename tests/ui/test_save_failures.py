"""A save that fails (another program holds the database) is said in the window, with
what was not saved and what to do, and nothing the user did is lost: an undo or redo
that fails leaves its step where it was on the stack; an answer that fails stays in its
box."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import select

from boardapp.domain.terms import ActionStatus, AnnotatedKind, AnnotationKind, Rag, Role
from boardapp.store import annotations, edits
from boardapp.store.connection import open_database
from boardapp.store.models import Action, Annotation, Requirement
from boardapp.ui.context import BoardContext
from boardapp.ui.edits import edit
from boardapp.ui.notes_view import NotesView
from tests import raw
from tests.people import person

SECRETARIAT = ("Sam Secretariat", Role.SECRETARIAT)  # who, made real on each database by tests/people.py


@contextmanager
def another_program_writing(path):
    """Hold the database's write lock from another connection, as another program would."""
    holder = raw.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


@pytest.fixture
def warnings(monkeypatch):
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: said.append((title, text)))
    return said


@pytest.fixture
def context(qtbot, demo_db):
    with open_database(demo_db, busy_timeout_ms=100) as database:
        context = BoardContext(database, person(database, *SECRETARIAT))
        yield context
        context.tasks.shutdown()


def action(database, ref):
    with database.session() as session:
        row = session.scalars(select(Action).where(Action.ref == ref)).one()
        return row.uuid, (row.status, row.rag)


def set_status(context, parent, ref, new):
    """What the plan view does: set an action's status and RAG, with an undo step."""
    action_uuid, old = action(context.database, ref)

    def apply(session, value):
        edits.set_action_status(session, context.identity, action_uuid, *value)

    assert edit(context, parent, f"Set {ref} to Complete", apply, new, old)
    return old


def test_an_undo_that_cannot_be_saved_is_said_and_leaves_the_step_to_undo(qtbot, context, demo_db, warnings):
    window = QWidget()
    qtbot.addWidget(window)
    undo_action = context.undo.createUndoAction(window, "&Undo")  # Edit > Undo, as the window makes it
    redo_action = context.undo.createRedoAction(window, "&Redo")
    done = (ActionStatus.COMPLETE, Rag.GREEN)
    before = set_status(context, window, "P1.1.a", done)
    assert before != done and context.undo.index() == 1

    with another_program_writing(demo_db):
        undo_action.trigger()
    assert action(context.database, "P1.1.a")[1] == done  # nothing was changed
    assert context.undo.index() == 1 and context.undo.canUndo() and not context.undo.canRedo()
    assert undo_action.isEnabled() and "Set P1.1.a to Complete" in undo_action.text()
    assert len(warnings) == 1
    title, text = warnings[0]
    assert title == "Not undone"
    assert text.startswith("“Set P1.1.a to Complete” was not undone: nothing was changed.")
    assert "busy: another program is writing to it" in text and "close the other program" in text
    assert "Undo still offers “Set P1.1.a to Complete”, to try again" in text

    undo_action.trigger()  # the other program has finished: the same step undoes
    assert action(context.database, "P1.1.a")[1] == before
    assert context.undo.index() == 0 and context.undo.canRedo() and len(warnings) == 1

    with another_program_writing(demo_db):
        redo_action.trigger()
    assert action(context.database, "P1.1.a")[1] == before
    assert context.undo.index() == 0 and context.undo.canRedo() and not context.undo.canUndo()
    assert warnings[1][0] == "Not redone"
    assert warnings[1][1].startswith("“Set P1.1.a to Complete” was not redone: nothing was changed.")
    assert "Redo still offers" in warnings[1][1]

    redo_action.trigger()
    assert action(context.database, "P1.1.a")[1] == done
    assert context.undo.index() == 1 and len(warnings) == 2
    undo_action.trigger()  # and the stack still works both ways
    assert action(context.database, "P1.1.a")[1] == before and context.undo.index() == 0


def test_a_data_change_is_signalled_only_for_a_step_that_was_saved(qtbot, context, demo_db, warnings):
    changes = []
    context.data_changed.connect(lambda: changes.append(1))
    window = QWidget()
    qtbot.addWidget(window)
    set_status(context, window, "P1.1.a", (ActionStatus.COMPLETE, Rag.GREEN))
    assert len(changes) == 1
    with another_program_writing(demo_db):
        context.undo.undo()
    assert len(changes) == 1 and context.undo.index() == 1
    context.undo.undo()
    assert len(changes) == 2 and context.undo.index() == 0


def test_an_edit_that_cannot_be_saved_names_it_and_adds_no_undo_step(qtbot, context, demo_db, warnings):
    window = QWidget()
    qtbot.addWidget(window)
    action_uuid, before = action(context.database, "P1.1.a")

    def apply(session, value):
        edits.set_action_status(session, context.identity, action_uuid, *value)

    with another_program_writing(demo_db):
        assert not edit(context, window, "Set P1.1.a to Complete", apply, (ActionStatus.COMPLETE, Rag.GREEN), before)
    assert action(context.database, "P1.1.a")[1] == before
    assert context.undo.count() == 0
    assert warnings[0][0] == "Not saved"
    assert warnings[0][1].startswith("“Set P1.1.a to Complete” was not saved: nothing was changed.")
    assert "another program is writing to it" in warnings[0][1]


@pytest.fixture
def notes_view(qtbot, context):
    """The notes view, as the chair sees it, with two notes on different requirements."""
    member = person(context.database, "Ann Member", Role.MEMBER)
    with context.database.session(member.label) as session:
        first, second = session.scalars(select(Requirement.uuid).order_by(Requirement.id).limit(2)).all()
        annotations.add_note(session, member, AnnotatedKind.REQUIREMENT, first, AnnotationKind.QUESTION,
                             "Why has the caseload per worker risen three months running?")
        annotations.add_note(session, member, AnnotatedKind.REQUIREMENT, second, AnnotationKind.CHALLENGE,
                             "The audit sample is too small to show practice has improved.")
    context.identity = person(context.database, "Carol Chair", Role.CHAIR)
    view = NotesView(context)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=10_000)
    return view


def choose(qtbot, view, words):
    """Type in the filter and press Enter: the one note that matches is chosen."""
    view.item.setText(words)
    qtbot.keyClick(view.item, Qt.Key.Key_Return)
    note = view.current_note()
    assert note is not None and words in note.text
    return note


def note_now(database, note_uuid):
    with database.session() as session:
        note = session.scalars(select(Annotation).where(Annotation.uuid == note_uuid)).one()
        return note.status, note.answer


def test_enter_in_the_notes_filter_opens_the_single_match(qtbot, notes_view):
    view = notes_view
    view.item.setText("caseload")
    assert view.proxy.rowCount() == 1 and view.current_note() is None
    qtbot.keyClick(view.item, Qt.Key.Key_Return)
    assert view.current_note() is not None and "caseload" in view.current_note().text
    assert "caseload per worker" in view.detail.toPlainText()

    view.table.clearSelection()
    view.table.setCurrentIndex(view.proxy.index(-1, 0))
    view.item.setText("a")  # both match: Enter chooses neither, and the table takes the keys
    assert view.proxy.rowCount() == 2
    qtbot.keyClick(view.item, Qt.Key.Key_Return)
    assert view.current_note() is None

    view.item.setText("nothing matches this")
    qtbot.keyClick(view.item, Qt.Key.Key_Return)
    assert view.current_note() is None


def test_an_answer_that_cannot_be_saved_is_said_and_stays_in_its_box(qtbot, notes_view, demo_db, warnings):
    view = notes_view
    note = choose(qtbot, view, "caseload")
    typed = "The service manager will report the caseload figures at the next meeting."
    view.answer.setPlainText(typed)
    with another_program_writing(demo_db):
        view.answer_close_button.click()
    assert view.answer.toPlainText() == typed
    assert note_now(view.context.database, note.uuid) == (note.status, "")
    assert view.failure.isVisible()
    said = view.failure.text()
    assert said.startswith("Your answer to Ann Member's question on ")
    assert "was not saved and the note was not closed." in said
    assert "busy: another program is writing to it" in said and "save again" in said
    assert "What you typed is still in the box" in said
    assert warnings == [("Answer not saved", said)]

    view.answer_close_button.click()  # the other program has finished: it saves, and the message goes
    assert not view.failure.isVisible() and view.answer.toPlainText() == ""
    status, answer = note_now(view.context.database, note.uuid)
    assert status.value == "closed" and answer == typed


def test_closing_a_note_that_cannot_be_saved_is_said(qtbot, notes_view, demo_db, warnings):
    view = notes_view
    note = choose(qtbot, view, "audit sample")
    with another_program_writing(demo_db):
        view.close_button.click()
    assert note_now(view.context.database, note.uuid)[0].value == "open"
    said = view.failure.text()
    assert view.failure.isVisible() and said.startswith("Ann Member's challenge on ")
    assert "was not closed: it is still open." in said and "another program is writing to it" in said
    assert warnings == [("Note not closed", said)]
    view.close_button.click()
    assert note_now(view.context.database, note.uuid)[0].value == "closed"
    assert not view.failure.isVisible()
