"""Every dialog a board member or the secretariat opens fits a 1366x768 laptop and a
1280x720 one at 125% (1024x576 logical pixels, the size ``test_fit.test_at_125_percent``
runs this module at too): opened at the size it asks for, no larger than the screen
less a task bar and a title bar, with each of its fields and buttons whole inside it."""

from __future__ import annotations

import os
import shutil

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractButton, QDialog, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from boardapp.domain.terms import Role
from boardapp.exchange.readings_preview import preview_import
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.export_dialog import ExportDialog
from boardapp.ui.import_dialog import ImportPreviewDialog
from boardapp.ui.lock import IdleLock
from boardapp.ui.main_window import PLAN, MainWindow
from boardapp.ui.members_dialog import MemberForm, MembersDialog
from boardapp.ui.reading_dialog import ReadingDialog
from boardapp.ui.sign_in_dialog import SignInDialog
from boardapp.ui.sync_panel import ConflictsDialog, ServerDialog
from boardapp.ui.who_am_i_dialog import WhoAmIDialog
from tests import people
from tests.exchange.workbooks import write_readings
from tests.people import person
from tests.ui.conftest import settle
from tests.ui.test_fit import CHROME

SECRETARIAT = ("Sam Secretariat", Role.SECRETARIAT)  # who, made real on each database by tests/people.py
SCREENS = {"1366x768": QSize(1366, 768 - CHROME), "1280x720 at 125%": QSize(1024, 576 - CHROME)}


@pytest.fixture
def window(qtbot, demo_db):
    database = open_database(demo_db)
    shown = MainWindow(BoardContext(database, person(database, *SECRETARIAT)))
    qtbot.addWidget(shown)
    shown.resize(SCREENS["1280x720 at 125%"])
    shown.show()
    qtbot.waitExposed(shown)
    settle(qtbot, shown)
    yield shown
    database.close()


def fits(qtbot, dialog: QDialog, screen: QSize) -> None:
    """Open ``dialog`` as Qt would (at its size hint, capped by the screen) and check it
    and everything a user types in or clicks."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    assert least.width() <= screen.width() and least.height() <= screen.height(), (
        f"{dialog.windowTitle()!r} needs {least.width()}x{least.height()} on a {screen.width()}x{screen.height()} screen")
    opened = dialog.size()
    if os.environ.get("BOARDAPP_FIT_SCALED") == "1" or screen.width() > 1100:
        # the scaled run's screen is the laptop's; the plain run's is larger than any
        assert opened.width() <= screen.width() and opened.height() <= screen.height(), (
            f"{dialog.windowTitle()!r} opens at {opened.width()}x{opened.height()}")
    dialog.resize(opened.boundedTo(screen).expandedTo(least))
    qtbot.wait(10)
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit | QTextEdit):
            continue
        rect = QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())
        assert dialog.rect().contains(rect), f"{type(widget).__name__} {widget.text() if hasattr(widget, 'text') else ''!r} is cut"
        if isinstance(widget, QAbstractButton) and widget.text():
            text = widget.text().replace("&", "")
            assert widget.fontMetrics().horizontalAdvance(text) <= widget.width(), f"button {text!r} is cut"
    dialog.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_identity_dialogs_fit(qtbot, window, screen, demo_template, tmp_path):
    new_board = tmp_path / "new-board.sqlite"  # a fresh demo copy no one has signed in on
    shutil.copyfile(demo_template, new_board)
    with open_database(new_board) as fresh:
        setting_up = SignInDialog(fresh, window)
        assert setting_up.setting_up
        fits(qtbot, setting_up, SCREENS[screen])
    database = window.context.database
    boss = people.setter(database)
    for n in range(12):  # a board with a long member list
        identity.add_member(database, boss, f"Board Member Number {n} With A Long Name", Role.MEMBER)
    signing_in = SignInDialog(database, window)
    assert not signing_in.setting_up
    fits(qtbot, signing_in, SCREENS[screen])
    window.context.identity = boss
    fits(qtbot, WhoAmIDialog(window.context, window), SCREENS[screen])
    fits(qtbot, MembersDialog(window.context, window), SCREENS[screen])
    fits(qtbot, MemberForm(window, "Add a member", name=True, role=Role.MEMBER, passphrase=True), SCREENS[screen])
    fits(qtbot, MemberForm(window, "Register keys", keys=True), SCREENS[screen])
    lock = IdleLock(window, 15, 30)
    lock.lock()
    fits(qtbot, lock.dialog, SCREENS[screen])
    lock.dialog.set_server(True)
    fits(qtbot, lock.dialog, SCREENS[screen])
    lock.unlock()
    lock.stop()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_export_dialog_fits(qtbot, window, screen):
    fits(qtbot, ExportDialog(window.context, window), SCREENS[screen])


@pytest.mark.parametrize("screen", SCREENS)
def test_the_reading_dialogs_fit(qtbot, window, screen):
    fits(qtbot, ReadingDialog("NI 59", None, window), SCREENS[screen])


@pytest.mark.parametrize("screen", SCREENS)
def test_the_action_dialog_fits(qtbot, window, screen):
    window.show_view(PLAN)
    settle(qtbot, window)
    adding = window.plan.open_editor(None)
    assert not adding.reason.isVisibleTo(adding)  # a new action has no change to explain
    fits(qtbot, adding, SCREENS[screen])
    window.plan.select_action("P2.1.a")
    settle(qtbot, window)
    changing = window.plan.open_editor(window.plan.current_action())
    assert changing.reason.isVisibleTo(changing)  # "Reason for the change", fitted with the rest
    fits(qtbot, changing, SCREENS[screen])


@pytest.mark.parametrize("screen", SCREENS)
def test_the_sync_dialogs_fit(qtbot, window, screen):
    fits(qtbot, ServerDialog("", window), SCREENS[screen])
    fits(qtbot, ConflictsDialog(window.context, window), SCREENS[screen])


@pytest.mark.parametrize("screen", SCREENS)
def test_an_import_preview_of_many_rows_and_problems_fits(qtbot, window, screen, tmp_path):
    rows = [("NI 59", f"{year}-{month:02d}", 70 + month, None, None, "validated", "test", "")
            for year in (2012, 2013, 2014) for month in range(1, 13)]
    rows += [("NOPE", "2012-01", 1, None, None, "validated", "", ""), ("NI 60", "sometime", 2, None, None, "", "", "")]
    path = write_readings(tmp_path / "many.xlsx", rows)
    preview = preview_import(window.context.database, path)
    fits(qtbot, ImportPreviewDialog(preview, "", window), SCREENS[screen])
