"""All notes: filtered by status, kind, author and item; answered and closed by the
chair or the secretariat. An answer or a close that cannot be saved is said in the view,
with what to do, and the answer typed stays in its box.

The question log (store/questions.py): each question shows the meeting it was asked at
and, once answered, the meeting its answer was recorded at, which the answerer chooses
(default: the meeting the window is looking at, else the next Improvement Board on or
after today, else the latest). "Carried from earlier meetings" keeps to the questions
still open from boards before that meeting."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
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
from boardapp.store import annotations, note_meetings, questions
from boardapp.store.annotations import NoteRow
from boardapp.store.board import MeetingRow
from boardapp.store.errors import StoreError
from boardapp.store.note_meetings import QUESTION_KINDS
from boardapp.store.questions import QuestionLog, meeting_words
from boardapp.ui.context import BoardContext
from boardapp.ui.edits import failure_words
from boardapp.ui.loading import ViewLoader
from boardapp.ui.table_model import Index, RowsModel, row_table
from boardapp.ui.words import NOTE_STATUS, moment

WHEN, AUTHOR, ITEM, KIND, STATUS, ASKED, ANSWERED, TEXT = range(8)
HEADERS = ("Written", "Author", "On", "Kind", "Status", "Asked at", "Answered at", "Note")
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
        if column == ASKED:
            return meeting_words(note.meeting)
        if column == ANSWERED:
            return meeting_words(note.answered_meeting)
        return note.text


class NotesFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.status: AnnotationStatus | None = None
        self.kind: AnnotationKind | None = None
        self.author = ""
        self.item = ""
        self.carried: set[object] | None = None  # the uuids of the questions carried, when only those are shown
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filters(self, status: AnnotationStatus | None, kind: AnnotationKind | None, author: str, item: str,
                    carried: set[object] | None = None) -> None:
        self.beginFilterChange()
        self.status, self.kind, self.author, self.item = status, kind, author, item.strip().lower()
        self.carried = carried
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        note: NoteRow = self.sourceModel().index(row, 0, parent).data(NOTE_ROLE)
        return (
            (self.status is None or note.status is self.status)
            and (self.kind is None or note.kind is self.kind)
            and (not self.author or note.author == self.author)
            and (not self.item or self.item in note.target_label.lower() or self.item in note.text.lower())
            and (self.carried is None or note.uuid in self.carried)
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
        self.carried = QCheckBox("Carried from earlier meetings")
        self.carried.setAccessibleName("Carried from earlier meetings")
        self.carried.toggled.connect(self._filter)
        self.log: QuestionLog | None = None
        filters = QHBoxLayout()
        for widget in (QLabel("Show:"), self.status, self.kind, self.author, self.item, self.carried):
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
        # The meeting an answer (or a close) is recorded at.
        self.answer_meeting_label = QLabel("Answered a&t:")
        self.answer_meeting = QComboBox()
        self.answer_meeting.setAccessibleName("Meeting answered at")
        self.answer_meeting.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.answer_meeting.setMinimumContentsLength(14)
        self.answer_meeting_label.setBuddy(self.answer_meeting)
        self.answer_meeting.activated.connect(self._answer_meeting_chosen)
        self._answer_meeting_kept = False  # the answerer chose one: it stays until the as-at date changes
        self.default_meeting: MeetingRow | None = None
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
        buttons.addWidget(self.answer_meeting_label)
        buttons.addWidget(self.answer_meeting, 1)
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
        context.as_at_changed.connect(self._forget_answer_meeting)
        context.as_at_changed.connect(self.refresh)
        context.notes_changed.connect(self.refresh)
        self.loader = ViewLoader(self, context, self._load, self._apply, "the notes")

    def refresh(self) -> None:
        self.loader.request()

    def _load(self) -> tuple[list[NoteRow], list[MeetingRow], MeetingRow | None, QuestionLog | None]:
        """The notes; the boards to record an answer at; the meeting the window is looking
        at (else the default: the next board on or after the day, else the latest); and
        the question log as at that meeting."""
        with self.context.database.session() as session:
            rows = annotations.list_notes(
                session,
                as_at=self.context.as_at,
                include_exempt=self.context.identity.allows(Permission.SEE_EXEMPT),
            )
            boards = note_meetings.board_meetings(session)
            meeting = self.context.meeting or note_meetings.default_meeting(session, self.context.today)
            log = questions.open_questions(session, meeting, who=self.context.identity) if meeting else None
        return rows, boards, meeting, log

    def _apply(self, loaded: tuple[list[NoteRow], list[MeetingRow], MeetingRow | None, QuestionLog | None]) -> None:
        rows, boards, meeting, self.log = loaded
        self._show_answer_meetings(boards, meeting)
        if self.log is not None:
            self.carried.setText(f"Carried from earlier meetings ({self.log.count:,})")
            self.carried.setToolTip(f"Questions asked at meetings before {meeting.label} and not answered by it")
        self.carried.setEnabled(self.log is not None)
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
        self.carried.setChecked(False)

    def _show_answer_meetings(self, boards: list[MeetingRow], default: MeetingRow | None) -> None:
        """The boards to record an answer at, newest first: the one the answerer chose
        stays chosen, else the default (the meeting the window is looking at)."""
        chosen = self.answer_meeting.currentData() if self._answer_meeting_kept else None
        self.default_meeting = default
        self.answer_meeting.blockSignals(True)
        self.answer_meeting.clear()
        for board in boards:
            self.answer_meeting.addItem(meeting_words(board), board)
            self.answer_meeting.setItemData(self.answer_meeting.count() - 1, board.label, Qt.ItemDataRole.ToolTipRole)
        if not boards:
            self.answer_meeting.addItem("No Improvement Board recorded", None)
        keep = chosen if chosen in boards else default
        self.answer_meeting.setCurrentIndex(boards.index(keep) if keep in boards else 0)
        self.answer_meeting.blockSignals(False)

    def choose_answer_meeting(self, meeting: MeetingRow) -> None:
        self.answer_meeting.setCurrentIndex(self.answer_meeting.findText(meeting_words(meeting)))
        self._answer_meeting_chosen()

    def _answer_meeting_chosen(self, *_args: object) -> None:
        self._answer_meeting_kept = True

    def _forget_answer_meeting(self) -> None:
        self._answer_meeting_kept = False

    def answered_at(self) -> MeetingRow | None:
        """The meeting chosen to record the answer at (None: no board recorded)."""
        chosen = self.answer_meeting.currentData()
        return chosen if isinstance(chosen, MeetingRow) else None

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
        carried = questions.carried_uuids(self.log) if self.log is not None and self.carried.isChecked() else None
        self.proxy.set_filters(AnnotationStatus(status) if status else None, AnnotationKind(kind) if kind else None,
                               self.author.currentData() or "",
                               self.item.text(), carried)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        open_count = sum(1 for r in self.model.rows if r.status is AnnotationStatus.OPEN)
        text = f"{shown} of {total} notes shown · {open_count} open"
        if self.log is not None:
            text += f" · at {meeting_words(self.log.meeting)}: {self.log.words()}"
        self.summary.setText(text)

    def current_note(self) -> NoteRow | None:
        index = self.table.currentIndex()
        return index.data(NOTE_ROLE) if index.isValid() else None

    def _show_current(self) -> None:
        note = self.current_note()
        reason = self.context.why_not(Permission.ANSWER_NOTES) or ("" if note else "Choose a note first.")
        for control in (self.answer, self.answer_button, self.answer_close_button, self.close_button,
                        self.answer_meeting, self.answer_meeting_label):
            control.setEnabled(not reason)
            control.setToolTip(reason)
        if not reason:
            self.answer_meeting.setToolTip("The Improvement Board the answer is recorded at: the question is carried "
                                           "to every board before it")
        if note is None:
            self.detail.setPlainText("")
            return
        self.close_button.setEnabled(not reason and note.status is not AnnotationStatus.CLOSED)
        text = f"{note.kind.value.capitalize()} by {note.author}, {moment(note.written_at)}\nOn: {note.target_label}\n"
        text += f"Status: {NOTE_STATUS[note.status]}{' · EXEMPT' if note.exempt else ''}\n"
        if note.meeting is not None:
            text += f"Asked at: {note.meeting.label}\n"
        if note.answered_meeting is not None:
            text += f"{'Answered' if note.answer else 'Closed'} at: {note.answered_meeting.label}\n"
        elif note.kind in QUESTION_KINDS and note.meeting is not None:
            text += "Not answered yet: carried to every later meeting until an answer is recorded\n"
        text += f"\n{note.text}"
        if note.answer:
            text += f"\n\nAnswer from {note.answered_by}, {moment(note.answered_at)}:\n{note.answer}"
        self.detail.setPlainText(text)

    def _answer(self, *, close: bool) -> None:
        note = self.current_note()
        if note is None:
            return
        try:
            with self.context.database.session(self.context.identity.label) as session:
                annotations.answer_note(session, self.context.identity, note.uuid, self.answer.toPlainText(),
                                        close=close, meeting=self._answer_meeting_for(note))
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
                annotations.close_note(session, self.context.identity, note.uuid,
                                       meeting=self._answer_meeting_for(note))
        except (annotations.NoteError, NotAllowed, StoreError) as exc:
            whose = _whose(note)
            self.show_failure("Note not closed", f"{whose[:1].upper()}{whose[1:]} was not closed: "
                              f"it is still {note.status.value}. {failure_words(exc)}")
            return
        self.failure.hide()
        self.context.notes_changed.emit()
        self.select(note.uuid)

    def _answer_meeting_for(self, note: NoteRow) -> uuid.UUID | None:
        """The uuid of the meeting chosen, for a question or a challenge (a comment or an
        assurance is answered at no meeting); None: the store's default."""
        chosen = self.answered_at()
        return chosen.uuid if chosen is not None and note.kind in QUESTION_KINDS else None

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
