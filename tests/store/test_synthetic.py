from __future__ import annotations

import pytest

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


def test_the_large_database_has_the_promised_scale(tmp_path):
    path = tmp_path / "large.sqlite"
    create_database(path, synthetic_size="large")
    con = raw.connect(path)
    count = lambda table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert (count("indicator"), count("reading"), count("action"), count("annotation")) == (300, 54000, 2000, 20000)
    assert count("reading_revision") > 1000
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
