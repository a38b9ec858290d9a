"""Inspections: judgements by outcome across inspections side by side, and each
recommendation with the actions tracking it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from boardapp.store import board
from boardapp.ui.context import BoardContext
from boardapp.ui.words import day

GRADE_WORDS = {"1": "1 Inadequate", "2": "2 Adequate", "3": "3 Good", "4": "4 Outstanding"}


class InspectionsView(QWidget):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.judgements = QStandardItemModel(self)
        self.recommendations = QStandardItemModel(self)
        self.grid = _table(self.judgements, "Judgements by outcome")
        self.list = _table(self.recommendations, "Recommendations and the actions tracking them")
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, table in (("Judgements by outcome (1-4 scale: 4 outstanding)", self.grid),
                             ("Recommendations and areas for development", self.list)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold;")
            box_layout.addWidget(heading)
            box_layout.addWidget(table)
            splitter.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        context.as_at_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        with self.context.database.session() as session:
            inspections = board.inspections(session, as_at=self.context.as_at)
            recommendations = board.recommendations(session, as_at=self.context.as_at)
        graded = [i for i in inspections if i.grades]
        outcomes: list[str] = []
        for inspection in graded:
            outcomes += [o for o in inspection.grades if o not in outcomes]
        self.judgements.clear()
        self.judgements.setHorizontalHeaderLabels(["Outcome"] + [f"{i.title}\n{day(i.held_on)}" for i in graded])
        for outcome in outcomes:
            row = [_item(outcome)]
            for inspection in graded:
                grade = inspection.grades.get(outcome, "")
                row.append(_item(GRADE_WORDS.get(grade, grade)))
            self.judgements.appendRow(row)
        self.recommendations.clear()
        self.recommendations.setHorizontalHeaderLabels(["Ref", "Recommendation", "From", "Due", "Status", "Actions"])
        for r in recommendations:
            self.recommendations.appendRow(
                [_item(r.ref), _item(r.text), _item(r.inspection), _item(day(r.due_on)),
                 _item(r.status.value.replace("_", " ")), _item(", ".join(r.actions) or "none yet")]
            )
        self.grid.resizeColumnsToContents()
        self.list.resizeRowsToContents()


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text if len(text) > 50 else "")
    return item


def _table(model: QStandardItemModel, name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table
