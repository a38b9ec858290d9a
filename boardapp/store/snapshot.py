"""The overview snapshot: the overview's rows as judged as at one day, stored in the
file so that the window can paint the board before it has judged anything, and kept
up to date in the same transaction as every change that affects it.

The tables (migration 0009, store/models/snapshot.py) are a contract with the window's
first paint, which reads them with plain sqlcipher3 (no SQLAlchemy):

* ``overview_snapshot``: one row per requirement, the :class:`OverviewRow` fields in
  plain words (enum values, JSON lists, 0/1), judged with exempt requirements included
  (``include_exempt=True``; a reader leaves out the ``exempt`` rows for a role that may
  not see them), ordered by ``position``;
* ``overview_snapshot_state``: one row, the day the rows were judged as at, when, and
  the layout's ``version`` (a reader ignores a version it does not know);
* ``overview_snapshot_dirty``: what changed since (``indicator`` or ``requirement``
  ids), marked by triggers on every table a row rests on.

The snapshot is FRESH when the state row exists, its version is :data:`VERSION`, it was
judged as at today (the computer's date) and nothing is marked. The session and
connection hook (store/snapshot_hooks.py) calls :func:`refresh` before each commit: it
re-judges only the marked indicators' requirements and the marked requirements
(``build_overview(..., requirements=...)``, the same code that judges the whole board),
rewrites their rows and clears the marks (issue 15 item 2). A snapshot judged as at
an earlier day is left as it is (every row moves with the date): :func:`rebuild`
judges it whole: when the window shows today's board on a writable copy
(:func:`load_overview`), when ``boardapp check`` finds it stale, and when a database
is made or migrated. ``boardapp status`` (read-only) reads it when fresh
(``overview_snapshot_indicator`` holds its indicator lines) and judges otherwise.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, insert, inspect, select
from sqlalchemy.orm import Session

from boardapp.domain.judgement import Judgement
from boardapp.domain.terms import RagStatus, RequirementKind, RequirementStatus, TrajectoryStatus
from boardapp.store.indicator_data import load_indicator_data
from boardapp.store.models import Indicator, Requirement, requirement_indicator
from boardapp.store.models.snapshot import (
    overview_snapshot,
    overview_snapshot_dirty,
    overview_snapshot_indicator,
    overview_snapshot_state,
)
from boardapp.store.overview import Overview, OverviewRow, build_overview

if TYPE_CHECKING:
    from boardapp.store.connection import Database

VERSION = 1

_S = overview_snapshot
_STATE = overview_snapshot_state
_LINES = overview_snapshot_indicator
_DIRTY = overview_snapshot_dirty

# Past this share of the board's requirements marked, re-judging them one set at a time
# costs as much as judging the board whole, which reads each table once.
WHOLE_SHARE = 0.5


def has_snapshot(connection: Connection) -> bool:
    """The file has the snapshot's tables (migration 0009; a file from before it, opened
    read-only and so not migrated, has none). Kept on the connection once found."""
    known = connection.info.get(_HAS_SNAPSHOT)
    if known is None:
        known = connection.info[_HAS_SNAPSHOT] = inspect(connection).has_table("overview_snapshot_state")
    return known


def state(connection: Connection) -> tuple[date, int] | None:
    """The day the rows were judged as at and the layout's version; None: never built."""
    row = connection.execute(select(_STATE.c.as_at, _STATE.c.version).where(_STATE.c.id == 1)).first()
    return None if row is None else (date.fromisoformat(row.as_at), row.version)


def marked(connection: Connection) -> bool:
    """Something changed since the rows were judged."""
    return connection.execute(select(1).select_from(_DIRTY).limit(1)).first() is not None


def is_fresh(connection: Connection, today: date | None = None) -> bool:
    """The rows are today's judgement: built, as at ``today``, in this layout, nothing marked."""
    if not has_snapshot(connection):
        return False
    stood = state(connection)
    return stood == ((today or date.today()), VERSION) and not marked(connection)


def read_rows(connection: Connection, *, include_exempt: bool = True) -> list[OverviewRow]:
    """The stored rows as overview rows, in the overview's order (``why`` and ``driver``
    as judged; no ``judgement``)."""
    query = select(_S).order_by(_S.c.position)
    if not include_exempt:
        query = query.where(_S.c.exempt == 0)
    rows = [_row(stored) for stored in connection.execute(query)]
    return _in_overview_order(connection, rows)


def read_overview(connection: Connection, as_at: date, *, include_exempt: bool = True) -> Overview:
    """The stored rows as an :class:`Overview` as at ``as_at`` (no indicator judgements)."""
    return Overview(as_at=as_at, rows=read_rows(connection, include_exempt=include_exempt))


def load_overview(database: Database, as_at: date, *, include_exempt: bool = True) -> Overview:
    """The overview as at ``as_at`` for the window (ui/overview_view.py): as at today,
    the stored rows when they are fresh (those ``include_exempt`` allows); otherwise
    judged, and, as at today on a writable copy, stored as the new snapshot (judged and
    stored in one writing transaction, so no change can fall between the two). Read
    from the snapshot, the overview has no indicator judgements (``judgements`` None)."""
    if as_at == date.today():
        with database.engine.connect() as connection:
            if is_fresh(connection, as_at):
                return read_overview(connection, as_at, include_exempt=include_exempt)
            storing = not database.read_only and has_snapshot(connection)
        if storing:
            with database.engine.begin() as connection:
                overview = rebuild(connection, as_at)
            rows = [row for row in overview.rows if include_exempt or not row.exempt]
            return Overview(as_at=as_at, rows=rows, judgements=overview.judgements)
    with database.session() as session:
        return build_overview(session, as_at, include_exempt=include_exempt)


def rebuild(connection: Connection, today: date | None = None, *, built_at: str | None = None) -> Overview:
    """Judge the whole board as at ``today`` (exempt requirements included) and store
    it; the marks are cleared. Inside the caller's (writing) transaction. ``built_at``:
    see :func:`store`."""
    today = today or date.today()
    with Session(bind=connection) as session:
        overview = build_overview(session, today, include_exempt=True)
    store(connection, overview, built_at=built_at)
    return overview


def indicator_rows(connection: Connection) -> list[object]:
    """What ``boardapp status`` says of each indicator with a target (the columns of
    store/status.IndicatorLine, ``thresholds`` as JSON), in no particular order."""
    return list(connection.execute(select(_LINES)))


def store(connection: Connection, overview: Overview, *, built_at: str | None = None) -> None:
    """Replace the snapshot with ``overview`` (judged with exempt requirements included,
    every indicator's judgement in ``judgements``). ``built_at``: when, as an ISO moment
    in UTC (default now; a new database says the start of its day, so that two files
    made alike are alike byte for byte)."""
    connection.execute(delete(_S))
    _write(connection, overview.rows)
    connection.execute(delete(_LINES))
    _write_lines(connection, (overview.judgements or {}).values())
    connection.execute(delete(_STATE))
    connection.execute(insert(_STATE), {"id": 1, "as_at": overview.as_at.isoformat(),
                                        "built_at": built_at or _now(), "version": VERSION})
    connection.execute(delete(_DIRTY))


def refresh(connection: Connection) -> int | None:
    """Re-judge what the marks name and rewrite those rows, then clear the marks: the
    requirements marked, and those the marked indicators feed. Nothing when nothing is
    marked, or when the snapshot was never built or is of another day or layout (it is
    rebuilt whole when next read as at today). The number of requirements re-judged
    (None: nothing done)."""
    if not marked(connection):
        return None
    today = date.today()
    if state(connection) != (today, VERSION):
        return None
    marks = connection.execute(select(_DIRTY.c.kind, _DIRTY.c.item_id)).all()
    indicators = [item for kind, item in marks if kind == "indicator"]
    wanted = {item for kind, item in marks if kind == "requirement"}
    if indicators:
        link = requirement_indicator.c
        wanted.update(connection.execute(
            select(link.requirement_id).where(link.indicator_id.in_(indicators))).scalars())
    present = {row_id: key for row_id, key in connection.execute(select(Requirement.id, Requirement.uuid))}
    if len(wanted) > WHOLE_SHARE * max(len(present), 1):
        rebuild(connection, today)
        return len(present)
    judged = [r for r in wanted if r in present]
    codes = dict(connection.execute(select(Indicator.id, Indicator.code)).all())
    marked_codes = {codes[i] for i in indicators if i in codes}
    link = requirement_indicator.c
    fed = set(connection.execute(
        select(Indicator.code).join(requirement_indicator, link.indicator_id == Indicator.id)
        .where(link.requirement_id.in_(judged))).scalars()) if judged else set()
    data = load_indicator_data(connection, marked_codes | fed)
    with Session(bind=connection) as session:
        now = build_overview(session, today, include_exempt=True, requirements=judged, data=data)
    gone = {str(key) for key in connection.execute(select(_S.c.requirement_uuid)).scalars()} - {
        str(key) for key in present.values()}
    replaced = [str(present[r]) for r in judged] + sorted(gone)
    if replaced:
        connection.execute(delete(_S).where(_S.c.requirement_uuid.in_(replaced)))
    _write(connection, now.rows)
    # Indicators' lines: the marked ones judged again, and any of a code no longer held.
    stale = marked_codes | (set(connection.execute(select(_LINES.c.code)).scalars()) - set(codes.values()))
    if stale:
        connection.execute(delete(_LINES).where(_LINES.c.code.in_(stale)))
    _write_lines(connection, [(now.judgements or {}).get(code) for code in marked_codes])
    connection.execute(delete(_DIRTY))
    return len(wanted)


def _write(connection: Connection, rows: Iterable[OverviewRow]) -> None:
    values = [_plain(row) for row in rows]
    if values:
        connection.execute(insert(_S), values)


def _write_lines(connection: Connection, judgements: Iterable[Judgement | None]) -> None:
    from boardapp.store.status import indicator_line  # status reads this module

    values = []
    for judgement in judgements:
        if judgement is not None and judgement.status is not None:
            line = indicator_line(judgement)
            values.append({**line.as_json(), "thresholds": json.dumps(list(line.thresholds))})
    if values:
        connection.execute(insert(_LINES), values)


def _plain(row: OverviewRow) -> dict[str, object]:
    return {
        "requirement_uuid": str(row.uuid),
        "position": row.position,
        "ref": row.ref,
        "title": row.title,
        "kind": row.kind.value,
        "judged": None if row.judged is None else row.judged.value,
        "rag": None if row.rag is None else row.rag.value,
        "rag_reason": row.rag_reason,
        "why": row.why,
        "driver": row.driver,
        "indicators": json.dumps(list(row.indicators)),
        "headline": row.headline,
        "sparkline": json.dumps([float(v) for v in row.sparkline]),
        "trajectory": None if row.trajectory is None else row.trajectory.value,
        "trajectory_text": row.trajectory_text,
        "open_notes": row.open_notes,
        "exempt": int(row.exempt),
        "due_soon": int(row.due_soon),
    }


def _row(stored: object) -> OverviewRow:
    s = stored  # a result row of overview_snapshot
    return OverviewRow(
        uuid=uuid.UUID(s.requirement_uuid),  # type: ignore[attr-defined]
        position=s.position,  # type: ignore[attr-defined]
        ref=s.ref,  # type: ignore[attr-defined]
        title=s.title,  # type: ignore[attr-defined]
        kind=RequirementKind(s.kind),  # type: ignore[attr-defined]
        judged=None if s.judged is None else RequirementStatus(s.judged),  # type: ignore[attr-defined]
        rag=None if s.rag is None else RagStatus(s.rag),  # type: ignore[attr-defined]
        rag_reason=s.rag_reason,  # type: ignore[attr-defined]
        indicators=tuple(json.loads(s.indicators)),  # type: ignore[attr-defined]
        headline=s.headline,  # type: ignore[attr-defined]
        sparkline=tuple(json.loads(s.sparkline)),  # type: ignore[attr-defined]
        trajectory=None if s.trajectory is None else TrajectoryStatus(s.trajectory),  # type: ignore[attr-defined]
        trajectory_text=s.trajectory_text,  # type: ignore[attr-defined]
        open_notes=s.open_notes,  # type: ignore[attr-defined]
        exempt=bool(s.exempt),  # type: ignore[attr-defined]
        due_soon=bool(s.due_soon),  # type: ignore[attr-defined]
        why=s.why,  # type: ignore[attr-defined]
        driver=s.driver,  # type: ignore[attr-defined]
    )


def _in_overview_order(connection: Connection, rows: list[OverviewRow]) -> list[OverviewRow]:
    """Rows sharing a position (requirements of two notices) in the overview's order,
    which breaks the tie by the requirement's id."""
    positions = [row.position for row in rows]
    if len(set(positions)) == len(positions):
        return rows
    ids = {str(key): row_id for row_id, key in connection.execute(select(Requirement.id, Requirement.uuid))}
    return sorted(rows, key=lambda row: (row.position, ids.get(str(row.uuid), 0)))


def start_of(day: date) -> str:
    """The first moment of ``day`` in UTC, as ``built_at`` says it."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat(timespec="seconds")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_HAS_SNAPSHOT = "boardapp_has_overview_snapshot"
