"""The notes on one item, and the form to add one: used beside requirements,
indicators and actions."""

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
from boardapp.store import annotations
from boardapp.store.annotations import NoteRow
from boardapp.store.errors import StoreError
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
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of note")
        for kind in AnnotationKind:
            self.kind.addItem(kind.value.capitalize(), kind)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor)
        layout.addWidget(self.failure)
        layout.addLayout(row)
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
            return
        with self.context.database.session() as session:
            notes = annotations.list_notes(
                session,
                as_at=self.context.as_at,
                target_uuid=self.target[1],
                include_exempt=self.context.identity.allows(Permission.SEE_EXEMPT),
            )
        self.heading.setText(f"Notes ({len(notes)})")
        for note in notes:
            self._add(note)

    def _add(self, note: NoteRow) -> None:
        item = QListWidgetItem(note_summary(note))
        item.setData(Qt.ItemDataRole.UserRole, note.uuid)
        self.list.addItem(item)

    def save_note(self) -> None:
        if self.target is None or not self.save.isEnabled():
            return
        text = self.editor.toPlainText()
        kind = AnnotationKind(self.kind.currentData())
        try:
            with self.context.database.session(self.context.identity.label) as session:
                annotations.add_note(session, self.context.identity, *self.target, kind, text)
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
