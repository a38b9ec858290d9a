"""A readings workbook dropped on the window: previewed, every problem listed, applied."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from boardapp.domain.terms import Role
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.import_dialog import ImportPreviewDialog
from boardapp.ui.main_window import MainWindow
from tests.conftest import file_digest
from tests.exchange.workbooks import write_readings
from tests.people import sign_in_at
from tests.ui.conftest import settle


def drop(window, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def open_window(qtbot, path, role):
    # Sam signed in as the copy's own user (made, and the file closed, before the window opens
    # it), as the app's window always acts: a window acting as anyone else is told, at the
    # next change, that the copy's user is someone else
    who = sign_in_at(path, "Sam", role)
    database = open_database(path)
    window = MainWindow(BoardContext(database, who))
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, window)
    return window, database


def test_a_dropped_workbook_is_previewed_then_applied(qtbot, demo_db, tmp_path, monkeypatch):
    book = write_readings(tmp_path / "september.xlsx", [
        ["NI 59", "Sep 2011", "81.0%", 810, 1000, "provisional", "September return", ""],
        ["NI 59", "2011-08", 80.5, None, None, "validated", "", ""],
        ["NI 60", "August 2011", 90.4, None, None, "validated", "revised", ""],
    ])
    seen = {}

    def look_then_apply(dialog: ImportPreviewDialog) -> int:
        seen["text"] = dialog.preview
        seen["enabled"] = dialog.apply_button.isEnabled()
        return 1

    monkeypatch.setattr(ImportPreviewDialog, "exec", look_then_apply)
    window, database = open_window(qtbot, demo_db, Role.SECRETARIAT)
    try:
        drop(window, book)
        settle(qtbot, window)
        preview = seen["text"]
        assert seen["enabled"] and preview.ok
        counts = {outcome.value: n for outcome, n in preview.plan.counts.items()}
        assert counts["new"] == 1 and counts["revised"] == 1 and counts["unchanged"] == 1
        assert "Imported september.xlsx" in window.statusBar().currentMessage()
        window.show_indicator("NI 60")
        settle(qtbot, window)
        assert window.indicators.readings_model.item(0, 1).text() == "90.4%"
    finally:
        window.close()
        database.close()


def test_a_file_with_problems_lists_them_all_and_writes_nothing(qtbot, demo_db, tmp_path, monkeypatch):
    book = write_readings(tmp_path / "bad.xlsx", [
        ["NI 999", "2011-08", 80, None, None, "validated", "", ""],
        ["NI 59", "08/11", 80, None, None, "validated", "", ""],
        ["NI 59", "2011-09", 180, None, None, "validated", "", ""],
    ])
    shown = {}
    monkeypatch.setattr(ImportPreviewDialog, "exec",
                        lambda dialog: shown.update(preview=dialog.preview, enabled=dialog.apply_button.isEnabled()) or 0)
    window, database = open_window(qtbot, demo_db, Role.SECRETARIAT)
    try:
        before = file_digest(demo_db)
        drop(window, book)
        settle(qtbot, window)
        problems = [str(p) for p in shown["preview"].sheet.problems]
        assert len(problems) == 3 and not shown["enabled"]
        assert any("NI 999" in p for p in problems) and any("08/11" in p for p in problems)
        assert all("bad.xlsx" in p and "row" in p.lower() for p in problems)
    finally:
        window.close()
        database.close()
    assert file_digest(demo_db) == before


def test_a_macro_workbook_is_refused_with_a_message(qtbot, demo_db, tmp_path, monkeypatch):
    book = write_readings(tmp_path / "month.xlsm", [["NI 59", "2011-09", 81, None, None, "validated", "", ""]])
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    window, database = open_window(qtbot, demo_db, Role.SECRETARIAT)
    try:
        drop(window, book)
        settle(qtbot, window)
    finally:
        window.close()
        database.close()
    assert warnings and warnings[0][0] == "Readings not imported" and "month.xlsm" in warnings[0][1]
    assert "Nothing was written" in warnings[0][1]
