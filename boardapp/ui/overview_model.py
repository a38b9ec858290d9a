"""The overview table: one row per notice requirement."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from boardapp.domain.terms import RequirementStatus
from boardapp.store.overview import RequirementRow

REF, TITLE, KIND, STATUS, INDICATORS = range(5)
HEADERS = ("Ref", "Requirement", "Kind", "Status", "Indicators")

# Never colour alone: every status is a word and a symbol too.
STATUS_WORDS = {
    RequirementStatus.MET: "✔ Met",
    RequirementStatus.PARTLY_MET: "◐ Partly met",
    RequirementStatus.NOT_MET: "✖ Not met",
    RequirementStatus.IN_PROGRESS: "➜ In progress",
    RequirementStatus.NOT_ASSESSED: "– Not assessed",
}

Index = QModelIndex | QPersistentModelIndex


class OverviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RequirementRow] = []

    def set_rows(self, rows: list[RequirementRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return row.title
        return None

    @staticmethod
    def _display(row: RequirementRow, column: int) -> str:
        if column == REF:
            return row.ref
        if column == TITLE:
            return row.title + ("  [exempt]" if row.exempt else "")
        if column == KIND:
            return row.kind.value.capitalize()
        if column == STATUS:
            return STATUS_WORDS[row.status]
        return ", ".join(row.indicators)
