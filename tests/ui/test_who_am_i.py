"""File > Who am I (who, in which role, how that is known, this copy's public keys, and
signing in as someone else by the sign-in's rules, which rebuilds the window for the
new identity), File > Members… (the secretariat's), and the export's audiences."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from boardapp.domain.terms import Role
from boardapp.exchange.pack.audience import Audience
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.ui.app import Application
from boardapp.ui.context import BoardContext
from boardapp.ui.export_dialog import ExportDialog
from boardapp.ui.main_window import PLAN, MainWindow
from boardapp.ui.members_dialog import MemberForm, MembersDialog
from boardapp.ui.settings import Settings
from boardapp.ui.sign_in_dialog import SignInDialog
from boardapp.ui.who_am_i_dialog import WhoAmIDialog
from tests import people
from tests.ui.conftest import settle
from tests.ui.modal import when_open


@pytest.fixture
def contexts():
    """Board contexts made in a test, their worker threads stopped at its end."""
    made: list[BoardContext] = []

    def make(context: BoardContext) -> BoardContext:
        made.append(context)
        return context

    yield make
    for context in made:
        context.tasks.shutdown()


def test_who_am_i_says_who_how_and_shows_this_copys_public_keys(qtbot, demo_db, contexts):
    with open_database(demo_db) as database:
        who = people.sign_in(database, "Mo Member", Role.MEMBER)
        kept = identity.laptop_identity(database)
        dialog = WhoAmIDialog(contexts(BoardContext(database, who)))
        qtbot.addWidget(dialog)
        assert "Mo Member" in dialog.name.text()
        assert dialog.role.text() == "Board member: reads everything and annotates"
        assert dialog.how.text().startswith("your passphrase (signed in with Mo Member's passphrase), ")
        assert dialog.public_key.text() == kept.public_key and len(kept.public_key) == 64
        assert dialog.receiving_key.text() == kept.receiving_key and dialog.public_key.isReadOnly()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == (
            f"Mo Member\nsigning key: {kept.public_key}\nreceiving key: {kept.receiving_key}\n")
        assert dialog.sign_in_button.text() == "&Sign in as someone else…"
        assert not dialog.members_button.isVisibleTo(dialog)  # a member keeps no member list


def test_signing_in_as_someone_else_rebuilds_the_window_for_them(qtbot, qapp, demo_db):
    with open_database(demo_db) as database:
        people.person(database, "Mo Member", Role.MEMBER)  # the setter is this copy's user
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        first = owner.window
        settle(qtbot, first)
        assert first.context.identity.name == "Test Secretariat" and first.members_action.isEnabled()

        def as_mo(dialog: SignInDialog) -> None:
            assert not dialog.setting_up
            dialog.choose("Mo Member")
            dialog.passphrase.setText(people.passphrase_of("Mo Member"))
            dialog.accept()

        when_open(WhoAmIDialog, lambda dialog: dialog.sign_in_button.click())
        when_open(SignInDialog, as_mo, tries=1000)
        first.who_action.trigger()
        assert first.identity_label.text() == "Mo Member (member)"  # at once
        qtbot.waitUntil(lambda: owner.window is not first, timeout=5000)
        window = owner.window
        settle(qtbot, window)
        assert window.context.identity.name == "Mo Member" and window.context.identity.role is Role.MEMBER
        assert window.identity_label.text() == "Mo Member (member)"
        assert not window.members_action.isEnabled()
        window.show_view(PLAN)
        settle(qtbot, window)
        window.plan.select_action("P1.2.a")
        settle(qtbot, window)
        assert not window.plan.apply.isEnabled()
        assert window.plan.apply.toolTip().startswith("Only the secretariat can")
    finally:
        owner.close()


def test_a_guests_who_am_i_says_so_and_offers_to_sign_in(qtbot, demo_db, contexts):
    from boardapp.ui.guest import GuestContext

    with open_database(demo_db) as database:
        dialog = WhoAmIDialog(contexts(GuestContext(database)))
        qtbot.addWidget(dialog)
        assert "Guest" in dialog.name.text() and dialog.how.text().startswith("Nothing: you have not signed in")
        assert dialog.sign_in_button.text() == "&Sign in…" and dialog.public_key is None


def _fill(form: MemberForm, **fields: str) -> None:
    for name, text in fields.items():
        getattr(form, name).setText(text)
    form.accept()


def test_the_secretariat_keeps_the_member_list(qtbot, demo_db, monkeypatch):
    with open_database(demo_db) as database:
        boss = people.setter(database)
        window = MainWindow(BoardContext(database, boss))
        qtbot.addWidget(window)
        dialog = MembersDialog(window.context, window)
        qtbot.addWidget(dialog)
        names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
        assert names == ["Bill McCarthy", "Test Secretariat"]
        assert [dialog.table.item(1, c).text() for c in range(6)] == ["Test Secretariat", "Secretariat", "set", "–",
                                                                     "yes", ""]
        assert not dialog.role_button.isEnabled() and dialog.role_button.toolTip() == "Choose a member first."

        # Add a member: the passphrase's weakness is said in the form, which stays open.
        forms: list = []
        when_open(MemberForm, lambda form: (_fill(form, name="Ola Observer", passphrase="short", repeat="short"),
                                            forms.append(form.error.text()), form.reject()))
        dialog.add()
        assert forms == ["A passphrase needs at least 8 characters (this one has 5)."]
        when_open(MemberForm, lambda form: (form.role.setCurrentIndex(list(Role).index(Role.OBSERVER)),
                                            _fill(form, name="Ola Observer", passphrase="ola's passphrase",
                                                  repeat="ola's passphrase")))
        dialog.add()
        ola = next(m for m in identity.members(database) if m.name == "Ola Observer")
        assert ola.role is Role.OBSERVER and ola.has_passphrase
        assert dialog.current().name == "Ola Observer"

        # Change the role.
        def to_member(form: MemberForm) -> None:
            form.role.setCurrentIndex(list(Role).index(Role.MEMBER))
            form.accept()

        when_open(MemberForm, to_member)
        dialog.change_role()
        assert next(m for m in identity.members(database) if m.name == "Ola Observer").role is Role.MEMBER

        # Register keys: bad hex is refused in the store's words; good hex is kept.
        again: list = []
        when_open(MemberForm, lambda form: (_fill(form, signing="not hex"),
                                            when_open(MemberForm, lambda f: (again.append(f.error.text()), f.reject()))))
        dialog.register_keys()
        assert dialog.error.text() == "A signing key is 64 hexadecimal characters, as `boardapp whoami` shows it"
        assert again == [dialog.error.text()]  # the form opens again, saying why, with what was pasted
        when_open(MemberForm, lambda form: _fill(form, signing="ab" * 32))
        dialog.register_keys()
        assert next(m for m in identity.members(database) if m.name == "Ola Observer").public_key == "ab" * 32
        assert dialog.error.text() == ""

        # Set a passphrase, then withdraw (after a confirmation).
        when_open(MemberForm, lambda form: _fill(form, passphrase="a new passphrase", repeat="a new passphrase"))
        dialog.set_passphrase()
        assert identity.verify(database, "Ola Observer", "a new passphrase").name == "Ola Observer"
        monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
        dialog.withdraw()
        ola = next(m for m in identity.members(database, include_withdrawn=True) if m.name == "Ola Observer")
        assert ola.withdrawn and not ola.has_passphrase
        assert dialog.table.item(dialog.table.currentRow(), 5).text() == "withdrawn"
        assert not dialog.withdraw_button.isEnabled()

        # Refusals from the store are words in the dialog.
        dialog.choose("Test Secretariat")
        dialog.withdraw()
        assert dialog.error.text() == "You cannot withdraw yourself; another secretariat member can"
        window.close()


def test_members_is_the_secretariats_only(qtbot, demo_db):
    with open_database(demo_db) as database:
        chair = people.person(database, "Bill McCarthy", Role.CHAIR)
        window = MainWindow(BoardContext(database, chair))
        qtbot.addWidget(window)
        assert not window.members_action.isEnabled()
        dialog = MembersDialog(window.context, window)
        qtbot.addWidget(dialog)
        assert not dialog.add_button.isEnabled()
        assert dialog.add_button.toolTip() == ("Only the secretariat can add members and set their roles, "
                                               "passphrases and keys; you are signed in as chair.")
        window.close()


def test_an_observer_is_offered_no_board_pack(qtbot, demo_db, contexts):
    with open_database(demo_db) as database:
        observer = people.person(database, "Ola Observer", Role.OBSERVER)
        dialog = ExportDialog(contexts(BoardContext(database, observer)))
        qtbot.addWidget(dialog)
        offered = [dialog.audience.itemData(i) for i in range(dialog.audience.count())]
        assert offered == [Audience.DFE.value, Audience.PUBLIC.value]
        assert dialog.chosen_audience() is Audience.DFE
        member = people.person(database, "Mo Member", Role.MEMBER)
        dialog = ExportDialog(contexts(BoardContext(database, member)))
        qtbot.addWidget(dialog)
        assert dialog.audience.count() == 3 and dialog.audience.itemData(0) == Audience.BOARD.value
