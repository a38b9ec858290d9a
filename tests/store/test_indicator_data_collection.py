"""Loading every indicator pauses Python's garbage collector while it makes the records
(issue 15) and leaves it as it found it: running after a load, a failed one too, and
still paused when the caller had paused it."""

from __future__ import annotations

import gc

import pytest
from sqlalchemy.exc import ResourceClosedError

from boardapp.store.indicator_data import load_indicator_data


def test_a_load_leaves_the_collector_running_and_pauses_it_meanwhile(db):
    seen = []

    def watch(phase, info):  # the collector reports each collection it makes
        seen.append(phase)

    with db.engine.connect() as connection:
        assert gc.isenabled()
        gc.callbacks.append(watch)
        try:
            gc.collect()
            seen.clear()
            data = load_indicator_data(connection)
        finally:
            gc.callbacks.remove(watch)
    assert len(data) > 10 and sum(len(d.readings) for d in data) > 100
    assert seen == []  # no collection while the records were made
    assert gc.isenabled()


def test_a_caller_who_paused_the_collector_finds_it_still_paused(db):
    with db.engine.connect() as connection:
        gc.disable()
        try:
            load_indicator_data(connection)
            assert not gc.isenabled()
        finally:
            gc.enable()


def test_a_failed_load_starts_the_collector_again(db):
    connection = db.engine.connect()
    connection.close()
    with pytest.raises(ResourceClosedError):
        load_indicator_data(connection)
    assert gc.isenabled()
