"""What a meeting pack needs from the store beyond the overview and the plan: the
notice's heading, each requirement's evidence, each reading's source and commentary
(for the pack's long-form data sheet), and the notes. Core queries: the large synthetic
database has 54,000 readings and 20,000 notes, and ORM objects cost several times as
much."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from boardapp.store import models
from boardapp.store.annotations import NoteRow

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


def notes_as_at(connection: Connection, as_at: date | None = None) -> list[NoteRow]:
    """Every note written by the end of ``as_at`` (UTC), newest first, with the label of
    what it is on: what ``annotations.list_notes`` gives, read as Core rows (20,000 notes
    in a tenth of the time ORM objects take)."""
    notes = models.Annotation.__table__
    query = select(
        notes.c.uuid, notes.c.target_kind, notes.c.target_uuid, notes.c.kind, notes.c.text, notes.c.author_name,
        notes.c.written_at, notes.c.status, notes.c.answer, notes.c.answered_by, notes.c.answered_at, notes.c.exempt,
    ).order_by(notes.c.written_at.desc(), notes.c.id.desc())
    if as_at is not None:
        query = query.where(notes.c.written_at <= datetime.combine(as_at, time.max, tzinfo=UTC))
    labels = _labels(connection)
    return [
        NoteRow(
            uuid=key, target_kind=target_kind, target_uuid=target, target_label=labels.get(target, "(removed item)"),
            kind=kind, text=text, author=author, written_at=written_at, status=status, answer=answer or "",
            answered_by=answered_by or "", answered_at=answered_at, exempt=bool(exempt),
        )
        for key, target_kind, target, kind, text, author, written_at, status, answer, answered_by, answered_at, exempt
        in connection.execute(query)
    ]


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
