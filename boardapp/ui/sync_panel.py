"""The board server in the window: a status line (server, last sync, pending changes,
conflicts), Sync now, automatic sync while a password is known this session, and the
secretariat's conflicts list.

The server's address is remembered (QSettings, never with a password); the password is
asked for once a session and kept only in memory.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import NotAllowed, Permission
from boardapp.store.sync.errors import SyncError, Withdrawn
from boardapp.store.sync.service import (
    ConflictRow,
    SyncResult,
    list_conflicts,
    resolve_conflict,
    sync_now,
    sync_status,
    unsent_notes,
    withdrawn_words,
)
from boardapp.ui.context import BoardContext
from boardapp.ui.refused_changes import RefusedChanges
from boardapp.ui.sizing import resize_within_screen
from boardapp.ui.tasks import Cancelled, TaskState
from boardapp.ui.words import moment

AUTO_SYNC_MINUTES = 10
# What IT hands a member (boardapp server add-member prints both lines; docs/board-server.md).
SERVER_HINT = (
    "IT gives each member two things for the board server: an address, which begins "
    "postgresql+psycopg:// and holds your login (board_ and your name) and the server's name, "
    "and a one-time password. Paste the address exactly as IT gave it. "
    "The password is kept only until you close Board App; the address is remembered."
)


class ServerDialog(QDialog):
    """Where the board server is and the password for it."""

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync with the board server")
        self.url = QLineEdit(url)
        self.url.setAccessibleName("Board server address")
        self.url.setPlaceholderText("postgresql+psycopg://board_your_name@board-server.council.gov.uk/board")
        self.url.setToolTip(SERVER_HINT)
        self.password = QLineEdit()
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel(SERVER_HINT)
        self.hint.setAccessibleName("What to enter")
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("&Server:", self.url)
        form.addRow("&Password:", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Sync")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(buttons)


class SyncPanel(QWidget):
    """Lives in the status bar. Signals none; it refreshes the views through the context."""

    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = QSettings()
        self.password: str | None = None
        self.running: TaskState | None = None
        self.status = QLabel()
        self.status.setAccessibleName("Sync status")
        self.sync_button = QPushButton("S&ync now")
        self.sync_button.setAccessibleName("Sync now")
        self.sync_button.clicked.connect(self.sync_now)
        self.conflicts_button = QPushButton("Conflicts…")
        self.conflicts_button.setAccessibleName("Show conflicts")
        self.conflicts_button.clicked.connect(self.show_conflicts)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.conflicts_button)
        layout.addWidget(self.sync_button)
        self.timer = QTimer(self, interval=AUTO_SYNC_MINUTES * 60_000)
        self.timer.timeout.connect(lambda: self.sync_now(quietly=True))
        context.notes_changed.connect(self.refresh)
        context.data_changed.connect(self.refresh)
        self.refresh()

    @property
    def url(self) -> str:
        return str(self.settings.value("server/url", "", str))

    def refresh(self, message: str = "") -> None:
        status = sync_status(self.context.database)
        server = status.server or self.url or "no board server yet"
        last = moment(status.last_sync) if status.last_sync else "never"
        words = [f"Board server: {server}", f"last sync {last}", f"{status.pending_changes} to send"]
        if status.conflicts:
            words.append(f"{status.conflicts} conflict{'s' if status.conflicts != 1 else ''}")
        if status.refused:
            words.append(f"{status.refused} refused")
        self.status.setText(" · ".join(words) + (f" — {message}" if message else ""))
        self.conflicts_button.setVisible(status.conflicts > 0 or status.refused > 0)
        reason = self.context.read_only_reason
        self.sync_button.setEnabled(not reason and self.running is None)
        self.sync_button.setToolTip(reason)

    def sync_now(self, quietly: bool = False) -> None:
        if self.running is not None:
            return
        if self.password is None or not self.url:
            if quietly:
                return
            dialog = ServerDialog(self.url, self)
            if not dialog.exec():
                return
            self.settings.setValue("server/url", dialog.url.text().strip())
            self.password = dialog.password.text() or None
        database, url, password = self.context.database, self.url, self.password

        def work(state: TaskState) -> SyncResult:
            def progress(stage: str, done: int, total: int) -> None:
                state.progress(done, total, stage)

            return sync_now(database, url, password, progress)

        self.running = self.context.tasks.run(
            work, title="sync with the board server", on_success=self._synced,
            on_failure=lambda error, trace: self._failed(error, quietly),
        )
        self.refresh("syncing…")

    def _synced(self, result: SyncResult) -> None:
        self.running = None
        self.timer.start()
        said = f"sent {result.uploaded}, received {result.downloaded}"
        if result.conflicts_recorded:
            said += f", {result.conflicts_recorded} conflict(s) recorded"
        if result.refused:
            said += f", {len(result.refused)} refused"
        self.refresh(said)
        self.context.data_changed.emit()
        self.context.notes_changed.emit()

    def _failed(self, error: BaseException, quietly: bool) -> None:
        self.running = None
        if isinstance(error, Cancelled):
            self.refresh("sync cancelled")
            return
        if isinstance(error, Withdrawn):
            self._withdrawn()
            return
        text = str(error) if isinstance(error, SyncError) else f"unexpected error: {error}"
        if "password" in text.lower():
            self.password = None  # ask again next time
        self.refresh("sync failed")
        if not quietly:
            QMessageBox.warning(self, "Sync did not finish", f"{text}\n\nNothing you wrote is lost: it stays here until the next sync.")

    def _withdrawn(self) -> None:
        """The board has withdrawn this copy's member: empty it (unsent notes kept, sealed
        for the secretariat, beside the database), say so, and close the window."""
        from boardapp.exchange.withdrawal import empty_this_copy

        self.timer.stop()
        path = self.context.database.path
        notes = unsent_notes(self.context.database)
        self.context.database.close()
        words = withdrawn_words(notes, empty_this_copy(path, path.parent))
        QMessageBox.warning(self, "Membership withdrawn", words)
        self.window().close()

    def show_conflicts(self) -> None:
        ConflictsDialog(self.context, self).exec()
        self.refresh()


class ConflictsDialog(QDialog):
    """Edits that crossed on the server: both values, and which to keep."""

    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Conflicts")
        resize_within_screen(self, parent, 900, 400)
        self.table = QTableWidget(0, 6)
        self.table.setAccessibleName("Conflicts")
        self.table.setHorizontalHeaderLabels(["Field", "Earlier value", "By", "Value in force", "By", "Recorded"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.keep_incoming = QPushButton("Keep the value in &force")
        self.keep_earlier = QPushButton("Put the &earlier value back")
        reason = context.why_not(Permission.EDIT_ACTIONS)
        for button, keep in ((self.keep_incoming, "incoming"), (self.keep_earlier, "overwritten")):
            button.setEnabled(not reason)
            button.setToolTip(reason)
            button.clicked.connect(lambda _=False, keep=keep: self._resolve(keep))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_incoming)
        buttons.addWidget(self.keep_earlier)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Two people changed the same field. The server kept the later change; nothing was dropped."))
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.refused = RefusedChanges(context, self)
        self.refused.changed.connect(context.data_changed.emit)
        self.refused.changed.connect(context.notes_changed.emit)
        layout.addWidget(self.refused)
        self.rows: list[ConflictRow] = []
        self.refresh()

    def refresh(self) -> None:
        self.rows = list_conflicts(self.context.database)
        self.table.setRowCount(len(self.rows))
        for r, conflict in enumerate(self.rows):
            cells = [f"{conflict.table_name}.{conflict.field}", str(conflict.overwritten_value), conflict.overwritten_by,
                     str(conflict.incoming_value), conflict.incoming_by, moment(conflict.recorded_at)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)

    def _resolve(self, keep: str) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        conflict_uuid: uuid.UUID = self.rows[row].uuid
        try:
            resolve_conflict(self.context.database, self.context.identity, conflict_uuid, keep)
        except (SyncError, NotAllowed) as exc:
            QMessageBox.warning(self, "Not resolved", str(exc))
            return
        self.context.data_changed.emit()
        self.refresh()
