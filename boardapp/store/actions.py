"""Keeping the plan: the secretariat adds an action or changes one (title, owner, due
date, status, RAG, evidence, and the requirements, indicators and recommendations it
serves).

Every function refuses a role without ``Permission.EDIT_PLAN`` (the same sentence the
window shows) and checks the whole action before it writes anything: a
:class:`ActionError` names the field and says what was expected. The action row's
insert or update goes through the ORM, so the audit log (store/audit.py) and the board
server's outbox (store/outbox.py) record it in the same flush. Its links are link
tables: the outbox queues each changed set of them in that flush too (one ``replace``
per link table, the whole new set), but the audit listener sees only rows, so a change
of links writes its own audit entry (``{"requirements": [old refs, new refs]}``) on the
action's row.
"""

from __future__ import annotations

import json
import string
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from boardapp.domain.ordering import natural_key
from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.terms import ActionStatus, Rag
from boardapp.store.edits import EditError, because
from boardapp.store.models import Action, AuditEntry, FocusArea, Indicator, Plan, Priority, Recommendation, Requirement
from boardapp.store.models.base import utc_now

MAX_REF = 30  # Action.ref
MAX_OWNER = 200  # Action.owner


class ActionError(EditError):
    """An action that cannot be saved as given; ``str()`` names the field and what was expected."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


@dataclass(frozen=True)
class ActionFields:
    """An action as the secretariat wants it. Links are the uuids of the rows linked."""

    title: str
    owner: str
    due_on: date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    rag: Rag | None = None
    evidence: str = ""
    requirements: tuple[uuid.UUID, ...] = ()
    indicators: tuple[uuid.UUID, ...] = ()
    recommendations: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class Choice:
    uuid: uuid.UUID
    key: str  # ref or code
    label: str  # "7 NEET", "NI 59 Initial assessments within 7 working days"


@dataclass(frozen=True)
class AreaChoice(Choice):
    plan_key: str = ""
    plan_started: date | None = None
    next_ref: str = ""


@dataclass(frozen=True)
class PlanChoices:
    """What the action editor offers: where an action may go, and what it may serve."""

    areas: tuple[AreaChoice, ...] = ()
    requirements: tuple[Choice, ...] = ()
    indicators: tuple[Choice, ...] = ()
    recommendations: tuple[Choice, ...] = ()


def choices(session: Session) -> PlanChoices:
    areas = session.scalars(
        select(FocusArea).join(Priority).join(Plan)
        .options(selectinload(FocusArea.actions), selectinload(FocusArea.priority).selectinload(Priority.plan))
        .order_by(Plan.adopted_on, Plan.id, Priority.position, FocusArea.position)
    ).all()
    return PlanChoices(
        areas=tuple(
            AreaChoice(a.uuid, a.ref, f"{a.priority.plan.key} · {a.ref} {_short(a.title)}", a.priority.plan.key,
                       a.priority.plan.adopted_on, _next_ref(a.ref, {x.ref for x in a.actions}))
            for a in areas
        ),
        requirements=tuple(
            Choice(r.uuid, r.ref, f"{r.ref} {_short(r.title)}")
            for r in session.scalars(select(Requirement).order_by(Requirement.notice_id, Requirement.position))
        ),
        indicators=tuple(
            Choice(i.uuid, i.code, f"{i.code} {_short(i.title)}")
            for i in sorted(session.scalars(select(Indicator)), key=lambda i: natural_key(i.code))
        ),
        recommendations=tuple(
            Choice(r.uuid, r.ref, f"{r.ref} {_short(r.text)}")
            for r in session.scalars(select(Recommendation).order_by(Recommendation.inspection_id, Recommendation.position))
        ),
    )


def fields_of(session: Session, action_uuid: uuid.UUID) -> ActionFields:
    """An action as it stands: what the editor starts from, and what undo goes back to."""
    action = _action(session, action_uuid)
    return ActionFields(
        title=action.title, owner=action.owner, due_on=action.due_on, status=action.status, rag=action.rag,
        evidence=action.evidence,
        requirements=tuple(r.uuid for r in action.requirements),
        indicators=tuple(i.uuid for i in action.indicators),
        recommendations=tuple(r.uuid for r in action.recommendations),
    )


def check(session: Session, who: Identity, fields: ActionFields, *, area_uuid: uuid.UUID | None = None,
          action_uuid: uuid.UUID | None = None, ref: str | None = None) -> None:
    """Refuse (``NotAllowed``, :class:`ActionError`) what :func:`add_action` or
    :func:`update_action` would refuse, writing nothing: the editor asks before it closes."""
    who.require(Permission.EDIT_PLAN)
    if action_uuid is not None:
        area = _action(session, action_uuid).focus_area
    else:
        area = _area(session, area_uuid)
        _check_ref(session, ref, area)
    _checked(session, fields, area)


def add_action(session: Session, who: Identity, area_uuid: uuid.UUID | None, ref: str, fields: ActionFields,
               *, action_uuid: uuid.UUID | None = None) -> uuid.UUID:
    """Add an action at the end of a focus area; returns its uuid. ``action_uuid`` gives
    it a known one (redo makes the same action again, so notes on it still find it)."""
    who.require(Permission.EDIT_PLAN)
    area = _area(session, area_uuid)
    ref = _check_ref(session, ref, area)
    links = _checked(session, fields, area)
    position = session.scalar(select(func.max(Action.position)).where(Action.focus_area_id == area.id))
    action = Action(
        uuid=action_uuid or uuid.uuid4(), focus_area=area, ref=ref, position=(position or 0) + 1,
        title=fields.title.strip(), owner=fields.owner.strip(), due_on=fields.due_on, status=fields.status,
        rag=fields.rag, evidence=fields.evidence.strip(), source=f"entered by {who.name}",
    )
    session.add(action)
    _set_links(session, action, links)
    session.flush()
    return action.uuid


def update_action(session: Session, who: Identity, action_uuid: uuid.UUID, fields: ActionFields, *,
                  reason: str = "") -> ActionFields:
    """Change an action to ``fields``, ``reason`` kept with the revision (store/history.py);
    returns what it was (for undo: :func:`restore_action`)."""
    who.require(Permission.EDIT_PLAN)
    action = _action(session, action_uuid)
    before = fields_of(session, action_uuid)
    links = _checked(session, fields, action.focus_area)
    with because(session, reason):
        _write(session, action, fields, links)
    return before


def restore_action(session: Session, who: Identity, action_uuid: uuid.UUID, fields: ActionFields) -> None:
    """Put an action back as it was before a change (undo): the same write, without the
    checks a new entry must pass (an action from the plan's documents may have no owner)."""
    who.require(Permission.EDIT_PLAN)
    action = _action(session, action_uuid)
    _write(session, action, fields, _links(session, fields))


def _write(session: Session, action: Action, fields: ActionFields, links: Links) -> None:
    action.title = fields.title.strip()
    action.owner = fields.owner.strip()
    action.due_on = fields.due_on
    action.status = fields.status
    action.rag = fields.rag
    action.evidence = fields.evidence.strip()
    _set_links(session, action, links)
    session.flush()


def remove_action(session: Session, who: Identity, action_uuid: uuid.UUID) -> None:
    """Take an action out of the plan (what undoing its addition does)."""
    who.require(Permission.EDIT_PLAN)
    action = _action(session, action_uuid)
    if action.milestones:
        raise EditError(f"action {action.ref} has milestones: it cannot be taken out of the plan")
    _set_links(session, action, ([], [], []))
    session.delete(action)
    session.flush()


# --- checks -------------------------------------------------------------------------------

Links = tuple[list[Requirement], list[Indicator], list[Recommendation]]


def _checked(session: Session, fields: ActionFields, area: FocusArea) -> Links:
    if not fields.title.strip():
        raise ActionError("Title", "say what the action is; it was left blank")
    owner = fields.owner.strip()
    if not owner:
        raise ActionError("Owner", "name the person or team who owns the action; it was left blank")
    if len(owner) > MAX_OWNER:
        raise ActionError("Owner", f"at most {MAX_OWNER} characters; it has {len(owner)}")
    if not isinstance(fields.status, ActionStatus):
        raise ActionError("Status", f"one of {', '.join(s.value for s in ActionStatus)}; got {fields.status!r}")
    if fields.rag is not None and not isinstance(fields.rag, Rag):
        raise ActionError("RAG", f"red, amber, green or none; got {fields.rag!r}")
    started = area.priority.plan.adopted_on
    if fields.due_on is not None and started is not None and fields.due_on < started:
        raise ActionError(
            "Due date",
            f"a date on or after the plan's start ({_day(started)}, when it was adopted); "
            f"{_day(fields.due_on)} is before it",
        )
    return _links(session, fields)


def _links(session: Session, fields: ActionFields) -> Links:
    return (
        _linked(session, Requirement, Requirement.ref, fields.requirements, "Requirements", "requirement"),
        _linked(session, Indicator, Indicator.code, fields.indicators, "Indicators", "indicator"),
        _linked(session, Recommendation, Recommendation.ref, fields.recommendations, "Recommendations",
                "recommendation"),
    )


def _check_ref(session: Session, ref: str | None, area: FocusArea) -> str:
    ref = (ref or "").strip()
    if not ref:
        raise ActionError("Ref", "a reference such as P1.2.d; it was left blank")
    if len(ref) > MAX_REF:
        raise ActionError("Ref", f"at most {MAX_REF} characters; it has {len(ref)}")
    plan = area.priority.plan
    taken = session.scalar(
        select(Action.id).join(FocusArea).join(Priority).where(Priority.plan_id == plan.id, Action.ref == ref))
    if taken is not None:
        raise ActionError("Ref", f"a reference no other action of the plan has; {plan.key} has a {ref} already")
    return ref


def _linked(session: Session, model: type, key, wanted: tuple[uuid.UUID, ...], name: str, what: str) -> list:  # type: ignore[no-untyped-def]
    unique = list(dict.fromkeys(wanted))
    if not unique:
        return []
    found = {row.uuid: row for row in session.scalars(select(model).where(model.uuid.in_(unique)))}
    missing = [u for u in unique if u not in found]
    if missing:
        raise ActionError(name, f"{what}s in this database; {len(missing)} of those chosen is no longer there")
    return [found[u] for u in unique]


# --- writing links ---------------------------------------------------------------------------


def _set_links(session: Session, action: Action, links: Links) -> None:
    changes = {}
    for name, new, label in zip(("requirements", "indicators", "recommendations"), links,
                                (lambda r: r.ref, lambda i: i.code, lambda r: r.ref), strict=True):
        old = list(getattr(action, name))
        if [x.id for x in old] != [x.id for x in new]:
            changes[name] = [[label(x) for x in old], [label(x) for x in new]]
            setattr(action, name, list(new))
    if changes:
        session.add(AuditEntry(
            uuid=uuid.uuid4(), at=utc_now(), actor=str(session.info.get("actor", "")), table_name="action",
            row_uuid=action.uuid, operation="update", changes=json.dumps(changes, sort_keys=True),
        ))


# --- helpers --------------------------------------------------------------------------------


def _action(session: Session, action_uuid: uuid.UUID) -> Action:
    action = session.scalars(select(Action).where(Action.uuid == action_uuid)).one_or_none()
    if action is None:
        raise EditError("that action is not in this database")
    return action


def _area(session: Session, area_uuid: uuid.UUID | None) -> FocusArea:
    area = None if area_uuid is None else session.scalars(
        select(FocusArea).where(FocusArea.uuid == area_uuid)).one_or_none()
    if area is None:
        raise ActionError("Focus area", "the plan's focus area the action belongs to; none was chosen")
    return area


def _next_ref(area_ref: str, taken: set[str]) -> str:
    """The next free "P1.2.d" after the area's actions."""
    for letter in string.ascii_lowercase:
        candidate = f"{area_ref}.{letter}"
        if candidate not in taken:
            return candidate
    return f"{area_ref}.{len(taken) + 1}"


def _short(text: str, most: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"
