"""What every view of one open database shares: the database, who is using it, and the
date (or the meeting) it is being looked at "as at". Views receive it through their
constructor."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from boardapp.domain.permissions import Identity, Permission, why_not
from boardapp.store import board
from boardapp.store.board import MeetingRow
from boardapp.store.connection import Database
from boardapp.ui.tasks import TaskRunner


class BoardContext(QObject):
    """Signals:
    ``as_at_changed()``: the whole app now shows another date (or today again).
    ``notes_changed()``: a note was added, answered or closed.
    ``data_changed()``: readings, targets, statuses or the plan were edited.
    """

    as_at_changed = Signal()
    notes_changed = Signal()
    data_changed = Signal()

    def __init__(self, database: Database, identity: Identity, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.identity = identity
        self._as_at: date | None = None
        self.as_at_label = ""
        self._meeting: MeetingRow | None = None
        self._meeting_known = True
        # Edits made in this session, undoable in order (ui/edits.py).
        self.undo = QUndoStack(self)
        # The one worker thread for this database's loading (ui/loading.py); the
        # window that owns the context shuts it down when it closes.
        self.tasks = TaskRunner(self)

    @property
    def as_at(self) -> date | None:
        """None: today, live and editable; a date: the past, read-only."""
        return self._as_at

    def set_as_at(self, when: date | None, label: str = "", meeting: MeetingRow | None = None) -> None:
        """Show the board as at ``when`` (None: today). ``meeting``: the meeting chosen,
        if one was; when it is not given, the meeting whose label and as-at date these
        are is found when first asked for (:attr:`meeting`)."""
        if when == self._as_at and label == self.as_at_label and (meeting is None or meeting == self._meeting):
            return
        self._as_at = when
        self.as_at_label = label
        self._meeting = meeting
        self._meeting_known = meeting is not None or when is None
        self.as_at_changed.emit()

    @property
    def meeting(self) -> MeetingRow | None:
        """The meeting the board is being looked at as at, or None (today, or a date)."""
        if not self._meeting_known:
            self._meeting_known = True
            with self.database.session() as session:
                self._meeting = next(
                    (row for row in board.meetings(session) if row.as_at == self._as_at and row.label == self.as_at_label),
                    None,
                )
        return self._meeting

    @property
    def today(self) -> date:
        return self._as_at or date.today()

    @property
    def read_only_reason(self) -> str:
        """Why nothing can be changed in this database ("" when it can be): the file or
        its folder cannot be written, or it was opened read-only on purpose."""
        if not self.database.read_only:
            return ""
        return self.database.read_only_reason or "This database was opened read-only."

    @property
    def read_only_banner(self) -> str:
        """The banner the window shows above its views while the database is read-only
        ("" when it is not): why, and what to do to make changes."""
        reason = self.read_only_reason
        if not reason:
            return ""
        return f"Read-only: {reason} You can read everything; to make changes, open a copy you can write to."

    @property
    def read_only(self) -> bool:
        """Nothing may be changed in this database (the permission checks consult it)."""
        return self.database.read_only

    def why_not(self, permission: Permission) -> str:
        """Empty when the control may be used; otherwise the sentence its tooltip says."""
        if permission is Permission.SEE_EXEMPT:
            return why_not(self.identity.role, permission)
        if self.read_only:
            return self.read_only_reason
        if self._as_at is not None:
            return f"You are looking at the board as at {self._as_at:%d %B %Y}: go back to today to make changes."
        return why_not(self.identity.role, permission)
