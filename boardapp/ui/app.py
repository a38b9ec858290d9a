"""Starting the window: the application object, the database, the first paint."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from boardapp.store.connection import open_database  # noqa: E402
from boardapp.store.first_run import open_or_create  # noqa: E402
from boardapp.store.locations import default_database  # noqa: E402
from boardapp.ui.main_window import MainWindow  # noqa: E402


def run_window(db: Path | None, *, smoke: bool = False, explicit: bool = False) -> int:
    """Open the window on ``db`` (or the user's default, made from the demo data on first run).

    ``smoke``: paint once and exit 0, never waiting for a person.
    """
    database = open_database(db) if explicit and db is not None else open_or_create(default_database())
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Board App")
    app.setOrganizationName("BoardApp")
    try:
        window = MainWindow(database)
        window.show()
        if smoke:
            window.repaint()
            app.processEvents()
            QTimer.singleShot(0, app.quit)
        return app.exec()
    finally:
        database.close()
