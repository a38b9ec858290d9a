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

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.terms import RagStatus
from boardapp.store.snapshot_read import FirstLook, SnapshotRow
from boardapp.ui.banner_words import NOT_SIGNED_IN
from boardapp.ui.first_paint_pages import (
    CENTRED,
    COUNT_ORDER,
    SPARKLINE_ROLE,
    as_at_row,
    card,
    chip,
    overview_summary,
    overview_table,
    wrapped,
)
from boardapp.ui.overview_columns import (
    REF,
    TREND,
)
from boardapp.ui.view_names import ATTENTION, OVERVIEW, VIEWS
from boardapp.ui.words import RAG_STATUS, long_day

# Set to a file name: the first paint writes there, as JSON, when it painted (seconds since
# the epoch), what it painted, and the modules imported by then (tests, tests/perf).
REPORT_ENV = "BOARDAPP_FIRST_PAINT_REPORT"
LOCKED_TITLE = "Board App – locked"  # ui/lock.py's, which imports the store
LOADING = "Loading the board…"
MAX_CARDS = 12  # the attention view's number of cards


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
        layout.addLayout(as_at_row())
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
            chips.addWidget(chip(status, f"{RAG_STATUS[status]} {number}"))
        chips.addWidget(chip(None, f"No target {sum(1 for r in rows if r.rag is None)}"))
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
            layout.addWidget(card(row))
        if len(off) > MAX_CARDS:
            layout.addWidget(wrapped(f"{len(off) - MAX_CARDS} more red or amber requirements are not shown here: "
                                      "choose “Full table of requirements” and “Only red and amber”."))
        if not off:
            layout.addWidget(wrapped(f"No requirement is red or amber {self._stood()}."))
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
