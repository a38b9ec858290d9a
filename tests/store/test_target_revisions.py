"""A target changed with its reason: kept as a revision (who, when, why, old and new
value), refused without a reason or for a role that may not, shown as it stood on any
earlier day (its value and the judgement made against it), and listed with its history
on the indicator's page."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from boardapp.domain.permissions import NotAllowed
from boardapp.domain.terms import RagStatus, Role, TrackedKind
from boardapp.store import edits, history
from boardapp.store.indicator_data import load_indicator_data
from boardapp.store.indicator_detail import indicator_detail
from boardapp.store.models import AuditEntry, Indicator, Revision, Target
from boardapp.store.status import board_status
from tests.people import person

REASON = "revised by the board"


@pytest.fixture
def sam(db):
    return person(db, "Sam Secretariat", Role.SECRETARIAT)


def ni117_target(db):
    """NI 117's one target: 6.8% for November 2010 to January 2011, which 8.3% misses
    (lower is better: red)."""
    with db.session() as session:
        target = session.scalars(select(Target).join(Indicator).where(Indicator.code == "NI 117")).one()
        return target.uuid, target.value


def revisions_of(db, item):
    with db.session() as session:
        return session.scalars(select(Revision).where(Revision.item_uuid == item).order_by(Revision.id)).all()


def ni117_line(db, who, day):
    with db.session() as session:
        return next(line for line in board_status(session, who, day).indicators if line.code == "NI 117")


def test_a_target_change_is_kept_with_its_reason_who_and_when(db, sam):
    item, old = ni117_target(db)
    with db.session(sam.label) as session:
        before = edits.set_target_value(session, sam, item, 8.5, reason=f"  {REASON}  ")
    assert before == old == 6.8
    [revision] = revisions_of(db, item)
    assert revision.item_kind is TrackedKind.TARGET
    assert json.loads(revision.changes) == {"value": [6.8, 8.5]}
    assert (revision.reason, revision.changed_by, revision.effective_on) == (REASON, sam.label, history.today())
    with db.session() as session:
        update = session.scalars(select(AuditEntry).where(AuditEntry.row_uuid == item,
                                                         AuditEntry.operation == "update")).one()
    assert (update.actor, json.loads(update.changes)) == (sam.label, {"value": [6.8, 8.5]})


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_change_without_a_reason_is_refused_and_nothing_is_written(db, sam, reason):
    item, old = ni117_target(db)
    with pytest.raises(edits.EditError, match="say why the target changes"), db.session(sam.label) as session:
        edits.set_target_value(session, sam, item, 8.5, reason=reason)
    assert ni117_target(db) == (item, old)
    assert revisions_of(db, item) == []


def test_a_member_may_not_change_a_target(db):
    ann = person(db, "Ann Member", Role.MEMBER)
    item, old = ni117_target(db)
    with pytest.raises(NotAllowed, match="Only the secretariat can edit targets"), db.session(ann.label) as session:
        edits.set_target_value(session, ann, item, 8.5, reason=REASON)
    assert ni117_target(db) == (item, old) and revisions_of(db, item) == []


def test_a_change_cannot_take_effect_after_today(db, sam):
    item, _ = ni117_target(db)
    with pytest.raises(edits.EditError, match="after today"), db.session(sam.label) as session:
        edits.set_target_value(session, sam, item, 8.5, reason=REASON, effective_on=history.today() + timedelta(1))


def test_as_at_before_the_change_the_target_and_its_judgement_are_as_they_were(db, sam):
    item, _ = ni117_target(db)
    yesterday = history.today() - timedelta(days=1)
    with db.session(sam.label) as session:
        edits.set_target_value(session, sam, item, 8.5, reason=REASON)
    then, now = ni117_line(db, sam, yesterday), ni117_line(db, sam, history.today())
    assert (then.status, "6.8%" in then.target) == ("red", True)
    assert (now.status, "8.5%" in now.target) == ("green", True)
    with db.session() as session:
        assert indicator_detail(session, "NI 117", yesterday).judgement.status is RagStatus.RED
        assert indicator_detail(session, "NI 117", history.today()).judgement.status is RagStatus.GREEN


def test_a_change_back_dated_to_the_day_it_was_agreed_counts_from_that_day(db, sam):
    item, _ = ni117_target(db)
    with db.session(sam.label) as session:
        edits.set_target_value(session, sam, item, 8.5, reason=REASON, effective_on=date(2011, 11, 15))
    # NI 117's figure was first known on 1 Nov 2011.
    assert ni117_line(db, sam, date(2011, 11, 14)).status == "red"
    assert ni117_line(db, sam, date(2011, 11, 15)).status == "green"


def test_the_indicator_page_lists_each_target_with_its_history_by_the_date(db, sam):
    item, _ = ni117_target(db)
    with db.session(sam.label) as session:
        edits.set_target_value(session, sam, item, 7.5, reason="the first revision", effective_on=date(2011, 6, 1))
    with db.session(sam.label) as session:
        edits.set_target_value(session, sam, item, 8.5, reason=REASON)
    with db.session() as session:
        [now] = indicator_detail(session, "NI 117", history.today()).targets
        [june] = indicator_detail(session, "NI 117", date(2011, 6, 30)).targets
        [may] = indicator_detail(session, "NI 117", date(2011, 5, 31)).targets
    assert (now.uuid, now.value, now.revised_on) == (item, 8.5, history.today())
    day = history.today()
    assert now.history == (
        f"8.5% from {day.day} {day:%b %Y}, was 7.5%: {REASON} — {sam.label}",
        f"7.5% from 1 Jun 2011, was 6.8%: the first revision — {sam.label}",
    )
    assert (june.value, june.history) == (7.5, now.history[1:])
    assert (may.value, may.history, may.revised_on) == (6.8, (), None)


def test_revisions_come_with_every_indicator_in_one_load(db, sam):
    item, _ = ni117_target(db)
    with db.session(sam.label) as session:
        edits.set_target_value(session, sam, item, 8.5, reason=REASON)
    with db.session() as session:
        every = {d.code: d for d in load_indicator_data(session.connection())}
        [only] = load_indicator_data(session.connection(), ["NI 117"])
    [target] = every["NI 117"].targets
    assert target.uuid == item and [r.reason for r in target.revisions] == [REASON]
    assert only.targets[0].revisions == target.revisions
    assert all(not t.revisions for code, d in every.items() if code != "NI 117" for t in d.targets)
