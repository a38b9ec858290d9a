"""What the pack's Requirements sheet needs from the store beyond the overview: each
requirement of the notice in its own words (the wording and the evidence narrative,
whole). Comparators come with the indicators (store/indicator_data.py) and actions
with the plan (store/pack_data.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from boardapp.domain.terms import TrackedKind
from boardapp.store import models, then


@dataclass(frozen=True)
class RequirementText:
    wording: str  # the notice's own words
    evidence: str  # the narrative of progress, paragraphs split by blank lines, bullets one a line


def requirement_texts(connection: Connection, as_at: date | None = None) -> dict[uuid.UUID, RequirementText]:
    """Each requirement's wording and evidence, by its uuid (as stored: never cut); the
    evidence as it stood at the end of ``as_at`` (None: today; store/then.py)."""
    table = models.Requirement.__table__
    query = select(table.c.uuid, table.c.text, table.c.evidence)
    was = then.as_at(connection, TrackedKind.REQUIREMENT, as_at)
    return {key: RequirementText(wording or "", was.of(key).get("evidence", evidence) or "")
            for key, wording, evidence in connection.execute(query)}
