"""As at a date, the plan's actions, milestones and plans, the inspections'
recommendations and the board's judgement of each requirement show what they were on
that day, from their history (store/then.py): a change made today is not there as at
yesterday, a change back-dated to a day counts from it, and an item added today did not
exist before."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from boardapp.domain.terms import ActionStatus, MilestoneStatus, Rag, RecommendationStatus, RequirementStatus, Role
from boardapp.store import actions, board, edits, history, identity
from boardapp.store.attention import build_attention
from boardapp.store.models import Action, Milestone, Plan, Recommendation, Requirement, Revision
from boardapp.store.overview import build_overview
from boardapp.store.pack_data import plan_actions
from boardapp.store.requirements import requirement_detail
from boardapp.store.status import board_status
from tests.people import person

TODAY = history.today()
YESTERDAY = TODAY - timedelta(days=1)
NOVEMBER_2011 = date(2011, 11, 30)


@pytest.fixture
def sam(db):
    return person(db, "Sam Secretariat", Role.SECRETARIAT)


def _uuid(db, model, column, value):
    with db.session() as session:
        return session.scalars(select(model.uuid).where(column == value).order_by(model.id)).first()


def _action(rows, ref, plan="apa2008"):
    """The action ``ref`` of ``plan`` in board.plans' rows, or None."""
    return next((a for p in rows if p.key == plan for pr in p.priorities for f in pr.focus_areas for a in f.actions
                 if a.ref == ref), None)


def _plan_action(rows, ref, plan="apa2008"):
    return next((row.action for row in rows if row.plan_key == plan and row.action.ref == ref), None)


def _reason(db, item):
    with db.session() as session:
        return session.scalars(select(Revision.reason).where(Revision.item_uuid == item).order_by(Revision.id)).all()


def test_an_action_changed_today_stands_as_it_was_yesterday_in_the_plan_and_the_packs_rows(db, sam):
    item = _uuid(db, Action, Action.ref, "P2.1.a")  # in progress, green, in the 2008 plan
    with db.session(sam.label) as session:
        edits.set_action_status(session, sam, item, ActionStatus.COMPLETE, Rag.AMBER, reason="signed off by the LSCB")
    assert _reason(db, item) == ["signed off by the LSCB"]
    with db.session() as session:
        then, now, live = (board.plans(session, as_at=day) for day in (YESTERDAY, TODAY, None))
        core_then, core_now = (plan_actions(session.connection(), day) for day in (YESTERDAY, TODAY))
    assert (_action(then, "P2.1.a").status, _action(then, "P2.1.a").rag) == (ActionStatus.IN_PROGRESS, Rag.GREEN)
    for rows in (now, live):
        assert (_action(rows, "P2.1.a").status, _action(rows, "P2.1.a").rag) == (ActionStatus.COMPLETE, Rag.AMBER)
    # The pack's Core rows say the same as the window's plan, as at either day.
    assert _plan_action(core_then, "P2.1.a") == _action(then, "P2.1.a")
    assert _plan_action(core_now, "P2.1.a") == _action(now, "P2.1.a")


def test_every_tracked_field_of_an_action_and_its_milestones_as_they_stood(db, sam):
    item = _uuid(db, Action, Action.ref, "P2.1.a")
    with db.session() as session:
        before = actions.fields_of(session, item)
        milestone = session.scalars(select(Milestone.uuid).join(Action).where(Action.uuid == item)
                                    .order_by(Milestone.position)).first()
    changed = replace(before, title="Duty and advice: one front door", owner="Head of Duty and Advice",
                      due_on=date(2012, 3, 31), status=ActionStatus.COMPLETE, rag=Rag.GREEN,
                      evidence="Front door opened in March 2012.")
    with db.session(sam.label) as session:
        actions.update_action(session, sam, item, changed, reason="the March 2012 report")
        session.scalars(select(Action).where(Action.uuid == item)).one().exempt = True
        first = session.scalars(select(Milestone).where(Milestone.uuid == milestone)).one()
        first.status, first.done_on = MilestoneStatus.DONE, date(2012, 3, 1)
    assert _reason(db, item)[0] == "the March 2012 report"
    with db.session() as session:
        then = _action(board.plans(session, as_at=YESTERDAY), "P2.1.a")
        now = _action(board.plans(session), "P2.1.a")
        hidden_then = _action(board.plans(session, as_at=YESTERDAY, include_exempt=False), "P2.1.a")
        hidden_now = _action(board.plans(session, include_exempt=False), "P2.1.a")
        core_then = _plan_action(plan_actions(session.connection(), YESTERDAY), "P2.1.a")
    assert (then.title, then.owner, then.due_on, then.status, then.rag, then.evidence, then.exempt) == (
        before.title, before.owner, before.due_on, before.status, before.rag, before.evidence, False)
    assert (now.title, now.owner, now.due_on, now.status, now.rag, now.evidence, now.exempt) == (
        changed.title, changed.owner, changed.due_on, changed.status, changed.rag, changed.evidence, True)
    assert [m.done for m in then.milestones][:1] == [False] and now.milestones[0].done
    assert core_then == then
    # Exempt only from today: a view for those who may not see exempt items had it yesterday.
    assert hidden_then is not None and hidden_now is None


def test_an_action_added_today_is_not_in_the_plan_as_at_yesterday(db, sam):
    with db.session() as session:
        area = next(a for a in actions.choices(session).areas if a.plan_key == "apa2008" and a.key == "P2.1")
        recommendation = session.scalars(select(Recommendation).where(Recommendation.ref == "APA2008-4")).one().uuid
    with db.session(sam.label) as session:
        actions.add_action(session, sam, area.uuid, "P2.1.z", actions.ActionFields(
            title="Weekly audit of assessments out of time", owner="Head of Service",
            recommendations=(recommendation,)))
    with db.session() as session:
        assert _action(board.plans(session, as_at=YESTERDAY), "P2.1.z") is None
        assert _action(board.plans(session, as_at=TODAY), "P2.1.z") is not None
        assert _plan_action(plan_actions(session.connection(), YESTERDAY), "P2.1.z") is None
        assert _plan_action(plan_actions(session.connection()), "P2.1.z") is not None
        then = {r.ref: r.actions for r in board.recommendations(session, as_at=YESTERDAY)}
        now = {r.ref: r.actions for r in board.recommendations(session)}
    assert then["APA2008-4"] == ("P2.1.a",) and now["APA2008-4"] == ("P2.1.a", "P2.1.z")


def test_a_recommendation_and_a_plan_as_they_stood(db, sam):
    with db.session(sam.label) as session:
        recommendation = session.scalars(select(Recommendation).where(Recommendation.ref == "APA2008-1")).one()
        old_text = recommendation.text
        recommendation.status, recommendation.due_on = RecommendationStatus.COMPLETE, date(2012, 3, 31)
        plan = session.scalars(select(Plan).where(Plan.key == "apa2008")).one()
        old_title, old_owner = plan.title, plan.owner
        plan.title, plan.owner = "The 2008 plan, as renamed", "Chief Executive"
    with db.session() as session:
        then = {r.ref: r for r in board.recommendations(session, as_at=YESTERDAY)}["APA2008-1"]
        now = {r.ref: r for r in board.recommendations(session)}["APA2008-1"]
        plans_then = {p.key: p for p in board.plans(session, as_at=YESTERDAY)}
        plans_now = {p.key: p for p in board.plans(session)}
        core_then = {row.plan for row in plan_actions(session.connection(), YESTERDAY) if row.plan_key == "apa2008"}
    assert (then.status, then.due_on, then.text) == (RecommendationStatus.IN_PROGRESS, None, old_text)
    assert (now.status, now.due_on) == (RecommendationStatus.COMPLETE, date(2012, 3, 31))
    assert (plans_then["apa2008"].title, plans_then["apa2008"].owner) == (old_title, old_owner)
    assert (plans_now["apa2008"].title, plans_now["apa2008"].owner) == ("The 2008 plan, as renamed", "Chief Executive")
    assert core_then == {old_title}


def test_a_judgement_back_dated_counts_from_its_day_and_known_on_still_gates_it(db, sam):
    item = _uuid(db, Requirement, Requirement.ref, "1")  # met; judged from 20 May 2011 (docs/demo-data-notes.md)
    with db.session(sam.label) as session, history.because(session, "as the November report states",
                                                            effective_on=date(2011, 11, 15), source="003"):
        edits.set_requirement_status(session, sam, item, RequirementStatus.PARTLY_MET)
    with db.session() as session:
        judged = {day: {r.ref: r.judged for r in build_overview(session, day).rows}["1"]
                  for day in (date(2011, 5, 19), date(2011, 11, 14), date(2011, 11, 15), TODAY)}
        detail_then = requirement_detail(session, item, date(2011, 11, 14))
        detail_now = requirement_detail(session, item)
        status_then = {line.ref: line.judged for line in
                       board_status(session, identity.acting(db), date(2011, 11, 14)).requirements}
        status_now = {line.ref: line.judged for line in
                      board_status(session, identity.acting(db), NOVEMBER_2011).requirements}
    assert judged == {date(2011, 5, 19): None,  # before its known_on: not judged at all
                      date(2011, 11, 14): RequirementStatus.MET,
                      date(2011, 11, 15): RequirementStatus.PARTLY_MET, TODAY: RequirementStatus.PARTLY_MET}
    assert (detail_then.status, detail_now.status) == (RequirementStatus.MET, RequirementStatus.PARTLY_MET)
    assert (status_then["1"], status_now["1"]) == ("Met", "Partly met")
    # The day and source of the enclosing block stay; the reason is the edit's own when it gives one.
    with db.session(sam.label) as session, history.because(session, "outer", effective_on=date(2011, 11, 20)):
        edits.set_requirement_status(session, sam, item, RequirementStatus.MET, reason="re-read the report")
    with db.session() as session:
        last = session.scalars(select(Revision).where(Revision.item_uuid == item).order_by(Revision.id.desc())).first()
    assert (last.reason, last.effective_on, json.loads(last.changes)) == (
        "re-read the report", date(2011, 11, 20), {"status": ["partly_met", "met"]})


def test_a_requirements_evidence_and_exempt_mark_as_they_stood(db, sam):
    item = _uuid(db, Requirement, Requirement.ref, "2")
    with db.session(sam.label) as session:
        requirement = session.scalars(select(Requirement).where(Requirement.uuid == item)).one()
        old_evidence = requirement.evidence
        requirement.evidence, requirement.exempt = "Rewritten today.", True
    with db.session() as session:
        then = requirement_detail(session, item, YESTERDAY)
        now = requirement_detail(session, item, TODAY)
        shown_then = {r.ref for r in build_overview(session, YESTERDAY, include_exempt=False).rows}
        shown_now = {r.ref for r in build_overview(session, TODAY, include_exempt=False).rows}
    assert (then.evidence, then.exempt) == (old_evidence, False)
    assert (now.evidence, now.exempt) == ("Rewritten today.", True)
    assert "2" in shown_then and "2" not in shown_now


def test_the_off_track_view_as_at_november_2011_shows_the_actions_as_they_then_stood(db, sam):
    item = _uuid(db, Action, Action.ref, "P2.4.a")  # tied to requirement 20, red in November 2011
    with db.session() as session:
        before = build_attention(session, NOVEMBER_2011)
    tied = {a.ref: a for i in before.items if i.ref == "20" for a in i.actions}["P2.4.a"]
    with db.session(sam.label) as session:
        edits.set_action_status(session, sam, item, ActionStatus.COMPLETE, Rag.GREEN)
        fields = actions.fields_of(session, item)
    with db.session(sam.label) as session, history.because(session, "as the October report states",
                                                            effective_on=date(2011, 10, 1)):
        actions.update_action(session, sam, item, replace(fields, owner="Head of Workforce Development",
                                                          due_on=date(2011, 12, 31)))
    with db.session() as session:
        after = build_attention(session, NOVEMBER_2011)
        today = plan_actions(session.connection())
    then = {a.ref: a for i in after.items if i.ref == "20" for a in i.actions}["P2.4.a"]
    # Today's change is not there as at November 2011; the one back-dated to October is.
    assert (then.status, then.rag) == (tied.status, tied.rag) == (ActionStatus.IN_PROGRESS, None)
    assert (then.owner, then.due_on) == ("Head of Workforce Development", date(2011, 12, 31))
    now = _plan_action(today, "P2.4.a")
    assert (now.status, now.rag) == (ActionStatus.COMPLETE, Rag.GREEN)


def test_a_copy_from_before_history_was_kept_reads_the_plan_as_today(db):
    """A file opened read-only is not migrated: one from before the revision table."""
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE revision"))
    with db.session() as session:
        assert _action(board.plans(session, as_at=NOVEMBER_2011), "P2.1.a").status is ActionStatus.IN_PROGRESS
        rows = plan_actions(session.connection(), NOVEMBER_2011)
        assert _plan_action(rows, "P2.1.a").status is ActionStatus.IN_PROGRESS
        assert board.recommendations(session, as_at=NOVEMBER_2011)
        item = _uuid(db, Requirement, Requirement.ref, "1")
        assert requirement_detail(session, item, NOVEMBER_2011).status is RequirementStatus.MET
        # The indicators' targets too (they read their revisions): the overview judges as before.
        judged = {r.ref: r.judged for r in build_overview(session, NOVEMBER_2011).rows}
        assert judged["1"] is RequirementStatus.MET and judged["7"] is RequirementStatus.NOT_MET
