"""A fingerprint of everything the engine says about a board: what the store loads, each
indicator as known at a date, every target's evaluation and every indicator's judgement.

Made by the code as it stood before the engine's hot loops were made lean (issue 15 item
2) and kept in ``engine_fingerprint.json``: every later change to the engine must say
exactly the same, down to the last float digit and word. Each entry is the SHA-256 of the
``repr`` of one indicator's records (a target's uuid and revisions included, which its
``repr`` leaves out), so a difference names the board, the day and the indicator.

Run ``BOARDAPP_KEY=... python -m tests.domain.engine_fingerprint`` to write the file again;
only ever from code known to be right.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from boardapp.domain.as_at import IndicatorView, view_as_at
from boardapp.domain.evaluation import evaluate_all, evaluate_view
from boardapp.domain.judgement import judge_indicator
from boardapp.domain.model import IndicatorData, Target
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.indicator_data import load_indicator_data
from tests.domain.mixed_board import DAYS as MIXED_DAYS
from tests.domain.mixed_board import mixed_board

FIXTURE = Path(__file__).with_name("engine_fingerprint.json")

# The stored boards and the days each is judged as at: the demo at its meetings (the May 2011
# review, the November 2011 notice update) and long after; the synthetic board mid-way,
# at a year's end and long after its last month (September 2026).
BOARDS: dict[str, tuple[str | None, tuple[date, ...]]] = {
    "demo": (None, (date(2009, 3, 31), date(2010, 6, 30), date(2011, 5, 20), date(2011, 11, 30), date(2030, 1, 1))),
    "typical": ("typical", (date(2025, 6, 30), date(2025, 12, 31), date(2026, 5, 20), date(2030, 1, 1))),
}
MIXED = "mixed"  # made in code, not stored: every corner the stored boards miss (tests/domain/mixed_board.py)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _history(targets: Sequence[Target]) -> str:
    """The targets' revisions; of their uuids (the demo's are new each time it is made)
    only whether each revision names its own target."""
    return repr([
        (t.uuid is not None, [(r.item_uuid == t.uuid, replace(r, item_uuid=None, uuid=None)) for r in t.revisions])
        for t in targets
    ])


def _loaded(data: IndicatorData) -> str:
    return repr(data) + _history(data.targets)


def _view(view: IndicatorView) -> str:
    measures = {name: series.in_order for name, series in view.measures.items()}
    return repr((view.indicator, view.series.in_order, view.targets, view.comparators, view.as_at, view.measure,
                 measures, view.thresholds, view.series.latest(), view.series.empty, _history(view.targets)))


def board_fingerprint(data: Sequence[IndicatorData], days: Sequence[date]) -> dict[str, str]:
    """Every indicator's digests: as loaded, and as at each day its view, its
    evaluations (as evaluate_all gives them) and its judgement."""
    found = {f"load {d.code}": _digest(_loaded(d)) for d in data}
    for day in days:
        evaluations = evaluate_all(data, day)
        views = [view_as_at(d, day) for d in data]
        series = {view.indicator.code: view.series for view in views}
        for view in views:
            code = view.indicator.code
            own = [e for e in evaluations if e.indicator_code == code]
            assert own == evaluate_view(view, series)
            judgement = judge_indicator(view, own)
            found[f"{day} view {code}"] = _digest(_view(view))
            found[f"{day} evaluations {code}"] = _digest(repr(own))
            found[f"{day} judgement {code}"] = _digest(repr(judgement) + judgement.says + judgement.unreported_words)
    return found


def load(path: Path) -> list[IndicatorData]:
    with open_database(path, read_only=True) as db, db.engine.connect() as connection:
        return load_indicator_data(connection)


def fingerprint(board: str, folder: Path) -> dict[str, str]:
    if board == MIXED:
        return board_fingerprint(mixed_board(), MIXED_DAYS)
    size, days = BOARDS[board]
    path = folder / f"{board}.sqlite"
    create_database(path, synthetic_size=size)
    return board_fingerprint(load(path), days)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        found = {board: fingerprint(board, Path(folder)) for board in (*BOARDS, MIXED)}
    FIXTURE.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE}: {sum(len(v) for v in found.values())} digests", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
