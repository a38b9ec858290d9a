"""Meeting > Covering report…: the secretariat types the conclusion and asks for the
meeting chosen in the As at bar and saves them into the store; undo puts the old text
back; a role that may not write them, or a read-only database, gets read-only fields and
a disabled Save saying why (and the store refuses them anyway); a save that fails keeps
the dialog open with the text typed."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import func, select

from boardapp.domain.terms import Role
from boardapp.store import board
from boardapp.store.connection import open_database
from boardapp.store.models import OutboxEntry
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import MainWindow
from boardapp.ui.meeting_text_dialog import MeetingTextDialog, meeting_for
from tests import raw
from tests.people import person_at
from tests.ui.conftest import settle

SAM = ("Sam Secretariat", Role.SECRETARIAT)  # who, made real on each database by tests/people.py
MIA = ("Mia Member", Role.MEMBER)  # who, made real on each database by tests/people.py
NOVEMBER_BOARD = "Improvement Board, November 2011"
CONCLUSION = "Leeds has met 14 of the 23 requirements.\nReferrals remain the risk."
ASKS = "DfE is asked to note the progress made."


def stored(database, label: str = NOVEMBER_BOARD) -> tuple[str, str]:
    with database.session() as session:
        row = next(m for m in board.meetings(session) if m.label == label)
    return row.conclusion, row.asks


@pytest.fixture
def window_for(qtbot, demo_db):
    databases = []

    def make(identity, **options):
        who = person_at(demo_db, *identity)  # before opening: the database may be opened read-only
        database = open_database(demo_db, **options)
        databases.append(database)
        window = MainWindow(BoardContext(database, who))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot, window)
        return window

    yield make
    for database in databases:
        database.close()


def open_dialog(qtbot, window, meeting_label: str | None = "Improvement Board · November 2011") -> MeetingTextDialog:
    """Choose the meeting in the As at bar (None: none), then Meeting > Covering report…."""
    if meeting_label is not None:
        window.as_at.choose_meeting(window.as_at.meeting_index(meeting_label))
        settle(qtbot, window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Meeting")
    assert window.meeting_text_action in menu.actions()
    window.meeting_text_action.trigger()
    dialog = next(d for d in window.findChildren(MeetingTextDialog) if d.isVisible())
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot, box, text: str) -> None:
    box.setFocus()
    for n, line in enumerate(text.split("\n")):
        if n:
            qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.keyClicks(box, line)


def test_the_secretariat_types_the_text_saves_it_and_undo_puts_it_back(qtbot, window_for):
    window = window_for(SAM)
    dialog = open_dialog(qtbot, window)
    assert dialog.meeting.label == NOVEMBER_BOARD
    assert dialog.windowTitle() == f"Covering report: {NOVEMBER_BOARD}"
    assert dialog.save.isEnabled() and not dialog.conclusion.isReadOnly()
    type_into(qtbot, dialog.conclusion, CONCLUSION)
    type_into(qtbot, dialog.asks, ASKS)
    with qtbot.waitSignal(dialog.text_saved):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in window.findChildren(MeetingTextDialog)))
    database = window.context.database
    assert stored(database) == (CONCLUSION, ASKS)
    with database.session() as session:  # queued for the board server
        assert session.scalar(select(func.count()).select_from(OutboxEntry)
                              .where(OutboxEntry.table_name == "meeting")) == 1
    # Opened again, it shows what was saved.
    again = open_dialog(qtbot, window, None)
    assert (again.conclusion.toPlainText(), again.asks.toPlainText()) == (CONCLUSION, ASKS)
    again.reject()
    # Edit > Undo: the old (empty) text is back in the store; redo brings it again.
    assert window.undo_action.isEnabled() and "Covering report for" in window.undo_action.text()
    window.undo_action.trigger()
    assert stored(database) == ("", "")
    window.redo_action.trigger()
    assert stored(database) == (CONCLUSION, ASKS)


def test_cancel_keeps_nothing(qtbot, window_for):
    window = window_for(SAM)
    dialog = open_dialog(qtbot, window)
    type_into(qtbot, dialog.conclusion, "Not this")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert stored(window.context.database) == ("", "")


def test_with_no_meeting_chosen_it_is_for_the_packs_default_meeting(qtbot, window_for):
    window = window_for(SAM)
    assert window.context.meeting is None
    meeting, how = meeting_for(window.context)
    assert meeting.label == NOVEMBER_BOARD and "No meeting is chosen" in how
    dialog = open_dialog(qtbot, window, None)
    assert dialog.meeting.label == NOVEMBER_BOARD
    type_into(qtbot, dialog.asks, ASKS)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert stored(window.context.database) == ("", ASKS)


def test_another_meeting_chosen_gets_its_own_text(qtbot, window_for):
    window = window_for(SAM)
    dialog = open_dialog(qtbot, window, "DfE progress review · November 2011")
    assert dialog.meeting.label.startswith("November 2011 consolidated update to DfE")
    type_into(qtbot, dialog.conclusion, CONCLUSION)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert stored(window.context.database, dialog.meeting.label) == (CONCLUSION, "")
    assert stored(window.context.database) == ("", "")


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.OBSERVER])
def test_a_role_that_may_not_write_it_reads_it_with_save_disabled_saying_why(qtbot, window_for, role):
    window = window_for(("Someone", role))
    dialog = open_dialog(qtbot, window)
    reason = f"Only the secretariat can write a meeting's conclusion and asks; you are signed in as {role.value}."
    assert not dialog.save.isEnabled() and dialog.save.toolTip() == reason
    assert dialog.conclusion.isReadOnly() and dialog.asks.isReadOnly()
    note = next(label for label in dialog.findChildren(QLabel) if label.accessibleName() == "Why read only")
    assert note.isVisible() and note.text() == f"Read only: {reason}"
    # Below the window the store refuses too: a save forced past the disabled button.
    dialog.conclusion.setPlainText(CONCLUSION)
    assert not dialog.try_save()
    assert dialog.isVisible() and dialog.problem.text() == f"Not saved. {reason}"
    assert stored(window.context.database) == ("", "")
    assert dialog.conclusion.toPlainText() == CONCLUSION


def test_a_read_only_database_disables_save_saying_why(qtbot, window_for):
    window = window_for(SAM, read_only=True)
    dialog = open_dialog(qtbot, window)
    assert not dialog.save.isEnabled()
    assert dialog.save.toolTip() == window.context.read_only_reason == "This database was opened read-only."
    assert dialog.conclusion.isReadOnly()


@contextmanager
def another_program_writing(path):
    holder = raw.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def test_a_save_that_fails_keeps_the_dialog_open_with_the_text_and_says_why(qtbot, window_for, demo_db):
    window = window_for(SAM, busy_timeout_ms=100)
    dialog = open_dialog(qtbot, window)
    type_into(qtbot, dialog.conclusion, CONCLUSION)
    type_into(qtbot, dialog.asks, ASKS)
    with another_program_writing(demo_db):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert dialog.problem.isVisible() and dialog.problem.text().startswith("Not saved: nothing was changed.")
        assert "Your text is still here." in dialog.problem.text()
        assert (dialog.conclusion.toPlainText(), dialog.asks.toPlainText()) == (CONCLUSION, ASKS)
    assert stored(window.context.database) == ("", "")
    assert not window.undo_action.isEnabled()
    # Once the other program lets go, Save again works.
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert stored(window.context.database) == (CONCLUSION, ASKS)


def test_text_that_is_too_long_is_refused_naming_the_field(qtbot, window_for):
    window = window_for(SAM)
    dialog = open_dialog(qtbot, window)
    dialog.conclusion.setPlainText(CONCLUSION)
    dialog.asks.setPlainText("x" * 32_001)
    assert not dialog.try_save()
    assert dialog.problem.text().startswith("Not saved. Asks: at most 32,000 characters")
    assert dialog.asks.hasFocus() or dialog.focusWidget() is dialog.asks
    assert stored(window.context.database) == ("", "")
