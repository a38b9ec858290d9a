"""What the window remembers between runs (QSettings): recent databases, window
geometry, splitters, the last view, and how soon the window locks.

Who you are is not here: it is kept in the database (store/identity.py), established by
a passphrase or the board server's login, so editing this file changes no one's rights.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

RECENT_KEPT = 8
# The views of the versions that saved the last view as a number (before "Off track").
EARLIER_VIEWS = ("Overview", "Indicators", "Plan", "Inspections", "Notes")
# The window locks after this many minutes with no keyboard or mouse input (issue 13).
DEFAULT_LOCK_MINUTES = 15
LOCK_KEY = "security/lock-minutes"
SERVER_DAYS_KEY = "security/server-days"
# For tests and automation: minutes (a fraction is allowed) before the window locks.
LOCK_ENV = "BOARDAPP_LOCK_MINUTES"
MOST_MINUTES = 24 * 60  # a QTimer counts milliseconds in 32 bits


class Settings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings()

    def lock_minutes(self) -> float:
        """Minutes without input before the window locks: BOARDAPP_LOCK_MINUTES, else the
        ``security/lock-minutes`` setting, else 15. Nothing at or below zero turns it off."""
        return _positive(os.environ.get(LOCK_ENV), None) or _positive(self._q.value(LOCK_KEY, ""), DEFAULT_LOCK_MINUTES)

    def server_days(self, default: int | None = None) -> int:
        """Days without reaching the board server before the window asks for its login again
        (``default``: when not set; the store's identity says how many, imported only then)."""
        if default is None:
            from boardapp.store.identity import DEFAULT_SERVER_DAYS as default  # not before the first paint
        return int(_positive(self._q.value(SERVER_DAYS_KEY, ""), default) or default)

    def recent_databases(self) -> list[Path]:
        value = self._q.value("recent/databases", [], list) or []
        return [Path(p) for p in value if p]

    def add_recent(self, path: Path) -> None:
        paths = [str(path.resolve())] + [str(p) for p in self.recent_databases() if p.resolve() != path.resolve()]
        self._q.setValue("recent/databases", paths[:RECENT_KEPT])
        self._q.setValue("recent/last", str(path.resolve()))

    def last_database(self) -> Path | None:
        value = self._q.value("recent/last", "", str)
        return Path(value) if value else None

    def geometry(self, key: str) -> QByteArray | None:
        value = self._q.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._q.setValue(f"window/{key}", value)

    def last_view(self, views: tuple[str, ...]) -> int:
        """The index in ``views`` of the view open when the window last closed (0 if
        none or no longer there). Saved by name, so adding a view moves nobody; a number
        saved by an earlier version (whose views were ``EARLIER_VIEWS``) is read once."""
        name = self._q.value("window/view-name", "", str)
        if not name:
            number = self._q.value("window/view", -1, int)
            name = EARLIER_VIEWS[number] if 0 <= number < len(EARLIER_VIEWS) else ""
        return views.index(name) if name in views else 0

    def set_last_view(self, name: str) -> None:
        self._q.setValue("window/view-name", name)
        self._q.remove("window/view")

    def sync(self) -> None:
        self._q.sync()


def _positive(value: object, default: float | None) -> float | None:
    try:
        number = float(str(value))
    except ValueError:
        return default
    return min(number, MOST_MINUTES) if number > 0 else default
