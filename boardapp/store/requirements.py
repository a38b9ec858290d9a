"""A notice requirement's own words: what the window's requirement page shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp.domain.terms import RequirementKind, RequirementStatus
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


def requirement_detail(session: Session, requirement_uuid: uuid.UUID) -> RequirementDetail:
    r = session.scalars(select(Requirement).where(Requirement.uuid == requirement_uuid)).one()
    return RequirementDetail(r.uuid, r.ref, r.title, r.kind, r.status, r.text, r.evidence, r.source, r.exempt, r.known_on)
