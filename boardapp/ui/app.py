"""Starting the window: the application object, the database, who you are, the first paint.

Who you are comes from the database (store/identity.py): the copy's established user,
or, on a copy no one has signed in on, the sign-in dialog (ui/sign_in_dialog.py): set
up a new board as its first user, or sign in as a member with their passphrase, or
with the board server's login. Cancelled, the window opens as a guest (ui/guest.py)
and the next start asks again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QIcon, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox  # noqa: E402

from boardapp import bundled  # noqa: E402
from boardapp.store import database_key, identity  # noqa: E402
from boardapp.store.connection import Database, confirm_encrypting_with, open_database  # noqa: E402
from boardapp.store.errors import StoreError  # noqa: E402
from boardapp.store.first_run import open_or_create  # noqa: E402
from boardapp.store.identity import Established  # noqa: E402
from boardapp.store.locations import default_database  # noqa: E402
from boardapp.ui.database_key_dialog import ask_passphrase, confirm_encrypting  # noqa: E402
from boardapp.ui.guest import context_for  # noqa: E402
from boardapp.ui.main_window import MainWindow  # noqa: E402
from boardapp.ui.settings import Settings  # noqa: E402
from boardapp.ui.sign_in_dialog import SERVER, SignInDialog  # noqa: E402


class Application:
    """Owns the open database and its window; swaps both when another file is opened,
    and the window when this copy's user changes.

    ``ask``: ask who you are on a copy no one has signed in on (not in a smoke run,
    which reads as a guest). ``lock_at_start``: a copy someone has signed in on opens
    locked, asking for their passphrase (else the idle lock would be undone by closing
    the app and starting it again)."""

    def __init__(self, app: QApplication, settings: Settings, *, ask: bool = True, lock_at_start: bool = False) -> None:
        self.app = app
        self.settings = settings
        self.ask = ask
        self.lock_at_start = lock_at_start
        self.database: Database | None = None
        self.window: MainWindow | None = None

    def open(self, path: Path, *, create_demo: bool = False) -> None:
        database = open_or_create(path) if create_demo else open_database(path)
        established, wants_server = identity.laptop_identity(database), False
        kept = established is not None
        # A read-only file cannot keep a sign-in: it opens as a guest (its banner says why).
        if established is None and self.ask and not database.read_only:
            established, wants_server = self.sign_in(database)
        old_window, old_database = self.window, self.database
        self.database = database
        self.window = self._window(database, established)
        self.settings.add_recent(path)
        self.window.show()
        if kept and self.lock_at_start and self.window.lock is not None and not self.window.lock.locked:
            self.window.lock.lock(starting=True)
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_database is not None:
            old_database.close()
        if wants_server:
            self.window.open_sync()

    def sign_in(self, database: Database) -> tuple[Established | None, bool]:
        """Ask who you are: (the identity signed in, or None; whether the board server's
        login was chosen instead)."""
        dialog = SignInDialog(database)
        result = dialog.exec()
        return (dialog.established if result == QDialog.DialogCode.Accepted else None), result == SERVER

    def _window(self, database: Database, established: Established | None) -> MainWindow:
        window = MainWindow(context_for(database, established), self.settings)
        window.open_requested.connect(self.open_other)
        window.identity_changed.connect(lambda: QTimer.singleShot(0, self.signed_in_again))
        return window

    def signed_in_again(self) -> None:
        """This copy's user changed: a window built for them (their rights, what they may
        see), on the same database, in place of the old one."""
        old, database = self.window, self.database
        if old is None or database is None:
            return
        old.remember()
        self.window = self._window(database, identity.laptop_identity(database))
        self.window.show()
        old.close()
        old.deleteLater()

    def open_other(self, path: Path) -> None:
        try:
            self.open(path)
        except StoreError as exc:
            QMessageBox.warning(self.window, "Cannot open that database", str(exc))

    def close(self) -> None:
        """Close the window (which stops its worker thread), then the database."""
        if self.window is not None:
            self.window.close()
        if self.database is not None:
            self.database.close()


def app_icon() -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(bundled.icon_bytes(), "PNG")
    return QIcon(pixmap)


def paint_once_then_quit(app: QApplication, window: MainWindow) -> None:
    """For --smoke: once the first view has its data, paint the window and quit."""

    def finish() -> None:
        window.repaint()
        app.processEvents()
        app.quit()

    loader = getattr(window.stack.currentWidget(), "loader", None)  # the view on screen
    if loader is None or loader.ready:
        QTimer.singleShot(0, finish)
    else:
        loader.loaded.connect(finish, Qt.ConnectionType.SingleShotConnection)


def run_window(db: Path | None, *, smoke: bool = False, explicit: bool = False) -> int:
    """Open the window on ``db`` (or the user's default, made from the demo data on first run).

    ``smoke``: paint once and exit 0, never waiting for a person (no sign-in question).
    """
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Board App")
    app.setOrganizationName("BoardApp")
    app.setWindowIcon(app_icon())
    owner = Application(app, Settings(), ask=not smoke, lock_at_start=not smoke)
    if not smoke:  # issue 13: a passphrase where there is no keyring; a plain database encrypted once confirmed
        database_key.ask_with(ask_passphrase)
        confirm_encrypting_with(confirm_encrypting)
    try:
        if explicit and db is not None:
            owner.open(db)
        else:
            owner.open(default_database(), create_demo=True)
        if smoke:
            assert owner.window is not None
            paint_once_then_quit(app, owner.window)
        return app.exec()
    finally:
        owner.close()
        # A Quit still queued (a second quit, or the last window closing as exec ended)
        # would be handled by the next event loop after this one: in a process that goes on
        # (tests, the benchmarks) it would make every later QEventLoop return at once.
        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
