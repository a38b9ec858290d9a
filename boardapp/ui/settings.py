"""What the window remembers between runs (QSettings): who you are, recent databases,
window geometry, splitters and the last view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role

RECENT_KEPT = 8
# The views of the versions that saved the last view as a number (before "Off track").
EARLIER_VIEWS = ("Overview", "Indicators", "Plan", "Inspections", "Notes")


class Settings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings()

    def identity(self) -> Identity | None:
        name = self._q.value("identity/name", "", str)
        role = self._q.value("identity/role", "", str)
        try:
            return Identity(name, Role(role)) if name else None
        except ValueError:
            return None

    def set_identity(self, identity: Identity) -> None:
        self._q.setValue("identity/name", identity.name)
        self._q.setValue("identity/role", identity.role.value)

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
