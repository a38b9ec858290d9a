"""The overview snapshot's tables (migration 0009's contract), written by the tests
themselves: the first paint (ui/first_paint.py) reads them with plain SQL.

Until the migration that keeps them is in the tree, :func:`write_snapshot` creates them
(if missing) and fills them from a fresh judgement (store/overview.build_overview), the
rows the snapshot must equal; a test may then mark the snapshot stale or old.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from boardapp.store.connection import open_database
from boardapp.store.database_key import database_key
from boardapp.store.encryption import connect
from boardapp.store.overview import OverviewRow, build_overview

TABLES = """
CREATE TABLE IF NOT EXISTS overview_snapshot (
    requirement_uuid TEXT PRIMARY KEY, position INTEGER, ref TEXT, title TEXT, kind TEXT, judged TEXT, rag TEXT,
    rag_reason TEXT, why TEXT, driver TEXT, indicators TEXT, headline TEXT, sparkline TEXT, trajectory TEXT,
    trajectory_text TEXT, open_notes INTEGER, exempt INTEGER, due_soon INTEGER);
CREATE TABLE IF NOT EXISTS overview_snapshot_state (id INTEGER PRIMARY KEY, as_at TEXT, built_at TEXT, version INTEGER);
CREATE TABLE IF NOT EXISTS overview_snapshot_dirty (requirement_uuid TEXT PRIMARY KEY);
"""


def write_snapshot(path: Path, *, as_at: date | None = None, version: int = 1, dirty: bool = False) -> list[OverviewRow]:
    """Fill the snapshot of ``path`` with the overview judged as at ``as_at`` (today),
    every requirement (exempt ones too, marked); returns the rows written."""
    as_at = as_at or date.today()
    database = open_database(path)
    try:
        with database.session() as session:
            rows = build_overview(session, as_at, include_exempt=True).rows
    finally:
        database.close()
    connection = connect(path, database_key(create=False))
    try:
        connection.executescript(TABLES)
        connection.execute("BEGIN")
        connection.execute("DELETE FROM overview_snapshot")
        connection.execute("DELETE FROM overview_snapshot_state")
        connection.execute("DELETE FROM overview_snapshot_dirty")
        connection.executemany(
            "INSERT INTO overview_snapshot VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_values(position, row) for position, row in enumerate(rows, start=1)],
        )
        connection.execute("INSERT INTO overview_snapshot_state VALUES (1, ?, ?, ?)",
                           (as_at.isoformat(), datetime.now().isoformat(), version))
        if dirty and rows:
            connection.execute("INSERT INTO overview_snapshot_dirty VALUES (?)", (rows[0].uuid.hex,))
        connection.execute("COMMIT")
    finally:
        connection.close()
    return rows


def _values(position: int, row: OverviewRow) -> tuple:
    judgement = row.judgement
    driver = judgement.driver.code if judgement is not None and judgement.driver is not None else None
    return (
        row.uuid.hex, position, row.ref, row.title, row.kind.value, row.judged.value if row.judged else None,
        row.rag.value if row.rag else None, row.rag_reason, judgement.reason if judgement is not None else "",
        driver, json.dumps(list(row.indicators)), row.headline, json.dumps(list(row.sparkline)),
        row.trajectory.value if row.trajectory else None, row.trajectory_text, row.open_notes, int(row.exempt),
        int(row.due_soon),
    )
