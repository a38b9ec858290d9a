"""The foot of an editing dialog's form: the line that says why OK did not close it, and
OK and Cancel (OK through the dialog's own check, Cancel leaving everything as it was)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget


def problem_label() -> QLabel:
    """Where the dialog says what stops OK: dark red, wrapped."""
    problem = QLabel()
    problem.setStyleSheet("color: #a00000;")
    problem.setWordWrap(True)
    return problem


def lay_out_form(dialog: QDialog, above: list[QWidget], form: QFormLayout, problem: QLabel,
                 on_ok: Callable[[], None]) -> None:
    """The dialog top to bottom: ``above`` (what it is about), the form, the problem line,
    then OK (``on_ok`` accepts once the form is sound) and Cancel."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for widget in above:
        layout.addWidget(widget)
    layout.addLayout(form)
    layout.addWidget(problem)
    layout.addWidget(buttons)
