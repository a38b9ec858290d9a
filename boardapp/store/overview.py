"""What the overview shows: one plain row per notice requirement, read in one go."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from boardapp.domain.terms import RequirementKind, RequirementStatus
from boardapp.store.models import Requirement


@dataclass(frozen=True)
class RequirementRow:
    ref: str
    title: str
    kind: RequirementKind
    status: RequirementStatus
    indicators: tuple[str, ...]
    exempt: bool


def requirement_rows(session: Session) -> list[RequirementRow]:
    query = select(Requirement).options(selectinload(Requirement.indicators)).order_by(Requirement.position)
    return [
        RequirementRow(
            ref=r.ref,
            title=r.title,
            kind=r.kind,
            status=r.status,
            indicators=tuple(i.code for i in r.indicators),
            exempt=r.exempt,
        )
        for r in session.scalars(query)
    ]
