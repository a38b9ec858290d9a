"""File > Export pack from the window: the pack of what the window shows, read back."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role
from boardapp.exchange.pack.audience import Audience
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.export_dialog import ExportDialog
from boardapp.ui.main_window import MainWindow
from tests.ui.conftest import settle


def test_export_as_at_the_dfe_review(qtbot, demo_db, tmp_path, monkeypatch):
    out = tmp_path / "pack.xlsx"

    def choose(dialog: ExportDialog) -> int:
        dialog.audience.setCurrentIndex(dialog.audience.findData(Audience.DFE.value))
        dialog.path.setText(str(out))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with open_database(demo_db) as database:
        window = MainWindow(BoardContext(database, Identity("Sam", Role.SECRETARIAT)))
        qtbot.addWidget(window)
        window.show()
        settle(qtbot, window)
        window.context.set_as_at(date(2011, 5, 20), "Progress Review Meeting with DfE, 20 May 2011")
        window.export_action.trigger()
        settle(qtbot, window)
        assert "Exported pack.xlsx" in window.statusBar().currentMessage()
        window.close()
    book = load_workbook(out)
    assert "Scorecard" in book.sheetnames
    cover = {row[0].value: row[1].value for row in book[book.sheetnames[0]].iter_rows(min_col=1, max_col=2)
             if row[0].value}
    assert cover["As at"].date() == date(2011, 5, 20)
    assert "DfE" in cover["Audience"] and cover["Protective marking"] == "OFFICIAL-SENSITIVE"


def test_a_target_that_cannot_be_written_is_said_and_nothing_changes(qtbot, demo_db, tmp_path, monkeypatch):
    folder_as_target = tmp_path / "a-folder.xlsx"
    folder_as_target.mkdir()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: dialog.path.setText(str(folder_as_target)) or 1)
    with open_database(demo_db) as database:
        window = MainWindow(BoardContext(database, Identity("Sam", Role.SECRETARIAT)))
        qtbot.addWidget(window)
        window.show()
        settle(qtbot, window)
        window.export_action.trigger()
        settle(qtbot, window)
        window.close()
    assert warnings and warnings[0][0] == "The pack was not exported"
    assert folder_as_target.is_dir() and list(folder_as_target.iterdir()) == []
