"""Changes the board server refused, in the conflicts window: each with the server's
reason; the selected one's values can be corrected and the change sent again at the
next sync, or the change discarded. The rules (who may resend what) are the store's
(store/sync/refused.py); this only shows them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import NotAllowed
from boardapp.store.sync.errors import SyncError
from boardapp.store.sync.refused import RefusedChange, discard, list_refused, resend
from boardapp.ui.context import BoardContext
from boardapp.ui.words import moment


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class RefusedChanges(QWidget):
    """Signals: ``changed()`` after a change was queued again or discarded."""

    changed = Signal()

    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Refused changes")
        self.table.setHorizontalHeaderLabels(["Change", "Values", "The server's reason", "Made"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.currentCellChanged.connect(lambda *_: self._show_values())
        self.form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.send_again = QPushButton("Send a&gain")
        self.send_again.setAccessibleName("Send the change again")
        self.send_again.clicked.connect(self._resend)
        self.drop = QPushButton("D&iscard")
        self.drop.setAccessibleName("Discard the change")
        self.drop.clicked.connect(self._discard)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send_again)
        buttons.addWidget(self.drop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(
            "Changes the board server refused. Correct a value if the reason asks for it, then send the change "
            "again: it goes at the next sync."
        ))
        layout.addWidget(self.table)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.changes: list[RefusedChange] = []
        self.refresh()

    def refresh(self) -> None:
        self.changes = list_refused(self.context.database)
        self.table.setRowCount(len(self.changes))
        for r, change in enumerate(self.changes):
            values = "; ".join(f"{c}: {_text(v)}" for c, v in change.values.items() if c in change.editable)
            for c, text in enumerate([change.what, values, change.reason, moment(change.made_at)]):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        if self.changes:
            self.table.selectRow(0)
        self._show_values()

    def _current(self) -> RefusedChange | None:
        row = self.table.currentRow()
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def _show_values(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        change = self._current()
        self.send_again.setEnabled(change is not None)
        self.drop.setEnabled(change is not None)
        if change is None:
            return
        for column in change.editable:
            field = QLineEdit(_text(change.values.get(column)))
            field.setAccessibleName(column.replace("_", " "))
            self.fields[column] = field
            self.form.addRow(f"{column.replace('_', ' ').capitalize()}:", field)

    def _resend(self) -> None:
        change = self._current()
        if change is None:
            return
        corrected = {
            column: field.text() for column, field in self.fields.items()
            if field.text() != _text(change.values.get(column))
        }
        try:
            resend(self.context.database, self.context.identity, change.op_id, corrected)
        except (SyncError, NotAllowed) as exc:
            QMessageBox.warning(self, "Not sent again", str(exc))
            return
        self.refresh()
        self.changed.emit()

    def _discard(self) -> None:
        change = self._current()
        if change is None:
            return
        try:
            discard(self.context.database, self.context.identity, change.op_id)
        except (SyncError, NotAllowed) as exc:
            QMessageBox.warning(self, "Not discarded", str(exc))
            return
        self.refresh()
        self.changed.emit()
