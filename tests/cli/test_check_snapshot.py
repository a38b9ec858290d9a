"""``boardapp check`` and the overview snapshot: a stale or missing one is judged again
(and said so), a fresh one is left byte for byte, and a file with problems is never
written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from tests import raw
from tests.cli.running import run
from tests.conftest import file_digest
from tests.store.snapshot_checks import assert_current

YESTERDAY = (date.today() - timedelta(1)).isoformat()


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.sqlite"
    create_database(path)
    return path


def sql(path, *statements):
    con = raw.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def test_a_snapshot_judged_yesterday_is_rebuilt_as_at_today(demo, capsys):
    sql(demo, f"UPDATE overview_snapshot_state SET as_at = '{YESTERDAY}'",
        "UPDATE overview_snapshot SET headline = 'stale'")
    code, out, _ = run(capsys, "check", "--db", demo)
    assert code == 0
    assert "note: the overview snapshot was judged as at " in out and "rebuilt as at " in out
    with open_database(demo) as database:
        assert all(row.headline != "stale" for row in assert_current(database))


def test_a_missing_snapshot_and_one_changed_behind_the_apps_back_are_rebuilt(demo, capsys):
    sql(demo, "DELETE FROM overview_snapshot_state", "DELETE FROM overview_snapshot")
    code, out, _ = run(capsys, "check", "--db", demo)
    assert code == 0 and "note: the overview snapshot was missing: rebuilt as at " in out
    sql(demo, "UPDATE reading SET value = 12.5 WHERE id = (SELECT min(id) FROM reading)")  # the triggers mark it
    code, out, _ = run(capsys, "check", "--db", demo)
    assert code == 0 and "was out of date (changes since it was judged): rebuilt" in out
    with open_database(demo) as database:
        assert_current(database)


def test_a_fresh_snapshot_is_left_byte_for_byte(demo, capsys):
    digest = file_digest(demo)
    code, out, _ = run(capsys, "check", "--db", demo)
    assert code == 0 and "overview snapshot" not in out
    assert file_digest(demo) == digest


def test_a_file_with_problems_is_not_written(demo, capsys):
    sql(demo, f"UPDATE overview_snapshot_state SET as_at = '{YESTERDAY}'", "PRAGMA foreign_keys = OFF",
        "UPDATE reading SET indicator_id = 999999 WHERE id = (SELECT min(id) FROM reading)")
    digest = file_digest(demo)
    code, _, err = run(capsys, "check", "--db", demo)
    assert code == 2 and "overview snapshot" not in err
    assert file_digest(demo) == digest
