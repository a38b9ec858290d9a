"""What changed since the last meeting: every change between two meetings or dates
(store/changes.py), grouped by section with counts. By default from the last
Improvement Board before the window's as-at date to that date (today, live). Enter or a
double-click on a line goes to its item: a requirement in the full table, an indicator's
page, an action in the plan, a note among the notes."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.changes import ChangeLine, ChangeList
from boardapp.domain.permissions import Permission
from boardapp.store import board, changes
from boardapp.store.board import MeetingRow
from boardapp.ui.context import BoardContext
from boardapp.ui.loading import ViewLoader
from boardapp.ui.meeting_choice import ChoosesMeetings, add_meetings
from boardapp.ui.words import day, long_day

COLUMNS = ("Date", "About", "Change", "Why", "Who")
DATE, ABOUT, CHANGE, WHY, WHO = range(len(COLUMNS))
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
A_DATE = "Chosen date"
TODAY = "Today"
EXEMPT = "  [EXEMPT]"


@dataclass(frozen=True)
class Found:
    """What the worker found: the meetings (newest first), the meeting the window starts
    at (None: a date), and the changes."""

    meetings: list[MeetingRow]
    since: MeetingRow | None
    changes: ChangeList


class DatePicker(ChoosesMeetings, QWidget):
    """A meeting (its as-at date) or any date: ``changed()`` when the person picks one."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meetings = QComboBox()
        self.meetings.setAccessibleName(f"{name} meeting")
        self.meetings.setMinimumContentsLength(18)
        self.meetings.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.meetings.addItem(A_DATE, None)
        self.date = QDateEdit()
        self.date.setAccessibleName(f"{name} date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.meetings, 1)
        row.addWidget(self.date)
        self.meetings.activated.connect(self._meeting_chosen)
        self.date.dateChanged.connect(self._date_chosen)
        self._quiet = False

    def fill(self, meetings: list[MeetingRow]) -> None:
        self.meetings.clear()
        self.meetings.addItem(A_DATE, None)
        add_meetings(self.meetings, meetings)

    def value(self) -> date:
        return self.date.date().toPython()

    def show_value(self, when: date, meeting: MeetingRow | None) -> None:
        """Show ``when`` (and the meeting it is the as-at date of) without saying ``changed``."""
        self._quiet = True
        self.date.setDate(QDate(when.year, when.month, when.day))
        self.meetings.setCurrentIndex(self._index_of(meeting))
        self.meetings.setItemText(0, TODAY if when == date.today() else A_DATE)
        self._quiet = False

    def _index_of(self, meeting: MeetingRow | None) -> int:
        """The row of ``meeting`` (by its id: the rows listed are an earlier load's), else 0."""
        if meeting is None:
            return 0
        return next((i for i in range(1, self.meetings.count())
                     if getattr(self.meetings.itemData(i), "uuid", None) == meeting.uuid), 0)

    def kept(self, when: date) -> MeetingRow | None:
        """The meeting chosen here, if ``when`` is its as-at date."""
        meeting = self.meetings.currentData()
        return meeting if isinstance(meeting, MeetingRow) and meeting.as_at == when else None

    def _meeting_chosen(self, index: int) -> None:
        meeting = self.meetings.itemData(index)
        if isinstance(meeting, MeetingRow):
            self._quiet = True
            self.date.setDate(QDate(meeting.as_at.year, meeting.as_at.month, meeting.as_at.day))
            self._quiet = False
        self.changed.emit()

    def _date_chosen(self) -> None:
        if self._quiet:
            return
        self.meetings.setCurrentIndex(0)
        self.meetings.setItemText(0, TODAY if self.value() == date.today() else A_DATE)
        self.changed.emit()


class ChangesView(QWidget):
    """Signals: ``item_chosen(ItemRef)``: go to what a line is about."""

    item_chosen = Signal(object)

    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.heading = QLabel()
        self.heading.setAccessibleName("What changed")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.since = DatePicker("From")
        self.until = DatePicker("To")
        self.reset = QPushButton("Since the &last board")
        self.reset.setAccessibleName("Since the last Improvement Board")
        self.reset.setToolTip("From the last Improvement Board before the date the window shows, to that date")
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("From:"))
        pickers.addWidget(self.since, 1)
        pickers.addWidget(QLabel("to:"))
        pickers.addWidget(self.until, 1)
        pickers.addWidget(self.reset)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Changes")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setIndentation(12)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.tree.fontMetrics()
        header.resizeSection(DATE, metrics.horizontalAdvance("30 Sep 2026") + 36)
        header.resizeSection(ABOUT, metrics.horizontalAdvance("Question on Requirement 12") + 16)
        header.resizeSection(WHO, metrics.horizontalAdvance("Sam Secretariat") + 16)
        self.tree.viewport().installEventFilter(self)
        self.empty = QLabel()
        self.empty.setAccessibleName("Nothing changed")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body = QStackedWidget()
        self.body.addWidget(self.tree)
        self.body.addWidget(self.empty)
        self.detail = QLabel()
        self.detail.setAccessibleName("The change chosen")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.go = QPushButton("&Go to item")
        self.go.setAccessibleName("Go to the item the change is about")
        self.go.setToolTip("Show the item in its view (Enter, or a double-click on the line, does the same)")
        bottom = QHBoxLayout()
        bottom.addWidget(self.detail, 1)
        bottom.addWidget(self.go, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(pickers)
        layout.addWidget(self.body, 1)
        layout.addLayout(bottom)
        self.since.changed.connect(self._range_chosen)
        self.until.changed.connect(self._range_chosen)
        self.reset.clicked.connect(self.since_last_board)
        self.tree.itemActivated.connect(lambda item, _column: self._go(item))
        self.tree.currentItemChanged.connect(lambda item, _previous: self._show_detail(item))
        self.go.clicked.connect(lambda: self._go(self.tree.currentItem()))
        context.as_at_changed.connect(self.since_last_board)
        context.data_changed.connect(self.refresh)
        context.notes_changed.connect(self.refresh)
        self.chosen: tuple[date, date] | None = None  # None: since the last board
        self.found: Found | None = None
        self.filled = False
        self._show_detail(None)
        self.loader = ViewLoader(self, context, self._load, self._apply, "what changed")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """The change and the reason share what the date, the item and the person leave.

        Measured from the tree's own width with room kept for a vertical scroll bar, never
        from the viewport's: the viewport narrows when a scroll bar appears, and columns
        fitted to it could make a bar come and go for ever (a resize loop that starves the
        event loop)."""
        header = self.tree.header()
        bar = self.tree.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = self.tree.width() - 2 * self.tree.frameWidth() - bar
        rest = width - sum(header.sectionSize(c) for c in (DATE, ABOUT, WHO))
        change = max(120, int(rest * 0.55))
        why = max(80, rest - change)
        if (header.sectionSize(CHANGE), header.sectionSize(WHY)) != (change, why):
            header.resizeSection(CHANGE, change)
            header.resizeSection(WHY, why)

    # --- choosing the dates -------------------------------------------------------------------

    def refresh(self) -> None:
        self.loader.request()

    def since_last_board(self) -> None:
        """Back to the default: the last Improvement Board before the as-at date, to that date."""
        self.chosen = None
        self.refresh()

    def show_between(self, after: date, until: date) -> None:
        self.chosen = (after, until)
        self.refresh()

    def _range_chosen(self) -> None:
        self.show_between(self.since.value(), self.until.value())

    # --- loading ------------------------------------------------------------------------------

    def _load(self) -> Found:
        """On the worker thread: the meetings, and the changes between the dates chosen."""
        chosen, until = self.chosen, self.context.today
        include = self.context.identity.allows(Permission.SEE_EXEMPT)
        with self.context.database.session() as session:
            meetings = board.meetings(session)
            if chosen is None:
                since = changes.last_board_before(meetings, until)
                after = since.as_at if since is not None else until
            else:
                (after, until), since = chosen, None
            found = changes.changes_between(session, after, until, include_exempt=include)
        return Found(meetings, since, found)

    def _apply(self, found: Found) -> None:
        self.found = found
        if not self.filled:
            self.since.fill(found.meetings)
            self.until.fill(found.meetings)
            self.filled = True
        listed = found.changes
        if self.chosen is None:
            self.since.show_value(listed.after, found.since)
            self.until.show_value(listed.until, self.context.meeting)
        else:
            self.since.show_value(listed.after, self.since.kept(listed.after))
            self.until.show_value(listed.until, self.until.kept(listed.until))
        self._show_heading(found)
        self._fill(listed)

    def _show_heading(self, found: Found) -> None:
        listed = found.changes
        count = f"{listed.count:,} change{'' if listed.count == 1 else 's'}"
        if self.chosen is None and found.since is None:
            text = (f"<b>What changed</b>: no Improvement Board is recorded before "
                    f"{html.escape(long_day(listed.until))}; choose two meetings or dates.")
        elif self.chosen is None:
            text = (f"<b>What changed since the last Improvement Board</b> ({html.escape(found.since.label)}) "
                    f"to {html.escape(long_day(listed.until))}: {count}.")
        else:
            text = (f"<b>What changed</b> after {html.escape(long_day(listed.after))} up to and including "
                    f"{html.escape(long_day(listed.until))}: {count}.")
        self.heading.setText(text)

    def _fill(self, listed: ChangeList) -> None:
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for section in listed.sections:
            head = QTreeWidgetItem([f"{section.title} ({len(section.lines):,})"])
            head.setFont(0, bold)
            head.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{section.title}: {len(section.lines)}")
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            head.addChildren([_line_item(line) for line in section.lines])
            head.setExpanded(True)
        if listed.empty:
            self.empty.setText(f"Nothing changed between {long_day(listed.after)} and {long_day(listed.until)}."
                               if listed.after < listed.until else
                               "Nothing to list: choose a start date before the end date.")
            self.body.setCurrentWidget(self.empty)
        else:
            self.body.setCurrentWidget(self.tree)
            first = self.tree.topLevelItem(0).child(0)
            self.tree.setCurrentItem(first)
        self._show_detail(self.tree.currentItem())

    # --- going to an item ---------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """What the sections' headings say: title -> count."""
        found = self.found.changes if self.found is not None else None
        return {s.title: len(s.lines) for s in found.sections} if found is not None else {}

    def current_line(self) -> ChangeLine | None:
        item = self.tree.currentItem()
        line = item.data(0, LINE_ROLE) if item is not None else None
        return line if isinstance(line, ChangeLine) else None

    def _show_detail(self, item: QTreeWidgetItem | None) -> None:
        line = item.data(0, LINE_ROLE) if item is not None else None
        if not isinstance(line, ChangeLine):
            self.detail.setText("Choose a change to see it whole; Enter or a double-click goes to its item.")
            self.go.setEnabled(False)
            return
        e = html.escape
        parts = [f"<b>{e(line.about.label)}</b>{' (EXEMPT)' if line.exempt else ''} · {e(long_day(line.on))}: "
                 f"{e(line.what)}"]
        if line.why:
            parts.append(f"<br>Why: {e(line.why)}")
        if line.who:
            parts.append(f"<br>Who: {e(line.who)}")
        self.detail.setText("".join(parts))
        self.go.setEnabled(line.about.uuid is not None and bool(line.about.key))

    def _go(self, item: QTreeWidgetItem | None) -> None:
        line = item.data(0, LINE_ROLE) if item is not None else None
        if isinstance(line, ChangeLine) and line.about.uuid is not None and line.about.key:
            self.item_chosen.emit(line.about)


def _line_item(line: ChangeLine) -> QTreeWidgetItem:
    texts = [day(line.on), line.about.label + (EXEMPT if line.exempt else ""), line.what, line.why, line.who]
    item = QTreeWidgetItem(texts)
    for column, text in enumerate(texts):
        item.setToolTip(column, text)  # a cell too narrow for its words elides them: the tip has them all
    item.setData(0, LINE_ROLE, line)
    return item

