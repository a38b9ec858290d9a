"""What a meeting pack needs from the store beyond the overview: the notice's heading,
each requirement's evidence, each reading's source and commentary (for the pack's
long-form data sheet), the notes and the plan's actions. Core queries: the large
synthetic database has 54,000 readings, 20,000 notes and 2,000 actions, and ORM objects
cost several times as much (the notes and actions are the rows ``annotations.list_notes``
and ``board.plans`` give, tested equal)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import Connection, Table, select
from sqlalchemy.orm import Session

from boardapp.domain.terms import Role, TrackedKind
from boardapp.store import models, note_meetings, then
from boardapp.store.annotations import NoteRow
from boardapp.store.board import ActionRow, MilestoneRow, milestone_row

_I = models.Indicator.__table__
_R = models.Reading.__table__


@dataclass(frozen=True)
class NoticeHeading:
    title: str
    issuer: str
    issued_on: date
    ends_on: date | None


@dataclass(frozen=True)
class ReadingText:
    source: str
    commentary: str


def notice_heading(session: Session) -> NoticeHeading | None:
    """The (first) notice this database holds; None for an empty database."""
    row = session.execute(
        select(models.Notice.title, models.Notice.issuer, models.Notice.issued_on, models.Notice.ends_on)
        .order_by(models.Notice.issued_on, models.Notice.id)
        .limit(1)
    ).first()
    return None if row is None else NoticeHeading(*row)


def reading_texts(connection: Connection) -> dict[tuple[str, str], ReadingText]:
    """Each reading's source and commentary, by (indicator code, period code)."""
    query = select(_I.c.code, _R.c.period, _R.c.source, _R.c.commentary).join(_I, _I.c.id == _R.c.indicator_id)
    return {(code, period): ReadingText(source or "", commentary or "") for code, period, source, commentary in
            connection.execute(query)}


def notes_as_at(connection: Connection, as_at: date | None = None) -> list[NoteRow]:
    """Every note written by the end of ``as_at`` (UTC), newest first, with the label of
    what it is on: what ``annotations.list_notes`` gives, read as Core rows (20,000 notes
    in a tenth of the time ORM objects take)."""
    notes = models.Annotation.__table__
    query = select(
        notes.c.uuid, notes.c.target_kind, notes.c.target_uuid, notes.c.kind, notes.c.text, notes.c.author_name,
        notes.c.written_at, notes.c.status, notes.c.answer, notes.c.answered_by, notes.c.answered_at, notes.c.exempt,
        *note_meetings.meeting_columns(connection),
    ).order_by(notes.c.written_at.desc(), notes.c.id.desc())
    if as_at is not None:
        query = query.where(notes.c.written_at <= datetime.combine(as_at, time.max, tzinfo=UTC))
    labels = _labels(connection)
    meetings = note_meetings.load(connection)
    rows = []
    for (key, target_kind, target, kind, text, author, written_at, status, answer, answered_by, answered_at, exempt,
         meeting_id, answered_meeting_id) in connection.execute(query):
        asked = meetings.asked(kind, meeting_id, written_at)
        rows.append(NoteRow(
            uuid=key, target_kind=target_kind, target_uuid=target, target_label=labels.get(target, "(removed item)"),
            kind=kind, text=text, author=author, written_at=written_at, status=status, answer=answer or "",
            answered_by=answered_by or "", answered_at=answered_at, exempt=bool(exempt), meeting=asked,
            answered_meeting=meetings.answered(kind, answered_meeting_id, answered_at, status, asked),
        ))
    return rows


def _labels(connection: Connection) -> dict[uuid.UUID, str]:
    """What a note is on, as annotations.py words it, for every item a note can be on."""
    requirements = models.Requirement.__table__
    actions = models.Action.__table__
    labels = {key: f"{code}: {title}" for key, code, title in connection.execute(select(_I.c.uuid, _I.c.code, _I.c.title))}
    for key, ref, title in connection.execute(select(requirements.c.uuid, requirements.c.ref, requirements.c.title)):
        labels[key] = f"Requirement {ref}: {title}"
    for key, ref, title in connection.execute(select(actions.c.uuid, actions.c.ref, actions.c.title)):
        labels[key] = f"Action {ref}: {title}"
    return labels


def member_roles(connection: Connection) -> dict[str, Role]:
    """Each member's role on the board, by name."""
    member = models.Member.__table__
    return dict(connection.execute(select(member.c.name, member.c.role)).tuples().all())


@dataclass(frozen=True)
class PlanAction:
    """An action with the plan and focus area it sits in."""

    plan: str
    area: str  # "P1.2 Focus area title"
    action: ActionRow
    plan_key: str = ""  # the plan's short key ("apa2008"): with the ref, it names an action across plans


def plan_actions(connection: Connection, as_at: date | None = None) -> list[PlanAction]:
    """Every action of the plans adopted by ``as_at``, in plan order (priority, focus area,
    position), each as it then stood (store/then.py): the actions ``board.plans`` gives,
    read as Core rows (2,000 actions and their links in a fraction of the time the ORM's
    eager loads take)."""
    plan, priority, area, action = (models.Plan.__table__, models.Priority.__table__, models.FocusArea.__table__,
                                    models.Action.__table__)
    plans = _plans(connection, as_at)
    query = (
        select(priority.c.plan_id, area.c.ref, area.c.title, action.c.id, action.c.uuid, action.c.ref, action.c.title,
               action.c.owner, action.c.due_on, action.c.status, action.c.rag, action.c.evidence, action.c.exempt,
               action.c.source)
        .join(area, area.c.priority_id == priority.c.id)
        .join(action, action.c.focus_area_id == area.c.id)
        .join(plan, plan.c.id == priority.c.plan_id)
        .where(priority.c.plan_id.in_(list(plans)))
        .order_by(plan.c.adopted_on, plan.c.id, priority.c.position, area.c.position, action.c.position, action.c.id)
    )
    rows = connection.execute(query).all()
    actions = then.as_at(connection, TrackedKind.ACTION, as_at)
    milestones = _milestones(connection, then.as_at(connection, TrackedKind.MILESTONE, as_at))
    requirements = _linked(connection, models.action_requirement, models.Requirement.__table__, "requirement_id", "ref",
                           "position")
    indicators = _linked(connection, models.action_indicator, _I, "indicator_id", "code", "code")
    recommendations = _linked(connection, models.action_recommendation, models.Recommendation.__table__,
                              "recommendation_id", "ref", "position")
    found = []
    for (plan_id, area_ref, area_title, action_id, key, ref, title, owner, due_on, status, rag, evidence, exempt,
         source) in rows:
        if not actions.existed(key):
            continue
        stood = actions.of(key)
        plan_title, plan_key = plans[plan_id]
        found.append(PlanAction(
            plan=plan_title,
            plan_key=plan_key,
            area=f"{area_ref} {area_title}",
            action=ActionRow(
                uuid=key, ref=ref, title=stood.get("title", title), owner=stood.get("owner", owner) or "",
                due_on=stood.get("due_on", due_on), status=stood.get("status", status), rag=stood.get("rag", rag),
                evidence=stood.get("evidence", evidence) or "", exempt=bool(stood.get("exempt", exempt)),
                source=source or "",
                milestones=milestones.get(action_id, ()),
                requirements=requirements.get(action_id, ()),
                indicators=indicators.get(action_id, ()),
                recommendations=recommendations.get(action_id, ()),
            ),
        ))
    return found


def _plans(connection: Connection, as_at: date | None) -> dict[int, tuple[str, str]]:
    """The plans adopted by ``as_at`` as they then stood: (title, key) by id."""
    plan = models.Plan.__table__
    was = then.as_at(connection, TrackedKind.PLAN, as_at)
    shown = {}
    for plan_id, key, short, title, adopted_on in connection.execute(
            select(plan.c.id, plan.c.uuid, plan.c.key, plan.c.title, plan.c.adopted_on)):
        stood = was.of(key)
        adopted_on = stood.get("adopted_on", adopted_on)
        if was.existed(key) and (as_at is None or adopted_on is None or adopted_on <= as_at):
            shown[plan_id] = (stood.get("title", title), short)
    return shown


def _milestones(connection: Connection, was: then.Then) -> dict[int, tuple[MilestoneRow, ...]]:
    milestone = models.Milestone.__table__
    found: dict[int, list[MilestoneRow]] = defaultdict(list)
    query = select(milestone.c.action_id, milestone.c.uuid, milestone.c.title, milestone.c.due_on,
                   milestone.c.status).order_by(milestone.c.action_id, milestone.c.position, milestone.c.id)
    for action_id, key, title, due_on, status in connection.execute(query):
        if was.existed(key):
            found[action_id].append(milestone_row(was.of(key), title, due_on, status))
    return {key: tuple(rows) for key, rows in found.items()}


def _linked(connection: Connection, link: Table, target: Table, key: str, label: str, order: str) -> dict[int, tuple[str, ...]]:
    """For each action, the labels (refs, codes) of the rows ``link`` ties it to, in ``order``."""
    found: dict[int, list[str]] = defaultdict(list)
    query = (select(link.c.action_id, target.c[label]).join(target, target.c.id == link.c[key])
             .order_by(link.c.action_id, target.c[order], target.c.id))
    for action_id, name in connection.execute(query):
        found[action_id].append(name)
    return {action_id: tuple(names) for action_id, names in found.items()}
