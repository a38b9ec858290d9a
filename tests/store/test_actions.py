"""Keeping the plan below the window: add, change, link, validation, refused roles, undo,
and the audit log and the board server's outbox for each."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from boardapp.domain.permissions import NotAllowed, Permission, why_not
from boardapp.domain.terms import ActionStatus, Rag, Role
from boardapp.store import actions
from boardapp.store.actions import ActionError, ActionFields
from boardapp.store.board import plans
from boardapp.store.models import Action, AuditEntry, OutboxEntry
from tests.people import person


@pytest.fixture
def sam(db):
    return person(db, "Sam Secretariat", Role.SECRETARIAT)


def _choices(db):
    with db.session() as session:
        return actions.choices(session)


def _pick(found, key):
    return next(c for c in found if c.key == key)


def _fields(choices, **changes):
    base = ActionFields(
        title="Weekly audit of initial assessments out of time",
        owner="Head of Service, Duty and Advice",
        due_on=date(2011, 9, 30),
        status=ActionStatus.IN_PROGRESS,
        rag=Rag.AMBER,
        evidence="Audit notes for July and August",
        requirements=(_pick(choices.requirements, "1").uuid,),
        indicators=(_pick(choices.indicators, "NI 59").uuid,),
    )
    return replace(base, **changes)


def _add(db, choices, fields, ref="P2.1.z", who=None):
    who = who or person(db, "Sam Secretariat", Role.SECRETARIAT)
    area = _pick(choices.areas, "P2.1")
    with db.session(who.label) as session:
        return actions.add_action(session, who, area.uuid, ref, fields)


def _action_row(db, ref):
    with db.session() as session:
        for plan in plans(session):
            for priority in plan.priorities:
                for area in priority.focus_areas:
                    for action in area.actions:
                        if action.ref == ref:
                            return action
    return None


def _counts(db):
    with db.session() as session:
        return (session.scalar(select(func.count()).select_from(Action)),
                session.scalar(select(func.count()).select_from(AuditEntry)),
                session.scalar(select(func.count()).select_from(OutboxEntry)))


def test_the_secretariat_adds_a_linked_action_audited_and_queued_for_the_server(db, sam):
    choices = _choices(db)
    assert _pick(choices.areas, "P2.1").next_ref == "P2.1.b"
    added = _add(db, choices, _fields(choices))
    row = _action_row(db, "P2.1.z")
    assert row.uuid == added
    assert (row.title, row.owner, row.due_on, row.status, row.rag) == (
        "Weekly audit of initial assessments out of time", "Head of Service, Duty and Advice", date(2011, 9, 30),
        ActionStatus.IN_PROGRESS, Rag.AMBER)
    assert row.requirements == ("1",) and row.indicators == ("NI 59",) and row.source == "entered by Sam Secretariat"
    with db.session() as session:
        log = session.scalars(select(AuditEntry).where(AuditEntry.row_uuid == added)).all()
        queued = session.scalars(select(OutboxEntry).where(OutboxEntry.row_uuid == added)).all()
    assert {e.operation for e in log} == {"insert", "update"} and {e.actor for e in log} == {sam.label}
    links = next(json.loads(e.changes) for e in log if e.operation == "update")
    assert links == {"requirements": [[], ["1"]], "indicators": [[], ["NI 59"]]}
    # The row, then each changed set of its links, in this copy's order (store/outbox.py).
    assert [(e.table_name, e.operation) for e in queued] == [
        ("action", "insert"), ("action_requirement", "replace"), ("action_indicator", "replace")]
    assert json.loads(queued[0].payload)["owner"] == "Head of Service, Duty and Advice"
    assert json.loads(queued[1].payload) == {"old": [], "new": [str(_pick(choices.requirements, "1").uuid)]}
    assert json.loads(queued[2].payload) == {"old": [], "new": [str(_pick(choices.indicators, "NI 59").uuid)]}


def test_the_secretariat_changes_owner_due_date_and_links_and_undo_puts_them_back(db, sam):
    choices = _choices(db)
    target = _action_row(db, "P1.1.a").uuid
    with db.session() as session:
        before = actions.fields_of(session, target)
    changed = replace(before, owner="Director of Public Health", due_on=date(2011, 3, 31),
                      requirements=(_pick(choices.requirements, "7").uuid,),
                      indicators=(_pick(choices.indicators, "NI 117").uuid,))
    with db.session(sam.label) as session:
        old = actions.update_action(session, sam, target, changed)
    assert old == before
    row = _action_row(db, "P1.1.a")
    assert (row.owner, row.due_on, row.requirements, row.indicators, row.recommendations) == (
        "Director of Public Health", date(2011, 3, 31), ("7",), ("NI 117",), ("APA2008-1",))
    with db.session() as session:
        queued = session.scalars(select(OutboxEntry).where(OutboxEntry.row_uuid == target)
                                 .order_by(OutboxEntry.id)).all()
    assert [(e.table_name, e.operation, sorted(json.loads(e.payload))) for e in queued] == [
        ("action", "update", ["due_on", "owner"]), ("action_requirement", "replace", ["new", "old"]),
        ("action_indicator", "replace", ["new", "old"])]
    assert json.loads(queued[1].payload)["new"] == [str(_pick(choices.requirements, "7").uuid)]
    assert json.loads(queued[2].payload)["old"] == sorted(str(u) for u in before.indicators)
    with db.session(sam.label) as session:  # undo: the old fields (no owner, as the plan had it)
        actions.restore_action(session, sam, target, old)
    with db.session() as session:
        assert actions.fields_of(session, target) == before
        log = session.scalars(select(AuditEntry).where(AuditEntry.row_uuid == target, AuditEntry.operation == "update")
                              .order_by(AuditEntry.id)).all()
    changed_columns = [sorted(json.loads(e.changes)) for e in log]
    assert sorted(changed_columns) == sorted([["due_on", "owner"], ["indicators", "requirements"]] * 2)
    assert {e.actor for e in log} == {sam.label}


def test_undoing_an_addition_takes_the_action_out_and_redo_brings_back_the_same_one(db, sam):
    choices = _choices(db)
    added = _add(db, choices, _fields(choices))
    with db.session(sam.label) as session:
        actions.remove_action(session, sam, added)
    assert _action_row(db, "P2.1.z") is None
    area = _pick(choices.areas, "P2.1")
    with db.session(sam.label) as session:
        actions.add_action(session, sam, area.uuid, "P2.1.z", _fields(choices), action_uuid=added)
    assert _action_row(db, "P2.1.z").uuid == added
    with db.session() as session:
        ops = [e.operation for e in session.scalars(select(OutboxEntry).where(OutboxEntry.row_uuid == added)
                                                    .order_by(OutboxEntry.id))]
    # Taking it out empties its links first (queued as such), then deletes it; redo makes it again.
    assert ops == ["insert", "replace", "replace", "replace", "replace", "delete", "insert", "replace", "replace"]


@pytest.mark.parametrize(
    ("changes", "ref", "field", "words"),
    [
        ({"owner": "   "}, "P2.1.z", "Owner", "left blank"),
        ({"title": ""}, "P2.1.z", "Title", "left blank"),
        ({"due_on": date(2008, 12, 31)}, "P2.1.z", "Due date", "on or after the plan's start (1 January 2009"),
        ({}, "", "Ref", "left blank"),
        ({}, "P2.1.a", "Ref", "apa2008 has a P2.1.a already"),
        ({"owner": "x" * 201}, "P2.1.z", "Owner", "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_written(db, changes, ref, field, words, sam):
    choices = _choices(db)
    before = _counts(db)
    fields = _fields(choices, **changes)
    area = _pick(choices.areas, "P2.1").uuid
    with pytest.raises(ActionError) as refused, db.session() as session:
        actions.check(session, sam, fields, area_uuid=area, ref=ref)
    assert refused.value.field == field and str(refused.value).startswith(f"{field}: ") and words in str(refused.value)
    with pytest.raises(ActionError, match=f"^{field}: "):
        _add(db, choices, fields, ref=ref)
    assert _counts(db) == before


def test_a_bad_change_of_an_existing_action_writes_nothing(db, sam):
    target = _action_row(db, "P1.2.b").uuid
    with db.session() as session:
        before = actions.fields_of(session, target)
    counts = _counts(db)
    with pytest.raises(ActionError, match="^Owner: .*left blank"), db.session(sam.label) as session:
        actions.update_action(session, sam, target, replace(before, owner="", title="A new title"))
    with db.session() as session:
        assert actions.fields_of(session, target) == before
    assert _counts(db) == counts


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OBSERVER, Role.CHAIR])
def test_every_path_refuses_a_role_without_the_plan_with_the_windows_sentence(db, role):
    who = person(db, "Someone", role)
    choices = _choices(db)
    target = _action_row(db, "P1.1.a").uuid
    area = _pick(choices.areas, "P2.1").uuid
    reason = why_not(role, Permission.EDIT_PLAN)
    assert reason.startswith("Only the secretariat can add and change the plan's actions")
    counts = _counts(db)
    with db.session(who.label) as session:
        calls = [
            lambda: actions.check(session, who, _fields(choices), area_uuid=area, ref="P2.1.z"),
            lambda: actions.add_action(session, who, area, "P2.1.z", _fields(choices)),
            lambda: actions.update_action(session, who, target, _fields(choices)),
            lambda: actions.restore_action(session, who, target, _fields(choices)),
            lambda: actions.remove_action(session, who, target),
        ]
        for call in calls:
            with pytest.raises(NotAllowed) as refused:
                call()
            assert str(refused.value) == reason
    assert _counts(db) == counts


def test_indicators_are_listed_with_their_numbers_read_as_numbers(db):
    from boardapp.store.actions import choices as plan_choices
    from boardapp.store.indicator_detail import indicator_list

    with db.session() as session:
        listed = [entry.code for entry in indicator_list(session)]
        offered = [choice.key for choice in plan_choices(session).indicators]
    for codes in (listed, offered):
        assert codes.index("NI 57") < codes.index("NI 59") < codes.index("NI 60") < codes.index("NI 102")
        assert codes.index("NI 108") < codes.index("NI 110") < codes.index("NI 117")
