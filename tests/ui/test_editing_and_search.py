"""Editing by role with undo, and the one search box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import select

from boardapp.domain.terms import ActionStatus, Rag, Role
from boardapp.store.connection import open_database
from boardapp.store.models import Action, AuditEntry
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import INDICATORS, INSPECTIONS, OVERVIEW, PLAN, MainWindow
from tests.people import person
from tests.ui.conftest import settle

MEMBER = ("Ann Member", Role.MEMBER)  # who, made real on each database by tests/people.py
SECRETARIAT = ("Sam Secretariat", Role.SECRETARIAT)  # who, made real on each database by tests/people.py


@pytest.fixture
def window_for(qtbot, demo_db):
    databases = []

    def make(identity):
        database = open_database(demo_db)
        databases.append(database)
        window = MainWindow(BoardContext(database, person(database, *identity)))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot, window)
        return window

    yield make
    for database in databases:
        database.close()


def action_status(database, ref):
    with database.session() as session:
        action = session.scalars(select(Action).where(Action.ref == ref)).one()
        return action.status, action.rag


def test_a_member_is_refused_an_edit_and_told_why(qtbot, window_for):
    window = window_for(MEMBER)
    window.show_view(PLAN)
    settle(qtbot, window)
    window.plan.select_action("P1.1.a")
    assert window.plan.current_action().ref == "P1.1.a"
    assert not window.plan.apply.isEnabled()
    assert "Only the secretariat can edit action status and RAG" in window.plan.apply.toolTip()
    window.show_view(OVERVIEW)
    settle(qtbot, window)
    assert not window.overview.set_judged.isEnabled()


def test_the_secretariat_sets_an_action_status_and_undoes_it(qtbot, window_for):
    window = window_for(SECRETARIAT)
    database = window.context.database
    window.show_view(PLAN)
    settle(qtbot, window)
    window.plan.select_action("P1.1.a")
    assert window.plan.current_action().ref == "P1.1.a"
    before = action_status(database, "P1.1.a")
    plan = window.plan
    plan.status.setCurrentIndex(plan.status.findData(ActionStatus.COMPLETE))
    plan.rag.setCurrentIndex(plan.rag.findData(Rag.GREEN))
    qtbot.mouseClick(plan.apply, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert action_status(database, "P1.1.a") == (ActionStatus.COMPLETE, Rag.GREEN)
    assert plan.current_action().ref == "P1.1.a" and plan.current_action().status is ActionStatus.COMPLETE

    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert "Set P1.1.a to ✔ Complete" in window.undo_action.text()
    window.undo_action.trigger()  # Edit > Undo
    settle(qtbot, window)
    assert action_status(database, "P1.1.a") == before
    assert plan.current_action().status is before[0]
    window.redo_action.trigger()  # Edit > Redo
    assert action_status(database, "P1.1.a") == (ActionStatus.COMPLETE, Rag.GREEN)
    with database.session() as session:
        log = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "action", AuditEntry.operation == "update")).all()
    assert len(log) == 3 and {e.actor for e in log} == {"Sam Secretariat (secretariat)"}


def test_edits_are_refused_as_at_a_past_meeting(qtbot, window_for):
    window = window_for(SECRETARIAT)
    window.as_at.choose_meeting(1)
    window.show_view(PLAN)
    settle(qtbot, window)
    window.plan.select_action("P1.1.a")
    assert not window.plan.apply.isEnabled() and "go back to today" in window.plan.apply.toolTip()


@pytest.mark.parametrize(
    ("typed", "label_start", "view"),
    [
        ("NEET to 6.8", "Requirement 7", OVERVIEW),
        ("Breeze", "BREEZE", INDICATORS),
        ("fostering", "Action P2.1", PLAN),
        ("pathway planning", "Recommendation OFSTED2018-4", INSPECTIONS),
    ],
)
def test_search_and_land_on_the_item(qtbot, window_for, typed, label_start, view):
    window = window_for(MEMBER)
    find = window.findChild(type(window.undo_action), "find")
    assert find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    find.trigger()  # Edit > Find (Ctrl+F) puts the cursor in the search box
    qtbot.keyClicks(window.search, typed)
    window.search.run_search()
    hits = window.search.hits()
    first = next(h for h in hits if h.label.startswith(label_start))
    window.search.results.setCurrentRow(hits.index(first))
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.stack.currentIndex() == view
    if view == OVERVIEW:
        assert window.overview.current_row().ref == "7"
    elif view == INDICATORS:
        assert window.indicators.current_code() == "BREEZE"
    elif view == PLAN:
        assert window.plan.current_action().ref.startswith("P2.1")
    else:
        assert window.inspections.list.currentIndex().row() >= 0


def test_the_secretariat_revises_a_reading_and_the_chart_and_history_follow(qtbot, window_for, monkeypatch):
    from boardapp.ui.reading_dialog import ReadingDialog

    def fill_and_accept(dialog: ReadingDialog) -> int:
        assert dialog.period.text() == "2011-08" and dialog.value.value() == 80.5
        dialog.value.setValue(81.2)
        dialog.reason.setText("validated September return")
        return 1

    monkeypatch.setattr(ReadingDialog, "exec", fill_and_accept)
    window = window_for(SECRETARIAT)
    window.show_indicator("NI 59")
    settle(qtbot, window)
    view = window.indicators
    assert view.readings_model.item(0, 0).text() == "August 2011"
    view.readings.selectRow(0)
    qtbot.mouseClick(view.change_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert view.readings_model.item(0, 1).text() == "81.2%"
    history = view.readings_model.item(0, 5).text()
    assert "Sam Secretariat: 80.5 → 81.2 (validated September return)" in history
    assert [p.value for p in view.chart.series.points][-1] == 81.2
    assert view.chart.series.points[-1].revised
    assert "81.2%" in view.narrative.text()

    window.undo_action.trigger()
    settle(qtbot, window)
    assert view.readings_model.item(0, 1).text() == "80.5%"
    assert "81.2 → 80.5" in view.readings_model.item(0, 5).text()  # the undo is a revision too


def test_a_member_cannot_change_readings(qtbot, window_for):
    window = window_for(MEMBER)
    window.show_indicator("NI 59")
    settle(qtbot, window)
    assert not window.indicators.change_button.isEnabled()
    assert "Only the secretariat can edit readings" in window.indicators.change_button.toolTip()


def test_the_secretariat_changes_a_target_and_the_judgement_follows(qtbot, window_for, monkeypatch):
    from boardapp.ui.target_dialog import TargetDialog

    asked = []

    def answer(dialog):
        asked.append((dialog.target.period.label, dialog.value.value()))
        dialog.value.setValue(8.5)
        dialog.reason.setText("revised by the board")
        return 1

    monkeypatch.setattr(TargetDialog, "exec", answer)
    window = window_for(SECRETARIAT)
    window.show_indicator("NI 117")
    settle(qtbot, window)
    view = window.indicators
    assert view.target_list.count() == 1 and "6.8%" in view.target_list.item(0).text()
    assert "▲ Red" in view.targets.toPlainText()
    view.target_list.setCurrentRow(0)
    qtbot.mouseClick(view.target_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert asked == [("November 2010 to January 2011", 6.8)]
    assert "8.5%" in view.target_list.item(0).text()
    assert "● Green" in view.targets.toPlainText()  # 8.3% now meets a target of 8.5% (lower is better)
    window.undo_action.trigger()
    settle(qtbot, window)
    assert "6.8%" in view.target_list.item(0).text()


def test_a_chair_cannot_change_targets(qtbot, window_for):
    window = window_for(("Bill McCarthy", Role.CHAIR))
    window.show_indicator("NI 117")
    settle(qtbot, window)
    assert not window.indicators.target_button.isEnabled()
    assert "Only the secretariat can edit targets" in window.indicators.target_button.toolTip()
