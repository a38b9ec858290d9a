"""The window's passphrase dialog, for a computer with no keyring (issue 13): asked twice
for a new database and accepted only when the two are the same; what it returns opens
the database it made."""

from __future__ import annotations

import keyring
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import text

from boardapp.store import database_key
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.ui.database_key_dialog import DatabaseKeyDialog, ask_passphrase


def ok_button(dialog: DatabaseKeyDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_a_new_passphrase_is_asked_twice_and_must_match(qtbot):
    dialog = DatabaseKeyDialog(new=True)
    qtbot.addWidget(dialog)
    assert not ok_button(dialog).isEnabled()
    qtbot.keyClicks(dialog.passphrase, "river stone lantern")
    qtbot.keyClicks(dialog.again, "river stone lanterm")
    assert not ok_button(dialog).isEnabled()
    assert "not the same" in dialog.problem.text()
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "river stone lantern")
    assert ok_button(dialog).isEnabled() and dialog.problem.text() == ""
    assert dialog.value() == "river stone lantern"


def test_opening_asks_once_with_no_second_field(qtbot):
    dialog = DatabaseKeyDialog(new=False)
    qtbot.addWidget(dialog)
    assert dialog.again.parent() is None  # not in the form
    qtbot.keyClicks(dialog.passphrase, "river stone lantern")
    assert ok_button(dialog).isEnabled()


def answer_next_dialog(qtbot, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    def fill() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, DatabaseKeyDialog) and w.isVisible())
        dialog.passphrase.setText(passphrase)
        if dialog.new:
            dialog.again.setText(passphrase)
        ok_button(dialog).click()

    QTimer.singleShot(50, fill)


def test_with_no_keyring_the_dialogs_passphrase_makes_and_opens_the_database(qtbot, tmp_path):
    keyring.set_keyring(fail.Keyring())
    database_key.ask_with(ask_passphrase)
    database_key.forget()
    answer_next_dialog(qtbot, "a passphrase typed in the window")
    create_database(tmp_path / "board.sqlite")
    database_key.forget()
    answer_next_dialog(qtbot, "a passphrase typed in the window")
    with open_database(tmp_path / "board.sqlite", read_only=True) as database, database.session() as session:
        assert session.execute(text("SELECT count(*) FROM requirement")).scalar_one() > 0
    assert database_key.database_key().source == "passphrase"
