"""File > Export pack: the meeting pack for the board, DfE or the public, for the meeting
(or as at the date) the window shows, written off the GUI thread with progress and
cancel.

The dialog remembers the audience and the folder from one export to the next, suggests a
file name that says whose pack, for which meeting and for whom, asks before replacing a
file, and says what was written in a message with "Open folder".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
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

from boardapp.domain.permissions import NotAllowed
from boardapp.exchange.pack.audience import Audience, PackError, audiences_for
from boardapp.exchange.pack.builder import PackSummary, export_pack, suggested_name
from boardapp.store import board, dataset_info
from boardapp.store.board import MeetingRow
from boardapp.ui.context import BoardContext
from boardapp.ui.tasks import TaskState
from boardapp.ui.words import long_day

AUDIENCE_KEY = "export/audience"
FOLDER_KEY = "export/folder"
AUDIENCES = ((Audience.BOARD, "Board (everything, exempt items marked)"),
             (Audience.DFE, "DfE progress review (exempt items left out)"),
             (Audience.PUBLIC, "Public (exempt items left out)"))


class ExportDialog(QDialog):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = QSettings()
        self.meeting: MeetingRow | None = context.meeting
        with context.database.session() as session:
            self.about = dataset_info.read(session)
            # Looking at the board live: the pack is for the board's meeting (the last
            # Improvement Board held, else the next), as the command line's is by default.
            self.by_default = context.as_at is None and self.meeting is None
            if self.by_default:
                self.meeting = board.default_meeting(session, context.today)
        self.setWindowTitle("Export the meeting pack")
        self.audience = QComboBox()
        self.audience.setAccessibleName("Audience")
        # Only the audiences the role may export for: an observer has no Board pack (exempt items).
        allowed = audiences_for(context.identity.role)
        for audience, words in AUDIENCES:
            if audience in allowed:
                self.audience.addItem(words, audience.value)
        remembered = self.audience.findData(self.settings.value(AUDIENCE_KEY, Audience.BOARD.value, str))
        self.audience.setCurrentIndex(max(remembered, 0))
        meeting = self.meeting.label if self.meeting else "None: the pack is as at the date below"
        if self.meeting is not None and self.by_default:
            meeting += " (by default the last Improvement Board held, else the next; choose another in the As at bar)"
        when = long_day(self.meeting.as_at) if self.meeting else (
            context.as_at_label or f"today, {long_day(context.today)}")
        self.suggested = self.suggestion()
        folder = Path(self.settings.value(FOLDER_KEY, "", str) or Path.home())
        self.path = QLineEdit(str(folder / self.suggested))
        self.path.setAccessibleName("Save the pack as")
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        # A label beside a layout has no buddy unless given one: without it, Qt shows
        # the "&" and Alt+S goes nowhere.
        save_as = QLabel("&Save as:")
        save_as.setBuddy(self.path)
        form = QFormLayout()
        form.addRow("&For:", self.audience)
        form.addRow("Meeting:", QLabel(meeting))
        form.addRow("As at:", QLabel(when))
        form.addRow(save_as, where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.audience.currentIndexChanged.connect(self._audience_changed)

    def chosen_audience(self) -> Audience:
        return Audience(self.audience.currentData())

    def suggestion(self) -> str:
        return suggested_name(self.about, self.chosen_audience(), meeting=self.meeting, as_at=self.context.today)

    def _audience_changed(self) -> None:
        # A name the person typed is theirs; only the suggested one follows the audience.
        current = Path(self.path.text())
        new = self.suggestion()
        if current.name == self.suggested:
            self.path.setText(str(current.with_name(new)))
        self.suggested = new

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the pack as", self.path.text(), "Excel workbook (*.xlsx)",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.path.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def chosen(self) -> tuple[Path, Audience]:
        return self.target(), self.chosen_audience()

    def target(self) -> Path:
        text = self.path.text().strip()
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def accept(self) -> None:
        """Export, after asking before replacing a file; remember the audience and folder."""
        if not self.path.text().strip():
            self.path.setFocus()
            return
        target = self.target()
        if target.is_file() and not self.replace_allowed(target):
            self.path.setFocus()
            self.path.selectAll()
            return
        self.settings.setValue(AUDIENCE_KEY, self.chosen_audience().value)
        self.settings.setValue(FOLDER_KEY, str(target.parent))
        super().accept()

    def replace_allowed(self, target: Path) -> bool:
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"{target.name} already exists in {target.parent}.\n\n"
            "Replace it with this pack? Choose No to give another name.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


def export_from_window(context: BoardContext, parent: QWidget) -> None:
    """Ask what to export, then export it on the worker with a progress dialog."""
    dialog = ExportDialog(context, parent)
    if not dialog.exec():
        return
    target, audience = dialog.chosen()
    meeting = dialog.meeting
    progress = QProgressDialog("Exporting the pack…", "Cancel", 0, 100, parent)
    progress.setWindowTitle("Export pack")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    database, as_at, who = context.database, context.today, context.identity

    def work(state: TaskState) -> PackSummary:
        if meeting is not None:  # the pack for the meeting: its cover names it
            return export_pack(database, target, who=who, meeting=str(meeting.uuid), audience=audience,
                               progress=state.progress)
        return export_pack(database, target, who=who, as_at=as_at, audience=audience, progress=state.progress)

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
        show_result(parent, summary)

    def failed(error: BaseException, trace: str) -> None:
        progress.close()
        text = str(error) if isinstance(error, (PackError, OSError, NotAllowed)) else f"unexpected error: {error}"
        QMessageBox.warning(parent, "The pack was not exported", f"{text}\n\n{target} was left as it was.")

    state = context.tasks.run(work, title="the meeting pack", on_success=finished, on_failure=failed,
                              on_progress=advanced)
    progress.canceled.connect(state.cancel)


def result_words(summary: PackSummary) -> str:
    occasion = f"for {summary.meeting.label}" if summary.meeting else f"as at {long_day(summary.as_at)}"
    withheld = summary.withheld
    lines = [
        f"The {summary.audience.label} pack {occasion} is saved as {summary.path.name} in {summary.path.parent}.",
        "",
        f"It holds {summary.requirements} requirements, {summary.indicators} indicators, {summary.readings} readings, "
        f"{summary.actions} actions and {summary.notes} notes.",
    ]
    if withheld.total:
        lines.append(f"Left out as exempt: {withheld.words()}.")
    return "\n".join(lines)


def show_result(parent: QWidget, summary: PackSummary) -> QMessageBox:
    """Say what was written, with "Open folder"; not modal to the app, so it never
    blocks (named ``pack-exported`` for tests to find)."""
    box = QMessageBox(QMessageBox.Icon.Information, "Pack exported", result_words(summary),
                      QMessageBox.StandardButton.Close, parent)
    box.setObjectName("pack-exported")
    open_folder = box.addButton("Open &folder", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(QMessageBox.StandardButton.Close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: object) -> None:
        if button is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(summary.path.parent)))

    box.buttonClicked.connect(clicked)
    box.open()
    return box
