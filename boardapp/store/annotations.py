"""Notes: members' comments, questions, challenges and assurances, and their answers.

A note is committed the moment it is confirmed (``synchronous = FULL``: on disk before
the call returns). Notes are never edited in place by their author; the chair or the
secretariat answers and closes them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.terms import AnnotatedKind, AnnotationKind, AnnotationStatus
from boardapp.store.models import Action, Annotation, Indicator, Member, Requirement
from boardapp.store.models.base import utc_now

MAX_NOTE_LENGTH = 20_000

_TARGETS = {
    AnnotatedKind.REQUIREMENT: Requirement,
    AnnotatedKind.INDICATOR: Indicator,
    AnnotatedKind.ACTION: Action,
}


class NoteError(ValueError):
    """A note that cannot be saved as given; ``str()`` says why."""


@dataclass(frozen=True)
class NoteRow:
    uuid: uuid.UUID
    target_kind: AnnotatedKind
    target_uuid: uuid.UUID
    target_label: str
    kind: AnnotationKind
    text: str
    author: str
    written_at: datetime
    status: AnnotationStatus
    answer: str
    answered_by: str
    answered_at: datetime | None
    exempt: bool


def add_note(
    session: Session,
    who: Identity,
    target_kind: AnnotatedKind,
    target_uuid: uuid.UUID,
    kind: AnnotationKind,
    text: str,
    *,
    exempt: bool = False,
) -> NoteRow:
    who.require(Permission.ANNOTATE)
    body = text.strip()
    if not body:
        raise NoteError("a note needs some text")
    if len(body) > MAX_NOTE_LENGTH:
        raise NoteError(f"a note can be at most {MAX_NOTE_LENGTH:,} characters; this one has {len(body):,}")
    target = _target(session, target_kind, target_uuid)
    note = Annotation(
        target_kind=target_kind,
        target_uuid=target_uuid,
        kind=kind,
        text=body,
        author=_member(session, who),
        author_name=who.name,
        written_at=utc_now(),
        exempt=exempt or bool(getattr(target, "exempt", False)),
    )
    session.add(note)
    session.flush()
    return _row(note, _label(target_kind, target))


def answer_note(session: Session, who: Identity, note_uuid: uuid.UUID, answer: str, *, close: bool = False) -> None:
    who.require(Permission.ANSWER_NOTES)
    note = _note(session, note_uuid)
    if not answer.strip():
        raise NoteError("an answer needs some text")
    note.answer = answer.strip()
    note.answered_by = who.name
    note.answered_at = utc_now()
    note.status = AnnotationStatus.CLOSED if close else AnnotationStatus.ANSWERED


def close_note(session: Session, who: Identity, note_uuid: uuid.UUID) -> None:
    who.require(Permission.ANSWER_NOTES)
    _note(session, note_uuid).status = AnnotationStatus.CLOSED


def reopen_note(session: Session, who: Identity, note_uuid: uuid.UUID) -> None:
    who.require(Permission.ANSWER_NOTES)
    note = _note(session, note_uuid)
    note.status = AnnotationStatus.ANSWERED if note.answer else AnnotationStatus.OPEN


def list_notes(
    session: Session,
    *,
    as_at: date | None = None,
    include_exempt: bool = True,
    target_uuid: uuid.UUID | None = None,
) -> list[NoteRow]:
    """Every note, newest first; ``as_at``: only those written by the end of that day."""
    query = select(Annotation).order_by(Annotation.written_at.desc(), Annotation.id.desc())
    if as_at is not None:
        query = query.where(Annotation.written_at <= _end_of(as_at))
    if not include_exempt:
        query = query.where(Annotation.exempt.is_(False))
    if target_uuid is not None:
        query = query.where(Annotation.target_uuid == target_uuid)
    notes = session.scalars(query).all()
    labels = _labels(session, {(n.target_kind, n.target_uuid) for n in notes})
    return [_row(n, labels.get((n.target_kind, n.target_uuid), "(removed item)")) for n in notes]


def open_counts(session: Session, as_at: date | None = None) -> dict[uuid.UUID, int]:
    """How many open notes each item has."""
    query = (
        select(Annotation.target_uuid, func.count())
        .where(Annotation.status == AnnotationStatus.OPEN)
        .group_by(Annotation.target_uuid)
    )
    if as_at is not None:
        query = query.where(Annotation.written_at <= _end_of(as_at))
    return dict(session.execute(query).tuples().all())


def _end_of(day: date) -> datetime:
    """The last moment of a day, in UTC: "as at 9 May" includes what was written on 9 May."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def _note(session: Session, note_uuid: uuid.UUID) -> Annotation:
    note = session.scalars(select(Annotation).where(Annotation.uuid == note_uuid)).one_or_none()
    if note is None:
        raise NoteError("that note is not in this database")
    return note


def _target(session: Session, kind: AnnotatedKind, target_uuid: uuid.UUID) -> Requirement | Indicator | Action:
    model = _TARGETS[kind]
    target = session.scalars(select(model).where(model.uuid == target_uuid)).one_or_none()
    if target is None:
        raise NoteError(f"there is no {kind.value} to attach the note to")
    return target


def _member(session: Session, who: Identity) -> Member | None:
    return session.scalars(select(Member).where(Member.name == who.name)).one_or_none()


def _label(kind: AnnotatedKind, target: object) -> str:
    if isinstance(target, Requirement):
        return f"Requirement {target.ref}: {target.title}"
    if isinstance(target, Indicator):
        return f"{target.code}: {target.title}"
    if isinstance(target, Action):
        return f"Action {target.ref}: {target.title}"
    return kind.value


def _labels(session: Session, keys: set[tuple[AnnotatedKind, uuid.UUID]]) -> dict[tuple[AnnotatedKind, uuid.UUID], str]:
    labels = {}
    for kind, model in _TARGETS.items():
        wanted = [u for k, u in keys if k == kind]
        for start in range(0, len(wanted), 500):
            for target in session.scalars(select(model).where(model.uuid.in_(wanted[start : start + 500]))):
                labels[(kind, target.uuid)] = _label(kind, target)
    return labels


def _row(note: Annotation, label: str) -> NoteRow:
    return NoteRow(
        uuid=note.uuid,
        target_kind=note.target_kind,
        target_uuid=note.target_uuid,
        target_label=label,
        kind=note.kind,
        text=note.text,
        author=note.author_name,
        written_at=note.written_at,
        status=note.status,
        answer=note.answer,
        answered_by=note.answered_by,
        answered_at=note.answered_at,
        exempt=note.exempt,
    )
