"""An item's history in the window: the secretariat changes an action (in its editor or
with the status setter beside it) or a requirement's judgement, says why, and the action's
or requirement's page lists the change with the day, who and why; looking at the board as
at an earlier date hides it; an undo is a change of its own, listed too."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from boardapp.domain.terms import ActionStatus, Rag, RequirementStatus, Role
from boardapp.store import history
from boardapp.store.connection import open_database
from boardapp.ui.action_dialog import ActionDialog
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import OVERVIEW, PLAN, MainWindow
from boardapp.ui.words import REQUIREMENT_STATUS, day
from tests.people import person
from tests.ui.conftest import settle
from tests.ui.modal import when_open

SAM = ("Sam Secretariat", Role.SECRETARIAT)  # who, made real on each database by tests/people.py
WHO = "Sam Secretariat (secretariat)"


@pytest.fixture
def window(qtbot, demo_db):
    database = open_database(demo_db)
    shown = MainWindow(BoardContext(database, person(database, *SAM)))
    shown.resize(1366, 768)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    settle(qtbot, shown)
    yield shown
    database.close()


def look_back(qtbot, window, days: int = 7) -> None:
    """Choose a date ``days`` before today in the as-at bar and show the board as at it."""
    bar = window.as_at
    earlier = date.today() - timedelta(days=days)
    bar.date.setDate(QDate(earlier.year, earlier.month, earlier.day))
    qtbot.mouseClick(bar.go, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.context.as_at == earlier


def back_to_today(qtbot, window) -> None:
    qtbot.mouseClick(window.as_at.back, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.context.as_at is None


def closing(dialog, fill) -> None:
    """Run ``fill(dialog)``; whatever happens, the dialog does not stay open."""
    try:
        fill(dialog)
    finally:
        if dialog.isVisible():
            dialog.reject()


def history_of(page) -> list[str]:
    """The lines of the History section of a page, as the reader sees them."""
    lines = page.toPlainText().splitlines()
    assert "History" in lines
    shown = []
    for line in lines[lines.index("History") + 1:]:
        if " · " not in line:
            break
        shown.append(line.strip())
    return shown


def test_a_change_made_in_the_action_editor_with_a_reason_is_in_the_actions_history(qtbot, window):
    window.show_view(PLAN)
    plan = window.plan
    plan.select_action("P2.1.a")
    settle(qtbot, window)
    before = plan.current_action()
    assert (before.status, before.rag) == (ActionStatus.IN_PROGRESS, Rag.GREEN)
    earlier_lines = history_of(plan.page)
    seen = []

    def fill(dialog):
        assert dialog.reason.isVisible() and dialog.reason.accessibleName() == "Reason for the change"
        dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.COMPLETE))
        qtbot.keyClicks(dialog.reason, "Signed off at the March board")
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)

    when_open(ActionDialog, lambda dialog: closing(dialog, fill), seen=seen)
    qtbot.mouseClick(plan.change, Qt.MouseButton.LeftButton)
    assert seen, "the editor did not open"
    assert not seen[0].isVisible() and seen[0].result() == ActionDialog.DialogCode.Accepted
    settle(qtbot, window)
    assert plan.current_action().status is ActionStatus.COMPLETE
    made = f"{day(history.today())} · Status: In progress → Complete · {WHO} · Signed off at the March board"
    assert history_of(plan.page) == [made, *earlier_lines]

    # As at a week ago the change had not been made: its line is not there.
    look_back(qtbot, window)
    assert plan.current_action().ref == "P2.1.a"
    assert made not in history_of(plan.page)
    assert "Changes after" in plan.page.toPlainText() and "are not shown" in plan.page.toPlainText()
    back_to_today(qtbot, window)
    assert history_of(plan.page)[0] == made

    # Undo puts the old status back, and that is history too: both are listed, newest first.
    window.undo_action.trigger()
    settle(qtbot, window)
    assert plan.current_action().status is before.status
    undone = f"{day(history.today())} · Status: Complete → In progress · {WHO} · Undo of “Change action P2.1.a”"
    assert history_of(plan.page) == [undone, made, *earlier_lines]
    window.redo_action.trigger()  # a redo is made for the reason first given
    settle(qtbot, window)
    assert history_of(plan.page) == [made, undone, made, *earlier_lines]


def test_the_status_setter_beside_the_page_asks_why_and_says_when_no_reason_was_given(qtbot, window):
    window.show_view(PLAN)
    plan = window.plan
    plan.select_action("P1.1.a")
    settle(qtbot, window)
    assert plan.reason.isEnabled() and "may be left empty" in plan.reason.placeholderText()
    plan.status.setCurrentIndex(plan.status.findData(ActionStatus.IN_PROGRESS))
    qtbot.mouseClick(plan.apply, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    first = history_of(plan.page)[0]
    assert first.endswith(f"· {WHO} · no reason given") and "→ In progress" in first

    plan.status.setCurrentIndex(plan.status.findData(ActionStatus.COMPLETE))
    qtbot.keyClicks(plan.reason, "Audit found every case seen in time")
    qtbot.keyClick(plan.reason, Qt.Key.Key_Return)  # Enter in the reason sets the status
    settle(qtbot, window)
    assert plan.current_action().status is ActionStatus.COMPLETE
    assert plan.reason.text() == ""  # ready for the next change
    lines = history_of(plan.page)
    assert lines[:2] == [f"{day(history.today())} · Status: In progress → Complete · {WHO} · "
                         "Audit found every case seen in time", first]

    look_back(qtbot, window)
    assert not plan.reason.isEnabled()  # the past is read-only
    assert not any(WHO in line for line in history_of(plan.page))


def test_a_requirements_judgement_changed_with_a_reason_is_in_its_history(qtbot, window):
    window.show_view(OVERVIEW)
    view = window.overview
    view.select("3")
    settle(qtbot, window)
    assert view.current_row().judged is RequirementStatus.NOT_MET
    view.judged.setCurrentIndex(view.judged.findData(RequirementStatus.PARTLY_MET))
    qtbot.keyClicks(view.reason, "Two of the three teams now meet it")
    qtbot.mouseClick(view.set_judged, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert view.current_row().judged is RequirementStatus.PARTLY_MET
    made = (f"{day(history.today())} · Status: Not met → Partly met · {WHO} · "
            "Two of the three teams now meet it")
    assert history_of(view.page)[0] == made

    look_back(qtbot, window)
    assert view.current_row().ref == "3"
    assert made not in history_of(view.page)
    back_to_today(qtbot, window)
    window.undo_action.trigger()
    settle(qtbot, window)
    assert view.current_row().judged is RequirementStatus.NOT_MET
    assert history_of(view.page)[:2] == [
        f"{day(history.today())} · Status: Partly met → Not met · {WHO} · "
        f"Undo of “Judge requirement 3 {REQUIREMENT_STATUS[RequirementStatus.PARTLY_MET]}”", made]

