"""A read-only database in the window: a banner saying why, editing controls disabled
with the reason, nothing left beside the file. A note that cannot be saved: said in the
window, with what to do, and the typed text kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import select

from boardapp.domain.permissions import Permission
from boardapp.domain.terms import AnnotatedKind, Role
from boardapp.store.connection import open_database
from boardapp.store.models import Requirement
from boardapp.ui.app import Application
from boardapp.ui.context import BoardContext
from boardapp.ui.notes_panel import NotesPanel
from boardapp.ui.settings import Settings
from tests import people, raw
from tests.people import person
from tests.ui.conftest import settle


def unwritable(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """As if the file could not be written (the tests run as root, which may write anything)."""
    real = os.access
    monkeypatch.setattr("boardapp.store.connection.os.access",
                        lambda p, mode, *a, **k: False if mode & os.W_OK and Path(p) == path else real(p, mode, *a, **k))


def first_requirement(database) -> object:
    with database.session() as session:
        return session.scalars(select(Requirement.uuid).order_by(Requirement.id)).first()


def signed_in(path: Path) -> None:
    """This copy signed in (store/identity.py), as a window opens it without asking."""
    with open_database(path) as database:
        people.setter(database)


def test_a_read_only_file_opens_read_only_with_a_banner_saying_why(qtbot, qapp, demo_db, monkeypatch):
    signed_in(demo_db)
    unwritable(monkeypatch, demo_db)
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        window = owner.window
        settle(qtbot, window)
        context = window.context
        assert context.read_only
        assert context.read_only_reason.startswith("The file demo.sqlite cannot be written")
        banner = window.findChild(QLabel, "read-only-banner")
        assert banner is not None and banner.isVisible()
        assert banner.text() == context.read_only_banner
        assert banner.text().startswith("Read-only: The file demo.sqlite cannot be written")
        assert "open a copy you can write to" in banner.text()
        for permission in (Permission.ANNOTATE, Permission.EDIT_READINGS, Permission.EDIT_ACTIONS):
            assert context.why_not(permission) == context.read_only_reason
        panel = window.overview.notes
        panel.show_item(AnnotatedKind.REQUIREMENT, first_requirement(context.database))
        assert not panel.save.isEnabled() and not panel.editor.isEnabled()
        assert panel.save.toolTip() == context.read_only_reason
        assert "(read-only)" in window.statusBar().currentMessage()
    finally:
        if owner.window is not None:
            owner.window.close()
        owner.close()
    assert sorted(p.name for p in demo_db.parent.iterdir() if p.name.startswith("demo.sqlite")) == ["demo.sqlite"]


def test_a_writable_database_has_no_banner(qtbot, qapp, demo_db):
    signed_in(demo_db)
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        settle(qtbot, owner.window)
        assert owner.window.context.read_only_banner == ""
        assert owner.window.findChild(QLabel, "read-only-banner") is None
    finally:
        owner.window.close()
        owner.close()


def test_a_note_that_cannot_be_saved_is_said_in_the_window_and_the_text_is_kept(qtbot, demo_db, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append((title, text)))
    with open_database(demo_db, busy_timeout_ms=100) as database:
        context = BoardContext(database, person(database, "Ann", Role.MEMBER))
        panel = NotesPanel(context)
        qtbot.addWidget(panel)
        panel.show()
        panel.show_item(AnnotatedKind.REQUIREMENT, first_requirement(database))
        typed = "Why has the caseload per worker risen three months running?"
        panel.editor.setPlainText(typed)
        holder = raw.connect(demo_db, isolation_level=None)  # another program is writing
        holder.execute("BEGIN IMMEDIATE")
        try:
            panel.save_note()
        finally:
            holder.rollback()
            holder.close()
        assert panel.editor.toPlainText() == typed
        assert panel.failure.isVisible()
        said = panel.failure.text()
        assert said.startswith("Your comment was not saved.")
        assert "busy: another program is writing to it" in said and "save again" in said
        assert "What you typed is still in the box" in said
        assert warnings == [("Note not saved", said)]
        assert panel.list.count() == 0

        panel.save_note()  # the other program has finished: it saves, and the message goes
        assert not panel.failure.isVisible() and panel.editor.toPlainText() == ""
        assert panel.list.count() == 1
        context.tasks.shutdown()
