"""The secretariat keeps the plan from the window: the action editor typed in, picked from
and saved; the plan tree and the database after; refusals; undo; and the meeting's pack."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from sqlalchemy import select

from boardapp.domain.terms import ActionStatus, Rag, Role
from boardapp.exchange.pack import export_pack
from boardapp.store.connection import open_database
from boardapp.store.models import Action, OutboxEntry
from boardapp.ui.action_dialog import ActionDialog, pick
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import PLAN, MainWindow
from boardapp.ui.plan_view import DUE, RAG, STATUS
from tests.people import person
from tests.ui.conftest import settle

SAM = ("Sam Secretariat", Role.SECRETARIAT)  # who, made real on each database by tests/people.py


@pytest.fixture
def window_for(qtbot, demo_db):
    databases = []

    def make(identity):
        database = open_database(demo_db)
        databases.append(database)
        window = MainWindow(BoardContext(database, person(database, *identity)))
        window.resize(1366, 768)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.show_view(PLAN)
        settle(qtbot, window)
        return window

    yield make
    for database in databases:
        database.close()


def with_dialog(qtbot, plan, button, fill):
    """Click ``button`` and, once its modal editor is open, run ``fill(dialog)``."""
    seen = []

    def act():
        dialog = next(d for d in plan.findChildren(ActionDialog) if d.isVisible())
        seen.append(dialog)
        try:
            fill(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(50, act)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen, "the editor did not open"
    return seen[0]


def stored(database, ref):
    with database.session() as session:
        action = session.scalars(select(Action).where(Action.ref == ref)).one_or_none()
        if action is None:
            return None
        return (action.title, action.owner, action.due_on, action.status, action.rag,
                [r.ref for r in action.requirements], [i.code for i in action.indicators])


def test_the_secretariat_adds_a_linked_action_in_the_editor_and_finds_it_in_the_pack(qtbot, window_for, tmp_path):
    window = window_for(SAM)
    plan, database = window.plan, window.context.database
    plan.select_action("P2.1.a")
    settle(qtbot, window)
    problems = []

    def fill(dialog):
        assert dialog.ref.text() == "P2.1.b"  # the next free ref in the chosen action's focus area
        qtbot.keyClicks(dialog.title, "Weekly audit of initial assessments out of time")
        qtbot.keyClicks(dialog.due, "2011-09-30")
        dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.IN_PROGRESS))
        dialog.rag.setCurrentIndex(dialog.rag.findData(Rag.AMBER))
        pick(dialog.requirements, "1")
        pick(dialog.indicators, "NI 59")
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)  # no owner: refused, still open
        problems.append(dialog.problem.text())
        # The field named in the message gets the cursor (focusWidget: the window need not be active).
        assert dialog.isVisible() and dialog.focusWidget() is dialog.owner
        assert stored(database, "P2.1.b") is None
        qtbot.keyClicks(dialog.owner, "Head of Service, Duty and Advice")
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)

    with_dialog(qtbot, plan, plan.add, fill)
    assert problems == ["Owner: name the person or team who owns the action; it was left blank"]
    settle(qtbot, window)
    assert stored(database, "P2.1.b") == (
        "Weekly audit of initial assessments out of time", "Head of Service, Duty and Advice", date(2011, 9, 30),
        ActionStatus.IN_PROGRESS, Rag.AMBER, ["1"], ["NI 59"])
    chosen = plan.current_action()
    assert chosen.ref == "P2.1.b" and chosen.requirements == ("1",) and chosen.indicators == ("NI 59",)
    row = plan.tree.currentIndex()
    assert row.siblingAtColumn(STATUS).data() == "➜ In progress" and row.siblingAtColumn(RAG).data() == "◆ Amber"
    with database.session() as session:
        queued = session.scalars(select(OutboxEntry.operation).where(OutboxEntry.table_name == "action")).all()
    assert queued == ["insert"]

    out = tmp_path / "pack.xlsx"
    # As at today: a pack as at a meeting already held shows the plan as it then stood, without it.
    export_pack(database, out, who=window.context.identity, as_at=date.today())
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        rows = [list(r) for r in book["Action plan"].iter_rows(values_only=True)]
    finally:
        book.close()
    heading = next(r for r in rows if r and "Ref" in r)  # a pack of two plans starts with a Plan column
    found = next(r for r in rows if r and r[heading.index("Ref")] == "P2.1.b")
    assert found[heading.index("Action")] == "Weekly audit of initial assessments out of time"
    assert found[heading.index("Owner")] == "Head of Service, Duty and Advice"
    assert found[heading.index("Requirements")] == "1"

    window.undo_action.trigger()  # Edit > Undo takes the action out again
    settle(qtbot, window)
    assert stored(database, "P2.1.b") is None
    window.redo_action.trigger()
    settle(qtbot, window)
    assert stored(database, "P2.1.b")[1] == "Head of Service, Duty and Advice"


def test_the_secretariat_changes_an_owner_and_due_date_and_undoes_it(qtbot, window_for):
    window = window_for(SAM)
    plan, database = window.plan, window.context.database
    plan.select_action("P2.4.b")
    settle(qtbot, window)
    before = stored(database, "P2.4.b")

    def fill(dialog):
        assert dialog.ref.isReadOnly() and not dialog.area.isEnabled()
        assert dialog.area.currentText().startswith("apa2008 · P2.4 ")  # the action's own focus area
        qtbot.keyClicks(dialog.owner, "Chief Information Officer")
        dialog.due.clear()
        qtbot.keyClicks(dialog.due, "2008-12-01")  # before the plan was adopted
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
        assert dialog.problem.text().startswith("Due date: a date on or after the plan's start (1 January 2009")
        dialog.due.clear()
        qtbot.keyClicks(dialog.due, "31/3/2010")
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
        assert dialog.problem.text().startswith("Due date: a date such as 2011-09-30")
        dialog.due.clear()
        qtbot.keyClicks(dialog.due, "2010-03-31")
        pick(dialog.requirements, "14")
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)

    with_dialog(qtbot, plan, plan.change, fill)
    settle(qtbot, window)
    after = stored(database, "P2.4.b")
    # 19 is the demo's own (inferred) tie; 14 is the one picked
    assert after[1:3] == ("Chief Information Officer", date(2010, 3, 31)) and after[5] == ["14", "19"]
    assert plan.current_action().owner == "Chief Information Officer"
    assert "Change action P2.4.b" in window.undo_action.text()
    window.undo_action.trigger()
    settle(qtbot, window)
    assert stored(database, "P2.4.b") == before


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OBSERVER, Role.CHAIR])
def test_other_roles_see_the_buttons_disabled_with_the_stores_reason(qtbot, window_for, role):
    window = window_for(("Someone", role))
    window.plan.select_action("P1.1.a")
    settle(qtbot, window)
    for button in (window.plan.add, window.plan.change):
        assert not button.isEnabled()
        assert button.toolTip().startswith("Only the secretariat can add and change the plan's actions")


def test_status_and_rag_are_on_screen_and_whole_at_1366(qtbot, window_for):
    window = window_for(SAM)
    tree = window.plan.tree
    right_edge = tree.viewport().width()
    header = tree.header()
    for column in (DUE, STATUS, RAG):
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= right_edge
    metrics = tree.fontMetrics()
    for row_words, column in (("○ Not started", STATUS), ("– Not assessed", STATUS), ("◆ Amber", RAG)):
        assert metrics.horizontalAdvance(row_words) < header.sectionSize(column)
    assert header.sectionSize(1) >= 200  # the title keeps room to be read
