"""The overview: every notice requirement at a glance."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from boardapp.store.overview import requirement_rows
from boardapp.ui.context import BoardContext
from boardapp.ui.overview_model import OverviewModel


class OverviewView(QWidget):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = OverviewModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Notice requirements")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        context.as_at_changed.connect(self.refresh)
        context.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        with self.context.database.session() as session:
            rows = requirement_rows(session)
        self.model.set_rows(rows)
        self.summary.setText(f"{len(rows)} requirements")
