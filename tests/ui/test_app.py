"""Starting up: who you are, opening another database, recent databases."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role
from boardapp.store.first_run import create_database
from boardapp.ui.app import Application
from boardapp.ui.identity_dialog import IdentityDialog
from boardapp.ui.main_window import OVERVIEW
from boardapp.ui.settings import Settings
from tests.ui.conftest import settle


def test_first_run_asks_who_you_are_and_remembers_it(qtbot):
    dialog = IdentityDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name, "  Bill McCarthy ")
    dialog.role.setCurrentIndex(list(Role).index(Role.CHAIR))
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == IdentityDialog.DialogCode.Accepted
    Settings().set_identity(dialog.identity())
    assert Settings().identity() == Identity("Bill McCarthy", Role.CHAIR)


def test_open_another_database_and_find_it_in_recent(qtbot, qapp, demo_db, tmp_path, monkeypatch):
    other = tmp_path / "typical.sqlite"
    create_database(other, synthetic_size="typical")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    owner = Application(qapp, Settings(), Identity("Ann", Role.MEMBER))
    try:
        owner.open(demo_db)
        first = owner.window
        settle(qtbot, first)
        assert "Leeds" in first.windowTitle()

        bad = tmp_path / "notes.txt"
        bad.write_text("not a database")
        owner.open_other(bad)
        assert owner.window is first and warnings[0][0] == "Cannot open that database"
        assert "not a Board App database" in warnings[0][1]

        owner.open_other(other)
        assert owner.window is not first and "SYNTHETIC" in owner.window.windowTitle()
        owner.window.show_view(OVERVIEW)
        settle(qtbot, owner.window)
        assert owner.window.overview.table.model().rowCount() == 12
        assert [p.name for p in Settings().recent_databases()] == ["typical.sqlite", "demo.sqlite"]
        owner.window.recent_menu.aboutToShow.emit()
        assert [a.text() for a in owner.window.recent_menu.actions()] == [str(other.resolve()), str(demo_db.resolve())]
    finally:
        if owner.window is not None:
            owner.window.close()
        owner.close()


def test_the_window_remembers_its_view(qtbot, qapp, demo_db):
    owner = Application(qapp, Settings(), Identity("Ann", Role.MEMBER))
    try:
        owner.open(demo_db)
        owner.window.show_view(3)
        owner.window.close()
        owner.open(demo_db)
        assert owner.window.navigation.currentRow() == 3
    finally:
        owner.window.close()
        owner.close()


def test_the_app_has_its_icon(qapp):
    from boardapp.ui.app import app_icon

    icon = app_icon()
    assert not icon.isNull() and icon.availableSizes()[0].width() >= 64
