"""Timing helpers for the benchmarks: medians of repeated runs, side by side with a baseline."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    name: str
    ours: float
    baseline: float
    baseline_name: str

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        return (
            f"{self.name:<48} {self.ours * 1000:>9.1f} ms {self.baseline * 1000:>9.1f} ms "
            f"{self.ratio:>6.2f}x  (baseline: {self.baseline_name})"
        )


@dataclass(frozen=True)
class MemoryFigure(Figure):
    """A timing with the peak memory of one run of each side (:func:`peak_bytes`),
    printed on a line of its own under it."""

    ours_peak: int = 0
    baseline_peak: int = 0

    def line(self) -> str:
        ratio = self.ours_peak / self.baseline_peak if self.baseline_peak else float("inf")
        return (f"{super().line()}\n{'':<48} peak memory: ours {_mb(self.ours_peak)} MB, "
                f"baseline {_mb(self.baseline_peak)} MB (ours/baseline {ratio:.2f})")


def _mb(size: int) -> str:
    """Whole megabytes, or tenths under ten (a streaming COPY holds almost nothing)."""
    return f"{size / 2**20:,.0f}" if size >= 10 * 2**20 else f"{size / 2**20:.1f}"


HEADER = f"{'figure':<48} {'ours':>12} {'baseline':>12} {'ratio':>7}"


def peak_bytes(work: Callable[[], object]) -> int:
    """The most memory Python objects held at once during one run of ``work``
    (tracemalloc: Python's own allocations, SQLite's page cache not among them). A run
    of its own, apart from the timed ones, since tracing slows the work down."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_seconds(argv: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of a fresh process, the way a person starting it waits for it."""

    def once() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)

    once()  # warm the file cache, as a second start on a laptop would be
    return median_seconds(once, runs)


def python(*code: str) -> list[str]:
    return [sys.executable, *code]


def plain_copy(database: Path) -> Path:
    """An unencrypted copy of the app's (encrypted) database beside it, made once: the
    baselines read it with plain sqlite3, the bare stack the app's figures are set against."""
    from boardapp.store import encryption
    from boardapp.store.database_key import database_key

    copy = database.with_name(database.stem + ".plain.sqlite")
    if not copy.exists():
        con = encryption.connect(database, database_key(create=False), read_only=True)
        try:
            con.execute("ATTACH DATABASE ? AS plain KEY ''", (str(copy),))
            con.execute("SELECT sqlcipher_export('plain')")
            con.execute("DETACH DATABASE plain")
        finally:
            con.close()
    return copy
