"""Migration 0005 on PostgreSQL (the board server climbs the same ladder as a laptop):
rows kept, new columns filled, 'standing' taken and an unknown basis still refused,
and the way back down."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from alembic import command
from psycopg import sql
from sqlalchemy import Engine, create_engine, pool, text
from sqlalchemy.exc import IntegrityError

from boardapp.store import migrations
from tests.sync.conftest import _conninfo, admin_address

TARGET = (
    "INSERT INTO target (indicator_id, value, basis, period, period_start, period_end, known_on, note, source,"
    " uuid, created_at, updated_at) VALUES (1, :value, :basis, '2011-04', '2011-04-01', '2011-04-30',"
    " '2011-03-01', '', '003', gen_random_uuid(), now(), now())"
)


@pytest.fixture
def engine(pg_available: None) -> Iterator[Engine]:
    name = f"bt_mig_{secrets.token_hex(5)}"
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    made = create_engine(admin_address(name).sqlalchemy_url(None), poolclass=pool.NullPool)
    try:
        yield made
    finally:
        made.dispose()
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _migrate(engine: Engine, revision: str, down: bool = False) -> None:
    with engine.begin() as connection:
        config = migrations._config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_0005_on_postgresql_keeps_rows_fills_defaults_and_takes_standing_targets(engine: Engine):
    _migrate(engine, "0004")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO indicator (id, code, title, unit, polarity, frequency, decimals, description, source,"
            " uuid, created_at, updated_at) VALUES (1, 'NI 59', 'Initial assessments', 'percent', 'higher',"
            " 'monthly', 1, '', '003', gen_random_uuid(), now(), now())"
        ))
        connection.execute(text(TARGET), {"value": 72.0, "basis": "period"})
        connection.execute(text(
            "INSERT INTO reading (indicator_id, period, period_start, period_end, value, status, source,"
            " commentary, entered_by, uuid, created_at, updated_at) VALUES (1, '2011-08', '2011-08-01',"
            " '2011-08-31', 80.5, 'validated', '003', '', '', gen_random_uuid(), now(), now())"
        ))

    _migrate(engine, "0005")
    with engine.begin() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
        assert connection.execute(text("SELECT basis, value, set_by FROM target")).all() == [("period", 72.0, "")]
        assert connection.execute(text("SELECT value, measure FROM reading")).all() == [(80.5, "")]
        assert connection.execute(
            text("SELECT tolerance_set_by, narrative_phrase, volume_phrase FROM indicator")
        ).all() == [("", "", "")]
        connection.execute(text(TARGET), {"value": 85.0, "basis": "standing"})
        connection.execute(text(
            "INSERT INTO threshold (indicator_id, value, kind, label, source, uuid, created_at, updated_at)"
            " VALUES (1, 25, 'alert', 'managers act above 25', '003', gen_random_uuid(), now(), now())"
        ))
    with pytest.raises(IntegrityError, match="ck_target_targetbasis"), engine.begin() as connection:
        connection.execute(text(TARGET), {"value": 85.0, "basis": "rolling"})
    with pytest.raises(IntegrityError, match="ck_threshold_thresholdkind"), engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO threshold (indicator_id, value, kind, label, source, uuid, created_at, updated_at)"
            " VALUES (1, 25, 'target', 'x', '003', gen_random_uuid(), now(), now())"
        ))
    with pytest.raises(IntegrityError, match="uq_reading_indicator_period"), engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO reading (indicator_id, period, period_start, period_end, value, status, source,"
            " commentary, entered_by, measure, uuid, created_at, updated_at) VALUES (1, '2011-08', '2011-08-01',"
            " '2011-08-31', 3.0, 'validated', '003', '', '', 'forecast', gen_random_uuid(), now(), now())"
        ))

    _migrate(engine, "0004", down=True)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT basis, value FROM target")).all() == [("period", 72.0)]
        assert connection.execute(text("SELECT to_regclass('threshold')")).scalar() is None
    with pytest.raises(IntegrityError, match="ck_target_targetbasis"), engine.begin() as connection:
        connection.execute(text(TARGET), {"value": 85.0, "basis": "standing"})
    _migrate(engine, "head")  # and up again
