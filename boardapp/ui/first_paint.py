"""The first paint: the window as the board last looked, before the rest of the app loads.

Importing SQLAlchemy, the models, the engine and the charts takes a second or more; this
window needs none of them. It is built from :class:`store.snapshot_read.FirstLook` (plain
SQL on the overview snapshot), in the place and size the main window will take, on the
view the main window will open on, with the same headers and words: the "Off track"
heading and counts, or the overview's table with its summary line; any other view says
it is loading. A snapshot that is not the board as at today is labelled with its date.

Locked (a signed-in copy outside ``--smoke``, or one whose board server login is due) it
shows only what the locked window shows: "Board App is locked." and no field to type
in; the real lock asks for the passphrase once it exists.

Nothing here takes typing: the filters and the search are shown disabled, so nothing
typed before the main window takes over is lost. A view chosen in the navigation is the
view the main window opens on (:meth:`FirstPaint.hand_over`).

This module imports Qt, the domain's words and the store's light modules only: a test
(tests/ui/test_first_paint.py) proves SQLAlchemy, pyqtgraph and openpyxl are not
imported when it paints.
"""

from __future__ import annotations

import html
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.summary import count_by_status
from boardapp.domain.terms import RagStatus, RequirementStatus
from boardapp.store.snapshot_read import FirstLook, SnapshotRow
from boardapp.ui.banner_words import NOT_SIGNED_IN
from boardapp.ui.overview_columns import (
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
)
from boardapp.ui.view_names import ATTENTION, OVERVIEW, VIEWS
from boardapp.ui.words import RAG_STATUS, RAG_STATUS_FILLS, REQUIREMENT_STATUS, TRAJECTORY, long_day

# Set to a file name: the first paint writes there, as JSON, when it painted (seconds since
# the epoch), what it painted, and the modules imported by then (tests, tests/perf).
REPORT_ENV = "BOARDAPP_FIRST_PAINT_REPORT"
LOCKED_TITLE = "Board App – locked"  # ui/lock.py's, which imports the store
LOADING = "Loading the board…"
# Qt.ItemDataRole.UserRole + 3, as a number: the first use of PySide6's ``Qt`` namespace
# costs some 40 ms (it makes every one of its enums), so nothing before the paint uses it.
SPARKLINE_ROLE = 0x0100 + 3
SPARKLINE_WIDTH = 64  # ui/sparkline.py's (which uses ``Qt``)
CENTRED = "qproperty-alignment: AlignCenter;"  # Qt.AlignmentFlag.AlignCenter, by name
# The attention view's order of counts (store/attention.COUNT_ORDER) and its number of cards.
COUNT_ORDER = (RagStatus.RED, RagStatus.AMBER, RagStatus.DUE_NO_READING, RagStatus.NO_DATA, RagStatus.NOT_YET_DUE,
               RagStatus.GREEN)
MAX_CARDS = 12
PLAIN = "#f1f3f5"


class FirstPaint(QMainWindow):
    """The window painted first; the main window takes its place (:meth:`hand_over`)."""

    def __init__(self, look: FirstLook, view: int, *, locked: bool, place: str = "") -> None:
        super().__init__()
        self.look = look
        self.locked = locked
        self.painted_at: float | None = None
        self.table: QTableView | None = None
        self.setObjectName("first-paint")
        if locked:
            self.setWindowTitle(LOCKED_TITLE)
            page = QLabel("Board App is locked.")
            page.setObjectName("locked-page")
            page.setStyleSheet(CENTRED)
            self.setCentralWidget(page)
            self.navigation = None
            self.stack = None
            self._watch(page)
            return
        self.setWindowTitle(f"Board App – {look.display_name}")
        body = QWidget()
        layout = QVBoxLayout(body)
        if look.synthetic:
            synthetic = QLabel(f"SYNTHETIC DATA ({look.synthetic}): made up for testing, not a real board's")
            synthetic.setStyleSheet("background: #e7dcff; color: #24005c; padding: 4px 8px; font-weight: bold;")
            layout.addWidget(synthetic)
        if not look.signed_in:
            banner = QLabel(NOT_SIGNED_IN)
            banner.setWordWrap(True)
            banner.setStyleSheet("background: #ffe8cc; color: #4a2500; padding: 4px 8px; border: 1px solid #d9480f;"
                                 " font-weight: bold;")
            layout.addWidget(banner)
        layout.addLayout(_as_at_row())
        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Views")
        self.navigation.addItems(VIEWS)
        self.navigation.setMaximumWidth(180)
        self.navigation.setFixedWidth(self.navigation.sizeHintForColumn(0) + 24)
        # Only the page on screen is built before the paint (Qt's first table and style
        # cost tens of milliseconds); another is built when chosen.
        self.stack = QStackedWidget()
        self.pages: dict[int, QWidget] = {}
        for _ in VIEWS:
            self.stack.addWidget(QWidget())
        self.navigation.currentRowChanged.connect(self._show_page)
        self.navigation.setCurrentRow(view)
        views = QHBoxLayout()
        views.addWidget(self.navigation)
        views.addWidget(self.stack, 1)
        layout.addLayout(views, 1)
        self.setCentralWidget(body)
        for name in ("&File", "&Edit", "&View", "&Meeting"):
            self.menuBar().addMenu(name).setEnabled(False)
        self.statusBar().addPermanentWidget(QLabel(LOADING))
        self.statusBar().showMessage(place)
        self._watch(self.stack)

    @property
    def view(self) -> int:
        """The view on screen (the main window opens on it)."""
        return self.navigation.currentRow() if self.navigation is not None else 0

    @property
    def painted_refs(self) -> list[str]:
        """The requirements the overview's table shows, top to bottom (for the report)."""
        if self.table is None:
            return []
        model = self.table.model()
        return [model.index(row, REF).data() for row in range(model.rowCount())]

    @property
    def painted_cards(self) -> list[str]:
        """The red and amber requirements the "Off track" page shows (for the report)."""
        page = self.pages.get(ATTENTION) if self.stack is not None else None
        if page is None:
            return []
        return [card.objectName().removeprefix("requirement-") for card in page.findChildren(QFrame)
                if card.objectName().startswith("requirement-")]

    # --- the pages ---------------------------------------------------------------------

    def _show_page(self, number: int) -> None:
        if number not in self.pages:
            page = self.pages[number] = self._page(number)
            placeholder = self.stack.widget(number)
            self.stack.insertWidget(number, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if self.painted_at is not None:
                self.after_paint()
        self.stack.setCurrentIndex(number)

    def _page(self, number: int) -> QWidget:
        rows = self.look.rows if self.look.as_at is not None else None
        if number == OVERVIEW and rows is not None:
            return self._overview(rows)
        if number == ATTENTION and rows is not None:
            return self._attention(rows)
        page = QLabel(LOADING)
        page.setObjectName("loading-page")
        page.setStyleSheet(CENTRED)
        return page

    def _stood(self) -> str:
        """" as at 3 December 2026", or the snapshot's date said as what it is."""
        as_at = self.look.as_at
        assert as_at is not None
        if self.look.fresh:
            return f"as at {long_day(as_at)}"
        return f"as the board stood on {long_day(as_at)}; updating"

    def _overview(self, rows: tuple[SnapshotRow, ...]) -> QWidget:
        page = QWidget()
        page.setObjectName("overview-page")
        self.summary = QLabel(overview_summary(rows, self._stood()))
        self.summary.setAccessibleName("Summary")
        self.summary.setWordWrap(True)
        filters = QHBoxLayout()
        for text in ("Only &red and amber", "Only &due this quarter"):
            box = QCheckBox(text)
            box.setEnabled(False)
            filters.addWidget(box)
        search = QLineEdit()
        search.setPlaceholderText("Filter requirements…")
        search.setEnabled(False)
        filters.addWidget(search, 1)
        self.table = overview_table(rows)
        side = QTextBrowser()
        side.setHtml("<p>Choose a requirement to see its wording, evidence and notes.</p>")
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([3000, 1000])
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        return page

    def _attention(self, rows: tuple[SnapshotRow, ...]) -> QWidget:
        """The "Off track" screen's heading, counts and, for each red and amber requirement,
        its title and why (its indicators' figures and the plan's actions come with the app)."""
        page = QWidget()
        page.setObjectName("attention-page")
        counts = {status: sum(1 for r in rows if r.rag is status) for status in COUNT_ORDER}
        heading = QLabel(
            f"<b>What is off track</b> {html.escape(self._stood())}: {counts[RagStatus.RED]} of {len(rows)} "
            f"requirements red and {counts[RagStatus.AMBER]} amber on the data."
        )
        heading.setWordWrap(True)
        heading.setAccessibleName("What is off track")
        head = QHBoxLayout()
        head.addWidget(heading, 1)
        full = QPushButton("Full &table of requirements")
        full.setEnabled(False)
        head.addWidget(full)
        chips = QHBoxLayout()
        chips.setSpacing(6)
        for status, number in counts.items():
            chips.addWidget(_chip(status, f"{RAG_STATUS[status]} {number}"))
        chips.addWidget(_chip(None, f"No target {sum(1 for r in rows if r.rag is None)}"))
        chips.addStretch(1)
        cards = QWidget()
        column = QVBoxLayout(cards)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(chips)
        layout.addWidget(scroll, 1)
        layout = column
        off = sorted((r for r in rows if r.rag in (RagStatus.RED, RagStatus.AMBER)),
                     key=lambda r: r.rag is not RagStatus.RED)  # stable: the notice's order within each
        for row in off[:MAX_CARDS]:
            layout.addWidget(_card(row))
        if len(off) > MAX_CARDS:
            layout.addWidget(_wrapped(f"{len(off) - MAX_CARDS} more red or amber requirements are not shown here: "
                                      "choose “Full table of requirements” and “Only red and amber”."))
        if not off:
            layout.addWidget(_wrapped(f"No requirement is red or amber {self._stood()}."))
        layout.addStretch(1)
        scroll.setWidget(cards)
        return page

    # --- painted, then handed over -----------------------------------------------------

    def _watch(self, widget: QWidget) -> None:
        self._painter = _PaintWatch(self)
        widget.installEventFilter(self._painter)

    def paint_now(self, app: QApplication, limit_seconds: float = 5.0) -> None:
        """Show, and turn the event loop until the window has been painted."""
        self.show()
        deadline = time.perf_counter() + limit_seconds
        while not self._painter.seen and time.perf_counter() < deadline:
            app.processEvents()
        self.painted_at = time.time()  # the paint done, as a bare window's repaint() is
        report(self)
        self.after_paint()

    def after_paint(self) -> None:
        """What the overview's table has that waits until after the paint: its sparklines
        (ui/sparkline.py) and the arrow of the column it is sorted by."""
        if self.table is None:
            return
        from boardapp.ui.sparkline import SparklineDelegate

        self.table.setItemDelegateForColumn(TREND, SparklineDelegate(SPARKLINE_ROLE, self.table))
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(REF, QtCore.Qt.SortOrder.AscendingOrder)

    def hand_over(self, window: QMainWindow, loader_of: Callable[[], object] | None) -> None:
        """Put ``window`` (the main window, built and not yet shown) where this one is, on
        the same view, and show it once that view has its data (``loader_of()``: the
        view's ViewLoader, or None; ``loader_of`` None: at once, as for a locked start);
        then close this one. Until then ``window`` is shown off screen, so its views load,
        and this window stays in front: no empty window is ever seen."""
        self._place(window)
        if self.navigation is not None and loader_of is not None:
            window.show_view(self.view)  # type: ignore[attr-defined]
        loader = loader_of() if loader_of is not None else None
        done = [False]

        def finish() -> None:
            if done[0]:
                return
            done[0] = True
            if window.testAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen):
                window.hide()
                window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, False)
                self._place(window)
            window.show()
            window.raise_()
            window.activateWindow()
            self.close()
            self.deleteLater()

        if loader is None:
            window.show()
            finish()
            return
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.show()
        if loader.ready:
            finish()
            return
        loader.loaded.connect(finish, QtCore.Qt.ConnectionType.SingleShotConnection)  # type: ignore[attr-defined]
        # A load that fails says so in a message box of its own: the window is shown then too.
        QTimer.singleShot(10_000, finish)


    def _place(self, window: QMainWindow) -> None:
        """``window`` where this one is: maximised, or at its geometry."""
        if self.isMaximized():
            window.setWindowState(window.windowState() | QtCore.Qt.WindowState.WindowMaximized)
        else:
            window.setGeometry(self.geometry())


class _PaintWatch(QObject):
    """Notes that the watched widget has been painted (its paint event came)."""

    def __init__(self, window: FirstPaint) -> None:
        super().__init__(window)
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def report(window: FirstPaint) -> None:
    """Write the first paint's report where BOARDAPP_FIRST_PAINT_REPORT says (if it does)."""
    target = os.environ.get(REPORT_ENV)
    if not target:
        return
    look = window.look
    with open(target, "w", encoding="utf-8") as handle:
        json.dump({
            "painted_at": window.painted_at,
            "reported_at": time.time(),
            "modules": sorted(sys.modules),
            "locked": window.locked,
            "view": VIEWS[window.view],
            "as_at": look.as_at.isoformat() if look.as_at else None,
            "fresh": look.fresh,
            "requirements": len(look.rows),
            "rows": window.painted_refs,
            "cards": window.painted_cards,
            "text": _texts(window),
        }, handle)


def _texts(window: QWidget) -> list[str]:
    """Every visible label's text: what a person could read on the first paint."""
    return [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]


# --- the overview's words and table -------------------------------------------------------


def overview_summary(rows: tuple[SnapshotRow, ...], stood: str) -> str:
    """The overview's summary line (ui/overview_view.OverviewView._summarise), for ``rows``."""
    judged: dict[RequirementStatus | None, int] = {}
    for row in rows:
        judged[row.judged] = judged.get(row.judged, 0) + 1
    words = [
        f"{judged.get(status, 0)} {label}"
        for status, label in ((RequirementStatus.MET, "met"), (RequirementStatus.PARTLY_MET, "partly met"),
                              (RequirementStatus.NOT_MET, "not met"), (RequirementStatus.IN_PROGRESS, "in progress"),
                              (RequirementStatus.NOT_ASSESSED, "not assessed"))
        if judged.get(status, 0) or status is not RequirementStatus.NOT_ASSESSED
    ]
    if judged.get(None):
        words.append(f"{judged[None]} not judged yet")
    rag = count_by_status(row.rag for row in rows if row.rag is not None)
    data = [f"{n} {RAG_STATUS[s].split(' ', 1)[1].lower()}" for s, n in rag.items() if n]
    return (f"<b>{len(rows)} requirements</b> {html.escape(stood)}: judged {', '.join(words)}. "
            f"On the data: {', '.join(data) or 'no targets due'}.")


def overview_table(rows: tuple[SnapshotRow, ...]) -> QTableView:
    """The overview's table of ``rows``, sorted by Ref as the overview opens."""
    model = QStandardItemModel(0, len(HEADERS))
    model.setHorizontalHeaderLabels(list(HEADERS))
    for row in sorted(rows, key=lambda r: r.ref.rjust(12)):
        cells = [QStandardItem(_display(row, column)) for column in range(len(HEADERS))]
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
    for column, width in _short_column_widths(table).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, width)
    for column in (TITLE, HEADLINE):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


def _display(row: SnapshotRow, column: int) -> str:
    """As ui/overview_model._display says each cell."""
    if column == REF:
        return row.ref
    if column == TITLE:
        return row.title + ("  [EXEMPT]" if row.exempt else "")
    if column == JUDGED:
        return REQUIREMENT_STATUS[row.judged] if row.judged else NOT_JUDGED
    if column == RAG:
        return RAG_STATUS[row.rag] if row.rag else "No target"
    if column == HEADLINE:
        return row.headline
    if column == TRAJECTORY_COLUMN:
        return TRAJECTORY[row.trajectory] if row.trajectory else ""
    if column == NOTES:
        return str(row.open_notes) if row.open_notes else ""
    return ""


def _short_column_widths(table: QTableView) -> dict[int, int]:
    """The short columns as wide as ui/overview_view makes them: the longest word or
    status (two lines at most) and the header."""
    cell, head = table.fontMetrics(), table.horizontalHeader().fontMetrics()
    pad = 20

    def widest(*texts: str) -> int:
        return max(cell.horizontalAdvance(t) for t in texts) + pad

    def word_wide(texts: list[str]) -> int:
        return max(
            min(max(widest(" ".join(words[:n])), widest(" ".join(words[n:])) if n < len(words) else 0)
                for n in range(1, len(words) + 1))
            for words in (text.split() for text in texts)
        )

    widths = {
        REF: widest("10"),
        JUDGED: word_wide(list(REQUIREMENT_STATUS.values())),
        RAG: word_wide([*RAG_STATUS.values(), "No target"]),
        TREND: SPARKLINE_WIDTH,
        TRAJECTORY_COLUMN: word_wide(list(TRAJECTORY.values())),
        NOTES: 0,
    }
    widths = {c: max(w, head.horizontalAdvance(HEADERS[c]) + pad + 6) for c, w in widths.items()}
    widths[REF] += 12
    return widths


# --- small parts --------------------------------------------------------------------------


def _as_at_row() -> QHBoxLayout:
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


def _wrapped(text: str) -> QLabel:
    """A label that wraps; rich text when it starts with a tag (Qt's AutoText), as the
    cards' titles do; the reasons, plain words, are shown as they are."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def _chip(status: RagStatus | None, text: str) -> QLabel:
    chip = QLabel(text)
    fill = RAG_STATUS_FILLS.get(status, PLAIN) if status is not None else PLAIN
    chip.setStyleSheet(f"background: {fill}; color: #1a1a1a; padding: 2px 8px; border: 1px solid #868e96;"
                       " border-radius: 3px; font-weight: bold;")
    return chip


def _card(row: SnapshotRow) -> QWidget:
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
    head.addWidget(_chip(row.rag, RAG_STATUS[row.rag]))
    head.addWidget(_wrapped(f"<b>Requirement {html.escape(row.ref)}</b>: {html.escape(row.title)}"), 1)
    layout.addLayout(head)
    why = row.why or row.rag_reason
    if why:
        layout.addWidget(_wrapped((f"{row.driver}: " if row.driver else "") + why))
    return card
