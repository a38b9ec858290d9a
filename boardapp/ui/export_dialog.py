"""File > Export pack: the meeting pack for the board, DfE or the public, as at the date
the window shows, written off the GUI thread with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boardapp.exchange.pack.audience import Audience, PackError
from boardapp.exchange.pack.builder import PackSummary, export_pack
from boardapp.ui.context import BoardContext
from boardapp.ui.tasks import TaskState
from boardapp.ui.words import long_day


class ExportDialog(QDialog):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Export the meeting pack")
        self.audience = QComboBox()
        self.audience.setAccessibleName("Audience")
        for audience, words in ((Audience.BOARD, "Board (everything, exempt items marked)"),
                                (Audience.DFE, "DfE progress review (exempt items left out)"),
                                (Audience.PUBLIC, "Public (exempt items left out)")):
            self.audience.addItem(words, audience.value)
        when = context.as_at_label or f"today, {long_day(context.today)}"
        self.path = QLineEdit(str(Path.home() / f"board-pack-{context.today.isoformat()}.xlsx"))
        self.path.setAccessibleName("Save the pack as")
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("&For:", self.audience)
        form.addRow("As at:", QLabel(when))
        form.addRow("&Save as:", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the pack as", self.path.text(), "Excel workbook (*.xlsx)")
        if path:
            self.path.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def chosen(self) -> tuple[Path, Audience]:
        return Path(self.path.text()).expanduser(), Audience(self.audience.currentData())


def export_from_window(context: BoardContext, parent: QWidget) -> None:
    """Ask what to export, then export it on the worker with a progress dialog."""
    dialog = ExportDialog(context, parent)
    if not dialog.exec():
        return
    target, audience = dialog.chosen()
    progress = QProgressDialog("Exporting the pack…", "Cancel", 0, 100, parent)
    progress.setWindowTitle("Export pack")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    database, as_at = context.database, context.today

    def work(state: TaskState) -> PackSummary:
        return export_pack(database, target, as_at=as_at, audience=audience, progress=state.progress)

    def advanced(done: int, total: int, text: str) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        progress.setLabelText(text)

    def finished(summary: PackSummary) -> None:
        progress.close()
        withheld = summary.withheld
        note = f" ({withheld.words()} withheld as exempt)" if withheld.total else ""
        parent.statusBar().showMessage(f"Exported {summary.path.name}: {summary.requirements} requirements, "
                                       f"{summary.readings} readings, {summary.notes} notes{note}", 15000)

    def failed(error: BaseException, trace: str) -> None:
        progress.close()
        text = str(error) if isinstance(error, (PackError, OSError)) else f"unexpected error: {error}"
        QMessageBox.warning(parent, "The pack was not exported", f"{text}\n\n{target} was left as it was.")

    state = context.tasks.run(work, title="the meeting pack", on_success=finished, on_failure=failed,
                              on_progress=advanced)
    progress.canceled.connect(state.cancel)
