"""The engine says exactly what it said before it was made lean (issue 15 item 2): on the
demo board, the typical synthetic board and a board made in code to reach every
corner of the engine (tests/domain/mixed_board.py), as at several days, every indicator's loaded
records, view, evaluations and judgement match the fingerprint the earlier code made
(tests/domain/engine_fingerprint.py)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from boardapp.domain.as_at import view_as_at
from boardapp.domain.evaluation import evaluate_all
from tests.domain.engine_fingerprint import BOARDS, FIXTURE, MIXED, fingerprint
from tests.domain.mixed_board import DAYS as MIXED_DAYS
from tests.domain.mixed_board import mixed_board


@pytest.mark.parametrize("board", [*sorted(BOARDS), MIXED])
def test_the_engine_says_what_it_said_before(board, tmp_path):
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))[board]
    found = fingerprint(board, tmp_path)
    assert len(expected) > 100
    differing = sorted(key for key in expected.keys() | found.keys() if expected.get(key) != found.get(key))
    assert differing == []


def test_a_board_judged_day_after_day_says_what_a_fresh_one_says():
    """What the engine keeps on a loaded indicator between days (its readings in order,
    the series of the last day asked about) never leaks into another day's answer: days
    asked in any order, again and again, are judged as a freshly made board judges them."""
    kept = mixed_board()
    days = [MIXED_DAYS[i] for i in (3, 3, 0, 7, 3, 5, 5, 1, 7, 0, 6, 2, 2, 4, 3)]
    # The day before a reading was revised and the day of it: the same readings known,
    # one figure different.
    revised = sorted({r.revisions[-1].changed_at.date() for d in kept for r in d.readings if r.revisions})
    for day in revised[::10]:
        days += [day - timedelta(days=1), day, day - timedelta(days=1)]
    for day in days:
        fresh = mixed_board()
        assert repr(evaluate_all(kept, day)) == repr(evaluate_all(fresh, day))
        assert [repr(view_as_at(d, day)) for d in kept] == [repr(view_as_at(d, day)) for d in mixed_board()]
