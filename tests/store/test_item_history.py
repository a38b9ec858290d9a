"""One item's history as the window lists it: newest first, each change in words with the
day it took effect, who and why; as at a day, only what had taken effect by then."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from boardapp.domain.terms import ActionStatus, Rag, RequirementStatus, RevisionKind, Role, TrackedKind
from boardapp.store import actions, edits, history
from boardapp.store.item_history import item_history
from boardapp.store.models import Action, Requirement
from tests.people import person


@pytest.fixture
def sam(db):
    return person(db, "Sam Secretariat", Role.SECRETARIAT)


def _uuid(db, model, ref):
    with db.session() as session:
        return session.scalars(select(model.uuid).where(model.ref == ref).order_by(model.id)).first()


def _history(db, kind, item, as_at=None):
    with db.session() as session:
        return item_history(session, kind, item, as_at)


def test_an_actions_changes_are_listed_newest_first_with_when_who_and_why(db, sam):
    item = _uuid(db, Action, "P1.1.a")
    with db.session(sam.label) as session, history.because(session, "as the May report states",
                                                            effective_on=date(2011, 5, 20), source="003"):
        edits.set_action_status(session, sam, item, ActionStatus.IN_PROGRESS, Rag.AMBER)
    with db.session(sam.label) as session:  # no reason given
        edits.set_action_status(session, sam, item, ActionStatus.COMPLETE, Rag.GREEN)
    other = _uuid(db, Action, "P1.2.a")
    with db.session(sam.label) as session:  # another action's change is not this one's history
        edits.set_action_status(session, sam, other, ActionStatus.COMPLETE, None)

    newest, oldest = _history(db, TrackedKind.ACTION, item)
    assert (newest.effective_on, newest.change, newest.changed_by, newest.reason, newest.why) == (
        history.today(), "Status: In progress → Complete; RAG: Amber → Green", sam.label, "", "no reason given")
    assert (oldest.effective_on, oldest.change, oldest.reason, oldest.why, oldest.source) == (
        date(2011, 5, 20), "Status: Not started → In progress; RAG: none → Amber", "as the May report states",
        "as the May report states", "003")


def test_as_at_a_day_only_the_changes_effective_by_then_are_listed(db, sam):
    item = _uuid(db, Action, "P1.1.a")
    for day, status in ((date(2011, 2, 14), ActionStatus.IN_PROGRESS), (date(2011, 11, 30), ActionStatus.COMPLETE)):
        with db.session(sam.label) as session, history.because(session, f"reported {day}", effective_on=day):
            edits.set_action_status(session, sam, item, status, None)

    assert [line.reason for line in _history(db, TrackedKind.ACTION, item, date(2011, 2, 13))] == []
    assert [line.reason for line in _history(db, TrackedKind.ACTION, item, date(2011, 2, 14))] == [
        "reported 2011-02-14"]
    assert [line.reason for line in _history(db, TrackedKind.ACTION, item, date(2011, 11, 29))] == [
        "reported 2011-02-14"]
    assert [line.reason for line in _history(db, TrackedKind.ACTION, item, date(2011, 11, 30))] == [
        "reported 2011-11-30", "reported 2011-02-14"]
    assert len(_history(db, TrackedKind.ACTION, item)) == 2


def test_an_action_added_and_then_changed_reads_added_first_and_a_requirement_has_its_judgements(db, sam):
    with db.session() as session:
        area = next(a for a in actions.choices(session).areas if a.key == "P2.1")
        base = actions.fields_of(session, _uuid(db, Action, "P1.1.a"))
    with db.session(sam.label) as session:
        added = actions.add_action(session, sam, area.uuid, "P2.1.z", replace(base, title="A new action",
                                                                                owner="Head of Service"))
    with db.session(sam.label) as session, history.because(session, "moved to the new director"):
        actions.update_action(session, sam, added, replace(base, title="A new action", owner="Director"))
    changed, created = _history(db, TrackedKind.ACTION, added)
    assert (created.kind, created.change, created.changed_by) == (RevisionKind.CREATED, "Added", sam.label)
    assert (changed.change, changed.why) == ("Owner: Head of Service → Director", "moved to the new director")
    assert _history(db, TrackedKind.ACTION, added, history.today() - timedelta(days=1)) == []

    requirement = _uuid(db, Requirement, "7")
    with db.session(sam.label) as session, history.because(session, "the audit found it met"):
        before = edits.set_requirement_status(session, sam, requirement, RequirementStatus.MET)
    [line] = _history(db, TrackedKind.REQUIREMENT, requirement)
    assert line.change.startswith("Status: ") and line.change.endswith(" → Met") and before is not RequirementStatus.MET
    assert (line.why, line.changed_by) == ("the audit found it met", sam.label)


def test_an_items_history_is_read_in_one_query(db, sam):
    item = _uuid(db, Action, "P1.1.a")
    for status in (ActionStatus.IN_PROGRESS, ActionStatus.COMPLETE):
        with db.session(sam.label) as session:
            edits.set_action_status(session, sam, item, status, None)
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with db.session() as session:
        session.connection()  # the transaction begun before counting
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            lines = item_history(session, TrackedKind.ACTION, item, history.today())
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(lines) == 2
    assert len(statements) == 1 and "revision" in statements[0]
