"""The main window: the views of one database, the "as at" bar, menus and shortcuts."""

from __future__ import annotations

import uuid
from datetime import date
from importlib import import_module
from pathlib import Path

from PySide6.QtCore import QDate, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.changes import ItemKind, ItemRef
from boardapp.domain.permissions import Permission
from boardapp.store import board, dataset_info, identity
from boardapp.store.board import MeetingRow
from boardapp.store.search import HitKind, SearchHit
from boardapp.ui.attention_view import AttentionView
from boardapp.ui.changes_view import ChangesView
from boardapp.ui.context import BoardContext
from boardapp.ui.guest import GuestContext
from boardapp.ui.indicator_view import IndicatorView
from boardapp.ui.inspections_view import InspectionsView
from boardapp.ui.lock import IdleLock
from boardapp.ui.meeting_choice import ChoosesMeetings, add_meetings
from boardapp.ui.meeting_text_dialog import edit_meeting_text
from boardapp.ui.notes_view import NotesView
from boardapp.ui.overview_view import OverviewView
from boardapp.ui.plan_view import PlanView
from boardapp.ui.search_box import SearchBox
from boardapp.ui.settings import Settings
from boardapp.ui.view_names import ATTENTION, CHANGES, INDICATORS, INSPECTIONS, NOTES, OVERVIEW, PLAN, VIEWS  # noqa: F401
from boardapp.ui.who_am_i_dialog import WhoAmIDialog
from boardapp.ui.window_place import DEFAULT_SIZE, SCREEN_SHARE, available_area, default_size, fits, place, saved_frame  # noqa: F401
from boardapp.ui.words import long_day


class AsAtBar(ChoosesMeetings, QWidget):
    """Choose a meeting (or any date) to see the board as it stood then; one click back."""

    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meetings = QComboBox()
        self.meetings.setAccessibleName("As at meeting")
        self.meetings.setMinimumContentsLength(22)
        self.meetings.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.date = QDateEdit()
        self.date.setAccessibleName("As at date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setDate(QDate.currentDate())
        self.go = QPushButton("Show &as at date")
        self.back = QPushButton("&Back to today")
        self.back.setAccessibleName("Back to today")
        self.banner = QLabel()
        self.banner.setAccessibleName("As at banner")
        self.banner.setStyleSheet(
            "background: #fff3bf; color: #3d2e00; padding: 4px 8px; border: 1px solid #d9b600; font-weight: bold;"
        )
        # The banner wraps: a long meeting name must not widen the window.
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.row = row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("As at:"))
        row.addWidget(self.meetings, 1)
        row.addWidget(self.date)
        row.addWidget(self.go)
        row.addWidget(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.banner)
        with context.database.session() as session:
            self.rows = board.meetings(session)
        self.meetings.addItem("Today (live)", None)
        add_meetings(self.meetings, self.rows)
        self.first_meeting = 1  # the row of the newest meeting (a chosen date goes above it)
        self.meetings.activated.connect(self._meeting_chosen)
        self.go.clicked.connect(self._date_chosen)
        self.back.clicked.connect(self.back_to_today)
        context.as_at_changed.connect(self._show)
        self._show()

    def _meeting_chosen(self, index: int) -> None:
        chosen = self.meetings.itemData(index)
        if chosen is None:
            self.back_to_today()
        elif isinstance(chosen, MeetingRow):
            self.context.set_as_at(chosen.as_at, self.meetings.itemText(index), chosen)
        else:  # a date chosen before: it stays in the list until another is chosen
            self.context.set_as_at(chosen, long_day(chosen))

    def _date_chosen(self) -> None:
        chosen = self.date.date().toPython()
        if chosen >= date.today():
            self.back_to_today()
        else:
            self.context.set_as_at(chosen, long_day(chosen))

    def back_to_today(self) -> None:
        self.meetings.setCurrentIndex(0)
        self.context.set_as_at(None)

    def _show(self) -> None:
        when = self.context.as_at
        self.back.setEnabled(when is not None)
        self._show_in_chooser(when)
        if when is None:
            self.banner.hide()
            return
        self.banner.setText(
            f"As at {self.context.as_at_label} (data known by {long_day(when)}). "
            "Read-only: choose Back to today to make changes."
        )
        self.banner.setToolTip(self.banner.text())
        self.banner.show()

    def _show_in_chooser(self, when: date | None) -> None:
        """The chooser names what is on screen: today, the meeting, or the date."""
        if when is None:
            self._drop_date_row()
            self.meetings.setCurrentIndex(0)
            return
        self.date.setDate(QDate(when.year, when.month, when.day))
        label = self.context.as_at_label
        for index in range(self.first_meeting, self.meetings.count()):
            meeting = self.meetings.itemData(index)
            if meeting.as_at == when and label in (self.meetings.itemText(index), meeting.label, meeting.title):
                self._drop_date_row()
                self.meetings.setCurrentIndex(self.meetings.findData(meeting))
                return
        self._drop_date_row()
        self.meetings.insertItem(1, f"As at {label or long_day(when)}", when)
        self.meetings.setItemData(1, f"The board as at {long_day(when)}", Qt.ItemDataRole.ToolTipRole)
        self.first_meeting = 2
        self.meetings.setCurrentIndex(1)

    def _drop_date_row(self) -> None:
        if self.first_meeting == 2:
            self.meetings.removeItem(1)
            self.first_meeting = 1


class MainWindow(QMainWindow):
    """Signals: ``open_requested(Path)``: the person chose another database to open.
    ``identity_changed()``: this copy's user is someone else now (signed in again, or
    the board server's login said so); the owner builds the window afresh for them."""

    open_requested = Signal(Path)
    identity_changed = Signal()

    def __init__(self, context: BoardContext, settings: Settings | None = None) -> None:
        super().__init__()
        self.context = context
        self.settings = settings
        database = context.database
        with database.session() as session:
            self.about = dataset_info.read(session)
        self.title = f"Board App – {self.about.display_name}"
        self.setWindowTitle(self.title)
        self.as_at = AsAtBar(context)
        self.search = SearchBox(context)
        self.search.hit_chosen.connect(self.go_to)
        self.as_at.row.addSpacing(12)
        self.as_at.row.addWidget(self.search, 1)
        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Views")
        self.navigation.addItems(VIEWS)
        self.navigation.setMaximumWidth(180)
        self.attention = AttentionView(context)
        self.overview = OverviewView(context)
        self.indicators = IndicatorView(context)
        self.plan = PlanView(context)
        self.inspections = InspectionsView(context)
        self.notes = NotesView(context)
        self.changes = ChangesView(context)
        self.stack = QStackedWidget()
        for view in (self.attention, self.overview, self.indicators, self.plan, self.inspections, self.notes,
                     self.changes):
            self.stack.addWidget(view)
        self.changes.item_chosen.connect(self.show_item)
        self.overview.indicator_chosen.connect(self.show_indicator)
        self.attention.indicator_chosen.connect(self.show_indicator)
        self.attention.action_chosen.connect(self.show_action)
        self.attention.requirement_chosen.connect(self.show_requirement)
        self.attention.full_table_chosen.connect(lambda: self.show_view(OVERVIEW))
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.setFixedWidth(self.navigation.sizeHintForColumn(0) + 24)
        views = QHBoxLayout()
        views.addWidget(self.navigation)
        views.addWidget(self.stack, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        if self.about.is_synthetic:
            synthetic = QLabel(f"SYNTHETIC DATA ({self.about.synthetic}): made up for testing, not a real board's")
            synthetic.setAccessibleName("Synthetic data warning")
            synthetic.setStyleSheet("background: #e7dcff; color: #24005c; padding: 4px 8px; font-weight: bold;")
            layout.addWidget(synthetic)
        self.read_only_banner: QLabel | None = None
        if context.read_only_banner:
            # Above the views while the database is read-only: why, and what to do. It
            # wraps, like the as-at banner, so a long reason never widens the window.
            self.read_only_banner = banner = QLabel(context.read_only_banner)
            banner.setObjectName("read-only-banner")
            banner.setAccessibleName("Read-only banner")
            banner.setWordWrap(True)
            banner.setToolTip(context.read_only_banner)
            banner.setStyleSheet("background: #ffe8cc; color: #4a2500; padding: 4px 8px; border: 1px solid #d9480f;"
                                 " font-weight: bold;")
            layout.addWidget(banner)
        layout.addWidget(self.as_at)
        layout.addLayout(views, 1)
        # The board, or (while locked) a blank page: hidden widgets are neither seen nor read out.
        self.pages = QStackedWidget()
        self.pages.addWidget(body)
        self.locked_page = QLabel("Board App is locked.")
        self.locked_page.setObjectName("locked-page")
        self.locked_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.locked_page)
        self.setCentralWidget(self.pages)
        self.busy = QProgressBar()
        self.busy.setAccessibleName("Loading")
        self.busy.setRange(0, 0)  # busy, no known end
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.busy)
        context.tasks.started_work.connect(self._working)
        context.tasks.idle.connect(self._idle)
        self.identity_label = QLabel(context.identity.label)
        self.statusBar().addPermanentWidget(self.identity_label)
        self.statusBar().showMessage(str(database.path) + ("  (read-only)" if database.read_only else ""))
        self._build_menus()
        self._restore()
        self.setAcceptDrops(True)  # a readings workbook dropped on the window is imported
        self.sync_panel: QWidget | None = None
        # The board server's code (psycopg) costs a quarter of a second to import: it
        # is imported on the worker after the first paint, and its panel added then.
        context.tasks.run(lambda state: import_module("boardapp.ui.sync_panel"), title="the board server's status",
                          on_success=self._add_sync_panel)
        # A sync may have signed this copy in with the server's login (or as someone else).
        context.data_changed.connect(self._check_identity)
        self.lock: IdleLock | None = None
        if context.identity.established:  # a guest has no passphrase to lock with, and nothing to protect
            chosen = settings or Settings()
            self.lock = IdleLock(self, chosen.lock_minutes(), chosen.server_days())
            if self.lock.server_due():
                self.lock.lock(server=True)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = _action(self, "&Open database…", QKeySequence.StandardKey.Open, self._open)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self.import_action = _action(self, "&Import readings…", QKeySequence("Ctrl+I"), self.choose_readings)
        file_menu.addAction(self.import_action)
        self.export_action = _action(self, "&Export pack…", QKeySequence("Ctrl+E"), self.export_pack)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        self.who_action = QAction("&Who am I…", self)
        self.who_action.triggered.connect(self.who_am_i)
        file_menu.addAction(self.who_action)
        self.members_action = QAction("&Members…", self)
        self.members_action.triggered.connect(self.show_members)
        reason = self.context.why_not(Permission.EDIT_MEMBERS)
        self.members_action.setEnabled(not reason)
        self.members_action.setStatusTip(reason or "Add the board's members, set their roles, passphrases and keys")
        self.members_action.setToolTip(self.members_action.statusTip())
        file_menu.addAction(self.members_action)
        if isinstance(self.context, GuestContext):  # a guest exports and imports nothing
            for action in (self.import_action, self.export_action):
                action.setEnabled(False)
                action.setStatusTip(self.context.read_only_reason)
                action.setToolTip(self.context.read_only_reason)
        file_menu.addSeparator()
        file_menu.addAction(_action(self, "&Quit", QKeySequence.StandardKey.Quit, self.close))
        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.context.undo.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.context.undo.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        find = _action(self, "&Find…", QKeySequence.StandardKey.Find, self.focus_search)
        find.setObjectName("find")
        edit_menu.addAction(find)
        view_menu = self.menuBar().addMenu("&View")
        for number, name in enumerate(VIEWS, start=1):
            view_menu.addAction(
                _action(self, f"&{number} {name}", QKeySequence(f"Ctrl+{number}"),
                        lambda _=False, row=number - 1: self.show_view(row))
            )
        view_menu.addSeparator()
        view_menu.addAction(_action(self, "Back to &today", QKeySequence("Ctrl+T"), self.as_at.back_to_today))
        meeting_menu = self.menuBar().addMenu("&Meeting")
        self.meeting_text_action = QAction("&Covering report…", self)
        self.meeting_text_action.setStatusTip("The conclusion and asks the pack for the meeting chosen in the "
                                              "As at bar prints in its covering report")
        self.meeting_text_action.triggered.connect(lambda: edit_meeting_text(self.context, self))
        meeting_menu.addAction(self.meeting_text_action)
        self.changes_action = QAction("&What changed since the last meeting", self)
        self.changes_action.setStatusTip("Every change since the last Improvement Board (Ctrl+7), or between any "
                                         "two meetings or dates")
        self.changes_action.triggered.connect(self.show_changes)
        meeting_menu.addAction(self.changes_action)

    def who_am_i(self) -> None:
        """File > Who am I: who this window acts as, how that is known, and signing in
        as someone else (by the sign-in's rules)."""
        dialog = WhoAmIDialog(self.context, self)
        dialog.exec()
        if dialog.signed_in is not None:
            self._check_identity()
        elif dialog.wants_server:
            self.open_sync()

    def show_members(self) -> None:
        from boardapp.ui.members_dialog import MembersDialog

        MembersDialog(self.context, self).exec()

    def _check_identity(self) -> None:
        """If this copy's user is no longer the one this window acts as, say so at once
        (title, status bar) and ask the owner for a window built for the new one."""
        established = identity.laptop_identity(self.context.database)
        now = established.identity if established is not None else None
        was = self.context.identity
        if now is None or (now == was and now.how == was.how):
            return
        self.identity_label.setText(now.label)
        self.statusBar().showMessage(f"Signed in as {now.label}", 10000)
        self.identity_changed.emit()

    def open_sync(self) -> None:
        """Sync with the board server now, asking for its login (the sync panel's dialog)."""
        if self.sync_panel is None:
            self._add_sync_panel(import_module("boardapp.ui.sync_panel"))
        self.sync_panel.sync_now()  # type: ignore[union-attr]

    def hide_data(self, hidden: bool) -> None:
        """Locked (``hidden``): nothing of the board on screen; or back as it was."""
        self.pages.setCurrentIndex(1 if hidden else 0)
        self.menuBar().setVisible(not hidden)
        self.statusBar().setVisible(not hidden)
        self.setWindowTitle("Board App – locked" if hidden else self.title)

    def show_view(self, row: int) -> None:
        self.navigation.setCurrentRow(row)

    def _add_sync_panel(self, module) -> None:  # type: ignore[no-untyped-def]
        if self.sync_panel is not None:
            return
        self.sync_panel = module.SyncPanel(self.context)
        self.statusBar().insertPermanentWidget(0, self.sync_panel)

    def _working(self, title: str) -> None:
        self.busy_label.setText(f"Loading {title}…" if title else "Working…")
        self.busy.show()

    def _idle(self) -> None:
        self.busy_label.clear()
        self.busy.hide()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def go_to(self, hit: SearchHit) -> None:
        """Show the view that holds a search hit, with the item chosen (as a line of the
        changes view about it would: a hit names a note by its uuid, the rest by key)."""
        note = uuid.UUID(hit.key) if hit.kind is HitKind.NOTE else None
        self.show_item(ItemRef(ItemKind(hit.kind.value), note, hit.key, hit.label))

    def show_requirement(self, ref: str) -> None:
        """The requirement in the full table (the overview), with its page beside it."""
        self.overview.clear_filters()
        self.show_view(OVERVIEW)
        self.overview.select(ref)

    def show_action(self, ref: str, action_uuid: uuid.UUID | None = None) -> None:
        self.show_view(PLAN)
        self.plan.select_action(ref, action_uuid)

    def show_changes(self) -> None:
        """What changed since the last Improvement Board before the date shown."""
        self.show_view(CHANGES)
        self.changes.since_last_board()

    def show_item(self, item: ItemRef) -> None:
        """Go to what a line of the changes view (or a search hit) is about."""
        if item.kind is ItemKind.REQUIREMENT:
            self.show_requirement(item.key)
        elif item.kind is ItemKind.INDICATOR:
            self.show_indicator(item.key)
        elif item.kind is ItemKind.ACTION:
            self.show_action(item.key, item.uuid)
        elif item.kind in (ItemKind.RECOMMENDATION, ItemKind.INSPECTION):
            self.show_view(INSPECTIONS)
            if item.kind is ItemKind.RECOMMENDATION:
                self.inspections.select_recommendation(item.key)
        elif item.kind is ItemKind.PLAN:
            self.show_view(PLAN)
        else:
            self.show_view(NOTES)
            self.notes.clear_filters()
            self.notes.select(item.uuid)

    def show_indicator(self, code: str) -> None:
        if self.indicators.show_indicator(code):
            self.show_view(INDICATORS)

    def _open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a Board App database", "",
                                              "Board App databases (*.sqlite *.db);;All files (*)")
        if path:
            self.open_requested.emit(Path(path))

    def choose_readings(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import the month's readings", "", "Excel workbooks (*.xlsx)")
        if path:
            self.import_readings(Path(path))

    def import_readings(self, path: Path) -> None:
        # Excel's code is imported when a workbook is opened, not before the first paint.
        from boardapp.ui.import_dialog import import_into_window

        import_into_window(self.context, self, path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(url.toLocalFile().lower().endswith((".xlsx", ".xlsm")) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.toLocalFile().lower().endswith((".xlsx", ".xlsm")):
                event.acceptProposedAction()
                self.import_readings(Path(url.toLocalFile()))
                return

    def export_pack(self) -> None:
        # Excel's code is imported when a pack is asked for, not before the first paint.
        from boardapp.ui.export_dialog import export_from_window

        export_from_window(self.context, self)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_databases() if self.settings else []
        for path in recent:
            self.recent_menu.addAction(str(path), lambda p=path: self.open_requested.emit(p))
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def available_area(self) -> QRect:
        """The free area (less task bars and docks) of the screen the window is on."""
        return available_area(self)

    def default_size(self) -> QSize:
        return default_size(self.available_area())

    def _restore(self) -> None:
        geometry = self.settings.geometry("geometry") if self.settings is not None else None
        place(self, self.available_area(), self.default_size(), geometry)
        self.navigation.setCurrentRow(self.settings.last_view(VIEWS) if self.settings is not None else 0)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.lock is not None:
            self.lock.stop()
        self.context.tasks.shutdown()
        self.remember()
        super().closeEvent(event)

    def remember(self) -> None:
        """Keep the window's size, place and view for next time."""
        if self.settings is not None:
            self.settings.set_geometry("geometry", self.saveGeometry())
            self.settings.set_last_view(VIEWS[max(self.navigation.currentRow(), 0)])
            self.settings.sync()


def _action(parent: QWidget, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot) -> QAction:  # type: ignore[no-untyped-def]
    action = QAction(text, parent)
    action.setShortcut(shortcut)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    return action
