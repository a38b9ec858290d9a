"""Meeting > Covering report…: the conclusion and the asks the secretariat writes for a
meeting's pack (store/meetings.py), for the meeting chosen in the "As at" bar, or, with
none chosen, the meeting a pack is for by default (the last Improvement Board held).

Only a role that may write them gets a Save button that works: for anyone else, and
for a database that cannot be written, the fields are read-only and Save is disabled
with a tooltip that says why. The store refuses them too (the window is not the lock).
Nothing typed is lost: a save that fails keeps the dialog open with the text as typed
and says why; a save that works goes on the undo stack (Edit > Undo puts the old text back).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import NotAllowed, Permission, why_not
from boardapp.store import board, meetings
from boardapp.store.board import MeetingRow
from boardapp.store.connection import SaveFailed
from boardapp.store.edits import EditError
from boardapp.store.errors import StoreError
from boardapp.store.meetings import MeetingText
from boardapp.ui.context import BoardContext
from boardapp.ui.edits import StoreEdit, failure_words

TITLE = "Covering report"


def meeting_for(context: BoardContext) -> tuple[MeetingRow | None, str]:
    """The meeting whose text to edit, and a line saying how it was chosen."""
    chosen = context.meeting
    if chosen is not None:
        return chosen, "The meeting chosen in the As at bar."
    with context.database.session() as session:
        default = board.default_meeting(session, date.today())
    if default is None:
        return None, ("Choose a meeting in the As at bar first: this database records no Improvement Board "
                      "for the covering report to be for.")
    return default, ("No meeting is chosen in the As at bar: this is the meeting a pack is for when none is "
                     "chosen (the last Improvement Board held, else the next one).")


class MeetingTextDialog(QDialog):
    """The covering report's text for one meeting.

    Signals: ``text_saved(object)``: the text was saved (the :class:`MeetingText` kept).
    """

    text_saved = Signal(object)

    def __init__(self, context: BoardContext, meeting: MeetingRow, how: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting = meeting
        self.setWindowTitle(f"{TITLE}: {meeting.label}")
        with context.database.session() as session:
            self.kept = meetings.text_of(session, meeting.uuid)
        heading = QLabel(f"<b>{html.escape(meeting.label)}</b> ({meeting.kind_words}, "
                         f"{'planned' if meeting.planned else 'held'})")
        heading.setAccessibleName("Meeting")
        heading.setWordWrap(True)
        about = QLabel((how + " " if how else "") + "The pack for this meeting prints this text in its covering "
                       "report as written.")
        about.setWordWrap(True)
        self.conclusion = _text_box("Conclusion", self.kept.conclusion,
                                    "What the board concludes: where the council stands against the notice.")
        self.asks = _text_box("Asks", self.kept.asks, "What is asked of DfE, or of the board.")
        self.problem = QLabel()
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet("color: #a00000; font-weight: bold;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(about)
        for box, words in ((self.conclusion, "&Conclusion"), (self.asks, "&Asks (of DfE or the board)")):
            label = QLabel(words)
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self.why_not = context.read_only_reason or why_not(context.identity.role, Permission.EDIT_MEETINGS)
        if self.why_not:
            # Said on the dialog too, not only in the tooltip: why it can be read but not changed.
            note = QLabel(f"Read only: {self.why_not}")
            note.setAccessibleName("Why read only")
            note.setWordWrap(True)
            layout.insertWidget(2, note)
            self.save.setEnabled(False)
            self.save.setToolTip(self.why_not)
            for box in (self.conclusion, self.asks):
                box.setReadOnly(True)
                box.setToolTip(self.why_not)

    def text(self) -> MeetingText:
        """The text as typed."""
        return MeetingText(self.conclusion.toPlainText(), self.asks.toPlainText())

    def try_save(self) -> bool:
        """Save what was typed; on a refusal or a failure keep the dialog open, with the
        text, and say why. Returns whether it was saved."""
        new, who, meeting = self.text(), self.context.identity, self.meeting.uuid
        try:
            with self.context.database.session(who.label) as session:
                old = meetings.set_text(session, who, meeting, new)
                kept = meetings.text_of(session, meeting)
        except SaveFailed as exc:
            self._refuse(f"Not saved: nothing was changed. {failure_words(exc)} Your text is still here.")
            return False
        except (NotAllowed, EditError, StoreError) as exc:
            self._refuse(f"Not saved. {failure_words(exc)}")
            return False

        def apply(session, text: MeetingText) -> None:  # type: ignore[no-untyped-def]
            meetings.set_text(session, who, meeting, text)

        self.context.undo.push(StoreEdit(self.context, f"Covering report for {self.meeting.label}", apply, kept, old))
        self.kept = kept
        self.text_saved.emit(kept)
        self.accept()
        return True

    def _refuse(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setToolTip(problem)
        self.problem.show()
        field = {"Conclusion": self.conclusion, "Asks": self.asks}.get(problem.split(". ", 1)[-1].split(":", 1)[0])
        (field or self.conclusion).setFocus()


def _text_box(name: str, text: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setPlainText(text)
    return box


def edit_meeting_text(context: BoardContext, parent: QWidget) -> MeetingTextDialog | None:
    """Meeting > Covering report…: open the dialog, modal to the window (``open()``, so
    the window keeps painting); None, saying why, when there is no meeting to write for."""
    meeting, how = meeting_for(context)
    if meeting is None:
        QMessageBox.information(parent, TITLE, how)
        return None
    dialog = MeetingTextDialog(context, meeting, how, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
