"""Importing the month's readings in the window: File > Import readings, or a workbook
dropped on the window. The file is checked and previewed off the GUI thread; every
problem is listed with its sheet, row and column; nothing is written until Apply."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import Permission
from boardapp.exchange.readings_preview import ImportPreview, apply_import, preview_import
from boardapp.exchange.workbook_safety import WorkbookRefused
from boardapp.store.reading_edits import Outcome, ReadingPlan, describe
from boardapp.ui.context import BoardContext
from boardapp.ui.sizing import resize_within_screen


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: ImportPreview, can_apply: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Import readings from {preview.path.name}")
        resize_within_screen(self, parent, 760, 520)
        summary = QLabel()
        summary.setWordWrap(True)
        details = QPlainTextEdit()
        details.setReadOnly(True)
        details.setAccessibleName("What the import would do")
        lines: list[str] = []
        if not preview.ok:
            problems = preview.sheet.problems
            summary.setText(f"<b>{len(problems)} problem{'s' if len(problems) != 1 else ''} found in "
                            f"{preview.path.name}</b>: nothing will be written. Correct the file and import it again.")
            lines = [str(p) for p in problems]
        else:
            plan = preview.plan
            assert plan is not None
            summary.setText(f"Sheet {preview.sheet.sheet}: " + _counts(plan) + ". Nothing is written until you apply.")
            for outcome in (Outcome.NEW, Outcome.REVISED, Outcome.UPDATED, Outcome.UNCHANGED):
                items = plan.of(outcome)
                if items:
                    lines.append(f"{outcome.value.capitalize()} ({len(items)}):")
                    lines += [f"  {line}" for line in describe(items)]
        lines += [f"Note: {note}" for note in preview.sheet.notes]
        details.setPlainText("\n".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        reason = can_apply or ("" if preview.ok and preview.plan and preview.plan.changes_anything
                               else "There is nothing to apply.")
        self.apply_button.setEnabled(not reason)
        self.apply_button.setToolTip(reason)
        self.apply_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(details, 1)
        layout.addWidget(buttons)


def _counts(plan: ReadingPlan) -> str:
    return ", ".join(f"{plan.counts[outcome]} {outcome.value}" for outcome in Outcome)


def import_into_window(context: BoardContext, parent: QWidget, path: Path) -> None:
    """Preview ``path`` on the worker, show what it would do, apply on the worker if asked."""
    database, who = context.database, context.identity

    def previewed(preview: ImportPreview) -> None:
        dialog = ImportPreviewDialog(preview, context.why_not(Permission.EDIT_READINGS), parent)
        if not dialog.exec():
            return
        context.tasks.run(lambda state: apply_import(database, who, preview), title="the readings",
                          on_success=applied, on_failure=failed)

    def applied(plan: ReadingPlan) -> None:
        parent.statusBar().showMessage(f"Imported {path.name}: {_counts(plan)}", 15000)
        context.data_changed.emit()

    def failed(error: BaseException, trace: str) -> None:
        text = str(error) if isinstance(error, (WorkbookRefused, ValueError, OSError)) else f"unexpected error: {error}"
        QMessageBox.warning(parent, "Readings not imported", f"{path.name}: {text}\n\nNothing was written.")

    context.tasks.run(lambda state: preview_import(database, path), title=f"{path.name}",
                      on_success=previewed, on_failure=failed)
