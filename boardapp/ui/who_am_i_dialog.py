"""File > Who am I: who this window acts as, how the copy knows it, this copy's public
keys (for the secretariat to register), and the ways to change who you are, which are
the sign-in's own (a member's passphrase, or the board server's login).

After :meth:`exec`, :attr:`WhoAmIDialog.signed_in` holds a new identity if the person
signed in as someone else, and :attr:`WhoAmIDialog.wants_server` says they chose the
board server's login; the window acts on both.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import Permission
from boardapp.store import identity
from boardapp.store.identity import SERVER, Established
from boardapp.ui.context import BoardContext
from boardapp.ui.sign_in_dialog import ROLE_HELP, SignInDialog
from boardapp.ui.sign_in_dialog import SERVER as CHOSE_SERVER
from boardapp.ui.sizing import resize_within_screen
from boardapp.ui.words import moment


class WhoAmIDialog(QDialog):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.signed_in: Established | None = None
        self.wants_server = False
        self.setWindowTitle("Who am I")
        self.setAccessibleName("Who am I")
        self.established = identity.laptop_identity(context.database) if context.identity.established else None
        who = context.identity
        self.name = _selectable(f"<b>{html.escape(who.name)}</b>")
        self.name.setAccessibleName("Your name")
        self.role = _selectable(ROLE_HELP[who.role])
        self.role.setAccessibleName("Your role")
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Role:", self.role)
        self.how = _selectable("")
        self.how.setAccessibleName("How this copy knows it is you")
        form.addRow("Known by:", self.how)
        self.public_key = self.receiving_key = None
        established = self.established
        if established is None:
            self.how.setText("Nothing: you have not signed in, so you read as a guest. You see no exempt item "
                             "and can change or export nothing until you sign in.")
        else:
            self.how.setText(f"{established.how_words} ({established.detail}), {moment(established.established_at)}")
            if established.how == SERVER:
                contact = moment(established.last_server_contact) if established.last_server_contact else "never"
                server = _selectable(f"{established.server_login}; last reached {contact}")
                server.setAccessibleName("Board server login")
                form.addRow("Board server:", server)
            self.public_key = _key(established.public_key, "Public signing key")
            self.receiving_key = _key(established.receiving_key, "Public receiving key")
            form.addRow("Signing key:", self.public_key)
            form.addRow("Receiving key:", self.receiving_key)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if established is not None:
            keys = QLabel("These public keys are this copy's own. The secretariat registers them on your member "
                          "(File > Members… > Register keys) so change files you sign are accepted as yours.")
            keys.setWordWrap(True)
            layout.addWidget(keys)
        row = QHBoxLayout()
        self.copy_button = QPushButton("&Copy keys")
        self.copy_button.setAccessibleName("Copy the public keys")
        self.copy_button.clicked.connect(self.copy_keys)
        self.copy_button.setVisible(established is not None)
        self.sign_in_button = QPushButton("&Sign in as someone else…" if established else "&Sign in…")
        self.sign_in_button.clicked.connect(self.sign_in)
        self.members_button = QPushButton("&Members…")
        self.members_button.clicked.connect(self.show_members)
        self.members_button.setVisible(established is not None and who.allows(Permission.EDIT_MEMBERS))
        reason = context.database.read_only_reason
        if context.database.read_only:
            self.sign_in_button.setEnabled(False)
            self.sign_in_button.setToolTip(reason or "This database was opened read-only.")
        for button in (self.copy_button, self.sign_in_button, self.members_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        resize_within_screen(self, parent, 760, 380)

    def keys_text(self) -> str:
        if self.established is None:
            return ""
        return (f"{self.established.identity.name}\nsigning key: {self.established.public_key}\n"
                f"receiving key: {self.established.receiving_key}\n")

    def copy_keys(self) -> None:
        QGuiApplication.clipboard().setText(self.keys_text())

    def sign_in(self) -> None:
        """The sign-in dialog, with its rules; a new identity closes this dialog."""
        dialog = SignInDialog(self.context.database, self)
        result = dialog.exec()
        if result == QDialog.DialogCode.Accepted and dialog.established is not None:
            self.signed_in = dialog.established
            self.accept()
        elif result == CHOSE_SERVER:
            self.wants_server = True
            self.accept()

    def show_members(self) -> None:
        from boardapp.ui.members_dialog import MembersDialog

        MembersDialog(self.context, self).exec()


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


def _key(hex_key: str, name: str) -> QLineEdit:
    field = QLineEdit(hex_key or "(none)")
    field.setReadOnly(True)
    field.setAccessibleName(name)
    field.setCursorPosition(0)
    field.setMinimumWidth(field.fontMetrics().horizontalAdvance("0" * 66))
    return field
