"""The secretariat's edits of the plan and the notice: action status and RAG, a
requirement's judged status, a target's value. Each refuses a role that may not make
it (domain.permissions) and leaves its trace in the audit log (store.audit) and a
revision in the item's history (store.history), with the reason given (a target's
change must say why)."""

from __future__ import annotations

import math
import uuid
from contextlib import AbstractContextManager, nullcontext
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.terms import ActionStatus, Rag, RequirementStatus
from boardapp.store import history
from boardapp.store.models import Action, Requirement, Target


class EditError(ValueError):
    """An edit that cannot be made as asked; ``str()`` says why."""


NO_REASON = "say why the target changes: its history keeps the reason with the old and new values"


def set_action_status(session: Session, who: Identity, action_uuid: uuid.UUID, status: ActionStatus,
                      rag: Rag | None, *, reason: str = "") -> tuple[ActionStatus, Rag | None]:
    """Set an action's status and RAG, ``reason`` kept with the revision (the why a
    board reads in its history); returns what they were (for undo)."""
    who.require(Permission.EDIT_ACTIONS)
    action = _one(session, Action, action_uuid, "action")
    before = (action.status, action.rag)
    with because(session, reason):
        action.status = status
        action.rag = rag
    return before


def set_requirement_status(session: Session, who: Identity, requirement_uuid: uuid.UUID,
                           status: RequirementStatus, *, reason: str = "") -> RequirementStatus:
    """Set a requirement's judged status, ``reason`` kept with the revision; returns what
    it was (for undo)."""
    who.require(Permission.EDIT_REQUIREMENTS)
    requirement = _one(session, Requirement, requirement_uuid, "requirement")
    before = requirement.status
    with because(session, reason):
        requirement.status = status
    return before


def set_target_value(session: Session, who: Identity, target_uuid: uuid.UUID, value: float, *, reason: str,
                     effective_on: date | None = None) -> float:
    """Change a target's value, saying why; returns what it was (for undo). The change
    takes effect on ``effective_on`` (default today; never after today): as at an earlier
    day the target shows its old value. An unchanged value writes nothing."""
    who.require(Permission.EDIT_TARGETS)
    reason = reason.strip()
    if not reason:
        raise EditError(NO_REASON)
    if not math.isfinite(value):
        raise EditError("a target must be a number")
    if effective_on is not None and effective_on > history.today():
        raise EditError(f"a change cannot take effect after today ({effective_on.isoformat()} was given)")
    target = _one(session, Target, target_uuid, "target")
    before = target.value
    with history.because(session, reason, effective_on=effective_on):
        target.value = value
    return before


def because(session: Session, reason: str) -> AbstractContextManager[None]:
    """The revisions written inside the block carry ``reason`` (history.because), taking
    effect on the day and with the source an enclosing ``history.because`` gave, if any.
    No reason: the block is left to whatever encloses it."""
    if not reason.strip():
        return nullcontext()
    return history.because(session, reason, effective_on=session.info.get(history.EFFECTIVE),
                           source=str(session.info.get(history.SOURCE) or ""))


def _one(session: Session, model: type, row_uuid: uuid.UUID, what: str):  # type: ignore[no-untyped-def]
    row = session.scalars(select(model).where(model.uuid == row_uuid)).one_or_none()
    if row is None:
        raise EditError(f"that {what} is not in this database")
    return row
