"""Figures for the store (issue 2): cold start of ``boardapp check``, latest readings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from boardapp.store.connection import open_database
from boardapp.store.readings import LATEST_READINGS_SQL, latest_readings
from tests.perf.harness import Figure, command_seconds, median_seconds, plain_copy, python


def check_cold_start(database: Path, runs: int) -> Figure:
    ours = command_seconds(python("-m", "boardapp", "check", "--db", str(database)), runs)
    baseline = command_seconds(python("-c", "import sqlalchemy"), runs)
    return Figure(f"cold start: boardapp check ({database.stem})", ours, baseline, 'python -c "import sqlalchemy"')


def latest_of_every_indicator(database: Path, runs: int) -> Figure:
    with open_database(database, read_only=True) as db, db.engine.connect() as connection:
        count = len(latest_readings(connection))
        ours = median_seconds(lambda: latest_readings(connection), runs)
    raw = sqlite3.connect(f"file:{plain_copy(database)}?mode=ro", uri=True)
    try:
        assert len(raw.execute(LATEST_READINGS_SQL).fetchall()) == count
        baseline = median_seconds(lambda: raw.execute(LATEST_READINGS_SQL).fetchall(), runs)
    finally:
        raw.close()
    return Figure(f"latest reading of all {count} indicators", ours, baseline, "raw sqlite3, same query")
