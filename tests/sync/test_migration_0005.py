"""Migration 0005 on PostgreSQL (the board server climbs the same ladder as a laptop):
rows kept, new columns filled, 'standing' taken and an unknown basis still refused,
and the way back down."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from tests.sync.helpers import migrate_server

TARGET = (
    "INSERT INTO target (indicator_id, value, basis, period, period_start, period_end, known_on, note, source,"
    " uuid, created_at, updated_at) VALUES (1, :value, :basis, '2011-04', '2011-04-01', '2011-04-30',"
    " '2011-03-01', '', '003', gen_random_uuid(), now(), now())"
)


def test_0005_on_postgresql_keeps_rows_fills_defaults_and_takes_standing_targets(engine: Engine):
    migrate_server(engine, "0004")
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

    migrate_server(engine, "0005")
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

    migrate_server(engine, "0004", down=True)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT basis, value FROM target")).all() == [("period", 72.0)]
        assert connection.execute(text("SELECT to_regclass('threshold')")).scalar() is None
    with pytest.raises(IntegrityError, match="ck_target_targetbasis"), engine.begin() as connection:
        connection.execute(text(TARGET), {"value": 85.0, "basis": "standing"})
    migrate_server(engine, "head")  # and up again
