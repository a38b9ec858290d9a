"""Migration 0009: a file at 0008 is backed up, climbs to 0009 with its rows kept, and
opens with its overview snapshot judged and its triggers in place; 0009 goes back down
to 0008 leaving nothing of the snapshot behind."""

from __future__ import annotations

from alembic import command

from boardapp.store import migrations
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from tests import raw
from tests.store.snapshot_checks import assert_current

SNAPSHOT_TABLES = {"overview_snapshot", "overview_snapshot_indicator", "overview_snapshot_state",
                   "overview_snapshot_dirty"}


def names(path, kind):
    con = raw.connect(path)
    try:
        return {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}
    finally:
        con.close()


def down_to_0008(path):
    engine = raw.engine(path)
    with engine.connect() as connection:
        connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # as migrations.upgrade does
        with connection.begin():
            config = migrations._config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0008")
    engine.dispose()


def test_a_file_at_0008_climbs_to_0009_and_opens_with_its_overview_judged(tmp_path):
    path = tmp_path / "board.sqlite"
    create_database(path)
    down_to_0008(path)
    assert not names(path, "table") & SNAPSHOT_TABLES
    assert not {name for name in names(path, "trigger") if name.startswith("overview_snapshot")}
    con = raw.connect(path)
    readings = con.execute("SELECT * FROM reading ORDER BY id").fetchall()
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0008",)
    con.close()

    with open_database(path) as database:
        assert database.revision == migrations.head_revision() == "0009"
        rows = assert_current(database)
        assert rows and any(row.rag is not None for row in rows)
    [backup] = migrations.backups_of(path)
    assert ".rev-0008." in backup.name
    assert names(path, "table") >= SNAPSHOT_TABLES
    triggers = {name for name in names(path, "trigger") if name.startswith("overview_snapshot")}
    assert {"overview_snapshot_reading_insert", "overview_snapshot_requirement_update",
            "overview_snapshot_annotation_delete", "overview_snapshot_revision_insert"} <= triggers
    con = raw.connect(path)
    assert con.execute("SELECT * FROM reading ORDER BY id").fetchall() == readings
    con.close()
