"""Edits as undoable commands: each applies a store edit in its own transaction, and its
undo applies the old value the same way (so undo, too, is in the audit log)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from boardapp.domain.permissions import NotAllowed
from boardapp.store.edits import EditError
from boardapp.store.errors import StoreError
from boardapp.store.reading_edits import ReadingEditError
from boardapp.ui.context import BoardContext

# (a store session, the value) -> anything: the store function that makes the edit.
Apply = Callable[[Any, Any], Any]


class StoreEdit(QUndoCommand):
    def __init__(self, context: BoardContext, text: str, apply: Apply, new: Any, old: Any) -> None:
        super().__init__(text)
        self.context = context
        self.apply = apply
        self.new = new
        self.old = old
        self._applied = True  # the edit was made before the command was pushed

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run(self.new)

    def undo(self) -> None:
        self._run(self.old)

    def _run(self, value: Any) -> None:
        with self.context.database.session(self.context.identity.label) as session:
            self.apply(session, value)
        self.context.data_changed.emit()


def edit_now(context: BoardContext, parent: QWidget, apply: Apply, new: Any) -> bool:
    """Make an edit now, without an undo step; a refusal is shown, not raised."""
    try:
        with context.database.session(context.identity.label) as session:
            apply(session, new)
    except (NotAllowed, EditError, StoreError, ReadingEditError) as exc:
        QMessageBox.warning(parent, "Not changed", str(exc))
        return False
    context.data_changed.emit()
    return True


def edit(context: BoardContext, parent: QWidget, text: str, apply: Apply, new: Any, old: Any) -> bool:
    """Make an edit now and put it on the undo stack; a refusal is shown, not raised."""
    if not edit_now(context, parent, apply, new):
        return False
    context.undo.push(StoreEdit(context, text, apply, new, old))
    return True
