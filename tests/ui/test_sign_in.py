"""Signing in when the window opens: a new board's first user sets it up and becomes its
secretariat; any other board offers only its members, each with their passphrase;
Cancel gives a guest who sees no exempt item and changes or exports nothing; a name
in the settings file changes nothing."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from boardapp.domain.permissions import Permission
from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.store.models import Requirement
from boardapp.ui.app import Application
from boardapp.ui.guest import NOT_SIGNED_IN
from boardapp.ui.main_window import OVERVIEW, PLAN
from boardapp.ui.settings import Settings
from boardapp.ui.sign_in_dialog import SignInDialog
from boardapp.ui.sync_panel import ServerDialog
from tests import people
from tests.ui.conftest import settle
from tests.ui.modal import when_open


def signed_out(database) -> None:
    """This copy as another laptop of the same board would have it: no one signed in here."""
    with database.engine.begin() as connection:
        identity.forget(connection)


def test_a_new_board_is_set_up_by_its_first_user_who_becomes_its_secretariat(qtbot, demo_db):
    with open_database(demo_db) as database:
        dialog = SignInDialog(database)
        qtbot.addWidget(dialog)
        assert dialog.setting_up and dialog.windowTitle() == "Set up this board"
        # The demo's members are offered as completions of the name.
        completions = dialog.name.completer().model()
        assert "Bill McCarthy" in [completions.index(r, 0).data() for r in range(completions.rowCount())]
        qtbot.keyClicks(dialog.name, "Sam Secretariat")
        qtbot.keyClicks(dialog.passphrase, "short")
        assert dialog.strength.text() == "A passphrase needs at least 8 characters (this one has 5)."
        assert not dialog.ok.isEnabled()
        qtbot.keyClicks(dialog.passphrase, " and long enough")
        qtbot.keyClicks(dialog.repeat, "short and long")
        assert dialog.strength.text() == "The two passphrases differ: type the same one twice."
        assert not dialog.ok.isEnabled()
        qtbot.keyClicks(dialog.repeat, " enough")
        assert dialog.ok.isEnabled()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted
        kept = identity.laptop_identity(database)
        assert kept is not None and kept.identity.name == "Sam Secretariat" and kept.identity.role is Role.SECRETARIAT
        assert kept.how == identity.FIRST_USER and dialog.established == kept
        assert identity.unlock(database, "short and long enough")


def test_sign_in_offers_the_members_and_refuses_a_wrong_passphrase_in_words(qtbot, demo_db):
    with open_database(demo_db) as database:
        people.person(database, "Mo Member", Role.MEMBER)
        boss = people.setter(database)
        people.person(database, "Wendy Withdrawn", Role.MEMBER)
        identity.withdraw(database, boss, "Wendy Withdrawn")
        signed_out(database)
        dialog = SignInDialog(database)
        qtbot.addWidget(dialog)
        assert not dialog.setting_up and dialog.windowTitle() == "Sign in"
        listed = [dialog.people.item(r).text() for r in range(dialog.people.count())]
        assert listed == ["Bill McCarthy — Chair", "Mo Member — Board member", "Test Secretariat — Secretariat"]
        assert dialog.server_button.isVisible() or not dialog.isVisible()
        dialog.choose("Mo Member")
        qtbot.keyClicks(dialog.passphrase, "not Mo's passphrase")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.error.text() == "Mo Member: no member of this board has that name and passphrase."
        assert dialog.passphrase.text() == "" and dialog.chosen_name() == "Mo Member"
        assert identity.laptop_identity(database) is None
        dialog.choose("Bill McCarthy")  # a member with no passphrase yet
        qtbot.keyClicks(dialog.passphrase, "anything at all")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert "Bill McCarthy has no passphrase on this board yet: the secretariat sets one" in dialog.error.text()
        dialog.choose("Mo Member")
        qtbot.keyClicks(dialog.passphrase, people.passphrase_of("Mo Member"))
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted
        kept = identity.laptop_identity(database)
        assert kept is not None and kept.identity.name == "Mo Member" and kept.how == identity.PASSPHRASE


def _mark_exempt(path, ref: str) -> None:
    with open_database(path) as database, database.session() as session:
        session.query(Requirement).filter(Requirement.ref == ref).one().exempt = True


def test_cancel_opens_a_guest_window_that_changes_and_exports_nothing_and_asks_again(qtbot, qapp, demo_db):
    _mark_exempt(demo_db, "7")
    asked: list = []
    when_open(SignInDialog, lambda dialog: dialog.reject(), seen=asked)
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        window = owner.window
        assert len(asked) == 1 and asked[0].setting_up
        settle(qtbot, window)
        assert window.context.identity.name == "Guest" and not window.context.identity.established
        assert window.identity_label.text() == "Guest (observer)"
        assert window.read_only_banner is not None and window.read_only_banner.text() == NOT_SIGNED_IN
        for action in (window.export_action, window.import_action, window.members_action):
            assert not action.isEnabled() and action.statusTip() == NOT_SIGNED_IN
        assert window.context.why_not(Permission.ANNOTATE) == NOT_SIGNED_IN
        assert window.context.why_not(Permission.EDIT_ACTIONS) == NOT_SIGNED_IN
        window.show_view(OVERVIEW)
        settle(qtbot, window)
        refs = [window.overview.table.model().index(r, 0).data() for r in range(window.overview.table.model().rowCount())]
        assert "7" not in refs and len(refs) == 22  # the exempt requirement is not shown
        window.overview.select("1")
        settle(qtbot, window)
        assert not window.overview.notes.save.isEnabled() and window.overview.notes.save.toolTip() == NOT_SIGNED_IN
        window.show_view(PLAN)
        settle(qtbot, window)
        assert window.lock is None  # a guest has nothing to unlock with
        assert identity.laptop_identity(window.context.database) is None

        # The next start asks again.
        when_open(SignInDialog, lambda dialog: dialog.reject(), seen=asked)
        owner.open(demo_db)
        assert len(asked) == 2
    finally:
        owner.close()


def test_a_name_and_role_in_the_settings_file_change_nothing(qtbot, qapp, demo_db):
    with open_database(demo_db) as database:
        people.person(database, "Mo Member", Role.MEMBER)  # the board is set up, no one signed in here
        signed_out(database)
    raw = QSettings()
    raw.setValue("identity/name", "Test Secretariat")
    raw.setValue("identity/role", "secretariat")
    raw.sync()
    asked: list = []
    when_open(SignInDialog, lambda dialog: dialog.reject(), seen=asked)
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        assert len(asked) == 1, "the settings file's name must not stand in for signing in"
        assert owner.window.context.identity.name == "Guest"
        assert not owner.window.context.identity.allows(Permission.EDIT_ACTIONS)
    finally:
        owner.close()


def test_signing_in_at_the_start_opens_the_window_as_that_member(qtbot, qapp, demo_db):
    with open_database(demo_db) as database:
        people.person(database, "Mo Member", Role.MEMBER)
        signed_out(database)

    def sign_in(dialog: SignInDialog) -> None:
        dialog.choose("Mo Member")
        dialog.passphrase.setText(people.passphrase_of("Mo Member"))
        dialog.accept()

    when_open(SignInDialog, sign_in)
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        window = owner.window
        assert window.context.identity.name == "Mo Member" and window.context.identity.established
        assert window.identity_label.text() == "Mo Member (member)"
        assert window.read_only_banner is None and window.export_action.isEnabled()
        assert not window.members_action.isEnabled()
        assert window.members_action.statusTip().startswith("Only the secretariat can add members")
        # Signed in, the next start does not ask.
        owner.open(demo_db)
        assert owner.window.context.identity.name == "Mo Member"
    finally:
        owner.close()


def test_the_board_server_button_opens_the_sync_dialog(qtbot, qapp, demo_db):
    with open_database(demo_db) as database:
        people.setter(database)
        signed_out(database)
    shown: list = []
    when_open(SignInDialog, lambda dialog: dialog.server_button.click())
    when_open(ServerDialog, lambda dialog: dialog.reject(), seen=shown, tries=1000)
    owner = Application(qapp, Settings())
    try:
        owner.open(demo_db)
        assert len(shown) == 1 and shown[0].windowTitle() == "Sync with the board server"
    finally:
        owner.close()
