from __future__ import annotations

import bisect
from datetime import timedelta

import pytest

from boardapp.domain.terms import TrackedKind
from boardapp.store import history
from boardapp.store.connection import open_database
from boardapp.store.errors import StoreError
from boardapp.store.first_run import create_database
from tests import raw


def table_contents(path) -> dict[str, list[tuple]]:
    con = raw.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def test_same_seed_same_content(tmp_path):
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    create_database(first, synthetic_size="typical")
    create_database(second, synthetic_size="typical")
    a, b = table_contents(first), table_contents(second)
    assert a == b
    assert len(a["reading"]) == 40 * 24 and len(a["annotation"]) == 500 and len(a["action"]) == 150
    assert len(a["threshold"]) == 4
    assert len(a["revision"]) > 50  # the items' history: same seed, same revisions


def test_the_typical_board_has_a_history_between_its_meetings(tmp_path):
    """Actions moved and slipped, targets were revised and requirements re-judged, each on a
    day after one meeting and by the next, by the secretariat, saying why; replayed from
    the day before its first revision, every item's revisions end at its row as it stands."""
    path = tmp_path / "typical.sqlite"
    create_database(path, synthetic_size="typical")
    with open_database(path, read_only=True) as db, db.engine.connect() as connection:
        meetings = sorted(r[0] for r in connection.exec_driver_sql("SELECT held_on FROM meeting"))
        found = {}
        for kind in (TrackedKind.ACTION, TrackedKind.TARGET, TrackedKind.REQUIREMENT):
            changes = history.changes_of(connection, kind)
            found[kind] = changes
            now = history.rows_as_at(connection, kind, None)
            for item, revisions in changes.items():
                state = history.rows_as_at(connection, kind, revisions[0].effective_on - timedelta(days=1))[item]
                for revision in revisions:
                    assert revision.reason and revision.changed_by.startswith("Synthetic secretariat")
                    day = revision.effective_on.isoformat()
                    assert 0 < bisect.bisect_left(meetings, day) < len(meetings), day  # between two meetings
                    for name, (old, new) in revision.changes.items():
                        assert state[name] == old, (kind, item, name)
                        state[name] = new
                assert state == now[item]
    moves = [c for changes in found[TrackedKind.ACTION].values() for c in changes]
    assert len(found[TrackedKind.ACTION]) > 40 and len(moves) > len(found[TrackedKind.ACTION])
    assert any(c.new("status") == "complete" for c in moves if "status" in c.changes)
    slipped = [c for c in moves if "due_on" in c.changes]
    assert slipped and all(c.old("due_on") < c.new("due_on") for c in slipped)
    assert found[TrackedKind.TARGET] and all(
        set(c.changes) == {"value"} for changes in found[TrackedKind.TARGET].values() for c in changes)
    assert found[TrackedKind.REQUIREMENT]


def test_the_large_database_has_the_promised_scale(tmp_path):
    path = tmp_path / "large.sqlite"
    create_database(path, synthetic_size="large")
    con = raw.connect(path)
    count = lambda table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert (count("indicator"), count("reading"), count("action"), count("annotation")) == (300, 54000, 2000, 20000)
    assert count("reading_revision") > 1000
    kinds = {r[0] for r in con.execute("SELECT DISTINCT item_kind FROM revision")}
    assert count("revision") > 1000 and kinds == {"action", "target", "requirement"}
    lengths = [r[0] for r in con.execute("SELECT length(text) FROM annotation")]
    assert 180 <= sum(lengths) / len(lengths) <= 220
    assert con.execute("SELECT value FROM dataset_info WHERE key = 'synthetic'").fetchone() == ("large",)
    # Every percentage reading agrees with its own numerator and denominator.
    worst = con.execute(
        "SELECT max(abs(value - 100.0 * numerator / denominator)) FROM reading WHERE denominator > 0"
    ).fetchone()[0]
    assert worst < 0.051


def test_an_existing_file_is_never_overwritten(tmp_path):
    path = tmp_path / "mine.sqlite"
    path.write_bytes(b"my work")
    with pytest.raises(StoreError, match="already there"):
        create_database(path, synthetic_size="typical")
    assert path.read_bytes() == b"my work"
