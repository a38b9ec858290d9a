"""File > Export pack from the window: the pack of what the window shows, read back."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QMessageBox

from boardapp.domain.terms import Role
from boardapp.exchange.pack.audience import Audience
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.export_dialog import ExportDialog
from boardapp.ui.main_window import MainWindow
from tests.people import person
from tests.ui.conftest import settle


def test_export_as_at_the_dfe_review(qtbot, demo_db, tmp_path, monkeypatch):
    out = tmp_path / "pack.xlsx"

    def choose(dialog: ExportDialog) -> int:
        dialog.audience.setCurrentIndex(dialog.audience.findData(Audience.DFE.value))
        dialog.path.setText(str(out))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with open_database(demo_db) as database:
        window = MainWindow(BoardContext(database, person(database, "Sam", Role.SECRETARIAT)))
        qtbot.addWidget(window)
        window.show()
        settle(qtbot, window)
        window.context.set_as_at(date(2011, 5, 20), "Progress Review Meeting with DfE, 20 May 2011")
        window.export_action.trigger()
        settle(qtbot, window)
        assert "Exported pack.xlsx" in window.statusBar().currentMessage()
        window.close()
    book = load_workbook(out)
    assert "Scorecard" in book.sheetnames and book.sheetnames[0] == "Cover"
    cover = cover_of(out)
    assert cover["As at"].date() == date(2011, 5, 20)
    assert "DfE" in cover["Audience"] and cover["Protective marking"] == "OFFICIAL-SENSITIVE"


def test_a_target_that_cannot_be_written_is_said_and_nothing_changes(qtbot, demo_db, tmp_path, monkeypatch):
    folder_as_target = tmp_path / "a-folder.xlsx"
    folder_as_target.mkdir()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: dialog.path.setText(str(folder_as_target)) or 1)
    with open_database(demo_db) as database:
        window = MainWindow(BoardContext(database, person(database, "Sam", Role.SECRETARIAT)))
        qtbot.addWidget(window)
        window.show()
        settle(qtbot, window)
        window.export_action.trigger()
        settle(qtbot, window)
        window.close()
    assert warnings and warnings[0][0] == "The pack was not exported"
    assert folder_as_target.is_dir() and list(folder_as_target.iterdir()) == []


def cover_of(path):
    """The cover's facts by their labels: the cover keeps each fact under its label, in A."""
    column = [row[0].value for row in load_workbook(path)["Cover"].iter_rows(min_col=1, max_col=1)]
    return {label: value for label, value in zip(column, column[1:], strict=False) if isinstance(label, str)}


def open_window(qtbot, database):
    window = MainWindow(BoardContext(database, person(database, "Sam", Role.SECRETARIAT)))
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, window)
    return window


def accept_as_given(dialog: ExportDialog) -> int:
    """Press Export without changing anything: the dialog's own accept, questions and all."""
    dialog.accept()
    return dialog.result()


def test_the_pack_of_a_meeting_names_the_meeting_and_its_file_says_board_meeting_and_audience(
        qtbot, demo_db, tmp_path, monkeypatch):
    QSettings().setValue("export/folder", str(tmp_path))  # where the last pack went
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    seen = []

    def choose(dialog: ExportDialog) -> int:
        seen.append(dialog.path.text())
        return accept_as_given(dialog)

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with open_database(demo_db) as database:
        window = open_window(qtbot, database)
        bar = window.as_at
        bar.choose_meeting(bar.meetings.findText("Improvement Board · November 2011"))
        assert window.context.meeting.label == "Improvement Board, November 2011"
        window.export_action.trigger()
        settle(qtbot, window)
        result = window.findChild(QMessageBox, "pack-exported")
        assert result is not None and result.isVisible()
        assert "for Improvement Board, November 2011" in result.text()
        open_folder = next(b for b in result.buttons() if b.text() == "Open &folder")
        open_folder.click()
        assert opened == [str(tmp_path)]
        window.close()
    expected = tmp_path / "leeds-city-council-improvement-board-2011-11-board-pack.xlsx"
    assert seen == [str(expected)]
    cover = cover_of(expected)
    assert cover["Meeting"] == "Improvement Board, November 2011"
    assert cover["As at"].date() == date(2011, 11, 1)


def test_the_audience_is_remembered_from_one_export_to_the_next(qtbot, demo_db, tmp_path, monkeypatch):
    outs = [tmp_path / "first.xlsx", tmp_path / "second.xlsx"]
    audiences = []

    def first(dialog: ExportDialog) -> int:
        dialog.audience.setCurrentIndex(dialog.audience.findData(Audience.DFE.value))
        dialog.path.setText(str(outs[0]))
        return accept_as_given(dialog)

    def second(dialog: ExportDialog) -> int:
        audiences.append(dialog.chosen_audience())
        assert dialog.path.text() == str(tmp_path / dialog.suggestion())  # the folder is remembered too
        assert dialog.suggestion().endswith("-dfe-pack.xlsx")
        dialog.path.setText(str(outs[1]))
        return accept_as_given(dialog)

    with open_database(demo_db) as database:
        window = open_window(qtbot, database)
        monkeypatch.setattr(ExportDialog, "exec", first)
        window.export_action.trigger()
        settle(qtbot, window)
        monkeypatch.setattr(ExportDialog, "exec", second)
        window.export_action.trigger()
        settle(qtbot, window)
        window.close()
    assert audiences == [Audience.DFE]
    assert "DfE" in cover_of(outs[1])["Audience"]


def test_replacing_a_file_is_asked_and_no_leaves_it(qtbot, demo_db, tmp_path, monkeypatch):
    existing = tmp_path / "dfe-pack.xlsx"
    existing.write_bytes(b"the DfE pack sent last week")
    questions = []

    def answer_no(parent, title, text, buttons, default):  # type: ignore[no-untyped-def]
        questions.append((title, text, default))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    exported = []

    def choose(dialog: ExportDialog) -> int:
        dialog.path.setText(str(existing))
        result = accept_as_given(dialog)
        exported.append(result)
        return result

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with open_database(demo_db) as database:
        window = open_window(qtbot, database)
        window.export_action.trigger()
        settle(qtbot, window)
        window.close()
    assert exported == [0]
    assert questions and questions[0][0] == "Replace the file?"
    assert "dfe-pack.xlsx already exists" in questions[0][1]
    assert questions[0][2] == QMessageBox.StandardButton.No  # No unless the person says Yes
    assert existing.read_bytes() == b"the DfE pack sent last week"
    assert sorted(p.name for p in tmp_path.iterdir() if "pack" in p.name) == ["dfe-pack.xlsx"]


def test_the_dialog_labels_and_the_suggested_name_follows_the_audience(qtbot, demo_db):
    with open_database(demo_db) as database:
        context = BoardContext(database, person(database, "Sam", Role.SECRETARIAT))
        context.set_as_at(date(2011, 5, 20), "20 May 2011")  # a date, not a meeting
        dialog = ExportDialog(context)
        qtbot.addWidget(dialog)
        labels = {label.text(): label for label in dialog.findChildren(QLabel)}
        assert labels["&Save as:"].buddy() is dialog.path  # shown as "Save as:", Alt+S to the name
        assert "None: the pack is as at the date below" in labels
        assert dialog.path.text().endswith("leeds-city-council-as-at-2011-05-20-board-pack.xlsx")
        dialog.audience.setCurrentIndex(dialog.audience.findData(Audience.PUBLIC.value))
        assert dialog.path.text().endswith("leeds-city-council-as-at-2011-05-20-public-pack.xlsx")
        dialog.path.setText("/tmp/my own name.xlsx")
        dialog.audience.setCurrentIndex(dialog.audience.findData(Audience.DFE.value))
        assert dialog.path.text() == "/tmp/my own name.xlsx"  # a name the person typed stays theirs
        context.tasks.shutdown()


def test_looking_at_the_board_live_the_pack_is_for_the_last_improvement_board(qtbot, demo_db, tmp_path, monkeypatch):
    out = tmp_path / "live.xlsx"
    shown = []

    def choose(dialog: ExportDialog) -> int:
        shown.append(next(label.text() for label in dialog.findChildren(QLabel)
                          if label.text().startswith("Improvement Board")))
        dialog.path.setText(str(out))
        return accept_as_given(dialog)

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with open_database(demo_db) as database:
        window = open_window(qtbot, database)
        assert window.context.as_at is None  # today, live
        window.export_action.trigger()
        settle(qtbot, window)
        window.close()
    assert shown and shown[0].startswith("Improvement Board, November 2011 (by default the last Improvement Board")
    cover = cover_of(out)
    assert cover["Meeting"] == "Improvement Board, November 2011" and cover["As at"].date() == date(2011, 11, 1)
