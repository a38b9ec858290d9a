"""History kept by the store: every change of a tracked item is a dated revision naming
who and why, written in the same flush; "as at" a day undoes what came after it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from boardapp.domain.terms import ActionStatus, Rag, RevisionKind, Role, TrackedKind
from boardapp.store import actions, edits, history
from boardapp.store.board import plans
from boardapp.store.models import Action, Revision, Target
from tests.people import person


@pytest.fixture
def sam(db):
    return person(db, "Sam Secretariat", Role.SECRETARIAT)


def _action_uuid(db, ref):
    with db.session() as session:
        return session.scalars(select(Action.uuid).where(Action.ref == ref).order_by(Action.id)).first()


def _revisions(db, item):
    with db.session() as session:
        return session.scalars(select(Revision).where(Revision.item_uuid == item).order_by(Revision.id)).all()


def test_a_status_change_is_a_revision_with_who_why_and_the_old_and_new_values(db, sam):
    item = _action_uuid(db, "P1.1.a")
    with db.session(sam.label) as session, history.because(session, "agreed at the March board"):
        edits.set_action_status(session, sam, item, ActionStatus.IN_PROGRESS, Rag.AMBER)
    [revision] = _revisions(db, item)
    assert revision.item_kind is TrackedKind.ACTION and revision.kind is RevisionKind.CHANGED
    assert json.loads(revision.changes) == {"status": ["not_started", "in_progress"], "rag": [None, "amber"]}
    assert (revision.changed_by, revision.reason, revision.effective_on) == (
        sam.label, "agreed at the March board", history.today())


def test_as_at_a_day_before_the_change_shows_the_item_as_it_stood(db, sam):
    item = _action_uuid(db, "P1.1.a")
    yesterday = history.today() - timedelta(days=1)
    with db.session(sam.label) as session:
        edits.set_action_status(session, sam, item, ActionStatus.COMPLETE, Rag.GREEN)
    with db.session() as session:
        then = history.rows_as_at(session.connection(), TrackedKind.ACTION, yesterday)[item]
        now = history.rows_as_at(session.connection(), TrackedKind.ACTION, history.today())[item]
    assert (then["status"], then["rag"]) == ("not_started", None)
    assert (now["status"], now["rag"]) == ("complete", "green")


def test_a_change_back_dated_by_the_caller_counts_from_that_day(db, sam):
    item = _action_uuid(db, "P1.1.a")
    with db.session(sam.label) as session, history.because(session, "as the May report states",
                                                            effective_on=date(2011, 5, 20), source="003"):
        edits.set_action_status(session, sam, item, ActionStatus.IN_PROGRESS, None)
    with db.session() as session:
        connection = session.connection()
        assert history.rows_as_at(connection, TrackedKind.ACTION, date(2011, 5, 19))[item]["status"] == "not_started"
        assert history.rows_as_at(connection, TrackedKind.ACTION, date(2011, 5, 20))[item]["status"] == "in_progress"


def test_an_action_added_today_did_not_exist_yesterday(db, sam):
    with db.session() as session:
        choices = actions.choices(session)
    area = next(a for a in choices.areas if a.key == "P2.1")
    with db.session() as session:
        base = actions.fields_of(session, _action_uuid(db, "P1.1.a"))
    with db.session(sam.label) as session:
        added = actions.add_action(session, sam, area.uuid, "P2.1.z", replace(base, title="A new action", owner="Head of Service"))
    [created, *_] = _revisions(db, added)
    assert created.kind is RevisionKind.CREATED
    with db.session() as session:
        connection = session.connection()
        assert added not in history.rows_as_at(connection, TrackedKind.ACTION, history.today() - timedelta(days=1))
        assert added in history.rows_as_at(connection, TrackedKind.ACTION, history.today())


def test_a_target_change_keeps_its_old_value_and_reason(db, sam):
    with db.session() as session:
        target = session.scalars(select(Target).order_by(Target.id)).first()
        old, item = target.value, target.uuid
    with db.session(sam.label) as session:
        edits.set_target_value(session, sam, item, old + 5, reason="revised by the board")
    [revision] = _revisions(db, item)
    assert json.loads(revision.changes) == {"value": [old, old + 5]}
    assert revision.reason == "revised by the board"
    with db.session() as session:
        [change] = history.changes_of(session.connection(), TrackedKind.TARGET)[item]
    assert (change.old("value"), change.new("value"), change.changed_by) == (old, old + 5, sam.label)


def test_nothing_untracked_writes_a_revision(db, sam):
    item = _action_uuid(db, "P1.1.a")
    with db.session(sam.label) as session:
        session.scalars(select(Action).where(Action.uuid == item)).one().source = "retyped"
    assert _revisions(db, item) == []
    with db.session() as session:
        assert plans(session)  # the plan reads as before
