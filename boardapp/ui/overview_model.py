"""The overview table: one row per notice requirement (store.overview.OverviewRow)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from boardapp.domain.terms import RagStatus
from boardapp.store.overview import OverviewRow
from boardapp.ui.overview_columns import (  # noqa: F401 (the overview's names, kept here too)
    HEADER_TIPS,
    HEADERS,
    HEADLINE,
    JUDGED,
    NOT_JUDGED,
    NOTES,
    RAG,
    REF,
    TITLE,
    TRAJECTORY_COLUMN,
    TREND,
    cell_text,
)
from boardapp.ui.table_model import Index, RowsModel
from boardapp.ui.words import RAG_STATUS_FILLS

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
SPARKLINE_ROLE = Qt.ItemDataRole.UserRole + 3


_RAG_ORDER = {status: n for n, status in enumerate(
    (RagStatus.RED, RagStatus.AMBER, RagStatus.DUE_NO_READING, RagStatus.NO_DATA, RagStatus.NOT_YET_DUE, RagStatus.GREEN)
)}


class OverviewModel(RowsModel[OverviewRow]):
    headers = HEADERS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section, self.headers[section])
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == SPARKLINE_ROLE:
            return row.sparkline if column == TREND else None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == SORT_ROLE:
            return _sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == RAG and row.rag in RAG_STATUS_FILLS:
            return QBrush(QColor(RAG_STATUS_FILLS[row.rag]))
        if role == Qt.ItemDataRole.ForegroundRole and column == RAG and row.rag in RAG_STATUS_FILLS:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return cell_text(row, column) or _tooltip(row, column)
        return None


def _tooltip(row: OverviewRow, column: int) -> str:
    if column == TITLE:
        return row.title
    if column == RAG:
        return row.rag_reason or "No linked indicator has a target."
    if column == TREND:
        return "Last readings: " + ", ".join(f"{v:g}" for v in row.sparkline) if row.sparkline else "No monthly readings"
    if column == TRAJECTORY_COLUMN:
        return row.trajectory_text
    if column == HEADLINE:
        return row.headline
    return ""


def _sort_key(row: OverviewRow, column: int) -> Any:
    if column == REF:
        return row.ref.rjust(12)  # "2" before "10"
    if column == RAG:
        return _RAG_ORDER.get(row.rag, 99) if row.rag else 100
    if column == NOTES:
        return row.open_notes
    return cell_text(row, column)


class OverviewFilter(QSortFilterProxyModel):
    """"Only red (or amber)", "only due this quarter", and text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.only_red = False
        self.only_due = False
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_filters(self, *, only_red: bool, only_due: bool, text: str) -> None:
        self.beginFilterChange()
        self.only_red, self.only_due, self.text = only_red, only_due, text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, parent: Index) -> bool:  # noqa: N802
        row: OverviewRow = self.sourceModel().index(source_row, 0, parent).data(ROW_ROLE)
        if self.only_red and row.rag not in (RagStatus.RED, RagStatus.AMBER):
            return False
        if self.only_due and not row.due_soon:
            return False
        if self.text:
            haystack = f"{row.ref} {row.title} {' '.join(row.indicators)} {row.headline}".lower()
            return self.text in haystack
        return True
