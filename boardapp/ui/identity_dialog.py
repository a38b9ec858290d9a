"""First run: who are you? A name and a role, remembered in the settings."""

from __future__ import annotations

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
        layout.addWidget(QLabel("Your notes carry your name. You can change this later (File > Who am I)."))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def identity(self) -> Identity:
        return Identity(self.name.text(), Role(self.role.currentData()))
