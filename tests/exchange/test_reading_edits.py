"""store.reading_edits, as the window and the importer call it: who may change a
reading, what a change records, and what is refused."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select, text

from boardapp.domain.periods import Period
from boardapp.domain.permissions import Identity, NotAllowed
from boardapp.domain.terms import ReadingStatus, Role
from boardapp.store.bulk import insert_many
from boardapp.store.connection import open_database
from boardapp.store.models import AuditEntry, Indicator, Reading, ReadingRevision
from boardapp.store.reading_edits import (
    Outcome,
    ReadingChange,
    ReadingEditError,
    apply_readings,
    plan_readings,
    revise_reading,
)
from tests.people import person_at

AUGUST = Period.month(2011, 8)


@pytest.fixture
def pat(demo_db):
    """The secretariat, established on the test's database (tests/people.py)."""
    return person_at(demo_db, "Pat Officer", Role.SECRETARIAT)


def stored(session, code, period):
    return session.scalars(
        select(Reading).join(Indicator).where(Indicator.code == code, Reading.period == period.code)
    ).one_or_none()


def test_a_revision_keeps_the_old_value_who_and_why(demo_db, pat):
    with open_database(demo_db) as db:
        with db.session(pat.name) as session:
            item = revise_reading(session, pat, "NI 59", AUGUST, 81.04, reason="validated return")
        assert (item.outcome, item.old_value, item.new_value) == (Outcome.REVISED, 80.5, 81.0)
        with db.session() as session:
            reading = stored(session, "NI 59", AUGUST)
            assert reading.value == 81.0
            [revision] = reading.revisions
            assert (revision.old_value, revision.new_value, revision.changed_by, revision.reason) == (
                80.5, 81.0, "Pat Officer", "validated return"
            )
            audit = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "reading")).all()
            assert any('"value": [80.5, 81.0]' in entry.changes for entry in audit)


@pytest.mark.parametrize("role", [Role.CHAIR, Role.MEMBER, Role.OBSERVER])
def test_roles_without_edit_readings_are_refused_and_nothing_changes(demo_db, role):
    who = person_at(demo_db, "Someone", role)
    with open_database(demo_db) as db:
        with pytest.raises(NotAllowed, match="Only the secretariat can edit readings"), db.session(who.name) as session:
            revise_reading(session, who, "NI 59", AUGUST, 70.0)
        with pytest.raises(NotAllowed), db.session(who.name) as session:
            apply_readings(session, who, [ReadingChange("NI 59", AUGUST, 70.0)], "x.xlsx")
        with db.session() as session:
            assert stored(session, "NI 59", AUGUST).value == 80.5
            assert session.scalars(select(ReadingRevision)).all() == []


def test_an_unchanged_value_records_nothing_and_a_new_one_is_made(demo_db, pat):
    with open_database(demo_db) as db, db.session(pat.name) as session:
        assert revise_reading(session, pat, "NI 59", AUGUST, 80.5).outcome is Outcome.UNCHANGED
        item = revise_reading(session, pat, "NI 59", Period.month(2011, 9), 82.0, today=date(2011, 10, 20))
        assert item.outcome is Outcome.NEW
        reading = stored(session, "NI 59", Period.month(2011, 9))
        assert (reading.value, reading.status, reading.known_on) == (82.0, ReadingStatus.PROVISIONAL, date(2011, 10, 20))
        assert session.scalars(select(ReadingRevision)).all() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (ReadingChange("NI 59", AUGUST, 101.0), "value 101; expected a percentage from 0 to 100"),
        (ReadingChange("NI 59", AUGUST, None, 5, 4), "numerator 5; expected at most the denominator"),
        (ReadingChange("NI 59", Period.month(1989, 12), 80.0), "period 1989-12; expected a period from 1990"),
        (ReadingChange("NI 99", AUGUST, 80.0), "there is no indicator 'NI 99'"),
        (ReadingChange("NI 59", AUGUST, None), "expected a value, or a numerator and a denominator"),
    ],
)
def test_the_store_refuses_what_the_rules_refuse(demo_db, pat, change, message):
    with open_database(demo_db) as db, db.session("x") as session:
        with pytest.raises(ReadingEditError, match=message):
            apply_readings(session, pat, [change], "x.xlsx")


def test_the_same_reading_twice_is_refused(demo_db):
    with open_database(demo_db) as db, db.session("x") as session:
        with pytest.raises(ReadingEditError, match="given more than once"):
            plan_readings(session, [ReadingChange("NI 59", AUGUST, 80.5), ReadingChange("NI 59", AUGUST, 81.0)])


def test_blanks_keep_what_is_there_and_a_new_value_drops_old_counts(demo_db, pat):
    september, october = Period.month(2011, 9), Period.month(2011, 10)
    with open_database(demo_db) as db:
        with db.session("a") as session:
            apply_readings(session, pat, [
                ReadingChange("NI 59", september, None, 161, 200, ReadingStatus.VALIDATED, "return", "note"),
                ReadingChange("NI 59", october, 80.0, 80, 100),
            ], "first.xlsx")
        with db.session("b") as session:
            plan = apply_readings(session, pat, [
                ReadingChange("NI 59", september, 80.5, commentary="better note"),  # status and counts kept
                ReadingChange("NI 59", october, 79.0),  # counts of 80.0 dropped
            ], "second.xlsx")
            assert [i.outcome for i in plan.items] == [Outcome.UPDATED, Outcome.REVISED]
        with db.session() as session:
            sep = stored(session, "NI 59", september)
            assert (sep.value, sep.numerator, sep.denominator, sep.status, sep.source, sep.commentary) == (
                80.5, 161, 200, ReadingStatus.VALIDATED, "return", "better note"
            )
            octo = stored(session, "NI 59", october)
            assert (octo.value, octo.numerator, octo.denominator, octo.source) == (79.0, None, None, "first.xlsx")
            [revision] = octo.revisions
            assert (revision.old_value, revision.new_value, revision.reason) == (80.0, 79.0, "imported from second.xlsx")


def test_an_identity_merely_claimed_is_refused_whatever_its_role(demo_db):
    """A name and role typed in (not established by store/identity.py) changes nothing."""
    claimed = Identity("Bill McCarthy", Role.SECRETARIAT)
    with open_database(demo_db) as db:
        with pytest.raises(NotAllowed, match="has not signed in on this copy"), db.session("x") as session:
            apply_readings(session, claimed, [ReadingChange("NI 59", AUGUST, 70.0)], "x.xlsx")
        with pytest.raises(NotAllowed, match="has not signed in on this copy"), db.session("x") as session:
            revise_reading(session, claimed, "NI 59", AUGUST, 70.0)
        with db.session() as session:
            assert stored(session, "NI 59", AUGUST).value == 80.5


def test_bulk_rows_are_stored_exactly_as_a_core_insert_stores_them(demo_db):
    """apply_readings hands pre-converted rows to the driver; they must be byte for byte
    what ``connection.execute(insert(Reading), rows)`` would have stored."""
    period = Period.month(2001, 2)
    row = {
        "uuid": uuid.UUID(int=12345),
        "created_at": datetime(2026, 11, 23, 19, 5, 1, 250, tzinfo=UTC),
        "updated_at": datetime(2026, 11, 23, 19, 5, 1, tzinfo=UTC),
        "indicator_id": 1,
        "period": period.code,
        "period_start": period.start,
        "period_end": period.end,
        "value": 80.5,
        "numerator": None,
        "denominator": 200.0,
        "status": ReadingStatus.VALIDATED,
        "known_on": date(2026, 11, 23),
        "source": "s",
        "commentary": "",
        "entered_by": "x",
    }
    columns = ", ".join(f"typeof({c.name}), {c.name}" for c in Reading.__table__.columns if c.name != "id")
    stored = []
    with open_database(demo_db) as db, db.session("x") as session:
        connection = session.connection()
        for write in (lambda: connection.execute(insert(Reading.__table__), [row]),
                      lambda: insert_many(connection, Reading.__table__, [row])):
            write()
            stored.append(connection.execute(text(f"SELECT {columns} FROM reading WHERE period = '2001-02'")).one())
            connection.execute(text("DELETE FROM reading WHERE period = '2001-02'"))
    assert stored[0] == stored[1]


def test_new_readings_are_the_indicators_own_measure_and_a_revision_keeps_a_readings_measure(demo_db, pat):
    september, october = Period.month(2011, 9), Period.month(2011, 10)
    with open_database(demo_db) as db, db.session(pat.name) as session:
        session.execute(text("UPDATE reading SET measure = 'forecast' WHERE period = '2011-08' AND indicator_id ="
                             " (SELECT id FROM indicator WHERE code = 'NI 59')"))
        apply_readings(session, pat, [ReadingChange("NI 59", september, 81.0),
                                                ReadingChange("NI 59", AUGUST, 79.0)], "october.xlsx")
        revise_reading(session, pat, "NI 59", october, 82.0)
        assert stored(session, "NI 59", september).measure == ""
        assert stored(session, "NI 59", october).measure == ""
        assert (stored(session, "NI 59", AUGUST).value, stored(session, "NI 59", AUGUST).measure) == (79.0, "forecast")
