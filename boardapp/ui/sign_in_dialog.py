"""Signing in on this copy: set up a new board as its first user, or sign in as one of
the board's members with their passphrase. Everything it decides is decided by
store/identity.py; the dialog only asks and shows the store's words.

The dialog's result is ``Accepted`` (signed in: :attr:`SignInDialog.established`),
``Rejected`` (cancelled: the window opens as a guest) or :data:`SERVER` (the person
chose to sign in with the board server's login, which the sync panel asks for).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.passphrases import WeakPassphrase, check_strength
from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.connection import Database
from boardapp.store.errors import StoreError
from boardapp.store.identity import Established
from boardapp.ui.sizing import resize_within_screen

ROLE_HELP = {
    Role.CHAIR: "Chair: reads everything, annotates, answers and closes notes",
    Role.SECRETARIAT: "Secretariat: loads readings, edits targets, actions and statuses, answers notes, "
                      "keeps the member list",
    Role.MEMBER: "Board member: reads everything and annotates",
    Role.OBSERVER: "Observer: reads only, and sees no exempt item",
}
ROLE_WORDS = {Role.CHAIR: "Chair", Role.SECRETARIAT: "Secretariat", Role.MEMBER: "Board member",
              Role.OBSERVER: "Observer"}

# The dialog's result when the person chose to sign in with the board server's login.
SERVER = 2
SERVER_NOTE = ("A board with a board server: sign in by syncing with the login IT gave you; "
               "the server says who you are and in which role.")
ERROR_STYLE = "color: #a00000; font-weight: bold;"


def passphrase_problem(first: str, second: str) -> str:
    """What is wrong with a new passphrase typed twice ("" when nothing is)."""
    try:
        check_strength(first)
    except WeakPassphrase as exc:
        return _sentence(str(exc))
    if first != second:
        return "The two passphrases differ: type the same one twice."
    return ""


def _sentence(words: str) -> str:
    words = words.strip()
    return (words[:1].upper() + words[1:]).rstrip(".") + "." if words else ""


class SignInDialog(QDialog):
    """Set up this board (a new board) or sign in (any other); see the module's words."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.established: Established | None = None
        self.setting_up = identity.is_new_board(database)
        self.members = identity.members(database)
        self.error = QLabel()
        self.error.setObjectName("sign-in-error")
        self.error.setAccessibleName("What went wrong")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.passphrase = _secret("Passphrase")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.server_button = QPushButton("Sign in with the board &server…")
        self.server_button.setAccessibleName("Sign in with the board server")
        self.server_button.clicked.connect(lambda: self.done(SERVER))
        layout = QVBoxLayout(self)
        intro = QLabel()
        intro.setWordWrap(True)
        intro.setObjectName("sign-in-intro")
        layout.addWidget(intro)
        form = QFormLayout()
        if self.setting_up:
            self._set_up(intro, form)
        else:
            self._sign_in(intro, layout, form)
        layout.addLayout(form)
        layout.addWidget(self.error)
        if not self.setting_up:
            note = QLabel(SERVER_NOTE)
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addWidget(self.server_button, 0, Qt.AlignmentFlag.AlignLeft)
        cancel = QLabel("Cancel opens the board read-only, as a guest who sees no exempt item and can change "
                        "or export nothing; you are asked again next time.")
        cancel.setWordWrap(True)
        layout.addWidget(cancel)
        layout.addWidget(self.buttons)
        self._update()
        resize_within_screen(self, parent, 560, 380 if self.setting_up else 520)

    # --- the two forms --------------------------------------------------------------------

    def _set_up(self, intro: QLabel, form: QFormLayout) -> None:
        self.setWindowTitle("Set up this board")
        intro.setText("No one has set up this board yet. You are its first user, and become its "
                      "<b>secretariat</b>: you add the other members and give each a passphrase "
                      "(File &gt; Members…). Choose a passphrase only you know: it unlocks this window.")
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("as the board knows you")
        names = [m.name for m in self.members]
        if names:
            completer = QCompleter(names, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.name.setCompleter(completer)
            self.name.setToolTip("Already on this board: " + ", ".join(names))
        self.repeat = _secret("Passphrase again")
        self.strength = QLabel()
        self.strength.setObjectName("passphrase-strength")
        self.strength.setAccessibleName("About the passphrase")
        self.strength.setWordWrap(True)
        form.addRow("&Name:", self.name)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("&Again:", self.repeat)
        form.addRow("", self.strength)
        self.ok.setText("&Set up")
        for field in (self.name, self.passphrase, self.repeat):
            field.textChanged.connect(self._update)

    def _sign_in(self, intro: QLabel, layout: QVBoxLayout, form: QFormLayout) -> None:
        self.setWindowTitle("Sign in")
        intro.setText("Choose who you are and type your passphrase. The board's secretariat gives each "
                      "member a passphrase; you can change yours once signed in.")
        self.people = QListWidget()
        self.people.setAccessibleName("Members of this board")
        for member in self.members:
            item = QListWidgetItem(f"{member.name} — {ROLE_WORDS[member.role]}")
            item.setData(Qt.ItemDataRole.UserRole, member.name)
            item.setToolTip(ROLE_HELP[member.role] + ("" if member.has_passphrase else
                            ". No passphrase yet: the secretariat sets one" +
                            (", or sign in with the board server" if member.login else "")))
            self.people.addItem(item)
        self.people.currentRowChanged.connect(self._update)
        self.people.itemActivated.connect(lambda _item: self.passphrase.setFocus())
        label = QLabel("&Who are you:")
        label.setBuddy(self.people)
        layout.addWidget(label)
        layout.addWidget(self.people, 1)
        form.addRow("&Passphrase:", self.passphrase)
        self.ok.setText("&Sign in")
        self.passphrase.textChanged.connect(self._update)

    # --- state --------------------------------------------------------------------------------

    def chosen_name(self) -> str:
        if self.setting_up:
            return self.name.text().strip()
        item = self.people.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def choose(self, name: str) -> None:
        """Choose the member ``name`` in the list (sign-in) or type it (setting up)."""
        if self.setting_up:
            self.name.setText(name)
            return
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.people.setCurrentRow(row)

    def _update(self) -> None:
        if self.setting_up:
            problem = passphrase_problem(self.passphrase.text(), self.repeat.text()) if self.passphrase.text() else ""
            self.strength.setText(problem or ("The passphrase will do." if self.passphrase.text() else
                                              "At least 8 characters; a few words are easier to remember."))
            self.ok.setEnabled(bool(self.chosen_name()) and bool(self.passphrase.text()) and not problem)
        else:
            self.ok.setEnabled(bool(self.chosen_name()) and bool(self.passphrase.text()))

    def show_error(self, words: str) -> None:
        self.error.setText(_sentence(words))
        self.error.show()

    def accept(self) -> None:
        """Sign in through the store; its refusal is shown here, and the passphrase cleared."""
        if not self.ok.isEnabled():
            return
        try:
            if self.setting_up:
                self.established = identity.first_user(self.database, self.chosen_name(), self.passphrase.text())
            else:
                self.established = identity.sign_in(self.database, self.chosen_name(), self.passphrase.text())
        except (StoreError, WeakPassphrase) as exc:
            self.show_error(str(exc))
            self.passphrase.clear()
            if self.setting_up:
                self.repeat.clear()
            self.passphrase.setFocus()
            return
        super().accept()


def _secret(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
