"""A smoke run inside a process that goes on (the tests, the benchmarks) leaves Qt's event
loops working: a Quit still queued when the window's loop ended was handled by the next
event processing and made every later QEventLoop return at once, so tests waiting for a
view's data spun until they timed out (the intermittent stall in tests/ui)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from boardapp.__main__ import main
from boardapp.ui.main_window import VIEWS
from boardapp.ui.settings import Settings


def waited_seconds(milliseconds: int) -> float:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    start = time.monotonic()
    loop.exec()
    return time.monotonic() - start


def test_after_smoke_runs_an_event_loop_still_waits_for_its_timer(private_data_folder, qapp, demo_db):
    for view in VIEWS:
        Settings().set_last_view(view)
        assert main(["--smoke", "--db", str(demo_db)]) == 0
        QCoreApplication.processEvents()  # what the next test's first wait does with anything queued
        assert waited_seconds(80) >= 0.07, f"after the smoke run on {view} an event loop returned at once"
