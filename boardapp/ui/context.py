"""What every view of one open database shares: the database, who is using it, and the
date it is being looked at "as at". Views receive it through their constructor."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from boardapp.domain.permissions import Identity, Permission, why_not
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
        # Edits made in this session, undoable in order (ui/edits.py).
        self.undo = QUndoStack(self)
        # The one worker thread for this database's loading (ui/loading.py); the
        # window that owns the context shuts it down when it closes.
        self.tasks = TaskRunner(self)

    @property
    def as_at(self) -> date | None:
        """None: today, live and editable; a date: the past, read-only."""
        return self._as_at

    def set_as_at(self, when: date | None, label: str = "") -> None:
        if when == self._as_at and label == self.as_at_label:
            return
        self._as_at = when
        self.as_at_label = label
        self.as_at_changed.emit()

    @property
    def today(self) -> date:
        return self._as_at or date.today()

    def why_not(self, permission: Permission) -> str:
        """Empty when the control may be used; otherwise the sentence its tooltip says."""
        if self._as_at is not None:
            return f"You are looking at the board as at {self._as_at:%d %B %Y}: go back to today to make changes."
        if self.database.read_only:
            return "This database is open read-only."
        return why_not(self.identity.role, permission)
