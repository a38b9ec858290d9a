"""Thresholds travel as targets do: down to every copy, readable by every role, written
only by the secretariat. Rows queued or exported by an app from before 0005 (no
``measure``, no ``set_by``) still go up and come in, with the columns' defaults."""

from __future__ import annotations

import json
import uuid
from datetime import date

import psycopg
import pytest
from sqlalchemy import select, text, update

from boardapp.domain.periods import Period
from boardapp.domain.terms import ReadingStatus, Role, ThresholdKind
from boardapp.store.models import Indicator, OutboxEntry, Reading, Threshold
from boardapp.store.sync import local_apply
from boardapp.store.sync.service import sync_now
from tests.sync.conftest import Board
from tests.sync.helpers import copy, first_sync

INSERT = (
    "INSERT INTO threshold (uuid, indicator_id, value, kind, label, known_on, source, created_at, updated_at)"
    " VALUES (gen_random_uuid(), (SELECT min(id) FROM indicator), 30, 'alert', 'crafted', NULL, 'x', now(), now())"
)


def _threshold_on_the_server(board: Board) -> uuid.UUID:
    made = uuid.uuid4()
    with board.admin_connection() as admin:
        admin.execute(
            "INSERT INTO threshold (uuid, indicator_id, value, kind, label, known_on, source, created_at, updated_at)"
            " VALUES (%s, (SELECT min(id) FROM indicator), 25, 'alert',"
            " 'senior managers act where individual caseloads exceed 25', '2011-11-01', '003', now(), now())",
            [made],
        )
    return made


def test_a_threshold_reaches_every_role_and_only_the_secretariat_may_write_one(seeded_board: Board, tmp_path):
    made = _threshold_on_the_server(seeded_board)
    urls = {role: seeded_board.add(f"Person {role.value}", role)[1] for role in Role}
    for role, url in urls.items():
        with seeded_board.connect_as(url) as connection:
            assert connection.execute("SELECT label FROM threshold WHERE uuid = %s", [made]).fetchone() == (
                "senior managers act where individual caseloads exceed 25",
            )
            if role is Role.SECRETARIAT:
                connection.execute("UPDATE threshold SET value = 24 WHERE uuid = %s", [made])
                connection.execute(INSERT)
                connection.execute("DELETE FROM threshold WHERE label = 'crafted'")
                continue
            for statement in (INSERT, "UPDATE threshold SET value = 0", "DELETE FROM threshold"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    connection.execute(statement)
    assert seeded_board.scalar("SELECT value FROM threshold WHERE uuid = %s", made) == 24.0

    for role in (Role.OBSERVER, Role.MEMBER):
        with copy(tmp_path, role.value) as mine:
            sync_now(mine, urls[role], None)
            with mine.session() as session:
                found = session.scalars(select(Threshold).where(Threshold.uuid == made)).one()
                assert (found.value, found.kind, found.known_on) == (24.0, ThresholdKind.ALERT, date(2011, 11, 1))
                assert found.indicator.uuid == uuid.UUID(
                    str(seeded_board.scalar("SELECT uuid FROM indicator WHERE id = (SELECT min(id) FROM indicator)"))
                )


def _add_threshold(database, who: str) -> uuid.UUID:
    with database.session(who) as session:
        indicator = session.scalars(select(Indicator).order_by(Indicator.id)).first()
        threshold = Threshold(indicator=indicator, value=60.0, kind=ThresholdKind.KEY_THRESHOLD,
                              label="key threshold 60", source="001 §3.2")
        session.add(threshold)
        session.flush()
        return threshold.uuid


def test_a_threshold_made_on_a_laptop_goes_up_for_the_secretariat_and_is_refused_for_a_member(
    seeded_board: Board, tmp_path
):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "mia") as mine:
        first_sync(sams, sam_url)
        first_sync(mine, mia_url)
        sams_threshold = _add_threshold(sams, "Sam Secretariat")
        mias_threshold = _add_threshold(mine, "Mia Member")
        assert sync_now(sams, sam_url, None).uploaded == 1
        refused = sync_now(mine, mia_url, None).refused
    assert len(refused) == 1 and "for your role" in refused[0]
    assert seeded_board.scalar("SELECT label FROM threshold WHERE uuid = %s", sams_threshold) == "key threshold 60"
    assert seeded_board.scalar("SELECT count(*) FROM threshold WHERE uuid = %s", mias_threshold) == 0


def test_a_reading_queued_before_0005_goes_up_with_its_measure_defaulted(seeded_board: Board, tmp_path):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    with copy(tmp_path, "sam") as sams:
        first_sync(sams, sam_url)
        period = Period.parse("2030-01")
        with sams.session("Sam Secretariat") as session:
            indicator = session.scalars(select(Indicator).order_by(Indicator.id)).first()
            reading = Reading(indicator=indicator, period=period.code, period_start=period.start,
                              period_end=period.end, value=50.0, status=ReadingStatus.PROVISIONAL)
            session.add(reading)
            session.flush()
            made = reading.uuid
        # As an app at 0004 queued it: the payload has no ``measure``.
        with sams.engine.begin() as connection:
            entries = OutboxEntry.__table__
            (payload,) = connection.execute(select(entries.c.payload).where(entries.c.row_uuid == made)).one()
            old = json.loads(payload)
            del old["measure"]
            connection.execute(update(entries).where(entries.c.row_uuid == made).values(payload=json.dumps(old)))
        result = sync_now(sams, sam_url, None)
    assert (result.uploaded, result.refused) == (1, [])
    assert seeded_board.scalar("SELECT measure FROM reading WHERE uuid = %s", made) == ""


def test_a_row_from_an_older_change_file_takes_the_new_columns_defaults():
    row = local_apply.row_from_json("target", {
        "uuid": str(uuid.uuid4()), "indicator_id": str(uuid.uuid4()), "value": 72.0, "basis": "period",
        "period": "2010-06", "period_start": "2010-06-01", "period_end": "2010-06-30", "known_on": None,
        "note": "", "source": "003", "created_at": "2011-11-01T00:00:00Z", "updated_at": "2011-11-01T00:00:00Z",
    })
    assert row["set_by"] == "" and row["value"] == 72.0 and row["known_on"] is None
    reading = local_apply.row_from_json("reading", {"uuid": str(uuid.uuid4()), "value": 1.0})
    assert reading["measure"] == "" and reading["commentary"] == ""


def test_a_change_file_row_without_the_new_columns_is_applied(tmp_path):
    import tomllib

    from boardapp.store.connection import open_database
    from boardapp.store.demo import load_demo
    from tests.store.test_demo_keys import SMALL

    with open_database(tmp_path / "c.sqlite", create=True) as db:
        load_demo(db, tomllib.loads(SMALL))
        with db.engine.begin() as connection:
            indicator = connection.execute(text("SELECT uuid FROM indicator WHERE code = 'NI 59'")).scalar_one()
            row = local_apply.row_from_json("reading", {
                "uuid": str(uuid.uuid4()), "indicator_id": str(uuid.UUID(str(indicator))), "period": "2011-09",
                "period_start": "2011-09-01", "period_end": "2011-09-30", "value": 81.0, "status": "provisional",
                "source": "003", "commentary": "", "entered_by": "", "created_at": "2011-11-01T00:00:00Z",
                "updated_at": "2011-11-01T00:00:00Z",
            })
            assert local_apply.apply(connection, local_apply.Batch(rows={"reading": [row]})) == 1
            assert connection.execute(text("SELECT measure FROM reading WHERE period = '2011-09'")).scalar_one() == ""
