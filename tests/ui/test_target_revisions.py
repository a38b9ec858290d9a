"""Changing a target in the window asks why; the indicator's page then lists the old
value, the day and the reason; Cancel, or no reason, changes nothing; as at the day
before, the page shows the target as it stood."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from boardapp.domain.terms import Role, TrackedKind, Unit
from boardapp.store import history
from boardapp.store.connection import open_database
from boardapp.store.models import AuditEntry, Revision
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import MainWindow
from boardapp.ui.target_dialog import NO_REASON, TargetDialog
from tests.people import person
from tests.ui.conftest import settle
from tests.ui.modal import when_open
from tests.ui.test_dialog_fit import SCREENS, fits

SAM = "Sam Secretariat (secretariat)"


@pytest.fixture
def window(qtbot, demo_db):
    database = open_database(demo_db)
    main = MainWindow(BoardContext(database, person(database, "Sam Secretariat", Role.SECRETARIAT)))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    settle(qtbot, main)
    main.show_indicator("NI 117")
    settle(qtbot, main)
    main.indicators.target_list.setCurrentRow(0)
    yield main
    database.close()


def target_revisions(database):
    with database.session() as session:
        return session.scalars(select(Revision).where(Revision.item_kind == TrackedKind.TARGET)).all()


def press(dialog, which):
    dialog.findChild(QDialogButtonBox).button(which).click()


def test_a_target_changed_in_the_window_shows_its_old_value_day_and_reason(qtbot, window):
    seen, problems = [], []

    def fill(dialog: TargetDialog) -> None:
        assert dialog.history.text() == "Not changed since it was set."
        dialog.value.setValue(8.5)
        press(dialog, QDialogButtonBox.StandardButton.Ok)  # no reason yet: the dialog says so and stays
        problems.append((dialog.problem.text(), dialog.isVisible()))
        qtbot.keyClicks(dialog.reason, "revised by the board")
        press(dialog, QDialogButtonBox.StandardButton.Ok)

    when_open(TargetDialog, fill, seen=seen)
    view = window.indicators
    qtbot.mouseClick(view.target_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert seen and problems == [(NO_REASON, True)]

    today = history.today()
    day = f"{today.day} {today:%b %Y}"
    line = f"8.5% from {day}, was 6.8%: revised by the board — {SAM}"
    assert view.target_list.item(0).text() == f"8.5% period, November 2010 to January 2011 (revised {day})"
    assert view.target_list.item(0).toolTip() == line
    page = view.targets.toPlainText()
    assert "Every target and its changes" in page and line in page
    assert "Revised: " + line in window.indicators.chart.series.targets[0].label

    [revision] = target_revisions(window.context.database)
    assert (json.loads(revision.changes), revision.reason, revision.changed_by) == (
        {"value": [6.8, 8.5]}, "revised by the board", SAM)
    with window.context.database.session() as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "target")).all()
    assert [json.loads(e.changes) for e in logged if e.operation == "update"] == [{"value": [6.8, 8.5]}]

    # As at yesterday the page shows the target as it stood, with no change yet.
    window.context.set_as_at(date.today() - timedelta(days=1))
    settle(qtbot, window)
    assert view.target_list.item(0).text() == "6.8% period, November 2010 to January 2011"
    assert line not in view.targets.toPlainText()


def test_cancel_leaves_the_target_as_it_was(qtbot, window):
    def cancel(dialog: TargetDialog) -> None:
        dialog.value.setValue(8.5)
        qtbot.keyClicks(dialog.reason, "changed my mind")
        press(dialog, QDialogButtonBox.StandardButton.Cancel)

    seen = []
    when_open(TargetDialog, cancel, seen=seen)
    view = window.indicators
    qtbot.mouseClick(view.target_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert seen
    assert view.target_list.item(0).text() == "6.8% period, November 2010 to January 2011"
    assert target_revisions(window.context.database) == []
    assert not window.undo_action.isEnabled()


def test_a_change_dated_earlier_counts_from_that_day_and_undo_takes_it_back(qtbot, window):
    def fill(dialog: TargetDialog) -> None:
        dialog.value.setValue(8.5)
        dialog.effective.setDate(date(2011, 11, 15))
        qtbot.keyClicks(dialog.reason, "agreed at the November board")
        press(dialog, QDialogButtonBox.StandardButton.Ok)

    when_open(TargetDialog, fill)
    view = window.indicators
    qtbot.mouseClick(view.target_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert view.target_list.item(0).toolTip() == (
        f"8.5% from 15 Nov 2011, was 6.8%: agreed at the November board — {SAM}")
    window.undo_action.trigger()
    settle(qtbot, window)
    assert view.target_list.item(0).text().startswith("6.8% period")
    assert view.target_list.item(0).toolTip().split("\n") == [
        f"6.8% from 15 Nov 2011, was 8.5%: undone in Board App — {SAM}",
        f"8.5% from 15 Nov 2011, was 6.8%: agreed at the November board — {SAM}",
    ]
    assert [r.effective_on for r in target_revisions(window.context.database)] == [date(2011, 11, 15)] * 2


@pytest.mark.parametrize("screen", SCREENS)
def test_the_target_dialog_fits_with_a_long_history(qtbot, window, screen):
    target = window.indicators.detail.targets[0]
    lines = tuple(f"{n}.5% from {n} Nov 2011, was {n - 1}.5%: revised again by the board after a long discussion "
                  f"of the latest figures — {SAM}" for n in range(12, 1, -1))
    dialog = TargetDialog("NI 117", replace(target, history=lines), Unit.PERCENT, 1, window)
    assert "… and 7 earlier" in dialog.history.text()
    fits(qtbot, dialog, SCREENS[screen])
