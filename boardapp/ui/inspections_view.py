"""Inspections: judgements by outcome across inspections side by side, and each
recommendation with the actions tracking it."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from boardapp.store import board
from boardapp.store.board import InspectionRow, RecommendationRow
from boardapp.ui.context import BoardContext
from boardapp.ui.loading import ViewLoader
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
        self.loader = ViewLoader(self, context, self._load, self._apply, "the inspections")

    def refresh(self) -> None:
        self.loader.request()

    def _load(self) -> tuple[list[InspectionRow], list[RecommendationRow]]:
        with self.context.database.session() as session:
            return (board.inspections(session, as_at=self.context.as_at),
                    board.recommendations(session, as_at=self.context.as_at))

    def _apply(self, loaded: tuple[list[InspectionRow], list[RecommendationRow]]) -> None:
        inspections, recommendations = loaded
        graded = [i for i in inspections if i.grades]
        outcomes: list[str] = []
        for inspection in graded:
            outcomes += [o for o in inspection.grades if o not in outcomes]
        self.judgements.clear()
        self.judgements.setHorizontalHeaderLabels(["Outcome"] + [_header(i) for i in graded])
        for column, inspection in enumerate(graded, start=1):
            self.judgements.setHeaderData(column, Qt.Orientation.Horizontal, inspection.title, Qt.ItemDataRole.ToolTipRole)
        for outcome in outcomes:
            row = [_item(outcome)]
            for inspection in graded:
                grade = inspection.grades.get(outcome, "")
                row.append(_item(GRADE_WORDS.get(grade, grade)))
            self.judgements.appendRow(row)
        self.recommendations.clear()
        self.recommendations.setHorizontalHeaderLabels(["Ref", "Recommendation", "From", "Due", "Status", "Actions"])
        by_key = {i.key: i for i in inspections}
        for r in recommendations:
            source = short_name(by_key[r.inspection_key]) if r.inspection_key in by_key else r.inspection
            self.recommendations.appendRow(
                [_item(r.ref), _item(r.text), _item(source), _item(day(r.due_on)),
                 _item(r.status.value.replace("_", " ")), _item(", ".join(r.actions) or "none yet")]
            )
        # Every inspection in sight: the outcomes at most a fifth of the width (wrapped,
        # whole in the tooltip), the inspections sharing the rest.
        grid = self.grid.horizontalHeader()
        self.grid.resizeColumnsToContents()
        grid.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        grid.resizeSection(0, min(grid.sectionSize(0), max(120, self.grid.viewport().width() // 5)))
        for column in range(1, self.judgements.columnCount()):
            grid.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.grid.resizeRowsToContents()
        header = self.list.horizontalHeader()
        for column in range(self.recommendations.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.resizeRowsToContents()


    def select_recommendation(self, ref: str) -> None:
        self.loader.when_ready(lambda: self._select_now(ref))

    def _select_now(self, ref: str) -> bool:
        for row in range(self.recommendations.rowCount()):
            if self.recommendations.item(row, 0).text() == ref:
                self.list.selectRow(row)
                self.list.scrollTo(self.recommendations.index(row, 0))
                return True
        return False


SHORT_KINDS = {
    "APA": "APA",
    "JAR": "JAR",
    "self_evaluation": "Self-evaluation",
    "CPA": "CPA",
    "ILACS": "ILACS",
    "unannounced": "Unannounced",
    "safeguarding": "Safeguarding",
}


def short_name(inspection: InspectionRow) -> str:
    """"APA 2008" for the Annual Performance Assessment 2008 (letter dated January 2009)."""
    kind = SHORT_KINDS.get(inspection.kind)
    if kind is None:
        return inspection.title
    year = re.search(r"\b(19|20)\d\d\b", inspection.title)
    return f"{kind} {year.group(0) if year else inspection.held_on.year}"


def when(inspection: InspectionRow) -> str:
    return inspection.held_on.strftime("%b %Y") if inspection.month_only else day(inspection.held_on)


def _header(inspection: InspectionRow) -> str:
    """"APA 2007 / 19 Dec 2007"; a long name on two lines ("Safeguarding / 2011 / Nov 2011")
    so the columns stay narrow enough for every inspection to be in sight."""
    name = short_name(inspection)
    if len(name) > 10:
        name = name.replace(" ", "\n", 1)
    return f"{name}\n{when(inspection)}"


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text if len(text) > 12 else "")  # a narrow column may cut it short
    return item


def _table(model: QStandardItemModel, name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(False)
    return table
