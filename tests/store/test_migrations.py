"""The schema ladder: empty to head, a backup before climbing, refusal of the unknown."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from boardapp.domain.terms import TargetBasis, ToleranceKind
from boardapp.store import migrations
from boardapp.store.connection import open_database
from boardapp.store.database_key import database_key
from boardapp.store.errors import DatabaseTooNew
from boardapp.store.models import Base, Indicator, Reading, Target
from tests import raw
from tests.conftest import file_digest


def test_empty_to_head_creates_every_table_the_models_declare(tmp_path):
    path = tmp_path / "new.sqlite"
    with open_database(path, create=True) as db:
        assert db.revision == migrations.head_revision()
        tables = set(inspect(db.engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert migrations.known_revisions()[0] == "0001"


def make_revision_0001_file(path):
    engine = raw.engine(path)
    migrations.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO indicator (id, code, title, unit, polarity, frequency, decimals, description, source,"
            " uuid, created_at, updated_at) VALUES (1, 'NI 59', 'Initial assessments', 'percent', 'higher',"
            " 'monthly', 1, '', '003', '0123456789abcdef0123456789abcdef', '2011-11-01 00:00:00',"
            " '2011-11-01 00:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO reading (id, indicator_id, period, period_start, period_end, value, status, source,"
            " commentary, entered_by, uuid, created_at, updated_at) VALUES (1, 1, '2011-08', '2011-08-01',"
            " '2011-08-31', 80.5, 'validated', '003', '', '', 'fedcba9876543210fedcba9876543210',"
            " '2011-11-01 00:00:00', '2011-11-01 00:00:00')"
        )
    engine.dispose()


def test_an_older_file_is_backed_up_then_migrated_with_its_rows_kept(tmp_path):
    path = tmp_path / "old.sqlite"
    make_revision_0001_file(path)
    before = raw.connect(path).execute("SELECT count(*) FROM reading").fetchone()

    with open_database(path) as db:
        assert db.revision == migrations.head_revision() != "0001"
        with db.session() as session:
            indicator = session.scalars(select(Indicator)).one()
            assert indicator.tolerance_kind is ToleranceKind.ABSOLUTE
            assert session.scalars(select(Reading)).one().value == 80.5

    backups = migrations.backups_of(path)
    assert len(backups) == 1 and ".rev-0001." in backups[0].name
    copy = raw.connect(backups[0])
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert copy.execute("SELECT count(*) FROM reading").fetchone() == before


def test_only_the_newest_backups_are_kept(tmp_path):
    path = tmp_path / "old.sqlite"
    make_revision_0001_file(path)
    for _ in range(migrations.BACKUPS_KEPT + 2):
        migrations.backup(path, "0001", database_key())
    assert len(migrations.backups_of(path)) == migrations.BACKUPS_KEPT


def test_a_database_from_a_newer_app_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite"
    with open_database(path, create=True):
        pass
    con = raw.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    digest = file_digest(path)

    with pytest.raises(DatabaseTooNew, match="written by a newer Board App .*0099"):
        open_database(path)
    assert file_digest(path) == digest
    assert migrations.backups_of(path) == []


def test_the_ladder_read_from_the_files_is_the_one_alembic_walks():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations._config())
    assert list(migrations.known_revisions()) == [s.revision for s in reversed(list(script.walk_revisions()))]
    assert migrations.head_revision() == script.get_current_head()


def test_opening_a_database_at_head_does_not_load_alembic(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "board.sqlite"
    with open_database(path, create=True):
        pass
    code = (
        "import sys; from boardapp.store.connection import open_database; "
        f"open_database({str(path)!r}).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


TARGET_ROW = (
    "INSERT INTO target (indicator_id, value, basis, period, period_start, period_end, known_on, note, source,"
    " uuid, created_at, updated_at) VALUES (1, {value}, '{basis}', '2011-04', '2011-04-01', '2011-04-30',"
    " '2011-03-01', 'the plan', '003', '{uuid}', '2011-11-01 00:00:00', '2011-11-01 00:00:00')"
)


def make_revision_0004_file(path):
    """A database at 0004 with an indicator, a target and a reading."""
    make_revision_0001_file(path)
    engine = raw.engine(path)
    migrations.upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.exec_driver_sql(TARGET_ROW.format(value=72.0, basis="period", uuid="1" * 32))
    engine.dispose()


def test_a_database_at_0004_migrates_to_0005_with_its_rows_kept_and_the_new_columns_filled(tmp_path):
    path = tmp_path / "at-0004.sqlite"
    make_revision_0004_file(path)
    con = raw.connect(path)
    target_before = con.execute("SELECT * FROM target").fetchall()
    reading_before = con.execute("SELECT * FROM reading").fetchall()
    con.close()

    with open_database(path) as db:
        assert db.revision == migrations.head_revision()  # 0005 and every step after it
    backups = migrations.backups_of(path)
    assert len(backups) == 1 and ".rev-0004." in backups[0].name
    assert raw.connect(backups[0]).execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)

    con = raw.connect(path)
    columns = lambda table: [r[1] for r in con.execute(f"PRAGMA table_info({table})")]  # noqa: E731
    # Every old column kept its value; each new one is '' (the server default).
    target_after = con.execute(f"SELECT {', '.join(columns('target'))} FROM target").fetchall()
    assert [row[: len(target_before[0])] for row in target_after] == target_before
    assert con.execute("SELECT set_by FROM target").fetchall() == [("",)]
    reading_after = con.execute("SELECT * FROM reading").fetchall()
    assert [row[: len(reading_before[0])] for row in reading_after] == reading_before
    assert con.execute("SELECT measure FROM reading").fetchall() == [("",)]
    assert con.execute("SELECT tolerance_set_by, narrative_phrase, volume_phrase FROM indicator").fetchall() == [
        ("", "", "")
    ]
    assert con.execute("SELECT count(*) FROM threshold").fetchone() == (0,)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    # The reading keeps its one-per-period key.
    with pytest.raises(raw.IntegrityError, match="UNIQUE"):
        con.execute("INSERT INTO reading SELECT * FROM reading")
    # A standing target is taken; a word that is not a basis is still refused.
    con.execute(TARGET_ROW.format(value=85.0, basis="standing", uuid="2" * 32))
    with pytest.raises(raw.IntegrityError, match="ck_target_targetbasis"):
        con.execute(TARGET_ROW.format(value=85.0, basis="rolling", uuid="3" * 32))
    con.commit()
    con.close()

    with open_database(path) as db, db.session() as session:
        target = session.scalars(select(Target).where(Target.basis == TargetBasis.STANDING)).one()
        assert (target.value, target.set_by) == (85.0, "")


def test_0005_downgrades_to_0004(tmp_path):
    from alembic import command

    path = tmp_path / "down.sqlite"
    make_revision_0004_file(path)
    engine = raw.engine(path)
    migrations.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(TARGET_ROW.format(value=85.0, basis="standing", uuid="2" * 32))
        connection.exec_driver_sql(
            "INSERT INTO threshold (indicator_id, value, kind, label, source, uuid, created_at, updated_at)"
            " VALUES (1, 25, 'alert', 'managers act above 25', '003', '" + "4" * 32 + "',"
            " '2011-11-01 00:00:00', '2011-11-01 00:00:00')"
        )
    with engine.connect() as connection:
        # As migrations.upgrade does: SQLite's table copies must not cascade.
        connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        with connection.begin():
            config = migrations._config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
    tables = set(inspect(engine).get_table_names())
    target_columns = {c["name"] for c in inspect(engine).get_columns("target")}
    reading_columns = {c["name"] for c in inspect(engine).get_columns("reading")}
    with engine.begin() as connection:
        # The standing target goes with the word; the rest stay, and the narrower check is back.
        assert connection.exec_driver_sql("SELECT basis, value FROM target").fetchall() == [("period", 72.0)]
        assert connection.exec_driver_sql("SELECT value FROM reading").fetchall() == [(80.5,)]
    engine.dispose()
    assert "threshold" not in tables and "set_by" not in target_columns and "measure" not in reading_columns
    with pytest.raises(raw.IntegrityError, match="ck_target_targetbasis"):
        with raw.connect(path) as con:
            con.execute(TARGET_ROW.format(value=85.0, basis="standing", uuid="5" * 32))
