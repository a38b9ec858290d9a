"""The notes on one item, and the form to add one: used beside requirements,
indicators and actions. A question or a challenge is asked at (or for) an Improvement
Board, chosen beside its kind (default: the next board on or after today, else the
latest: store/note_meetings.py); the question log carries it until it is answered."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import NotAllowed, Permission
from boardapp.domain.terms import AnnotatedKind, AnnotationKind
from boardapp.store import annotations, note_meetings
from boardapp.store.annotations import NoteRow
from boardapp.store.board import MeetingRow
from boardapp.store.errors import StoreError
from boardapp.store.note_meetings import QUESTION_KINDS
from boardapp.store.questions import meeting_words
from boardapp.ui.context import BoardContext
from boardapp.ui.words import note_summary


class NotesPanel(QWidget):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.target: tuple[AnnotatedKind, uuid.UUID] | None = None
        self.heading = QLabel("Notes")
        self.heading.setStyleSheet("font-weight: bold;")
        self.list = QListWidget()
        self.list.setAccessibleName("Notes on this item")
        self.list.setWordWrap(True)
        # Two lines at the least (it takes whatever height is spare): on the smallest screen
        # the panel's heading, editor and controls must fit beside the item's details.
        self.list.setMinimumHeight(2 * self.list.fontMetrics().lineSpacing() + 12)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of note")
        for kind in AnnotationKind:
            self.kind.addItem(kind.value.capitalize(), kind)
        self.kind.currentIndexChanged.connect(self._enable_meeting)
        # The Improvement Board a question or challenge is asked at (or for).
        self.meeting_label = QLabel("Asked a&t:")
        self.meeting = QComboBox()
        self.meeting.setAccessibleName("Meeting the question is for")
        self.meeting.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.meeting.setMinimumContentsLength(6)  # shares the kind's row: it gives way, never widens the panel
        self.meeting_label.setBuddy(self.meeting)
        self._meetings_shown: list[MeetingRow] = []
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("New note")
        self.editor.setPlaceholderText("Write a comment, question, challenge or assurance… (Ctrl+Enter saves)")
        self.editor.setMaximumHeight(90)
        self.save = QPushButton("&Save note")
        self.save.setAccessibleName("Save note")
        self.save.clicked.connect(self.save_note)
        # Why the last save failed and what to do, until a save succeeds.
        self.failure = QLabel()
        self.failure.setAccessibleName("Note not saved")
        self.failure.setWordWrap(True)
        self.failure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failure.setStyleSheet("background: #ffe3e3; color: #5c0000; padding: 4px 8px; border: 1px solid #c92a2a;")
        self.failure.hide()
        QShortcut(QKeySequence("Ctrl+Return"), self.editor, activated=self.save_note)
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addStretch(1)
        row.addWidget(self.save)
        # The meeting a question is asked at shares the heading's row: the panel's height
        # is scarce at 1280x720 and 125%, and the heading leaves the row's width free.
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.meeting_label)
        top.addWidget(self.meeting, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor)
        layout.addWidget(self.failure)
        layout.addLayout(row)
        # The keys go as the choices are made: the note, its kind, the meeting, then Save.
        QWidget.setTabOrder(self.editor, self.kind)
        QWidget.setTabOrder(self.kind, self.meeting)
        QWidget.setTabOrder(self.meeting, self.save)
        context.as_at_changed.connect(self.refresh)
        context.notes_changed.connect(self.refresh)
        self.refresh()

    def show_item(self, kind: AnnotatedKind, target_uuid: uuid.UUID) -> None:
        self.target = (kind, target_uuid)
        self.refresh()

    def refresh(self) -> None:
        reason = self.context.why_not(Permission.ANNOTATE) or ("" if self.target else "Choose an item first.")
        for control in (self.editor, self.save, self.kind):
            control.setEnabled(not reason)
            control.setToolTip(reason)
        self.list.clear()
        if self.target is None:
            self._enable_meeting()
            return
        with self.context.database.session() as session:
            meetings = note_meetings.load(session)  # once: the choices, the default and the notes' meetings
            self._show_meetings(list(reversed(meetings.boards)), meetings.for_day(self.context.today))
            notes = annotations.list_notes(
                session,
                as_at=self.context.as_at,
                target_uuid=self.target[1],
                include_exempt=self.context.identity.allows(Permission.SEE_EXEMPT),
                meetings=meetings,
            )
        self.heading.setText(f"Notes ({len(notes)})")
        for note in notes:
            self._add(note)

    def _show_meetings(self, boards: list[MeetingRow], default: MeetingRow | None) -> None:
        """The boards to choose from, newest first; the one chosen stays chosen, else the default."""
        if boards != self._meetings_shown:
            chosen = self.chosen_meeting() or default
            self._meetings_shown = boards
            self.meeting.blockSignals(True)
            self.meeting.clear()
            for board in boards:
                self.meeting.addItem(meeting_words(board), board)
                self.meeting.setItemData(self.meeting.count() - 1, board.label, Qt.ItemDataRole.ToolTipRole)
            if not boards:
                self.meeting.addItem("No Improvement Board recorded", None)
            self.meeting.setCurrentIndex(max(0, boards.index(chosen) if chosen in boards else 0))
            self.meeting.blockSignals(False)
        self._enable_meeting()

    def chosen_meeting(self) -> MeetingRow | None:
        chosen = self.meeting.currentData()
        return chosen if isinstance(chosen, MeetingRow) else None

    def choose_meeting(self, meeting: MeetingRow) -> None:
        self.meeting.setCurrentIndex(self.meeting.findText(meeting_words(meeting)))

    def _enable_meeting(self) -> None:
        """The meeting is chosen for a question or a challenge, when a note may be written."""
        reason = self.kind.toolTip() if not self.kind.isEnabled() else ""
        if not reason and AnnotationKind(self.kind.currentData()) not in QUESTION_KINDS:
            reason = "Only a question or a challenge is asked at a meeting."
        elif not reason and not self._meetings_shown:
            reason = "This database records no Improvement Board to ask it at."
        for control in (self.meeting, self.meeting_label):
            control.setEnabled(not reason)
            control.setToolTip(reason or "The Improvement Board this is asked at (or for): the question log carries "
                                         "it to every later board until an answer is recorded")

    def _add(self, note: NoteRow) -> None:
        text = note_summary(note)
        if note.meeting is not None:
            text += f"\nAsked at {meeting_words(note.meeting)}"
            if note.answered_meeting is not None:
                text += f" · {'answered' if note.answer else 'closed'} at {meeting_words(note.answered_meeting)}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, note.uuid)
        self.list.addItem(item)

    def save_note(self) -> None:
        if self.target is None or not self.save.isEnabled():
            return
        text = self.editor.toPlainText()
        kind = AnnotationKind(self.kind.currentData())
        meeting = self.chosen_meeting() if kind in QUESTION_KINDS else None
        try:
            with self.context.database.session(self.context.identity.label) as session:
                annotations.add_note(session, self.context.identity, *self.target, kind, text,
                                     meeting=meeting.uuid if meeting else None)
        except (annotations.NoteError, NotAllowed, StoreError) as exc:
            # What was typed stays in the editor: nothing a user typed is lost.
            self.show_failure(kind, str(exc))
            return
        self.failure.hide()
        self.editor.clear()
        self.context.notes_changed.emit()

    def show_failure(self, kind: AnnotationKind, why: str) -> None:
        """Say, in the panel and in a message, that the note was not saved, why, and
        that the text is still in the box."""
        why = why[:1].upper() + why[1:]
        if not why.endswith("."):
            why += "."
        message = (f"Your {kind.value} was not saved. {why}\n\n"
                   "What you typed is still in the box: copy it somewhere safe, or save again once it can be saved.")
        self.failure.setText(message)
        self.failure.show()
        QMessageBox.warning(self, "Note not saved", message)
