"""What a meeting pack needs from the store beyond the overview, the plan and the notes:
the notice's heading, each requirement's evidence, and each reading's source and
commentary (for the pack's long-form data sheet). Core queries: the large synthetic
database has 54,000 readings, and ORM objects would cost several times as much."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from boardapp.store import models

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


def requirement_evidence(session: Session) -> dict[uuid.UUID, str]:
    """Each requirement's evidence narrative, by its uuid."""
    query = select(models.Requirement.uuid, models.Requirement.evidence)
    return {key: evidence or "" for key, evidence in session.execute(query)}


def reading_texts(connection: Connection) -> dict[tuple[str, str], ReadingText]:
    """Each reading's source and commentary, by (indicator code, period code)."""
    query = select(_I.c.code, _R.c.period, _R.c.source, _R.c.commentary).join(_I, _I.c.id == _R.c.indicator_id)
    return {(code, period): ReadingText(source or "", commentary or "") for code, period, source, commentary in
            connection.execute(query)}
