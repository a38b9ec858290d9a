"""Plain rows of the plan, the inspections and the meetings, for the window and the packs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from boardapp.domain.terms import ActionStatus, MeetingKind, Rag, RecommendationStatus
from boardapp.store.models import Action, FocusArea, Inspection, Meeting, Plan, Priority, Recommendation


@dataclass(frozen=True)
class MilestoneRow:
    title: str
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class ActionRow:
    uuid: uuid.UUID
    ref: str
    title: str
    owner: str
    due_on: date | None
    status: ActionStatus
    rag: Rag | None
    evidence: str
    exempt: bool
    source: str
    milestones: tuple[MilestoneRow, ...]
    requirements: tuple[str, ...]
    indicators: tuple[str, ...]
    recommendations: tuple[str, ...]

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today and self.status is not ActionStatus.COMPLETE


@dataclass(frozen=True)
class FocusAreaRow:
    ref: str
    title: str
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class PriorityRow:
    ref: str
    title: str
    focus_areas: tuple[FocusAreaRow, ...]


@dataclass(frozen=True)
class PlanRow:
    key: str
    title: str
    adopted_on: date | None
    owner: str
    deadline: date | None
    priorities: tuple[PriorityRow, ...]


@dataclass(frozen=True)
class RecommendationRow:
    ref: str
    text: str
    inspection: str
    inspection_key: str
    due_on: date | None
    status: RecommendationStatus
    actions: tuple[str, ...]


@dataclass(frozen=True)
class InspectionRow:
    key: str
    kind: str
    title: str
    held_on: date
    month_only: bool
    scale: str
    grades: dict[str, str]  # outcome -> grade as shown ("2", "Good")


@dataclass(frozen=True)
class MeetingRow:
    uuid: uuid.UUID
    kind: MeetingKind
    title: str
    held_on: date
    month_only: bool
    as_at: date

    @property
    def label(self) -> str:
        when = self.held_on.strftime("%B %Y") if self.month_only else self.held_on.strftime("%d %B %Y").lstrip("0")
        return f"{self.title}, {when}"


def plans(session: Session, *, as_at: date | None = None, include_exempt: bool = True) -> list[PlanRow]:
    query = (
        select(Plan)
        .options(
            selectinload(Plan.priorities)
            .selectinload(Priority.focus_areas)
            .selectinload(FocusArea.actions)
            .options(
                selectinload(Action.milestones),
                selectinload(Action.requirements),
                selectinload(Action.indicators),
                selectinload(Action.recommendations),
            )
        )
        .order_by(Plan.adopted_on)
    )
    rows = []
    for plan in session.scalars(query):
        if as_at is not None and plan.adopted_on is not None and plan.adopted_on > as_at:
            continue
        rows.append(
            PlanRow(
                key=plan.key,
                title=plan.title,
                adopted_on=plan.adopted_on,
                owner=plan.owner,
                deadline=plan.deadline,
                priorities=tuple(
                    PriorityRow(
                        p.ref,
                        p.title,
                        tuple(
                            FocusAreaRow(f.ref, f.title, tuple(_action(a) for a in f.actions if include_exempt or not a.exempt))
                            for f in p.focus_areas
                        ),
                    )
                    for p in plan.priorities
                ),
            )
        )
    return rows


def _action(action: Action) -> ActionRow:
    return ActionRow(
        uuid=action.uuid,
        ref=action.ref,
        title=action.title,
        owner=action.owner,
        due_on=action.due_on,
        status=action.status,
        rag=action.rag,
        evidence=action.evidence,
        exempt=action.exempt,
        source=action.source,
        milestones=tuple(MilestoneRow(m.title, m.due_on, m.status.value == "done") for m in action.milestones),
        requirements=tuple(r.ref for r in action.requirements),
        indicators=tuple(i.code for i in action.indicators),
        recommendations=tuple(r.ref for r in action.recommendations),
    )


def inspections(session: Session, *, as_at: date | None = None) -> list[InspectionRow]:
    query = select(Inspection).options(selectinload(Inspection.judgements)).order_by(Inspection.held_on)
    return [
        InspectionRow(
            key=i.key,
            kind=i.kind.value,
            title=i.title,
            held_on=i.held_on,
            month_only=i.date_precision.value == "month",
            scale=i.scale,
            grades={j.outcome: (str(j.grade) if j.grade is not None else j.grade_word) for j in i.judgements},
        )
        for i in session.scalars(query)
        if as_at is None or i.held_on <= as_at
    ]


def recommendations(session: Session, *, as_at: date | None = None) -> list[RecommendationRow]:
    query = (
        select(Recommendation)
        .options(selectinload(Recommendation.actions), selectinload(Recommendation.inspection))
        .order_by(Recommendation.position)
    )
    return [
        RecommendationRow(
            ref=r.ref,
            text=r.text,
            inspection=r.inspection.title if r.inspection else "",
            inspection_key=r.inspection.key if r.inspection else "",
            due_on=r.due_on,
            status=r.status,
            actions=tuple(a.ref for a in r.actions),
        )
        for r in session.scalars(query)
        if as_at is None or r.inspection is None or r.inspection.held_on <= as_at
    ]


class NoSuchMeeting(ValueError):
    """The meeting asked for is not in the database; ``str()`` says what is."""


def find_meeting(session: Session, ident: str) -> MeetingRow:
    """A meeting by its uuid, or by its number in the list newest first (1 = the newest)."""
    listed = meetings(session)
    text = ident.strip()
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(listed):
            return listed[number - 1]
        if not listed:
            raise NoSuchMeeting(f"there is no meeting {number}: this database records no meetings")
        raise NoSuchMeeting(
            f"there is no meeting {number}: meetings are numbered 1 (the newest, {listed[0].label}) "
            f"to {len(listed)} (the oldest)"
        )
    try:
        wanted = uuid.UUID(text)
    except ValueError:
        raise NoSuchMeeting(f"{ident!r} is not a meeting: give its number (1 = the newest) or its id") from None
    for row in listed:
        if row.uuid == wanted:
            return row
    raise NoSuchMeeting(f"there is no meeting with the id {ident} in this database")


def meetings(session: Session) -> list[MeetingRow]:
    """Newest first. Core, not ORM: the window lists them before its first paint."""
    m = Meeting.__table__.c
    query = select(m.uuid, m.kind, m.title, m.held_on, m.date_precision, m.as_at).order_by(m.held_on.desc(), m.id)
    return [
        MeetingRow(row.uuid, MeetingKind(row.kind), row.title, row.held_on, row.date_precision == "month", row.as_at)
        for row in session.execute(query)
    ]
