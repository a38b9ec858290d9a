"""Starting up: who you are, opening another database, recent databases."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from boardapp.domain.permissions import NotAllowed, Permission
from boardapp.domain.terms import Role
from boardapp.exchange.pack import Audience, export_pack
from boardapp.store.first_run import create_database
from boardapp.ui.app import GUEST, Application
from boardapp.ui.identity_dialog import IdentityDialog
from boardapp.ui.main_window import OVERVIEW
from boardapp.ui.settings import Settings
from tests.people import sign_in_at
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
    kept = Settings().identity()
    assert kept is not None and (kept.name, kept.role) == ("Bill McCarthy", Role.CHAIR)
    # What a dialog or the settings file says is a claim: the store acts on none of it.
    assert not kept.established


def test_the_window_acts_as_the_copys_signed_in_user(qtbot, qapp, demo_db):
    sign_in_at(demo_db, "Ann Member", Role.MEMBER)
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        settle(qtbot, owner.window)
        who = owner.window.context.identity
        assert (who.name, who.role, who.established) == ("Ann Member", Role.MEMBER, True)
        assert owner.window.context.why_not(Permission.ANNOTATE) == ""
    finally:
        owner.window.close()
        owner.close()


def test_a_copy_no_one_has_signed_in_on_opens_as_a_guest_who_changes_nothing(qtbot, qapp, demo_db):
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        settle(qtbot, owner.window)
        context = owner.window.context
        assert context.identity is GUEST and not GUEST.established
        for permission in (Permission.ANNOTATE, Permission.EDIT_READINGS, Permission.EDIT_ACTIONS,
                           Permission.SEE_EXEMPT):
            assert context.why_not(permission)
        with pytest.raises(NotAllowed, match="has not signed in on this copy"):
            export_pack(context.database, demo_db.parent / "guest.xlsx", who=context.identity,
                        audience=Audience.DFE)
        assert not (demo_db.parent / "guest.xlsx").exists()
    finally:
        owner.window.close()
        owner.close()


def test_open_another_database_and_find_it_in_recent(qtbot, qapp, demo_db, tmp_path, monkeypatch):
    other = tmp_path / "typical.sqlite"
    create_database(other, synthetic_size="typical")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    sign_in_at(demo_db, "Ann", Role.MEMBER)
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
