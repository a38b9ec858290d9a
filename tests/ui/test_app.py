"""Starting up: opening another database, recent databases, the last view. (Who you
are when the window opens: test_sign_in.py.)"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from boardapp.domain.terms import Role
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.ui.app import Application
from boardapp.ui.main_window import OVERVIEW
from boardapp.ui.settings import Settings
from tests import people
from tests.ui.conftest import settle


def signed_in(path) -> None:
    with open_database(path) as database:
        people.sign_in(database, "Ann", Role.MEMBER)


def test_open_another_database_and_find_it_in_recent(qtbot, qapp, demo_db, tmp_path, monkeypatch):
    other = tmp_path / "typical.sqlite"
    create_database(other, synthetic_size="typical")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    signed_in(demo_db)
    signed_in(other)
    owner = Application(qapp, Settings())
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
    signed_in(demo_db)
    owner = Application(qapp, Settings())
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
