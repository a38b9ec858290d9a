"""The board server in the window: the status line, and a sync that cannot reach it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from boardapp.domain.terms import Role
from boardapp.store import outbox
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import MainWindow
from boardapp.ui.sync_panel import ServerDialog
from tests.people import person
from tests.ui.conftest import settle


def test_status_line_and_a_server_that_does_not_answer(qtbot, demo_db, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))

    def answer(dialog: ServerDialog) -> int:
        dialog.url.setText("postgresql://ann@127.0.0.1:9/board")  # nothing listens on port 9
        dialog.password.setText("secret")
        return 1

    monkeypatch.setattr(ServerDialog, "exec", answer)
    with open_database(demo_db) as database:
        window = MainWindow(BoardContext(database, person(database, "Ann", Role.MEMBER)))
        with database.engine.connect() as connection:  # making Ann queued the member list's rows, nothing else
            unsent = outbox.pending(connection)
        assert unsent and {entry.table_name for entry in unsent} == {"member"}
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.sync_panel is not None, timeout=10_000)
        panel = window.sync_panel
        assert "no board server yet" in panel.status.text() and f"· {len(unsent)} to send" in panel.status.text()
        qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
        settle(qtbot, window)
        assert warnings and warnings[0][0] == "Sync did not finish"
        assert "Nothing you wrote is lost" in warnings[0][1]
        assert "sync failed" in panel.status.text()
        assert "secret" not in str(panel.settings.value("server/url"))
        window.close()


def test_the_server_dialog_says_what_it_gives_a_member(qtbot):
    dialog = ServerDialog("")
    qtbot.addWidget(dialog)
    hint = dialog.hint.text()
    assert "IT gives each member" in hint and "postgresql+psycopg://" in hint and "one-time password" in hint
    assert dialog.url.placeholderText().startswith("postgresql+psycopg://board_")
