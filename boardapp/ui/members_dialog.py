"""File > Members… (the secretariat's): the board's members, and adding a member,
changing a role, setting a passphrase, registering a laptop's public keys and
withdrawing a member. Every change is store/identity.py's, which checks the rights
again; its refusals are shown here in words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.passphrases import WeakPassphrase
from boardapp.domain.permissions import NotAllowed, Permission
from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.errors import StoreError
from boardapp.store.identity import MemberRow
from boardapp.ui.context import BoardContext
from boardapp.ui.sign_in_dialog import ERROR_STYLE, ROLE_HELP, ROLE_WORDS, passphrase_problem
from boardapp.ui.sizing import resize_within_screen

COLUMNS = ("Name", "Role", "Passphrase", "Server login", "Keys registered", "Withdrawn")


class MembersDialog(QDialog):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Members of this board")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Members")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.error = QLabel()
        self.error.setObjectName("members-error")
        self.error.setAccessibleName("What went wrong")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton("&Add…")
        self.role_button = QPushButton("Change &role…")
        self.passphrase_button = QPushButton("Set &passphrase…")
        self.keys_button = QPushButton("Register &keys…")
        self.withdraw_button = QPushButton("&Withdraw…")
        self.add_button.clicked.connect(self.add)
        self.role_button.clicked.connect(self.change_role)
        self.passphrase_button.clicked.connect(self.set_passphrase)
        self.keys_button.clicked.connect(self.register_keys)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.reason = context.why_not(Permission.EDIT_MEMBERS)
        row = QHBoxLayout()
        for button in self.buttons():
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Who may sign in on this board, and in which role. A withdrawn member cannot "
                                "sign in, and a laptop signed in as them is emptied at its next sync."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        layout.addWidget(close)
        self.table.itemSelectionChanged.connect(self._update)
        self.rows: list[MemberRow] = []
        self.refresh()
        resize_within_screen(self, parent, 860, 460)

    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.add_button, self.role_button, self.passphrase_button, self.keys_button, self.withdraw_button)

    def refresh(self, chosen: str = "") -> None:
        self.rows = identity.members(self.context.database, include_withdrawn=True)
        self.table.setRowCount(len(self.rows))
        for r, member in enumerate(self.rows):
            cells = (member.name, ROLE_WORDS[member.role], "set" if member.has_passphrase else "none",
                     member.login or "–", "yes" if member.public_key else "no", "withdrawn" if member.withdrawn else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setToolTip(ROLE_HELP[member.role])
                self.table.setItem(r, c, item)
            if member.name == chosen:
                self.table.selectRow(r)
        self._update()

    def current(self) -> MemberRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def choose(self, name: str) -> None:
        for r, member in enumerate(self.rows):
            if member.name == name:
                self.table.selectRow(r)

    def _update(self) -> None:
        member = self.current()
        for button in self.buttons():
            reason = self.reason
            if not reason and button is not self.add_button:
                if member is None:
                    reason = "Choose a member first."
                elif member.withdrawn and button is not self.keys_button:
                    reason = f"{member.name} has been withdrawn from this board."
            button.setEnabled(not reason)
            button.setToolTip(reason)

    def show_error(self, words: str) -> None:
        self.error.setText(words[:1].upper() + words[1:] if words else "")

    def _do(self, change, chosen: str) -> bool:  # type: ignore[no-untyped-def]
        """Run a change of the store's; its refusal is shown in words. True when made."""
        try:
            change()
        except (NotAllowed, StoreError, WeakPassphrase) as exc:
            self.show_error(str(exc))
            return False
        self.show_error("")
        self.refresh(chosen)
        return True

    # --- the changes ---------------------------------------------------------------------------

    def add(self) -> None:
        dialog = MemberForm(self, "Add a member", name=True, role=Role.MEMBER, passphrase=True)
        while dialog.exec():
            name, role, secret = dialog.name.text(), dialog.chosen_role(), dialog.passphrase.text()
            if self._do(lambda: identity.add_member(self.context.database, self.context.identity, name, role, secret),
                        name.strip()):
                return
            dialog.error.setText(self.error.text())

    def change_role(self) -> None:
        member = self.current()
        if member is None:
            return
        dialog = MemberForm(self, f"Change {member.name}'s role", role=member.role)
        if dialog.exec():
            role = dialog.chosen_role()
            self._do(lambda: identity.set_role(self.context.database, self.context.identity, member.name, role),
                     member.name)

    def set_passphrase(self) -> None:
        member = self.current()
        if member is None:
            return
        dialog = MemberForm(self, f"Set {member.name}'s passphrase", passphrase=True)
        while dialog.exec():
            secret = dialog.passphrase.text()
            if self._do(lambda: identity.set_passphrase(self.context.database, self.context.identity, member.name,
                                                        secret), member.name):
                return
            dialog.error.setText(self.error.text())

    def register_keys(self) -> None:
        member = self.current()
        if member is None:
            return
        dialog = MemberForm(self, f"Register {member.name}'s keys", keys=True)
        while dialog.exec():
            signing, receiving = dialog.signing.text(), dialog.receiving.text()
            if self._do(lambda: identity.register_keys(self.context.database, self.context.identity, member.name,
                                                       signing, receiving), member.name):
                return
            dialog.error.setText(self.error.text())

    def withdraw(self) -> None:
        member = self.current()
        if member is None:
            return
        answer = QMessageBox.question(
            self, "Withdraw this member?",
            f"Withdraw {member.name} from this board?\n\nThey can no longer sign in here, and a laptop signed in "
            "as them is emptied at its next contact with the board server (their unsent notes are kept for you).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._do(lambda: identity.withdraw(self.context.database, self.context.identity, member.name), member.name)


class MemberForm(QDialog):
    """One change's questions: a name, a role, a passphrase twice, or keys to paste."""

    def __init__(self, parent: QWidget, title: str, *, name: bool = False, role: Role | None = None,
                 passphrase: bool = False, keys: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        for each in Role:
            self.role.addItem(ROLE_HELP[each], each)
        self.passphrase = _secret("Passphrase")
        self.repeat = _secret("Passphrase again")
        self.signing = QLineEdit()
        self.signing.setAccessibleName("Public signing key")
        self.signing.setPlaceholderText("64 hexadecimal characters, from the member's File > Who am I")
        self.receiving = QLineEdit()
        self.receiving.setAccessibleName("Public receiving key")
        self.receiving.setPlaceholderText("optional: 64 hexadecimal characters")
        if name:
            form.addRow("&Name:", self.name)
        if role is not None:
            self.role.setCurrentIndex(list(Role).index(role))
            form.addRow("&Role:", self.role)
        if passphrase:
            form.addRow("&Passphrase:", self.passphrase)
            form.addRow("&Again:", self.repeat)
        if keys:
            form.addRow("&Signing key:", self.signing)
            form.addRow("R&eceiving key:", self.receiving)
        self.needs_name, self.needs_passphrase, self.needs_keys = name, passphrase, keys
        self.error = QLabel()
        self.error.setObjectName("member-form-error")
        self.error.setAccessibleName("What went wrong")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for field in (self.name, self.passphrase, self.repeat, self.signing):
            field.textChanged.connect(self._update)
        self._update()
        resize_within_screen(self, parent, 640, 240)

    def chosen_role(self) -> Role:
        return Role(self.role.currentData())

    def accept(self) -> None:
        if self.ok.isEnabled():
            super().accept()

    def _update(self) -> None:
        problem = ""
        if self.needs_passphrase and (self.passphrase.text() or not self.needs_name):
            problem = passphrase_problem(self.passphrase.text(), self.repeat.text())
        if self.needs_passphrase and self.passphrase.text():
            self.error.setText(problem)
        missing = (self.needs_name and not self.name.text().strip()) or (self.needs_keys and not self.signing.text().strip())
        self.ok.setEnabled(not problem and not missing)


def _secret(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
