"""Every model is written and read back with the values it was given."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select

from boardapp.domain.terms import (
    ActionStatus,
    AnnotatedKind,
    AnnotationKind,
    AnnotationStatus,
    ComparatorKind,
    Frequency,
    InspectionKind,
    MeetingKind,
    Polarity,
    Rag,
    ReadingStatus,
    RequirementKind,
    RequirementStatus,
    Role,
    TargetBasis,
    ThresholdKind,
    ToleranceKind,
    TrackedKind,
    Unit,
)
from boardapp.store.connection import open_database
from boardapp.store.models import (
    Action,
    Annotation,
    AuditEntry,
    Base,
    Comparator,
    FocusArea,
    Indicator,
    Inspection,
    Judgement,
    Meeting,
    Member,
    Milestone,
    Notice,
    Plan,
    Priority,
    Reading,
    ReadingRevision,
    Recommendation,
    Requirement,
    Revision,
    SyncConflict,
    Synced,
    Target,
    Threshold,
)

MOMENT = datetime(2011, 5, 9, 18, 30, tzinfo=UTC)


def build_everything() -> list[object]:
    indicator = Indicator(
        code="NI 59", title="Initial assessments within 7 working days", unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_IS_BETTER, frequency=Frequency.MONTHLY, decimals=1, tolerance=5.0,
        tolerance_kind=ToleranceKind.RELATIVE, description="d", source="003 ¶NI 59",
        tolerance_set_by="the improvement plan", narrative_phrase="of initial assessments within timescale",
        volume_phrase="assessments",
    )
    reading = Reading(
        indicator=indicator, period="2011-08", period_start=date(2011, 8, 1), period_end=date(2011, 8, 31),
        value=80.5, numerator=805.0, denominator=1000.0, status=ReadingStatus.VALIDATED,
        known_on=date(2011, 11, 1), source="003", commentary="above target", entered_by="secretariat",
        measure="change over three years",
    )
    reading.revisions.append(
        ReadingRevision(old_value=79.0, new_value=80.5, old_status=ReadingStatus.PROVISIONAL,
                        new_status=ReadingStatus.VALIDATED, changed_by="Sam", changed_at=MOMENT, reason="validated")
    )
    notice = Notice(title="Improvement Notice", issuer="DCSF", issued_on=date(2010, 3, 1), source="003 ¶2")
    requirement = Requirement(
        ref="1", position=1, kind=RequirementKind.TARGET, title="NI 59", text="increase NI 59",
        status=RequirementStatus.MET, evidence="80.1%", exempt=True, source="003", known_on=date(2011, 11, 1),
        indicators=[indicator],
    )
    notice.requirements.append(requirement)
    inspection = Inspection(key="APA2008", kind=InspectionKind.APA, title="APA 2008", held_on=date(2008, 12, 1))
    inspection.judgements.append(Judgement(position=1, outcome="Staying safe", grade=2, source="000"))
    recommendation = Recommendation(ref="APA2008-1", position=1, text="Improve", inspection=inspection,
                                     due_on=date(2009, 3, 31))
    action = Action(
        ref="A1", position=1, title="Do it", owner="Director", due_on=date(2019, 3, 28),
        status=ActionStatus.IN_PROGRESS, rag=Rag.AMBER, evidence="e", exempt=True, source="004",
        requirements=[requirement], indicators=[indicator], recommendations=[recommendation],
    )
    action.milestones.append(Milestone(position=1, title="Plan drafted", due_on=date(2019, 2, 1)))
    plan = Plan(key="p2019", title="Plan", adopted_on=date(2019, 3, 20), owner="Director", deadline=date(2021, 3, 31))
    priority = Priority(ref="P1", position=1, title="Priority")
    area = FocusArea(ref="P1.1", position=1, title="Area")
    area.actions.append(action)
    priority.focus_areas.append(area)
    plan.priorities.append(priority)
    member = Member(name="Bill McCarthy", role=Role.CHAIR, source="003 ¶2")
    return [
        indicator, reading, notice, inspection, recommendation, plan, member,
        Target(indicator=indicator, value=80.0, basis=TargetBasis.CUMULATIVE, period="2010-10..2011-03",
               period_start=date(2010, 10, 1), period_end=date(2011, 3, 31), known_on=date(2010, 3, 1), note="n"),
        Target(indicator=indicator, value=85.0, basis=TargetBasis.STANDING, period="2011-04",
               period_start=date(2011, 4, 1), period_end=date(2011, 4, 30), known_on=date(2011, 4, 1),
               set_by="the improvement plan"),
        Threshold(indicator=indicator, value=25.0, kind=ThresholdKind.ALERT, label="managers act above 25",
                  known_on=date(2011, 11, 1), source="003 ¶CASELOAD"),
        Comparator(indicator=indicator, kind=ComparatorKind.NATIONAL, period="2011-08",
                   period_start=date(2011, 8, 1), period_end=date(2011, 8, 31), value=77.0, known_on=date(2011, 11, 1)),
        Meeting(kind=MeetingKind.DFE_REVIEW, title="DfE progress review", held_on=date(2011, 5, 20),
                as_at=date(2011, 5, 20)),
        Annotation(target_kind=AnnotatedKind.ACTION, target_uuid=uuid.uuid4(), kind=AnnotationKind.CHALLENGE,
                   text="=HYPERLINK(\"x\")", author=member, author_name="Bill McCarthy", written_at=MOMENT,
                   status=AnnotationStatus.ANSWERED, answer="yes", answered_by="Sam", answered_at=MOMENT,
                   exempt=True),
        SyncConflict(table_name="action", row_uuid=uuid.uuid4(), field="status", base_value='"not started"',
                     overwritten_value='"in progress"', overwritten_by="Sam", incoming_value='"complete"',
                     incoming_by="Pat", incoming_op=uuid.uuid4(), server_order=7, resolved=True,
                     resolution='"complete"', resolved_by="Sam", resolved_at=MOMENT),
        Revision(item_kind=TrackedKind.TARGET, item_uuid=uuid.uuid4(), changes='{"value": [72.0, 80.0]}',
                 effective_on=date(2011, 5, 20), changed_at=MOMENT, changed_by="Sam",
                 reason="revised by the board", source="003 ¶NI 59"),
    ]


def columns(obj: object) -> dict[str, object]:
    table = obj.__table__  # type: ignore[attr-defined]
    return {c.key: getattr(obj, c.key) for c in table.columns}


def test_every_model_reads_back_as_it_was_written(tmp_path):
    path = tmp_path / "round.sqlite"
    with open_database(path, create=True) as db, db.session("tester") as session:
        objects = build_everything()
        session.add_all(objects)
        session.flush()
        written = {}
        for obj in list(session.identity_map.values()):
            written[(type(obj), obj.id)] = columns(obj)
    every_synced_model = {m.class_ for m in Base.registry.mappers if issubclass(m.class_, Synced)}
    assert {model for model, _ in written} >= every_synced_model
    with open_database(path) as db, db.session() as session:
        for (model, row_id), expected in written.items():
            found = session.get(model, row_id)
            assert columns(found) == expected, model.__name__
        action = session.scalars(select(Action)).one()
        assert [r.ref for r in action.recommendations] == ["APA2008-1"]
        assert [i.code for i in action.requirements[0].indicators] == ["NI 59"]
        assert action.recommendations[0].inspection.judgements[0].grade == 2
        assert session.scalars(select(Reading)).one().revisions[0].changed_at == MOMENT


def test_synced_rows_carry_a_uuid_and_utc_timestamps(database):
    with database.session() as session:
        session.add(Member(name="A", role=Role.MEMBER))
    with database.session() as session:
        member = session.scalars(select(Member)).one()
        assert isinstance(member.uuid, uuid.UUID)
        assert member.created_at.tzinfo is UTC and member.updated_at.tzinfo is UTC


def test_every_change_is_in_the_audit_log_with_who_made_it(database):
    with database.session("Sam (secretariat)") as session:
        session.add(Member(name="A", role=Role.MEMBER))
    with database.session("Bill (chair)") as session:
        session.scalars(select(Member)).one().role = Role.CHAIR
    with database.session("Sam (secretariat)") as session:
        session.delete(session.scalars(select(Member)).one())
    with database.session() as session:
        log = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.operation, e.actor, e.table_name) for e in log] == [
        ("insert", "Sam (secretariat)", "member"),
        ("update", "Bill (chair)", "member"),
        ("delete", "Sam (secretariat)", "member"),
    ]
    assert '"role": ["member", "chair"]' in log[1].changes
    assert len({e.row_uuid for e in log}) == 1
