"""The engine says exactly what it said before it was made lean (issue 15 item 2): on the
demo board, the typical synthetic board and a board made in code to reach every
corner of the engine (tests/domain/mixed_board.py), as at several days, every indicator's loaded
records, view, evaluations and judgement match the fingerprint the earlier code made
(tests/domain/engine_fingerprint.py)."""

from __future__ import annotations

import json

import pytest

from tests.domain.engine_fingerprint import BOARDS, FIXTURE, MIXED, fingerprint


@pytest.mark.parametrize("board", [*sorted(BOARDS), MIXED])
def test_the_engine_says_what_it_said_before(board, tmp_path):
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))[board]
    found = fingerprint(board, tmp_path)
    assert len(expected) > 100
    differing = sorted(key for key in expected.keys() | found.keys() if expected.get(key) != found.get(key))
    assert differing == []
