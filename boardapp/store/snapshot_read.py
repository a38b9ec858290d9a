"""What the window paints first: the overview as the board last looked, read with plain SQL.

The first paint must come before SQLAlchemy, the models and the engine are imported (a
second or more), so this module reads the database with SQLCipher directly
(store/encryption.connect, read-only) and imports nothing heavier than the domain's words.
It reads: the board's name (``dataset_info``), who this copy's user is and their role
(``laptop_identity`` and ``member``: a copy no one signed in on reads as a guest, an
observer), and the overview snapshot (``overview_snapshot`` and its state, migration
0009), which the store keeps up to date with every change.

The snapshot is *fresh* when its state row says version 1, as at today, and no row of
``overview_snapshot_dirty`` is left; otherwise its rows are the board as it stood on its
date, and the window says so. A database without the snapshot's tables (before 0009)
gives no rows: the window paints its frame and loads as it always did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from boardapp.domain.permissions import Permission, allows
from boardapp.domain.terms import RagStatus, RequirementKind, RequirementStatus, Role, TrajectoryStatus

SNAPSHOT_VERSION = 1
# The identity a copy is established by when the board server's login said so (store/identity.SERVER).
SERVER = "server"
# Days without reaching the board server before the window locks for its login (store/identity).
DEFAULT_SERVER_DAYS = 30

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class SnapshotRow:
    """One requirement as the overview last showed it (store/overview.OverviewRow's words)."""

    ref: str
    title: str
    kind: RequirementKind | None
    judged: RequirementStatus | None
    rag: RagStatus | None
    rag_reason: str
    why: str
    driver: str | None
    indicators: tuple[str, ...]
    headline: str
    sparkline: tuple[float, ...]
    trajectory: TrajectoryStatus | None
    trajectory_text: str
    open_notes: int
    exempt: bool
    due_soon: bool


@dataclass(frozen=True)
class FirstLook:
    """What the first paint may show of a database, for the copy's user."""

    name: str  # the board's name as the window's title says it
    synthetic: str  # "" or the synthetic size
    signed_in: bool  # someone is established on this copy (it opens locked outside --smoke)
    role: Role  # the copy's user's role; a guest reads as an observer
    server_login_due: bool  # the board server's login is due: the window locks before it shows data
    as_at: date | None  # the snapshot's date; None: no snapshot to paint
    fresh: bool  # the snapshot is the board as at today, nothing since left to re-judge
    rows: tuple[SnapshotRow, ...]  # in the board's order, exempt rows left out unless the role sees them

    @property
    def display_name(self) -> str:
        name = self.name or "Board App database"
        return f"SYNTHETIC ({self.synthetic}): {name}" if self.synthetic else name


def read_first_look(path: Path, key, *, today: date | None = None,  # type: ignore[no-untyped-def]
                    server_days: int = DEFAULT_SERVER_DAYS) -> FirstLook:
    """Read ``path`` (keyed with ``key``, a store.database_key.DatabaseKey) read-only.
    Raises sqlcipher3's Error when the file cannot be read with the key."""
    from boardapp.store.encryption import connect

    connection = connect(path, key, read_only=True)
    try:
        return first_look(connection, today or date.today(), server_days)
    finally:
        connection.close()


def first_look(connection, today: date, server_days: int = DEFAULT_SERVER_DAYS) -> FirstLook:  # type: ignore[no-untyped-def]
    values = dict(_rows(connection, "SELECT key, value FROM dataset_info"))
    signed_in, role, server_due = _who(connection, server_days)
    as_at, fresh = _state(connection, today)
    rows: tuple[SnapshotRow, ...] = ()
    if as_at is not None:
        see_exempt = allows(role, Permission.SEE_EXEMPT)
        rows = tuple(row for row in _snapshot_rows(connection) if see_exempt or not row.exempt)
    return FirstLook(values.get("name", ""), values.get("synthetic", ""), signed_in, role, server_due, as_at, fresh,
                     rows)


def _who(connection, server_days: int) -> tuple[bool, Role, bool]:  # type: ignore[no-untyped-def]
    """(someone is established, their role now, the server's login is due), as
    store/identity.laptop_identity and server_login_due read them."""
    found = _rows(connection, """
        SELECT li.role, m.role, m.withdrawn, li.how, li.established_at, li.last_server_contact
        FROM laptop_identity AS li LEFT JOIN member AS m ON m.uuid = li.member_uuid
        WHERE li.id = 1""")
    if not found:
        return False, Role.OBSERVER, False
    kept_role, member_role, withdrawn, how, established_at, last_contact = found[0]
    if withdrawn:
        return False, Role.OBSERVER, False  # no longer anyone this copy may act as
    role = _word(Role, member_role or kept_role) or Role.OBSERVER
    due = False
    if how == SERVER:
        last = _moment(last_contact) or _moment(established_at)
        due = last is None or datetime.now(UTC) - last > timedelta(days=server_days)
    return True, role, due


def _state(connection, today: date) -> tuple[date | None, bool]:  # type: ignore[no-untyped-def]
    state = _rows(connection, "SELECT as_at, version FROM overview_snapshot_state WHERE id = 1")
    if not state or state[0][1] != SNAPSHOT_VERSION:
        return None, False
    try:
        as_at = date.fromisoformat(str(state[0][0])[:10])
    except ValueError:
        return None, False
    dirty = _rows(connection, "SELECT 1 FROM overview_snapshot_dirty LIMIT 1")
    return as_at, as_at == today and not dirty


def _snapshot_rows(connection) -> list[SnapshotRow]:  # type: ignore[no-untyped-def]
    found = _rows(connection, """
        SELECT ref, title, kind, judged, rag, rag_reason, why, driver, indicators, headline, sparkline,
               trajectory, trajectory_text, open_notes, exempt, due_soon
        FROM overview_snapshot ORDER BY position, ref""")
    return [
        SnapshotRow(
            ref=str(ref), title=title or "", kind=_word(RequirementKind, kind), judged=_word(RequirementStatus, judged),
            rag=_word(RagStatus, rag), rag_reason=rag_reason or "", why=why or "", driver=driver or None,
            indicators=tuple(str(code) for code in _json_list(indicators)), headline=headline or "",
            sparkline=tuple(float(v) for v in _json_list(sparkline) if isinstance(v, (int, float))),
            trajectory=_word(TrajectoryStatus, trajectory), trajectory_text=trajectory_text or "",
            open_notes=int(open_notes or 0), exempt=bool(exempt), due_soon=bool(due_soon),
        )
        for (ref, title, kind, judged, rag, rag_reason, why, driver, indicators, headline, sparkline, trajectory,
             trajectory_text, open_notes, exempt, due_soon) in found
    ]


def _rows(connection, sql: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The rows of ``sql``; none where its table is not there (a file from before it)."""
    try:
        return connection.execute(sql).fetchall()
    except Exception as exc:  # sqlcipher3's OperationalError: "no such table"
        if "no such table" in str(exc):
            return []
        raise


def _word(vocabulary: type[E], value: object) -> E | None:
    try:
        return vocabulary(value) if value is not None else None
    except ValueError:
        return None


def _json_list(text: object) -> list:
    try:
        value = json.loads(text) if isinstance(text, str) and text else []
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
