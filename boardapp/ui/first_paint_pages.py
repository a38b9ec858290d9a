"""The first paint's pages (ui/first_paint.py): the overview's summary line and table, and
the Off track cards, built from the snapshot's rows with Qt and the domain's words only."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.summary import count_by_status
from boardapp.domain.terms import RagStatus, RequirementStatus
from boardapp.store.snapshot_read import SnapshotRow
from boardapp.ui.overview_columns import (
    HEADERS,
    HEADLINE,
    RAG,
    TITLE,
    TREND,
    cell_text,
    short_column_widths,
    summary_line,
)
from boardapp.ui.words import RAG_STATUS, RAG_STATUS_FILLS

# Qt.ItemDataRole.UserRole + 3, as a number: the first use of PySide6's ``Qt`` namespace
# costs some 40 ms (it makes every one of its enums), so nothing before the paint uses it.
SPARKLINE_ROLE = 0x0100 + 3
SPARKLINE_WIDTH = 64  # ui/sparkline.py's (which uses ``Qt``)
CENTRED = "qproperty-alignment: AlignCenter;"  # Qt.AlignmentFlag.AlignCenter, by name
# The attention view's order of counts (store/attention.COUNT_ORDER).
COUNT_ORDER = (RagStatus.RED, RagStatus.AMBER, RagStatus.DUE_NO_READING, RagStatus.NO_DATA, RagStatus.NOT_YET_DUE,
               RagStatus.GREEN)
PLAIN = "#f1f3f5"


# --- the overview's words and table -------------------------------------------------------


def overview_summary(rows: tuple[SnapshotRow, ...], stood: str) -> str:
    """The overview's summary line (ui/overview_view.OverviewView._summarise), for ``rows``."""
    judged: dict[RequirementStatus | None, int] = {}
    for row in rows:
        judged[row.judged] = judged.get(row.judged, 0) + 1
    rag = count_by_status(row.rag for row in rows if row.rag is not None)
    return summary_line(judged, rag, len(rows), stood)


def overview_table(rows: tuple[SnapshotRow, ...]) -> QTableView:
    """The overview's table of ``rows``, sorted by Ref as the overview opens."""
    model = QStandardItemModel(0, len(HEADERS))
    model.setHorizontalHeaderLabels(list(HEADERS))
    for row in sorted(rows, key=lambda r: r.ref.rjust(12)):
        cells = [QStandardItem(cell_text(row, column)) for column in range(len(HEADERS))]
        cells[TITLE].setToolTip(row.title)
        cells[RAG].setToolTip(row.rag_reason or "No linked indicator has a target.")
        cells[HEADLINE].setToolTip(row.headline)
        cells[TREND].setData(row.sparkline, SPARKLINE_ROLE)
        if row.rag in RAG_STATUS_FILLS:
            cells[RAG].setBackground(_brush(RAG_STATUS_FILLS[row.rag]))
            cells[RAG].setForeground(_brush("#000000"))
        for cell in cells:
            cell.setEditable(False)
        model.appendRow(cells)
    table = QTableView()
    table.setAccessibleName("Notice requirements")
    table.setModel(model)
    model.setParent(table)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.NoSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().lineSpacing() * 2 + 10)
    header = table.horizontalHeader()
    header.setMinimumSectionSize(24)
    header.setStretchLastSection(False)
    for column, width in short_column_widths(table, SPARKLINE_WIDTH).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, width)
    for column in (TITLE, HEADLINE):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


# --- small parts --------------------------------------------------------------------------


def as_at_row() -> QHBoxLayout:
    """The "As at" bar and the search, as the main window has them, not yet working."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel("As at:"))
    meetings = QComboBox()
    meetings.addItem("Today (live)")
    meetings.setMinimumContentsLength(22)
    meetings.setEnabled(False)
    row.addWidget(meetings, 1)
    day = QLineEdit(f"{date.today().day} {date.today():%b %Y}")
    day.setEnabled(False)
    day.setMaximumWidth(120)
    row.addWidget(day)
    for text in ("Show &as at date", "&Back to today"):
        button = QPushButton(text)
        button.setEnabled(False)
        row.addWidget(button)
    row.addSpacing(12)
    search = QLineEdit()
    search.setPlaceholderText("Search everything (Ctrl+F)…")
    search.setEnabled(False)
    row.addWidget(search, 1)
    return row


def _brush(colour: str):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(colour))


def wrapped(text: str) -> QLabel:
    """A label that wraps; rich text when it starts with a tag (Qt's AutoText), as the
    cards' titles do; the reasons, plain words, are shown as they are."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def chip(status: RagStatus | None, text: str) -> QLabel:
    chip = QLabel(text)
    fill = RAG_STATUS_FILLS.get(status, PLAIN) if status is not None else PLAIN
    chip.setStyleSheet(f"background: {fill}; color: #1a1a1a; padding: 2px 8px; border: 1px solid #868e96;"
                       " border-radius: 3px; font-weight: bold;")
    return chip


def card(row: SnapshotRow) -> QWidget:
    """A red or amber requirement as the "Off track" card shows it (ui/attention_view.py):
    the status, the requirement, and why, from its indicator that sets it."""
    card = QFrame()
    card.setObjectName(f"requirement-{row.ref}")
    card.setFrameShape(QFrame.Shape.StyledPanel)
    fill = RAG_STATUS_FILLS.get(row.rag, PLAIN) if row.rag is not None else PLAIN
    card.setStyleSheet(f"QFrame#requirement-{row.ref} {{ border: 1px solid #adb5bd; border-left: 6px solid {fill}; }}")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(8, 6, 8, 6)
    head = QHBoxLayout()
    assert row.rag is not None
    head.addWidget(chip(row.rag, RAG_STATUS[row.rag]))
    head.addWidget(wrapped(f"<b>Requirement {html.escape(row.ref)}</b>: {html.escape(row.title)}"), 1)
    layout.addLayout(head)
    why = row.why or row.rag_reason
    if why:
        layout.addWidget(wrapped((f"{row.driver}: " if row.driver else "") + why))
    return card
