"""The idle lock, and the board server's login asked again after too many days.

:class:`IdleLock` watches every keyboard and mouse event of the application (an event
filter) and restarts a timer with each; when the timer runs out the window is locked:
its views are swapped for a blank page, its menus and status bar hidden, and every other
open window (an action being edited, a message) has its contents hidden and its title
replaced, without being closed, so nothing typed in it is lost. Nothing of the board is
left on screen or to a screen reader (hidden widgets are not read). A modal
:class:`LockDialog` asks for the passphrase (store/identity.unlock); three wrong ones
in a row and it waits before taking another. Input to the covered windows is dropped.

A copy whose identity came from the board server and has not reached it for the set
number of days (store/identity.server_login_due) is locked the same way, in *server*
mode, until a sync with the server's login succeeds (sync records the contact).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from boardapp.store import identity
from boardapp.ui.context import BoardContext

LOCKED_TITLE = "Board App – locked"
TRIES = 3
WAIT_SECONDS = 30
INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride, QEvent.Type.TabletPress,
    QEvent.Type.ContextMenu,
})


class Lockable(Protocol):
    """What the lock needs of the window (ui/main_window.MainWindow)."""

    context: BoardContext

    def hide_data(self, hidden: bool) -> None: ...

    def open_sync(self) -> None: ...

    def isVisible(self) -> bool: ...  # noqa: N802


class IdleLock(QObject):
    """Locks ``window`` after ``minutes`` without input; ``server_days``: see the module."""

    def __init__(self, window: QWidget, minutes: float, server_days: int) -> None:
        super().__init__(window)
        self.window: Lockable = window  # type: ignore[assignment]
        self.server_days = server_days
        self.dialog: LockDialog | None = None
        self.covered: list[tuple[QWidget, list[QWidget], QLabel, str]] = []
        self.focus: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.lock)
        self.window.context.data_changed.connect(self._server_reached)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def stop(self) -> None:
        """The window is closing: no more locking."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() not in INPUT:
            if event.type() == QEvent.Type.Show and self.dialog is not None and not self.dialog.server:
                self._shown_while_locked(watched)
            return False
        if self.dialog is None:
            self.timer.start()
            return False
        return self._blocked(watched)

    def _blocked(self, watched: QObject) -> bool:
        """While locked, input reaches only the lock and windows opened since (the sync's)."""
        if not isinstance(watched, QWidget):
            return not watched.isWidgetType() and not watched.isWindowType()  # a QAction's shortcut
        top = watched.window()
        return top is self.window or self._is_covered(top)

    # --- locking ---------------------------------------------------------------------------

    def server_due(self) -> bool:
        return identity.server_login_due(self.window.context.database, self.server_days)

    def lock(self, *, server: bool = False, starting: bool = False) -> None:
        """Hide the board and ask for the passphrase (or, ``server``, the server's login)."""
        server = server or self.server_due()
        if self.dialog is not None:
            self.dialog.set_server(server)
            return
        self.timer.stop()
        app = QApplication.instance()
        self.focus = QApplication.focusWidget()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        QToolTip.hideText()
        self.window.hide_data(True)
        for widget in QApplication.topLevelWidgets() if app is not None else []:
            if widget is self.window or not widget.isVisible() or widget.windowType() in (
                    Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                continue
            self._cover(widget)
        self.dialog = LockDialog(self, self.window)  # type: ignore[arg-type]
        self.dialog.set_server(server, starting=starting)
        self.dialog.open()

    def _shown_while_locked(self, watched: QObject) -> None:
        """A window that opens while locked (a finished export's message) is covered too;
        in server mode the sync's own dialogs must show, so this is not done then."""
        if (isinstance(watched, QWidget) and watched.isWindow() and watched is not self.dialog
                and watched is not self.window and not self._is_covered(watched)
                and watched.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)):
            self._cover(watched)

    def _is_covered(self, window: QWidget) -> bool:
        return any(window is covered for covered, *_ in self.covered)

    def _cover(self, window: QWidget) -> None:
        shown = [child for child in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                 if not child.isHidden() and not child.isWindow()]
        for child in shown:
            child.hide()
        cover = QLabel("Board App is locked.", window)
        cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cover.setGeometry(window.rect())
        cover.show()
        self.covered.append((window, shown, cover, window.windowTitle()))
        window.setWindowTitle(LOCKED_TITLE)

    def unlock(self) -> None:
        """Show everything again as it was, the typing in open dialogs included."""
        for window, shown, cover, title in self.covered:
            if not isValid(window):  # closed and deleted while locked
                continue
            if isValid(cover):
                cover.deleteLater()
            for child in shown:
                if isValid(child):
                    child.show()
            window.setWindowTitle(title)
        self.covered = []
        self.window.hide_data(False)
        if self.dialog is not None:
            self.dialog.release()
            self.dialog = None
        if self.focus is not None and isValid(self.focus):
            self.focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.focus = None
        self.timer.start()

    def _server_reached(self) -> None:
        """After a sync: a copy locked for its server login unlocks once it got through."""
        if self.dialog is not None and self.dialog.server and not self.server_due():
            self.unlock()


class LockDialog(QDialog):
    """The passphrase (or the board server's login) that unlocks the window."""

    def __init__(self, lock: IdleLock, parent: QWidget) -> None:
        super().__init__(parent)
        self.lock = lock
        self.server = False
        self.tries = 0
        self._released = False
        self.setObjectName("lock-dialog")
        self.setWindowTitle(LOCKED_TITLE)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        who = lock.window.context.identity
        self.message = QLabel()
        self.message.setObjectName("lock-message")
        self.message.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.server_button = QPushButton("&Sync with the board server…")
        self.server_button.setAccessibleName("Sync with the board server")
        self.server_button.clicked.connect(lambda: lock.window.open_sync())
        # Someone who cannot unlock can still close the app (nothing is lost: every change is
        # saved as it is made, and an open dialog's typing is only hidden, not sent).
        self.quit_button = QPushButton("&Close Board App")
        self.quit_button.setAccessibleName("Close Board App")
        self.quit_button.clicked.connect(self.close_app)
        self.error = QLabel()
        self.error.setObjectName("lock-error")
        self.error.setAccessibleName("What went wrong")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00000; font-weight: bold;")
        self.who = who
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.server_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.wait = QTimer(self)
        self.wait.setSingleShot(True)
        self.wait.timeout.connect(self._try_again)
        self.resize(min(520, parent.width() or 520), self.sizeHint().height())

    def set_server(self, server: bool, *, starting: bool = False) -> None:
        self.server = server
        if starting and not server:
            self.message.setText(f"This copy is {self.who.name}'s. Type {self.who.name}'s passphrase to open it.")
        elif server:
            days = self.lock.server_days
            self.message.setText(
                f"This copy has not reached the board server for more than {days} days. Sync with the board "
                "server (your login and password) to see the board again; until then it shows nothing.")
        else:
            self.message.setText(
                f"Board App locked itself after a while without use. Type {self.who.name}'s passphrase to "
                "unlock it; anything you were typing is kept.")
        self.passphrase.setVisible(not server)
        self.unlock_button.setVisible(not server)
        self.server_button.setVisible(server)
        (self.server_button if server else self.passphrase).setFocus()

    def try_unlock(self) -> None:
        if self.server or not self.passphrase.isEnabled():
            return
        secret = self.passphrase.text()
        self.passphrase.clear()
        if identity.unlock(self.lock.window.context.database, secret):
            self.tries = 0
            if self.lock.server_due():
                self.error.clear()
                self.set_server(True)
                return
            self.lock.unlock()
            return
        self.tries += 1
        if self.tries >= TRIES:
            self.passphrase.setEnabled(False)
            self.unlock_button.setEnabled(False)
            self.error.setText(f"{TRIES} wrong passphrases in a row: wait {WAIT_SECONDS} seconds, then try again.")
            self.wait.start(int(WAIT_SECONDS * 1000))
        else:
            self.error.setText(f"That is not {self.who.name}'s passphrase ({self.tries} of {TRIES} tries): "
                               "try again.")
        self.passphrase.setFocus()

    def _try_again(self) -> None:
        self.tries = 0
        self.passphrase.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.error.setText("Try again.")
        self.passphrase.setFocus()

    def close_app(self) -> None:
        self.release()
        self.lock.window.close()  # type: ignore[attr-defined]
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def release(self) -> None:
        self._released = True
        self.wait.stop()
        self.close()
        self.deleteLater()

    def reject(self) -> None:
        """Escape does not unlock."""

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if self._released:
            super().closeEvent(event)
        else:
            event.ignore()
