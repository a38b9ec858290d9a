"""The idle lock: after the set time without input the window hides the board (its views,
menus and status bar, and the contents of any open dialog) and asks for the passphrase;
a wrong one is refused in words, three in a row make it wait; the right one brings
everything back, typing included. A copy that has not reached its board server for too
many days shows nothing until the server's login succeeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPlainTextEdit, QVBoxLayout

from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.ui import lock as lock_module
from boardapp.ui.context import BoardContext
from boardapp.ui.lock import LockDialog
from boardapp.ui.main_window import OVERVIEW, MainWindow
from boardapp.ui.settings import LOCK_ENV, Settings
from tests import people
from tests.ui.conftest import settle

PASSPHRASE = people.passphrase_of("Mo Member")


@pytest.fixture
def database(demo_db):
    opened = open_database(demo_db)
    yield opened
    opened.close()


def make_window(qtbot, database, who) -> MainWindow:
    window = MainWindow(BoardContext(database, who), Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def lock_dialog(window: MainWindow) -> LockDialog:
    assert window.lock is not None and window.lock.dialog is not None
    return window.lock.dialog


def test_the_window_locks_when_idle_and_unlocks_with_the_passphrase_keeping_the_typing(
        qtbot, database, monkeypatch):
    monkeypatch.setenv(LOCK_ENV, "1")
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 0.2)
    who = people.sign_in(database, "Mo Member", Role.MEMBER)
    window = make_window(qtbot, database, who)
    window.show_view(OVERVIEW)
    settle(qtbot, window)
    window.overview.select("7")
    settle(qtbot, window)
    editor = window.overview.notes.editor
    window.lock.timer.setInterval(300)  # from here, 300 ms without input locks the window
    # A dialog open with unsaved typing in it.
    dialog = QDialog(window)
    dialog.setWindowTitle("Action P1.2.a")
    typing = QPlainTextEdit("Unsaved words in a dialog")
    QVBoxLayout(dialog).addWidget(typing)
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(editor, "Half-written challenge about NEET")  # typing keeps it unlocked
    assert not window.lock.locked

    qtbot.waitUntil(lambda: window.lock.locked, timeout=5000)
    locker = lock_dialog(window)
    assert locker.isVisible() and window.windowTitle() == "Board App – locked"
    # Nothing of the board is visible (hidden widgets are not read out either).
    assert window.pages.currentWidget() is window.locked_page
    for widget in (window.overview, window.overview.table, window.navigation, window.as_at, editor):
        assert not widget.isVisible()
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    # The open dialog is covered, not closed: its contents hidden, its title the lock's.
    assert dialog.isVisible() and not typing.isVisible() and dialog.windowTitle() == "Board App – locked"
    assert "passphrase" in locker.message.text()

    locker.passphrase.setText("a wrong guess")
    locker.unlock_button.click()
    assert window.lock.locked and not editor.isVisible()
    assert locker.error.text() == "That is not Mo Member's passphrase (1 of 3 tries): try again."
    assert locker.passphrase.text() == ""
    for _ in range(2):
        locker.passphrase.setText("another guess")
        locker.unlock_button.click()
    assert locker.error.text() == "3 wrong passphrases in a row: wait 0.2 seconds, then try again."
    assert not locker.passphrase.isEnabled() and not locker.unlock_button.isEnabled()
    assert window.lock.locked
    qtbot.waitUntil(lambda: locker.passphrase.isEnabled(), timeout=5000)

    locker.passphrase.setText(PASSPHRASE)
    locker.unlock_button.click()
    assert not window.lock.locked
    assert window.pages.currentIndex() == 0 and window.overview.isVisible() and editor.isVisible()
    assert window.menuBar().isVisible() and window.windowTitle().startswith("Board App – Leeds")
    assert editor.toPlainText() == "Half-written challenge about NEET"
    assert dialog.isVisible() and typing.isVisible() and typing.toPlainText() == "Unsaved words in a dialog"
    assert dialog.windowTitle() == "Action P1.2.a"
    dialog.close()


def test_escape_does_not_unlock(qtbot, database, monkeypatch):
    monkeypatch.setenv(LOCK_ENV, "0.005")
    who = people.sign_in(database, "Mo Member", Role.MEMBER)
    window = make_window(qtbot, database, who)
    qtbot.waitUntil(lambda: window.lock.locked, timeout=5000)
    locker = lock_dialog(window)
    locker.reject()
    locker.close()
    assert window.lock.locked and locker.isVisible() and not window.navigation.isVisible()


def test_the_lock_time_is_a_setting(qtbot):
    settings = Settings()
    assert settings.lock_minutes() == 15
    settings._q.setValue("security/lock-minutes", 5)
    assert settings.lock_minutes() == 5
    settings._q.setValue("security/lock-minutes", "nonsense")
    assert settings.lock_minutes() == 15
    assert settings.server_days() == 30


def test_after_days_without_the_server_the_window_shows_nothing_until_its_login_succeeds(qtbot, database):
    people.setter(database)
    member = next(m for m in identity.members(database) if m.name == "Bill McCarthy")
    identity.from_server(database, name="Bill McCarthy", role=Role.CHAIR, member_uuid=member.uuid,
                         login="board_bill", where="board-server.test", password="Bill's server password")
    identity.record_server_contact(database, datetime.now(UTC) - timedelta(days=31))
    who = identity.acting(database)
    window = make_window(qtbot, database, who)
    assert window.lock is not None and window.lock.locked
    locker = lock_dialog(window)
    assert locker.server and "more than 30 days" in locker.message.text()
    assert not window.navigation.isVisible() and not window.statusBar().isVisible()
    assert locker.server_button.isVisible() and not locker.passphrase.isVisible()
    # A sync that did not reach the server changes nothing.
    window.context.data_changed.emit()
    assert window.lock.locked
    # What a successful sync does: it records the contact, then the views refresh.
    identity.record_server_contact(database)
    window.context.data_changed.emit()
    assert not window.lock.locked and window.navigation.isVisible()


def test_a_passphrase_unlock_still_asks_for_the_server_when_it_is_due(qtbot, database, monkeypatch):
    monkeypatch.setenv(LOCK_ENV, "0.005")
    people.setter(database)
    member = next(m for m in identity.members(database) if m.name == "Bill McCarthy")
    identity.from_server(database, name="Bill McCarthy", role=Role.CHAIR, member_uuid=member.uuid,
                         login="board_bill", where="board-server.test", password="Bill's server password")
    window = make_window(qtbot, database, identity.acting(database))
    qtbot.waitUntil(lambda: window.lock.locked, timeout=5000)
    locker = lock_dialog(window)
    assert not locker.server
    identity.record_server_contact(database, datetime.now(UTC) - timedelta(days=40))
    locker.passphrase.setText("Bill's server password")
    locker.unlock_button.click()
    assert window.lock.locked and locker.server and not window.navigation.isVisible()


def test_a_copy_someone_signed_in_on_opens_locked_until_their_passphrase(qtbot, qapp, demo_db):
    """Closing the app and starting it again does not get past the lock."""
    from boardapp.ui.app import Application

    with open_database(demo_db) as copy:
        people.sign_in(copy, "Mo Member", Role.MEMBER)
    owner = Application(qapp, Settings(), lock_at_start=True)
    try:
        owner.open(demo_db)
        window = owner.window
        assert window is not None and window.lock is not None and window.lock.locked
        dialog = lock_dialog(window)
        assert "This copy is Mo Member's" in dialog.message.text()
        assert window.pages.currentWidget() is window.locked_page
        qtbot.keyClicks(dialog.passphrase, "not it")
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        assert window.lock.locked and "not Mo Member's passphrase" in dialog.error.text()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.lock.locked)
        assert window.pages.currentWidget() is not window.locked_page
    finally:
        owner.close()
