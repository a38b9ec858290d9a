"""Figures for the domain engine (issue 3): every target of the large synthetic database
judged as at a date, against a plain loop that only reads the same values; and every
indicator loaded as domain records, against raw sqlite3 reading the readings, with the
peak memory (tracemalloc) of one more run of each."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from boardapp.domain.evaluation import evaluate_all
from boardapp.domain.model import IndicatorData
from boardapp.store.connection import open_database
from boardapp.store.indicator_data import load_indicator_data
from tests.perf.harness import Figure, MemoryFigure, median_seconds, peak_bytes, plain_copy

PAST = date(2025, 6, 30)


def _read_everything(data: list[IndicatorData], day: date) -> float:
    """The baseline: touch every reading, revision and target once, judge nothing."""
    total = 0.0
    for indicator in data:
        for reading in indicator.readings:
            if reading.known_on is None or reading.known_on <= day:
                total += reading.value or 0.0
                for revision in reading.revisions:
                    total += revision.new_value or 0.0
        for target in indicator.targets:
            total += target.value
    return total


def evaluate_every_target(database: Path, runs: int) -> list[Figure]:
    with open_database(database, read_only=True) as db, db.engine.connect() as connection:
        data = load_indicator_data(connection)
    figures = []
    for label, day in (("today", date.today()), (f"as at {PAST}", PAST)):
        count = len(evaluate_all(data, day))
        ours = median_seconds(lambda day=day: evaluate_all(data, day), runs)
        baseline = median_seconds(lambda day=day: _read_everything(data, day), runs)
        figures.append(Figure(f"evaluate all {count} targets, {label}", ours, baseline, "plain loop reading the values"))
    return figures


def load_as_domain_records(database: Path, runs: int) -> MemoryFigure:
    with open_database(database, read_only=True) as db, db.engine.connect() as connection:
        ours = median_seconds(lambda: load_indicator_data(connection), runs)
        ours_peak = peak_bytes(lambda: load_indicator_data(connection))
    raw = sqlite3.connect(f"file:{plain_copy(database)}?mode=ro", uri=True)  # the bare stack: unencrypted
    try:
        baseline = median_seconds(lambda: raw.execute("SELECT * FROM reading").fetchall(), runs)
        baseline_peak = peak_bytes(lambda: raw.execute("SELECT * FROM reading").fetchall())
    finally:
        raw.close()
    return MemoryFigure("load every indicator as domain records", ours, baseline, "raw sqlite3 SELECT * FROM reading",
                        ours_peak=ours_peak, baseline_peak=baseline_peak)
