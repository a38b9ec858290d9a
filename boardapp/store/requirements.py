"""A notice requirement's own words: what the window's requirement page shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp.domain.terms import RequirementKind, RequirementStatus, TrackedKind
from boardapp.store import then
from boardapp.store.models import Requirement


@dataclass(frozen=True)
class RequirementDetail:
    uuid: uuid.UUID
    ref: str
    title: str
    kind: RequirementKind
    status: RequirementStatus
    text: str
    evidence: str
    source: str
    exempt: bool
    known_on: date | None


def requirement_detail(session: Session, requirement_uuid: uuid.UUID, as_at: date | None = None) -> RequirementDetail:
    """The requirement as it stood at the end of ``as_at`` (None: today): its status,
    evidence and exempt mark then (store/then.py)."""
    r = session.scalars(select(Requirement).where(Requirement.uuid == requirement_uuid)).one()
    stood = then.as_at(session.connection(), TrackedKind.REQUIREMENT, as_at).of(r.uuid)
    return RequirementDetail(r.uuid, r.ref, r.title, r.kind, stood.get("status", r.status), r.text,
                             stood.get("evidence", r.evidence), r.source, stood.get("exempt", r.exempt), r.known_on)
