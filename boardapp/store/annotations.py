"""Notes: members' comments, questions, challenges and assurances, and their answers.

A note is committed the moment it is confirmed (``synchronous = FULL``: on disk before
the call returns). Notes are never edited in place by their author; the chair or the
secretariat answers and closes them.

A question or a challenge is asked at (or for) a meeting, and its answer is recorded at
a meeting: the question log (store/questions.py) carries it to every later meeting until
then. Either meeting may be named (by its uuid); unnamed, it is the default of
store/note_meetings.py, the next Improvement Board on or after the day, else the latest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.terms import AnnotatedKind, AnnotationKind, AnnotationStatus
from boardapp.store import note_meetings
from boardapp.store.board import MeetingRow
from boardapp.store.models import Action, Annotation, Indicator, Member, Requirement
from boardapp.store.models.base import utc_now
from boardapp.store.note_meetings import QUESTION_KINDS, Meetings

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
    # The question log (store/note_meetings.py): the meeting it was asked at (or for), and
    # the meeting its answer was recorded at (or it was closed at); None: no meeting.
    meeting: MeetingRow | None = None
    answered_meeting: MeetingRow | None = None


def add_note(
    session: Session,
    who: Identity,
    target_kind: AnnotatedKind,
    target_uuid: uuid.UUID,
    kind: AnnotationKind,
    text: str,
    *,
    exempt: bool = False,
    meeting: uuid.UUID | None = None,
) -> NoteRow:
    """``meeting``: the meeting a question or challenge is asked at or for (default: the
    next Improvement Board on or after today, else the latest); a comment or an
    assurance is at a meeting only when one is named."""
    who.require(Permission.ANNOTATE)
    body = text.strip()
    if not body:
        raise NoteError("a note needs some text")
    if len(body) > MAX_NOTE_LENGTH:
        raise NoteError(f"a note can be at most {MAX_NOTE_LENGTH:,} characters; this one has {len(body):,}")
    target = _target(session, target_kind, target_uuid)
    meetings = note_meetings.load(session)
    written_at = utc_now()
    asked = _meeting_id(meetings, meeting) if meeting is not None else None
    if asked is None and kind in QUESTION_KINDS:
        default = meetings.for_day(written_at.date())
        asked = meetings.ids[default.uuid] if default is not None else None
    note = Annotation(
        target_kind=target_kind,
        target_uuid=target_uuid,
        kind=kind,
        text=body,
        author=_member(session, who),
        author_name=who.name,
        written_at=written_at,
        exempt=exempt or bool(getattr(target, "exempt", False)),
        meeting_id=asked,
    )
    session.add(note)
    session.flush()
    return _row(note, _label(target_kind, target), meetings)


def answer_note(session: Session, who: Identity, note_uuid: uuid.UUID, answer: str, *, close: bool = False,
                meeting: uuid.UUID | None = None) -> None:
    """Record the answer, and the meeting it was recorded at: ``meeting`` (a meeting's
    uuid), else for a question or a challenge the default for today; a question is not
    answered at a meeting held before the one it was asked at."""
    who.require(Permission.ANSWER_NOTES)
    note = _note(session, note_uuid)
    if not answer.strip():
        raise NoteError("an answer needs some text")
    at = _answered_at(session, note, meeting)
    note.answer = answer.strip()
    note.answered_by = who.name
    note.answered_at = utc_now()
    note.status = AnnotationStatus.CLOSED if close else AnnotationStatus.ANSWERED
    note.answered_meeting_id = at


def close_note(session: Session, who: Identity, note_uuid: uuid.UUID, *, meeting: uuid.UUID | None = None) -> None:
    """Close the note. A question or a challenge closed without an answer recorded at a
    meeting is closed at ``meeting`` (default: as for an answer), and carried no further."""
    who.require(Permission.ANSWER_NOTES)
    note = _note(session, note_uuid)
    if note.answered_meeting_id is None and (note.kind in QUESTION_KINDS or meeting is not None) and not note.answer:
        note.answered_meeting_id = _answered_at(session, note, meeting)
    note.status = AnnotationStatus.CLOSED


def reopen_note(session: Session, who: Identity, note_uuid: uuid.UUID) -> None:
    """Open a closed note again: answered if it has an answer (at the meeting it was
    answered at), else open, and carried again from the meeting it was asked at."""
    who.require(Permission.ANSWER_NOTES)
    note = _note(session, note_uuid)
    note.status = AnnotationStatus.ANSWERED if note.answer else AnnotationStatus.OPEN
    if not note.answer:
        note.answered_meeting_id = None


def _answered_at(session: Session, note: Annotation, meeting: uuid.UUID | None) -> int | None:
    """The row id of the meeting an answer (or a close) of ``note`` is recorded at."""
    meetings = note_meetings.load(session)
    if meeting is not None:
        chosen = _meeting_id(meetings, meeting)
    elif note.kind in QUESTION_KINDS:
        default = meetings.for_day(utc_now().date())
        chosen = meetings.ids[default.uuid] if default is not None else None
    else:
        return None
    asked = meetings.asked(note.kind, note.meeting_id, note.written_at)
    if chosen is not None and asked is not None and meetings.by_id[chosen].held_on < asked.held_on:
        if meeting is None:
            return meetings.ids[asked.uuid]  # the default comes before the question: it is answered where asked
        raise NoteError(f"this {note.kind.value} was asked at {asked.label}: its answer cannot be recorded at "
                        f"{meetings.by_id[chosen].label}, which was held before it")
    return chosen


def _meeting_id(meetings: Meetings, meeting_uuid: uuid.UUID) -> int:
    found = meetings.find(meeting_uuid)
    if found is None:
        raise NoteError("that meeting is not in this database (it may have been removed by a sync)")
    return found[0]


def list_notes(
    session: Session,
    *,
    as_at: date | None = None,
    include_exempt: bool = True,
    target_uuid: uuid.UUID | None = None,
    meetings: note_meetings.Meetings | None = None,
) -> list[NoteRow]:
    """Every note, newest first; ``as_at``: only those written by the end of that day.
    ``meetings``: the board's meetings, where the caller has read them already."""
    query = select(Annotation).order_by(Annotation.written_at.desc(), Annotation.id.desc())
    if as_at is not None:
        query = query.where(Annotation.written_at <= _end_of(as_at))
    if not include_exempt:
        query = query.where(Annotation.exempt.is_(False))
    if target_uuid is not None:
        query = query.where(Annotation.target_uuid == target_uuid)
    notes = session.scalars(query).all()
    labels = target_labels(session, {(n.target_kind, n.target_uuid) for n in notes})
    meetings = meetings if meetings is not None else note_meetings.load(session)
    return [_row(n, labels.get((n.target_kind, n.target_uuid), "(removed item)"), meetings) for n in notes]


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


def target_labels(
    session: Session, keys: set[tuple[AnnotatedKind, uuid.UUID]]
) -> dict[tuple[AnnotatedKind, uuid.UUID], str]:
    """What each note is on, in words ("Requirement 7: ..."), by (kind, uuid)."""
    labels = {}
    for kind, model in _TARGETS.items():
        wanted = [u for k, u in keys if k == kind]
        for start in range(0, len(wanted), 500):
            for target in session.scalars(select(model).where(model.uuid.in_(wanted[start : start + 500]))):
                labels[(kind, target.uuid)] = _label(kind, target)
    return labels


def _row(note: Annotation, label: str, meetings: Meetings) -> NoteRow:
    asked = meetings.asked(note.kind, note.meeting_id, note.written_at)
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
        meeting=asked,
        answered_meeting=meetings.answered(note.kind, note.answered_meeting_id, note.answered_at, note.status, asked),
    )
