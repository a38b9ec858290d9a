"""The overview snapshot (store/snapshot.py) kept up to date in the transaction of every
change it rests on: after each kind of change the stored rows are fresh and equal to
the board judged afresh as at today, and only what the change touched was re-judged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select, update

from boardapp.domain.periods import Period
from boardapp.domain.terms import AnnotatedKind, AnnotationKind, RequirementStatus, Role
from boardapp.store import annotations, edits, snapshot
from boardapp.store.connection import open_database
from boardapp.store.models import Indicator, Reading, Requirement, Target, requirement_indicator
from boardapp.store.models.snapshot import overview_snapshot, overview_snapshot_dirty, overview_snapshot_state
from boardapp.store.overview import build_overview
from boardapp.store.reading_edits import revise_reading
from boardapp.store.status import board_status
from tests.conftest import file_digest
from tests.people import person
from tests.store.snapshot_checks import assert_current, row_of, stored_rows

AUGUST = Period.month(2011, 8)


@pytest.fixture
def sam(db):
    return person(db, "Sam Secretariat", Role.SECRETARIAT)


def requirement_with(db, code):
    with db.session() as session:
        return session.scalars(
            select(Requirement).join(Requirement.indicators).where(Indicator.code == code)
            .order_by(Requirement.position)
        ).first()


def test_a_new_demo_database_holds_its_overview_judged_as_at_today(db):
    rows = assert_current(db)
    assert len(rows) > 10
    assert any(row.rag is not None and row.why and row.driver for row in rows)
    with db.engine.connect() as connection:
        assert snapshot.state(connection) == (date.today(), snapshot.VERSION)


def test_a_revised_reading_rewrites_its_requirements_rows(db, sam):
    before = row_of(stored_rows(db), "NI 59")
    with db.session(sam.name) as session:
        revise_reading(session, sam, "NI 59", AUGUST, 61.5, reason="corrected return")
    after = row_of(assert_current(db), "NI 59")
    assert before.headline != after.headline and "61.5%" in after.headline


def test_a_new_reading_and_a_deleted_one_are_judged_in(db, sam):
    with db.session(sam.name) as session:
        revise_reading(session, sam, "NI 59", Period.month(2011, 9), 99.0, today=date(2011, 10, 20))
    assert "99.0%" in row_of(assert_current(db), "NI 59").headline
    with db.session(sam.name) as session:
        session.execute(delete(Reading).where(Reading.period == "2011-09", Reading.indicator_id == select(
            Indicator.id).where(Indicator.code == "NI 59").scalar_subquery()))
    assert "99.0%" not in row_of(assert_current(db), "NI 59").headline


def test_a_target_set_and_its_undo_are_judged_in(db, sam):
    with db.session() as session:
        target = session.scalars(select(Target).join(Indicator).where(Indicator.code == "NI 117")).one()
        item = target.uuid
    before = row_of(stored_rows(db), "NI 117")
    with db.session(sam.name) as session:
        old = edits.set_target_value(session, sam, item, 50.0, reason="revised by the board")
    changed = row_of(assert_current(db), "NI 117")
    assert changed.rag_reason != before.rag_reason
    with db.session(sam.name) as session:  # undo, as the window's undo does it
        edits.set_target_value(session, sam, item, old, reason="Undo of “Set the target”")
    assert row_of(assert_current(db), "NI 117") == before


def test_a_requirement_judged_a_note_added_and_closed_and_exempt_toggled(db, sam):
    requirement = requirement_with(db, "NI 59")
    with db.session(sam.name) as session:
        edits.set_requirement_status(session, sam, requirement.uuid, RequirementStatus.MET)
    assert row_of(assert_current(db), "NI 59").judged is RequirementStatus.MET
    with db.session(sam.name) as session:
        note = annotations.add_note(session, sam, AnnotatedKind.REQUIREMENT, requirement.uuid,
                                    AnnotationKind.QUESTION, "Why did it fall?")
    opened = row_of(assert_current(db), "NI 59").open_notes
    with db.session(sam.name) as session:
        annotations.close_note(session, sam, note.uuid)
    assert row_of(assert_current(db), "NI 59").open_notes == opened - 1
    with db.session(sam.name) as session:
        session.execute(update(Requirement).where(Requirement.id == requirement.id).values(exempt=True))
    assert row_of(assert_current(db), "NI 59").exempt
    with db.engine.connect() as connection:
        shown = snapshot.read_rows(connection, include_exempt=False)
    with db.session() as session:
        assert shown == build_overview(session, date.today(), include_exempt=False).rows


def test_links_and_requirements_removed_and_an_indicator_renamed(db, sam):
    requirement = requirement_with(db, "NI 59")
    with db.session(sam.name) as session:
        session.execute(delete(requirement_indicator).where(requirement_indicator.c.requirement_id == requirement.id))
    assert next(r for r in assert_current(db) if r.uuid == requirement.uuid).indicators == ()
    with db.session(sam.name) as session:
        session.execute(update(Indicator).where(Indicator.code == "NI 60").values(code="NI 60a"))
    assert row_of(assert_current(db), "NI 60a")
    with db.session(sam.name) as session:
        session.execute(delete(Requirement).where(Requirement.id == requirement.id))
    assert requirement.uuid not in {row.uuid for row in assert_current(db)}


def test_a_change_re_judges_only_the_requirements_it_feeds(db):
    with db.session() as session:
        linked = session.scalars(select(requirement_indicator.c.requirement_id).join(
            Indicator, Indicator.id == requirement_indicator.c.indicator_id).where(Indicator.code == "NI 59")).all()
        everyone = len(session.scalars(select(Requirement.id)).all())
    assert 0 < len(linked) < everyone
    with db.engine.begin() as connection:
        connection.execute(update(Reading).where(Reading.period == "2011-08").where(
            Reading.indicator_id == select(Indicator.id).where(Indicator.code == "NI 59").scalar_subquery()
        ).values(value=12.5))
        assert snapshot.refresh(connection) == len(set(linked))
        assert not snapshot.marked(connection)
    assert "12.5%" in row_of(assert_current(db), "NI 59").headline


def test_writes_that_touch_no_overview_row_mark_nothing(db, sam):
    with db.session(sam.name) as session:
        session.execute(update(Indicator).where(Indicator.code == "NI 59").values(description="Reworded."))
        session.execute(update(Requirement).where(Requirement.ref == "1").values(evidence="Newer evidence."))
        assert not snapshot.marked(session.connection())


def test_a_snapshot_of_another_day_is_left_for_a_whole_rebuild(db, sam):
    with db.engine.begin() as connection:
        connection.execute(update(overview_snapshot_state).values(as_at=(date.today() - timedelta(1)).isoformat()))
    with db.session(sam.name) as session:
        revise_reading(session, sam, "NI 59", AUGUST, 61.5, reason="corrected return")
    with db.engine.connect() as connection:
        assert not snapshot.is_fresh(connection) and snapshot.marked(connection)
    with db.engine.begin() as connection:
        snapshot.rebuild(connection)
    assert "61.5%" in row_of(assert_current(db), "NI 59").headline


def test_a_read_only_database_is_never_written(db, sam):
    with db.engine.begin() as connection:
        connection.execute(update(overview_snapshot_state).values(as_at="2011-01-01"))
    path = db.path
    db.close()
    digest = file_digest(path)
    with open_database(path, read_only=True) as database:
        shown = snapshot.load_overview(database, date.today(), include_exempt=False)  # judged: the snapshot is stale
        with database.session() as session:
            assert shown.rows == build_overview(session, date.today(), include_exempt=False).rows
        with database.engine.connect() as connection:
            assert not snapshot.is_fresh(connection)
    assert file_digest(path) == digest


def test_the_window_judges_a_stale_snapshot_once_and_stores_it(db):
    with db.engine.begin() as connection:
        connection.execute(update(overview_snapshot_state).values(as_at="2011-01-01"))
        connection.execute(update(overview_snapshot).values(headline="stale"))
    shown = snapshot.load_overview(db, date.today(), include_exempt=False)
    assert shown.judgements  # judged
    assert not any(row.exempt for row in shown.rows)
    rows = assert_current(db)
    assert all(row.headline != "stale" for row in rows)
    again = snapshot.load_overview(db, date.today(), include_exempt=False)
    assert again.judgements is None and again.rows == shown.rows  # read back, not judged
    as_at_may = snapshot.load_overview(db, date(2011, 5, 9))
    with db.session() as session:
        assert as_at_may.rows == build_overview(session, date(2011, 5, 9)).rows


def test_the_snapshot_tables_hold_the_contracted_plain_values(db):
    with db.engine.connect() as connection:
        [row] = connection.execute(select(overview_snapshot_state)).all()
        assert (row.id, row.as_at, row.version) == (1, date.today().isoformat(), 1)
        stored = connection.execute(select(overview_snapshot).order_by(overview_snapshot.c.position)).first()
        assert connection.execute(select(overview_snapshot_dirty)).all() == []
    first = stored_rows(db)[0]
    assert stored.requirement_uuid == str(first.uuid) and stored.kind == first.kind.value
    assert stored.indicators.startswith("[") and stored.exempt in (0, 1)


def test_the_status_as_at_today_read_from_the_snapshot_says_what_judging_says(db, sam):
    with db.session(sam.name) as session:
        revise_reading(session, sam, "NI 59", AUGUST, 61.5, reason="corrected return")
    with db.session() as session:
        assert snapshot.is_fresh(session.connection())
        read = board_status(session, sam, date.today())
    with db.engine.begin() as connection:
        connection.execute(update(overview_snapshot_state).values(as_at="2011-01-01"))
    with db.session() as session:
        judged = board_status(session, sam, date.today())
    assert read == judged
    assert any(line.code == "NI 59" and "61.5%" in line.figure for line in read.indicators)
