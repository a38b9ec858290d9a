"""Opening the window: first paint, then the app.

``run_window`` paints the board as it last looked (ui/first_paint.py, from the overview
snapshot read with plain SQL) before it imports the rest of the window (SQLAlchemy, the
models, the engine, the charts: ui/app.py), then builds the main window, which takes the
first paint's place once its view has its data. Where there is nothing to paint first
(no database yet, a plain file to encrypt, no key without asking, a copy no one signed in
on that asks who you are) it opens as it always did.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtGui import QIcon, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from boardapp import bundled  # noqa: E402
from boardapp.store.locations import default_database  # noqa: E402
from boardapp.ui.settings import Settings  # noqa: E402

if TYPE_CHECKING:
    from boardapp.ui.first_paint import FirstPaint


def app_icon() -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(bundled.icon_bytes(), "PNG")
    return QIcon(pixmap)


def run_window(db: Path | None, *, smoke: bool = False, explicit: bool = False) -> int:
    """Open the window on ``db`` (or the user's default, made from the demo data on first run).

    ``smoke``: paint once and exit 0, never waiting for a person (no sign-in question).
    """
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Board App")
    app.setOrganizationName("BoardApp")
    app.setWindowIcon(app_icon())
    path = db if explicit and db is not None else default_database()
    settings = Settings()
    first = first_paint(app, path, settings, smoke=smoke)
    # The rest of the window: imported after the first paint.
    from boardapp.store import database_key
    from boardapp.store.connection import confirm_encrypting_with
    from boardapp.ui.app import Application, paint_once_then_quit
    from boardapp.ui.database_key_dialog import ask_passphrase, confirm_encrypting

    owner = Application(app, settings, ask=not smoke, lock_at_start=not smoke)
    if not smoke:  # issue 13: a passphrase where there is no keyring; a plain database encrypted once confirmed
        database_key.ask_with(ask_passphrase)
        confirm_encrypting_with(confirm_encrypting)
    try:
        try:
            if explicit and db is not None:
                owner.open(db, first_paint=first)
            else:
                owner.open(path, create_demo=True, first_paint=first)
        finally:
            if first is not None and owner.window is None:  # the file could not be opened: say so alone
                first.close()
        if smoke:
            assert owner.window is not None
            paint_once_then_quit(app, owner.window)
        return app.exec()
    finally:
        owner.close()
        # A Quit still queued (a second quit, or the last window closing as exec ended)
        # would be handled by the next event loop after this one: in a process that goes on
        # (tests, the benchmarks) it would make every later QEventLoop return at once.
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)


def first_paint(app: QApplication, path: Path, settings: Settings, *, smoke: bool) -> FirstPaint | None:
    """The board painted as it last looked, or None where the window opens as it always did."""
    if not path.is_file():
        return None  # the demo database is made first
    from boardapp.store import database_key
    from boardapp.store.encryption import is_plain
    from boardapp.store.snapshot_read import DEFAULT_SERVER_DAYS, read_first_look

    try:
        if is_plain(path):
            return None  # asked whether to encrypt it first
        key = database_key.database_key(create=False)  # no prompt yet: the window's own asks
        look = read_first_look(path, key, server_days=settings.server_days(DEFAULT_SERVER_DAYS))
    except Exception:  # a key that does not fit, a damaged file: the window opening next says what is wrong
        return None
    if not look.signed_in and not smoke:
        return None  # the sign-in dialog asks who you are first
    from boardapp.ui.first_paint import FirstPaint
    from boardapp.ui.view_names import VIEWS
    from boardapp.ui.window_place import available_area, default_size, place

    # Locked: a signed-in copy opens locked (ui/app.Application, lock_at_start), and one
    # whose board server login is due locks at once; no board data before it is unlocked.
    window = FirstPaint(look, settings.last_view(VIEWS), locked=look.server_login_due or (look.signed_in and not smoke), place=str(path))
    area = available_area(window)
    place(window, area, default_size(area), settings.geometry("geometry"))
    window.paint_now(app)
    return window
