"""The requirement page's Judged box says what the board had judged by the date shown:
"not judged yet" for a requirement it had not, never the status another showed."""

from __future__ import annotations

from datetime import date

import pytest

from boardapp.domain.terms import RequirementStatus, Role
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.overview_model import NOT_JUDGED
from boardapp.ui.overview_view import OverviewView
from boardapp.ui.words import REQUIREMENT_STATUS
from tests.people import person


@pytest.fixture
def view(qtbot, demo_db):
    with open_database(demo_db) as database:
        context = BoardContext(database, person(database, "Sam Secretariat", Role.SECRETARIAT))
        view = OverviewView(context)
        qtbot.addWidget(view)
        view.show()
        view.refresh()
        qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not context.tasks.busy, timeout=10_000)
        yield view
        context.tasks.shutdown()


def test_as_at_9_may_2011_the_judged_box_says_not_judged_yet(qtbot, view):
    view.select("3")  # today: judged not met
    assert view.current_row().judged is RequirementStatus.NOT_MET
    assert view.judged.currentText() == REQUIREMENT_STATUS[RequirementStatus.NOT_MET]

    view.context.set_as_at(date(2011, 5, 9), "Improvement Board · 9 May 2011")
    qtbot.waitUntil(lambda: view.overview is not None and view.overview.as_at == date(2011, 5, 9), timeout=10_000)
    row = view.current_row()
    assert row.ref == "3" and row.judged is None  # the board had not judged it by then
    assert view.judged.currentText() == NOT_JUDGED == "– Not judged yet"
    assert view.judged.currentData() is None
    assert not view.judged.model().item(view.judged.currentIndex()).isEnabled()  # shown, never chosen
    assert not view.judged.isEnabled() and not view.set_judged.isEnabled()  # the past is read-only
    assert "Judged: not judged yet" in view.page.toPlainText()
    for ref in ("1", "23"):
        view.select(ref)
        assert view.current_row().judged is None and view.judged.currentText() == NOT_JUDGED

    view.context.set_as_at(None)  # back to today: the judgement again
    qtbot.waitUntil(lambda: view.overview.as_at == date.today(), timeout=10_000)
    assert view.current_row().ref == "23"
    assert view.judged.currentText() == REQUIREMENT_STATUS[view.current_row().judged]
    assert view.judged.isEnabled()


def test_the_not_judged_entry_is_never_set(qtbot, view, monkeypatch):
    view.select("1")
    row = view.current_row()
    view.judged.setCurrentIndex(view.not_judged_index)  # as if it could be chosen
    monkeypatch.setattr("boardapp.ui.overview_view.edit", lambda *a, **k: pytest.fail("no edit for 'not judged'"))
    view.set_judged.click()
    assert view.current_row().judged is row.judged


def test_with_no_requirement_chosen_the_box_is_empty(qtbot, view):
    view.table.setCurrentIndex(view.proxy.index(-1, 0))
    assert view.current_row() is None
    assert view.judged.currentText() == "" and not view.judged.isEnabled()
