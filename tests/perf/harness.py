"""Timing helpers for the benchmarks: medians of repeated runs, side by side with a baseline."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
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


HEADER = f"{'figure':<48} {'ours':>12} {'baseline':>12} {'ratio':>7}"


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
