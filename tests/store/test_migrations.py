"""The schema ladder: empty to head, a backup before climbing, refusal of the unknown."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, inspect, select

from boardapp.domain.terms import ToleranceKind
from boardapp.store import migrations
from boardapp.store.connection import open_database
from boardapp.store.errors import DatabaseTooNew
from boardapp.store.models import Base, Indicator, Reading
from tests.conftest import file_digest


def test_empty_to_head_creates_every_table_the_models_declare(tmp_path):
    path = tmp_path / "new.sqlite"
    with open_database(path, create=True) as db:
        assert db.revision == migrations.head_revision()
        tables = set(inspect(db.engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert migrations.known_revisions()[0] == "0001"


def make_revision_0001_file(path):
    engine = create_engine(f"sqlite:///{path}")
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
    before = sqlite3.connect(path).execute("SELECT count(*) FROM reading").fetchone()

    with open_database(path) as db:
        assert db.revision == migrations.head_revision() != "0001"
        with db.session() as session:
            indicator = session.scalars(select(Indicator)).one()
            assert indicator.tolerance_kind is ToleranceKind.ABSOLUTE
            assert session.scalars(select(Reading)).one().value == 80.5

    backups = migrations.backups_of(path)
    assert len(backups) == 1 and ".rev-0001." in backups[0].name
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert copy.execute("SELECT count(*) FROM reading").fetchone() == before


def test_only_the_newest_backups_are_kept(tmp_path):
    path = tmp_path / "old.sqlite"
    make_revision_0001_file(path)
    for _ in range(migrations.BACKUPS_KEPT + 2):
        migrations.backup(path, "0001")
    assert len(migrations.backups_of(path)) == migrations.BACKUPS_KEPT


def test_a_database_from_a_newer_app_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite"
    with open_database(path, create=True):
        pass
    con = sqlite3.connect(path)
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
