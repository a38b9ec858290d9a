"""Edits as undoable commands: each applies a store edit in its own transaction, and its
undo applies the old value the same way (so undo, too, is in the audit log and in the
item's history, as a revision of its own saying it was an undo). An undo or redo that
cannot be saved is said in the window and leaves the undo stack as it was.

An edit may carry the reason the user gave for it: the revisions it writes keep it
(store/history.because); its redo keeps it too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from boardapp.domain.permissions import NotAllowed
from boardapp.store import history
from boardapp.store.connection import SaveFailed
from boardapp.store.edits import EditError
from boardapp.store.errors import StoreError
from boardapp.store.reading_edits import ReadingEditError
from boardapp.ui.context import BoardContext

# (a store session, the value) -> anything: the store function that makes the edit.
Apply = Callable[[Any, Any], Any]


# What the store may refuse or fail with while an edit, its undo or its redo is saved.
REFUSALS = (NotAllowed, EditError, StoreError, ReadingEditError)


class StoreEdit(QUndoCommand):
    """An edit already made, on the undo stack. Its undo and redo are saved each in its
    own transaction; when one cannot be saved (the file is read-only or busy, the disk is
    full, the store refuses) the window says what was not saved and what to do, and the
    command stays where it was on the stack, so the step can be tried again."""

    def __init__(self, context: BoardContext, text: str, apply: Apply, new: Any, old: Any, *,
                 reason: str = "") -> None:
        super().__init__(text)
        self.context = context
        self.apply = apply
        self.new = new
        self.old = old
        self.reason = reason.strip()
        # The stack calls redo() or undo() when the database already holds its result:
        # on push (the edit was made before), and when a failed step is put back.
        self._skip_redo = True
        self._skip_undo = False

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._step(self.new, "redone", self.reason)

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        self._step(self.old, "undone", undo_reason(self.text()))

    def _step(self, value: Any, done: str, reason: str) -> None:
        stack = self.context.undo
        before = stack.index()
        try:
            self._run(value, reason)
        except REFUSALS as exc:
            # QUndoStack moves its index once this returns, whatever happened: put it
            # back as soon as it has (the step it calls then is skipped, for the database
            # still holds it), then say so.
            if done == "undone":
                self._skip_redo = True
            else:
                self._skip_undo = True

            def put_back(_index: int, failure: Exception = exc) -> None:
                stack.setIndex(before)
                show_step_failure(self.text(), done, failure)

            stack.indexChanged.connect(put_back, Qt.ConnectionType.SingleShotConnection)

    def _run(self, value: Any, reason: str) -> None:
        with self.context.database.session(self.context.identity.label) as session, history.because(session, reason):
            self.apply(session, value)
        self.context.data_changed.emit()


def undo_reason(text: str) -> str:
    """Why an undo's revision was written: “Undo of “Set P2.1.a to Complete””."""
    return f"Undo of “{text}”"


def failure_words(exc: Exception) -> str:
    """The store's reason as a sentence (its advice, for a save that failed, follows)."""
    why = str(exc).strip()
    why = why[:1].upper() + why[1:]
    return why if why.endswith(".") else why + "."


def step_failure_message(text: str, done: str, exc: Exception) -> str:
    """What the window says when an undo or redo (``done``) of the step ``text`` failed."""
    again = "Undo" if done == "undone" else "Redo"
    return (f"“{text}” was not {done}: nothing was changed. {failure_words(exc)}\n\n"
            f"{again} still offers “{text}”, to try again once it can be saved.")


def show_step_failure(text: str, done: str, exc: Exception) -> None:
    QMessageBox.warning(QApplication.activeWindow(), f"Not {done}", step_failure_message(text, done, exc))


def edit_now(context: BoardContext, parent: QWidget, apply: Apply, new: Any, text: str = "", *,
             reason: str = "") -> bool:
    """Make an edit now, without an undo step; a refusal is shown, not raised. ``text``
    names the edit in the message when it cannot be saved; ``reason``: why it was made,
    kept with the revisions it writes ("" when none was given)."""
    try:
        with context.database.session(context.identity.label) as session, history.because(session, reason):
            apply(session, new)
    except SaveFailed as exc:
        what = f"“{text}” was not saved" if text else "The change was not saved"
        QMessageBox.warning(parent, "Not saved", f"{what}: nothing was changed. {failure_words(exc)}")
        return False
    except REFUSALS as exc:
        QMessageBox.warning(parent, "Not changed", str(exc))
        return False
    context.data_changed.emit()
    return True


def edit(context: BoardContext, parent: QWidget, text: str, apply: Apply, new: Any, old: Any, *,
         reason: str = "") -> bool:
    """Make an edit now and put it on the undo stack; a refusal is shown, not raised.
    ``reason``: why it was made, kept with the revisions it writes."""
    if not edit_now(context, parent, apply, new, text, reason=reason):
        return False
    context.undo.push(StoreEdit(context, text, apply, new, old, reason=reason))
    return True
