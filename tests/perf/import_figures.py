"""Figures for the readings import (issue 5): 54,000 readings from one sheet.

Ours: ``boardapp import-readings`` run in this process (every check, the plan, one
transaction of bulk writes) on a fresh copy of the large synthetic database, importing
54,000 new readings (SYN 001..SYN 300, months 1996-10..2011-09, before the synthetic
ones; 7,200 for the 40 indicators of the typical database). Baseline: openpyxl read-only, values-only iteration of the same sheet plus a raw
sqlite3 ``executemany`` of the same rows into a scratch table. Peak memory (tracemalloc,
measured in a separate run of each, since tracing slows the work) is on a line under it.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

from boardapp.__main__ import main
from boardapp.domain.periods import Period, month_index, month_of
from boardapp.domain.terms import Role
from tests.people import SETTER, sign_in_at
from tests.perf.harness import MemoryFigure, peak_bytes, plain_copy

FIRST_MONTH = (1996, 10)
MONTHS = 180
HEADER = ["Indicator", "Period", "Value", "Numerator", "Denominator", "Status", "Source", "Commentary"]


def indicators_of(database: Path) -> list[tuple[str, str]]:
    """(code, unit) of every indicator: 300 in the large synthetic database, 40 in the typical."""
    con = sqlite3.connect(f"file:{plain_copy(database)}?mode=ro", uri=True)
    try:
        return con.execute("SELECT code, unit FROM indicator ORDER BY code").fetchall()
    finally:
        con.close()


def write_sheet(path: Path, indicators: list[tuple[str, str]]) -> int:
    """180 months of readings of each indicator (54,000 for 300): percentages with their
    counts, counts without.

    Written in openpyxl's normal mode, so that the sheet records its dimension as Excel
    and LibreOffice do (a write-only sheet does not, and every read-only reader then
    parses the whole sheet once more just to size it)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Readings"
    sheet.append(HEADER)
    first = month_index(*FIRST_MONTH)
    rows = 0
    for n, (code, unit) in enumerate(indicators, start=1):
        for offset in range(MONTHS):
            period = Period.month(*month_of(first + offset)).code
            denominator = 200 + (n * 7 + offset) % 400
            numerator = denominator * (50 + (n + offset) % 45) // 100
            if unit == "percent":
                value = round(100 * numerator / denominator, 1)
                sheet.append([code, period, value, numerator, denominator, "validated", "perf", None])
            else:
                sheet.append([code, period, float(numerator), None, None, "validated", "perf", None])
            rows += 1
    workbook.save(path)
    return rows


def _ours(database: Path, sheet: Path, rows: int) -> None:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["import-readings", str(sheet), "--db", str(database)])  # as the copy's signed-in user
    if code != 0 or f": {rows} new" not in out.getvalue():
        raise RuntimeError(f"import-readings failed ({code}): {out.getvalue()[:500]}")


def _baseline(scratch: Path, sheet: Path, count: int) -> None:
    workbook = openpyxl.load_workbook(sheet, read_only=True)
    try:
        rows = list(workbook["Readings"].iter_rows(min_row=2, max_col=len(HEADER), values_only=True))
    finally:
        workbook.close()
    con = sqlite3.connect(scratch)
    try:
        con.execute(
            "CREATE TABLE scratch (indicator TEXT, period TEXT, value REAL, numerator REAL, denominator REAL, "
            "status TEXT, source TEXT, commentary TEXT)"
        )
        con.executemany("INSERT INTO scratch VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.commit()
    finally:
        con.close()
    if len(rows) != count:
        raise RuntimeError(f"baseline read {len(rows)} rows")


def _timed_pair(
    prepare: tuple[Callable[[], Path], Callable[[], Path]], work: tuple[Callable[[Path], None], Callable[[Path], None]], runs: int
) -> tuple[float, float]:
    """Median seconds of each ``work`` on a freshly prepared target (preparing is not
    timed), the two run in turn so that a busy machine weighs on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for side in (0, 1):
            target = prepare[side]()
            start = time.perf_counter()
            work[side](target)
            times[side].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def _peak(prepare: Callable[[], Path], work: Callable[[Path], None]) -> int:
    target = prepare()  # not traced
    return peak_bytes(lambda: work(target))


def import_54000(database_path: Path, runs: int) -> MemoryFigure:
    """Importing 54,000 new readings from one sheet into a copy of ``database_path``
    (the large synthetic database), against openpyxl read-only + raw sqlite3 insert."""
    with tempfile.TemporaryDirectory(prefix="boardapp-import-") as folder:
        work = Path(folder)
        sheet = work / "readings.xlsx"
        rows = write_sheet(sheet, indicators_of(database_path))
        counter = iter(range(10**6))
        signed = work / "signed.sqlite"
        shutil.copyfile(database_path, signed)
        sign_in_at(signed, SETTER, Role.SECRETARIAT)  # the import acts as the copy's signed-in user

        def fresh_database() -> Path:
            target = work / f"board-{next(counter)}.sqlite"
            shutil.copyfile(signed, target)
            return target

        def fresh_scratch() -> Path:
            return work / f"scratch-{next(counter)}.sqlite"

        ours, baseline = _timed_pair(
            (fresh_database, fresh_scratch), (lambda db: _ours(db, sheet, rows), lambda s: _baseline(s, sheet, rows)), runs
        )
        ours_peak = _peak(fresh_database, lambda db: _ours(db, sheet, rows))
        baseline_peak = _peak(fresh_scratch, lambda scratch: _baseline(scratch, sheet, rows))
    return MemoryFigure(
        f"import {rows:,} readings",
        ours,
        baseline,
        "openpyxl read-only values + sqlite3 executemany",
        ours_peak=ours_peak,
        baseline_peak=baseline_peak,
    )
