"""Driving modal dialogs from a test: act on the next one of a kind when it opens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_open(kind: type, act: Callable[[QWidget], None], *, seen: list | None = None, tries: int = 400) -> None:
    """Once a dialog of ``kind`` is the active modal window, call ``act`` with it (and
    add it to ``seen``). Polls every 10 ms, up to ``tries`` times, from the event loop a
    modal ``exec()`` runs."""

    def poll(left: int) -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind) and modal.isVisible():
            if seen is not None:
                seen.append(modal)
            act(modal)
        elif left > 0:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(tries))
