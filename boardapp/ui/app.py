"""Starting the window: the application object, who you are, the database, the first paint."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtGui import QIcon, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from boardapp import resources  # noqa: E402

from boardapp.domain.permissions import Identity  # noqa: E402
from boardapp.domain.terms import Role  # noqa: E402
from boardapp.store.connection import Database, open_database  # noqa: E402
from boardapp.store.errors import StoreError  # noqa: E402
from boardapp.store.first_run import open_or_create  # noqa: E402
from boardapp.store.identity import laptop_identity  # noqa: E402
from boardapp.store.locations import default_database  # noqa: E402
from boardapp.ui.context import BoardContext  # noqa: E402
from boardapp.ui.main_window import MainWindow  # noqa: E402
from boardapp.ui.settings import Settings  # noqa: E402

# Who the window reads as on a copy no one has signed in on: an observer that is not
# established, so every service that changes or exports data refuses it (issue 13).
# (Helper B's minimal change; helper F replaces it with the sign-in from the database.)
GUEST = Identity("Guest", Role.OBSERVER)


def window_identity(database: Database) -> Identity:
    """The copy's established user (store/identity.py), or the read-only :data:`GUEST`."""
    try:
        established = laptop_identity(database)
    except StoreError:
        return GUEST
    return established.identity if established is not None else GUEST


class Application:
    """Owns the open database and its window; swaps both when another file is opened.
    The window acts as each database's own signed-in user (:func:`window_identity`)."""

    def __init__(self, app: QApplication, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.identity = GUEST
        self.database: Database | None = None
        self.window: MainWindow | None = None

    def open(self, path: Path, *, create_demo: bool = False) -> None:
        database = open_or_create(path) if create_demo else open_database(path)
        old_window, old_database = self.window, self.database
        self.database = database
        self.identity = window_identity(database)
        context = BoardContext(database, self.identity)
        self.window = MainWindow(context, self.settings)
        self.window.open_requested.connect(self.open_other)
        self.settings.add_recent(path)
        self.window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_database is not None:
            old_database.close()

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
    pixmap.loadFromData(resources.icon_bytes(), "PNG")
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

    ``smoke``: paint once and exit 0, never waiting for a person (no first-run question).
    """
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Board App")
    app.setOrganizationName("BoardApp")
    app.setWindowIcon(app_icon())
    settings = Settings()
    owner = Application(app, settings)
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
