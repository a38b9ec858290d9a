"""Plain rows of the plan, the inspections and the meetings, for the window and the packs."""

from __future__ import annotations

import calendar
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import inspect, literal, select
from sqlalchemy.orm import Session, selectinload

from boardapp.domain.terms import ActionStatus, MeetingKind, MilestoneStatus, Rag, RecommendationStatus, TrackedKind
from boardapp.store import then
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


MEETING_KINDS = {
    MeetingKind.BOARD: "Improvement Board",
    MeetingKind.DFE_REVIEW: "DfE progress review",
    MeetingKind.EXECUTIVE_BOARD: "Executive Board",
    MeetingKind.SCRUTINY: "Scrutiny board",
    MeetingKind.OTHER: "Other meeting",
}
PLANNED_MARK = "(planned)"


@dataclass(frozen=True)
class MeetingRow:
    uuid: uuid.UUID
    kind: MeetingKind
    title: str
    held_on: date
    month_only: bool
    as_at: date
    # The covering report's text the secretariat wrote for this meeting's pack (store/meetings.py).
    conclusion: str = ""
    asks: str = ""

    @property
    def label(self) -> str:
        return f"{self.title}, {self.when}"

    @property
    def when(self) -> str:
        """"November 2011" for a meeting known only by its month, else "9 May 2011"."""
        return self.held_on.strftime("%B %Y") if self.month_only else self.held_on.strftime("%d %B %Y").lstrip("0")

    @property
    def kind_words(self) -> str:
        return MEETING_KINDS[self.kind]

    @property
    def last_day(self) -> date:
        """The last day it can have been held: its day, or its month's last day."""
        if not self.month_only:
            return self.held_on
        return date(self.held_on.year, self.held_on.month, calendar.monthrange(self.held_on.year, self.held_on.month)[1])

    def planned_on(self, today: date) -> bool:
        """Not known to have been held by ``today``: it falls after today (a meeting known
        only by its month, until that month has ended), or the document it comes from
        names it as still to come, "(planned)" in its title (the demo's Executive Board
        of March 2020, which 004 announces and no later source reports)."""
        return self.last_day > today or PLANNED_MARK in self.title.casefold()

    @property
    def planned(self) -> bool:
        """:meth:`planned_on` today."""
        return self.planned_on(date.today())


def plans(session: Session, *, as_at: date | None = None, include_exempt: bool = True) -> list[PlanRow]:
    """The plans adopted by ``as_at`` (None: today), each plan, action and milestone as
    it then stood (store/then.py): an action added later is left out, one changed later
    shows what it was."""
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
    connection = session.connection()
    was = _Was(*(then.as_at(connection, kind, as_at)
                 for kind in (TrackedKind.PLAN, TrackedKind.ACTION, TrackedKind.MILESTONE)))
    rows = []
    for plan in session.scalars(query):
        stood = was.plan.of(plan.uuid)
        adopted_on = stood.get("adopted_on", plan.adopted_on)
        if as_at is not None and (not was.plan.existed(plan.uuid) or (adopted_on is not None and adopted_on > as_at)):
            continue
        rows.append(
            PlanRow(
                key=plan.key,
                title=stood.get("title", plan.title),
                adopted_on=adopted_on,
                owner=stood.get("owner", plan.owner),
                deadline=stood.get("deadline", plan.deadline),
                priorities=tuple(
                    PriorityRow(
                        p.ref,
                        p.title,
                        tuple(FocusAreaRow(f.ref, f.title, _actions(f, was, include_exempt)) for f in p.focus_areas),
                    )
                    for p in plan.priorities
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class _Was:
    plan: then.Then
    action: then.Then
    milestone: then.Then


def _actions(area: FocusArea, was: _Was, include_exempt: bool) -> tuple[ActionRow, ...]:
    """The area's actions that existed then, as they stood."""
    rows = (_action(a, was) for a in area.actions if was.action.existed(a.uuid))
    return tuple(row for row in rows if include_exempt or not row.exempt)


def _action(action: Action, was: _Was) -> ActionRow:
    stood = was.action.of(action.uuid)
    return ActionRow(
        uuid=action.uuid,
        ref=action.ref,
        title=stood.get("title", action.title),
        owner=stood.get("owner", action.owner),
        due_on=stood.get("due_on", action.due_on),
        status=stood.get("status", action.status),
        rag=stood.get("rag", action.rag),
        evidence=stood.get("evidence", action.evidence),
        exempt=stood.get("exempt", action.exempt),
        source=action.source,
        milestones=tuple(milestone_row(was.milestone.of(m.uuid), m.title, m.due_on, m.status)
                         for m in action.milestones if was.milestone.existed(m.uuid)),
        requirements=tuple(r.ref for r in action.requirements),
        indicators=tuple(i.code for i in action.indicators),
        recommendations=tuple(r.ref for r in action.recommendations),
    )


def milestone_row(stood: Mapping[str, Any], title: str, due_on: date | None, status: MilestoneStatus) -> MilestoneRow:
    """A milestone as it stood (``stood``: its fields that were otherwise then, store/then.py)."""
    return MilestoneRow(stood.get("title", title), stood.get("due_on", due_on),
                        stood.get("status", status) is MilestoneStatus.DONE)


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
    """The recommendations of the inspections held by ``as_at`` (None: today), each as it
    then stood (store/then.py): its text, due date and status, and the actions then in the plan."""
    query = (
        select(Recommendation)
        .options(selectinload(Recommendation.actions), selectinload(Recommendation.inspection))
        .order_by(Recommendation.position)
    )
    connection = session.connection()
    was = then.as_at(connection, TrackedKind.RECOMMENDATION, as_at)
    later = then.created_after(connection, TrackedKind.ACTION, as_at)
    return [
        RecommendationRow(
            ref=r.ref,
            text=was.of(r.uuid).get("text", r.text),
            inspection=r.inspection.title if r.inspection else "",
            inspection_key=r.inspection.key if r.inspection else "",
            due_on=was.of(r.uuid).get("due_on", r.due_on),
            status=was.of(r.uuid).get("status", r.status),
            actions=tuple(a.ref for a in r.actions if a.uuid not in later),
        )
        for r in session.scalars(query)
        if (as_at is None or r.inspection is None or r.inspection.held_on <= as_at) and was.existed(r.uuid)
    ]


class NoSuchMeeting(ValueError):
    """The meeting asked for is not in the database; ``str()`` says what is."""


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def find_meeting(session: Session, ident: str) -> MeetingRow:
    """A meeting by its number in the list newest first (1 = the newest), its uuid, or
    its date: ``2011-11`` or ``2011-11-01`` is the Improvement Board held then, else the
    one meeting held then; a date that could mean several is refused with the list."""
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
    if _MONTH.match(text) or _DAY.match(text):
        return _on_date(listed, text)
    try:
        wanted = uuid.UUID(text)
    except ValueError:
        raise NoSuchMeeting(
            f"{ident!r} is not a meeting: give its number (1 = the newest), its id, or its date "
            "(2011-11 for a month, 2011-11-01 for a day)"
        ) from None
    for row in listed:
        if row.uuid == wanted:
            return row
    raise NoSuchMeeting(f"there is no meeting with the id {ident} in this database")


def _on_date(listed: list[MeetingRow], text: str) -> MeetingRow:
    """The meeting ``text`` (a month or a day) names: the Improvement Board then, else
    the one meeting then. A day also finds a meeting known only by its month."""
    month = _MONTH.match(text)
    try:
        if month:
            first = date(int(month.group(1)), int(month.group(2)), 1)
            what = f"in {first:%B %Y}"
            found = [r for r in listed if (r.held_on.year, r.held_on.month) == (first.year, first.month)]
        else:
            first = date.fromisoformat(text)
            what = f"on {first.day} {first:%B %Y}"
            found = [r for r in listed if r.held_on == first] or [
                r for r in listed if r.month_only and (r.held_on.year, r.held_on.month) == (first.year, first.month)
            ]
    except ValueError:
        raise NoSuchMeeting(f"{text!r} is not a date: write 2011-11 for a month or 2011-11-01 for a day") from None
    if not found:
        raise NoSuchMeeting(f"no meeting in this database was held {what}{_nearest(listed, first)}")
    boards = [r for r in found if r.kind is MeetingKind.BOARD]
    chosen = boards or found
    if len(chosen) == 1:
        return chosen[0]
    which = "Improvement Boards" if boards else "meetings"
    choices = "".join(f"\n  {listed.index(r) + 1:>3}  {r.uuid}  {r.label}" for r in chosen)
    raise NoSuchMeeting(f"{len(chosen)} {which} were held {what}: give the number or the id of one of them:{choices}")


def _nearest(listed: list[MeetingRow], day: date) -> str:
    before = next((r for r in listed if r.held_on < day), None)  # newest first
    after = next((r for r in reversed(listed) if r.held_on > day), None)
    near = [f"the nearest {side} is {r.label} (number {listed.index(r) + 1})"
            for side, r in (("before", before), ("after", after)) if r is not None]
    return "; " + " and ".join(near) if near else " (it records no meetings)"


def default_meeting(session: Session, today: date) -> MeetingRow | None:
    """The meeting a pack is for when none is named: the last Improvement Board held by
    ``today``, else the next one planned; None when the database records no Improvement Board."""
    boards = [r for r in meetings(session) if r.kind is MeetingKind.BOARD]  # newest first
    held = [r for r in boards if not r.planned_on(today)]
    if held:
        return held[0]
    planned = boards[::-1]  # oldest first
    return next((r for r in planned if r.last_day >= today), planned[-1] if planned else None)


def meetings(session: Session) -> list[MeetingRow]:
    """Newest first. Core, not ORM: the window lists them before its first paint.

    A file from before the covering report's text (revision 0005), opened read-only and
    so not migrated (``boardapp meetings``, ``export-pack``), lists its meetings with no text."""
    m = Meeting.__table__.c
    texts = (m.conclusion, m.asks) if _has_texts(session) else (literal("").label("conclusion"), literal("").label("asks"))
    query = select(m.uuid, m.kind, m.title, m.held_on, m.date_precision, m.as_at, *texts).order_by(m.held_on.desc(), m.id)
    return [
        MeetingRow(row.uuid, MeetingKind(row.kind), row.title, row.held_on, row.date_precision == "month", row.as_at,
                   row.conclusion or "", row.asks or "")
        for row in session.execute(query)
    ]


def _has_texts(session: Session) -> bool:
    return "conclusion" in {c["name"] for c in inspect(session.connection()).get_columns("meeting")}
