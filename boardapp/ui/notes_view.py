"""All notes: filtered by status, kind, author and item; answered and closed by the
chair or the secretariat. An answer or a close that cannot be saved is said in the view,
with what to do, and the answer typed stays in its box."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import NotAllowed, Permission
from boardapp.domain.terms import AnnotationKind, AnnotationStatus
from boardapp.store import annotations
from boardapp.store.annotations import NoteRow
from boardapp.store.errors import StoreError
from boardapp.ui.context import BoardContext
from boardapp.ui.edits import failure_words
from boardapp.ui.loading import ViewLoader
from boardapp.ui.table_model import Index, RowsModel, row_table
from boardapp.ui.words import NOTE_STATUS, moment

WHEN, AUTHOR, ITEM, KIND, STATUS, TEXT = range(6)
HEADERS = ("Written", "Author", "On", "Kind", "Status", "Note")
NOTE_ROLE = Qt.ItemDataRole.UserRole + 1


class NotesModel(RowsModel[NoteRow]):
    headers = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        note = self.rows[index.row()]
        if role == NOTE_ROLE:
            return note
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return note.written_at.isoformat() if index.column() == WHEN else self._text(note, index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(note, index.column())
            if role == Qt.ItemDataRole.DisplayRole and index.column() == TEXT and len(text) > 160:
                return text[:157] + "…"
            return text
        return None

    @staticmethod
    def _text(note: NoteRow, column: int) -> str:
        if column == WHEN:
            return moment(note.written_at)
        if column == AUTHOR:
            return note.author
        if column == ITEM:
            return note.target_label + (" · EXEMPT" if note.exempt else "")
        if column == KIND:
            return note.kind.value.capitalize()
        if column == STATUS:
            return NOTE_STATUS[note.status]
        return note.text


class NotesFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.status: AnnotationStatus | None = None
        self.kind: AnnotationKind | None = None
        self.author = ""
        self.item = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filters(self, status: AnnotationStatus | None, kind: AnnotationKind | None, author: str, item: str) -> None:
        self.beginFilterChange()
        self.status, self.kind, self.author, self.item = status, kind, author, item.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        note: NoteRow = self.sourceModel().index(row, 0, parent).data(NOTE_ROLE)
        return (
            (self.status is None or note.status is self.status)
            and (self.kind is None or note.kind is self.kind)
            and (not self.author or note.author == self.author)
            and (not self.item or self.item in note.target_label.lower() or self.item in note.text.lower())
        )


class NotesView(QWidget):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = NotesModel(self)
        self.proxy = NotesFilter(self)
        self.proxy.setSourceModel(self.model)
        self.status = _combo("Status filter", "All statuses", [(NOTE_STATUS[s], s) for s in AnnotationStatus])
        self.kind = _combo("Kind filter", "All kinds", [(k.value.capitalize(), k) for k in AnnotationKind])
        self.author = _combo("Author filter", "All authors", [])
        self.item = QLineEdit()
        self.item.setPlaceholderText("Item or text contains…")
        self.item.setAccessibleName("Item filter")
        self.item.setClearButtonEnabled(True)
        self.item.returnPressed.connect(self.choose_single_match)
        filters = QHBoxLayout()
        for widget in (QLabel("Show:"), self.status, self.kind, self.author, self.item):
            filters.addWidget(widget)
        self.table = row_table("All notes", self.proxy, WHEN, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Note")
        self.answer = QPlainTextEdit()
        self.answer.setAccessibleName("Answer")
        self.answer.setPlaceholderText("Answer this note…")
        self.answer.setMaximumHeight(80)
        self.answer_button = QPushButton("&Answer")
        self.answer_close_button = QPushButton("Answer and c&lose")
        self.close_button = QPushButton("&Close note")
        for button in (self.answer_button, self.answer_close_button, self.close_button):
            button.setAccessibleName(button.text().replace("&", ""))
        self.answer_button.clicked.connect(lambda: self._answer(close=False))
        self.answer_close_button.clicked.connect(lambda: self._answer(close=True))
        self.close_button.clicked.connect(self._close)
        # Why the last answer or close was not saved and what to do, until one is.
        self.failure = QLabel()
        self.failure.setAccessibleName("Not saved")
        self.failure.setWordWrap(True)
        self.failure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failure.setStyleSheet("background: #ffe3e3; color: #5c0000; padding: 4px 8px; border: 1px solid #c92a2a;")
        self.failure.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.answer_button, self.answer_close_button, self.close_button):
            buttons.addWidget(button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.detail, 1)
        side_layout.addWidget(self.answer)
        side_layout.addWidget(self.failure)
        side_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        for combo in (self.status, self.kind, self.author):
            combo.currentIndexChanged.connect(self._filter)
        self.item.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        context.as_at_changed.connect(self.refresh)
        context.notes_changed.connect(self.refresh)
        self.loader = ViewLoader(self, context, self._load, self._apply, "the notes")

    def refresh(self) -> None:
        self.loader.request()

    def _load(self) -> list[NoteRow]:
        with self.context.database.session() as session:
            return annotations.list_notes(
                session,
                as_at=self.context.as_at,
                include_exempt=self.context.identity.allows(Permission.SEE_EXEMPT),
            )

    def _apply(self, rows: list[NoteRow]) -> None:
        chosen = self.current_note().uuid if self.current_note() else None
        self.model.set_rows(rows)
        chosen = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem("All authors", None)
        for name in sorted({r.author for r in rows}):
            self.author.addItem(name, name)
        if chosen:
            self.author.setCurrentIndex(max(0, self.author.findData(chosen)))
        self.author.blockSignals(False)
        self._filter()
        self._show_current()

    def clear_filters(self) -> None:
        for combo in (self.status, self.kind, self.author):
            combo.setCurrentIndex(0)
        self.item.clear()

    def choose_single_match(self) -> None:
        """Enter in the filter: a single match is opened (its note shows); several, the
        table takes the keys."""
        if self.proxy.rowCount() == 1:
            self.table.setCurrentIndex(self.proxy.index(0, WHEN))
        if self.proxy.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _filter(self) -> None:
        # Qt hands item data back as plain strings: make them words of the vocabulary again.
        status, kind = self.status.currentData(), self.kind.currentData()
        self.proxy.set_filters(AnnotationStatus(status) if status else None, AnnotationKind(kind) if kind else None,
                               self.author.currentData() or "",
                               self.item.text())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        open_count = sum(1 for r in self.model.rows if r.status is AnnotationStatus.OPEN)
        self.summary.setText(f"{shown} of {total} notes shown · {open_count} open")

    def current_note(self) -> NoteRow | None:
        index = self.table.currentIndex()
        return index.data(NOTE_ROLE) if index.isValid() else None

    def _show_current(self) -> None:
        note = self.current_note()
        reason = self.context.why_not(Permission.ANSWER_NOTES) or ("" if note else "Choose a note first.")
        for control in (self.answer, self.answer_button, self.answer_close_button, self.close_button):
            control.setEnabled(not reason)
            control.setToolTip(reason)
        if note is None:
            self.detail.setPlainText("")
            return
        self.close_button.setEnabled(not reason and note.status is not AnnotationStatus.CLOSED)
        text = f"{note.kind.value.capitalize()} by {note.author}, {moment(note.written_at)}\nOn: {note.target_label}\n"
        text += f"Status: {NOTE_STATUS[note.status]}{' · EXEMPT' if note.exempt else ''}\n\n{note.text}"
        if note.answer:
            text += f"\n\nAnswer from {note.answered_by}, {moment(note.answered_at)}:\n{note.answer}"
        self.detail.setPlainText(text)

    def _answer(self, *, close: bool) -> None:
        note = self.current_note()
        if note is None:
            return
        try:
            with self.context.database.session(self.context.identity.label) as session:
                annotations.answer_note(session, self.context.identity, note.uuid, self.answer.toPlainText(), close=close)
        except (annotations.NoteError, NotAllowed, StoreError) as exc:
            # What was typed stays in the box: nothing a user typed is lost.
            message = (f"Your answer to {_whose(note)} was not saved"
                       f"{' and the note was not closed' if close else ''}. {failure_words(exc)}")
            if self.answer.toPlainText().strip():
                message += ("\n\nWhat you typed is still in the box: copy it somewhere safe, "
                            "or answer again once it can be saved.")
            self.show_failure("Answer not saved", message)
            return
        self.failure.hide()
        self.answer.clear()
        self.context.notes_changed.emit()
        self.select(note.uuid)

    def _close(self) -> None:
        note = self.current_note()
        if note is None:
            return
        try:
            with self.context.database.session(self.context.identity.label) as session:
                annotations.close_note(session, self.context.identity, note.uuid)
        except (annotations.NoteError, NotAllowed, StoreError) as exc:
            whose = _whose(note)
            self.show_failure("Note not closed", f"{whose[:1].upper()}{whose[1:]} was not closed: "
                              f"it is still {note.status.value}. {failure_words(exc)}")
            return
        self.failure.hide()
        self.context.notes_changed.emit()
        self.select(note.uuid)

    def show_failure(self, title: str, message: str) -> None:
        """Say, in the view and in a message, what was not saved, why and what to do."""
        self.failure.setText(message)
        self.failure.show()
        QMessageBox.warning(self, title, message)

    def select(self, note_uuid: object) -> None:
        """Choose a note, now or when the notes being loaded arrive."""
        self.loader.when_ready(lambda: self._select_now(note_uuid))

    def _select_now(self, note_uuid: object) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(NOTE_ROLE).uuid == note_uuid:
                self.table.setCurrentIndex(index)
                return True
        return False


def _whose(note: NoteRow) -> str:
    """The note, as a message names it: "Ann's question on Requirement 1"."""
    return f"{note.author}'s {note.kind.value} on {note.target_label}"


def _combo(name: str, everything: str, choices: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(everything, None)
    for text, value in choices:
        combo.addItem(text, value)
    return combo
