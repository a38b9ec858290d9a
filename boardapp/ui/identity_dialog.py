"""First run: who are you? A name and a role, remembered in the settings."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role

ROLE_HELP = {
    Role.CHAIR: "Chair: reads everything, annotates, answers and closes notes",
    Role.SECRETARIAT: "Secretariat: loads readings, edits targets, actions and statuses, answers notes",
    Role.MEMBER: "Board member: reads everything and annotates",
    Role.OBSERVER: "Observer: reads only, and sees no exempt item",
}


class IdentityDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, current: Identity | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who are you?")
        self.name = QLineEdit(current.name if current else "")
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("as the board knows you")
        self.role = QComboBox()
        self.role.setAccessibleName("Your role")
        for role in Role:
            self.role.addItem(ROLE_HELP[role], role)
        if current:
            self.role.setCurrentIndex(list(Role).index(current.role))
        else:
            self.role.setCurrentIndex(list(Role).index(Role.MEMBER))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Role:", self.role)
        layout = QVBoxLayout(self)
        intro = QLabel("Your notes carry your name. File > Who am I shows it again.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def identity(self) -> Identity:
        return Identity(self.name.text(), Role(self.role.currentData()))


class WhoAmIDialog(QDialog):
    """File > Who am I: the name this window writes notes and changes under, and the
    role that says what it may do. (Changing who you are is for a later issue.)"""

    def __init__(self, identity: Identity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who am I")
        self.setAccessibleName("Who am I")
        self.name = QLabel(f"<b>{html.escape(identity.name)}</b>")
        self.name.setAccessibleName("Your name")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role = QLabel(ROLE_HELP[identity.role])
        self.role.setAccessibleName("Your role")
        self.role.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Role:", self.role)
        note = QLabel("Your notes and changes carry this name and role.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
