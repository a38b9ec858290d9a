"""Where the computer has no keyring: the passphrase the databases are encrypted with.

Board App keeps each user's database key in the operating system's keyring; on a computer
without one (store/database_key.py says when), the window asks for a passphrase instead,
twice when it will encrypt a new or plain database. Also the question before a plain
(unencrypted) database is encrypted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


class DatabaseKeyDialog(QDialog):
    """Asks for the passphrase; with ``new``, asks twice and accepts only the same twice."""

    def __init__(self, parent: QWidget | None = None, *, new: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Database passphrase")
        self.new = new
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("Passphrase again")
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(
            "This computer has no keyring to keep Board App's database key in, so the database is "
            "encrypted with a passphrase. "
            + ("Choose one and keep it safe: without it the database cannot be opened."
               if new else "Enter the passphrase it was encrypted with.")
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        if new:
            form.addRow("&Again:", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(self._update)
        self.again.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        text = self.passphrase.text()
        if not text:
            problem = ""
        elif self.new and self.again.text() != text:
            problem = "The two passphrases are not the same."
        else:
            problem = ""
        self.problem.setText(problem)
        ok = bool(text) and not problem
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def value(self) -> str:
        return self.passphrase.text()


def ask_passphrase(new: bool) -> str | None:
    """For store.database_key.ask_with: the passphrase, or None when the person cancelled."""
    dialog = DatabaseKeyDialog(new=new)
    return dialog.value() if dialog.exec() else None


def confirm_encrypting(path: Path) -> bool:
    """For store.connection.confirm_encrypting_with: may the plain database at ``path`` be encrypted?"""
    answer = QMessageBox.question(
        None,
        "Encrypt this database?",
        f"{path} is not encrypted: anyone with this computer could read it. Board App encrypts every "
        "database it writes, with a key kept in this computer's keyring. An encrypted backup is made "
        "first. Encrypt it now? (If not, it is not opened.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
