"""The question log: members' questions and challenges, each asked at (or for) a
meeting, carried to every later meeting until an answer is recorded at one.

Built on the notes (store/annotations.py), not beside them: a question is a note of kind
question or challenge; :func:`annotations.add_note` records the meeting it is asked at,
:func:`annotations.answer_note` (the chair or the secretariat, ``Permission.ANSWER_NOTES``)
the meeting its answer is recorded at; store/note_meetings.py says which meeting each is
when none was named.

At a meeting M, a question is **carried** when it was asked at a meeting held before M
(by the day it was held) and no answer was recorded by M: none yet, or one recorded at a
meeting held after M. So a question raised at one meeting and not answered is in the
next meeting's log, and in every one after, until the meeting its answer is recorded at;
at that meeting it is listed as answered there, and it is carried no further. A
question's **age** at M is how many Improvement Boards ago it was asked: 1 for a
question from the last board, 2 for one from the board before, and so on (a question
asked at another kind of meeting counts that meeting as one).

Who may read which question is decided as for every note: someone who may not read
exempt items (an observer, a guest) is given no exempt question (:func:`open_questions`
takes the reader; a pack, which decides by its audience, calls :func:`question_log`). The
window, the command line (``boardapp questions``) and the pack read the same log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp.domain.permissions import Identity, Permission
from boardapp.store import annotations, note_meetings
from boardapp.store.annotations import NoteRow
from boardapp.store.board import MeetingRow
from boardapp.store.models import Annotation
from boardapp.store.note_meetings import QUESTION_KINDS, Meetings, board_meetings, default_meeting

__all__ = ["Question", "QuestionLog", "board_meetings", "carried_uuids", "carried_words", "default_meeting",
           "meeting_words", "open_questions", "question_log", "state_words"]


@dataclass(frozen=True)
class Question:
    """One question or challenge in a meeting's log; ``note.meeting`` is the meeting it
    was asked at, ``note.answered_meeting`` the one its answer was recorded at (or None)."""

    note: NoteRow
    age: int  # how many Improvement Boards ago it was asked, counted at the log's meeting


@dataclass(frozen=True)
class QuestionLog:
    """The questions from earlier meetings, as at one meeting (or, for a pack as at a
    date, as at that day): those still open, carried to it, oldest first; and those
    answered (or closed) at it."""

    meeting: MeetingRow | None
    day: date  # the meeting's day, or the date
    carried: tuple[Question, ...]
    answered: tuple[Question, ...]

    @property
    def count(self) -> int:
        return len(self.carried)

    @property
    def oldest(self) -> int:
        """The age of the oldest question still open, in meetings (0 when none is)."""
        return max((q.age for q in self.carried), default=0)

    def words(self) -> str:
        """"3 questions from earlier meetings still open, oldest 2 meetings old"."""
        return carried_words(self.count, self.oldest)


def carried_words(count: int, oldest: int) -> str:
    """How many questions from earlier meetings are open, and how old the oldest is."""
    if not count:
        return "No questions from earlier meetings are open"
    age = f"{oldest:,} meeting{'' if oldest == 1 else 's'} old"
    if count == 1:
        return f"1 question from an earlier meeting still open, {age}"
    return f"{count:,} questions from earlier meetings still open, oldest {age}"


def meeting_words(meeting: MeetingRow | None) -> str:
    """A meeting as the log names it: "Improvement Board, September 2011" ("" for none)."""
    return "" if meeting is None else f"{meeting.kind_words}, {meeting.when}"


def state_words(question: Question, log: QuestionLog) -> str:
    """Where a question in ``log`` stands: "Still open", "Answered at this meeting",
    "Closed at this meeting" (closed without an answer), or at which meeting that day."""
    note = question.note
    ended = note.answered_meeting
    if ended is None or ended.held_on > log.day:
        return "Still open"
    done = "Answered" if note.answer else "Closed without an answer"
    return f"{done} at {'this meeting' if ended == log.meeting else meeting_words(ended)}"


def open_questions(session: Session, meeting: MeetingRow, *, who: Identity) -> QuestionLog:
    """The log as at ``meeting``, as ``who`` may read it: no exempt question for someone
    who may not read exempt items (what the window and the command line show)."""
    return question_log(session, meeting, include_exempt=who.allows(Permission.SEE_EXEMPT))


def question_log(session: Session, at: MeetingRow | date, *, include_exempt: bool) -> QuestionLog:
    """The log as at a meeting, or as at a day (a pack as at a date: the meetings held
    before it count as earlier, and one held that day as the day's)."""
    meetings = note_meetings.load(session)
    meeting = at if isinstance(at, MeetingRow) else None
    day = at.held_on if isinstance(at, MeetingRow) else at
    carried, answered = [], []
    for note in _questions(session, meetings, day, include_exempt):
        asked = note.meeting
        question = Question(note, 1 + meetings.boards_between(asked.held_on, day))
        ended = note.answered_meeting
        (carried if ended is None or ended.held_on > day else answered).append(question)
    order = _oldest_first
    return QuestionLog(meeting, day, tuple(sorted(carried, key=order)), tuple(sorted(answered, key=order)))


def _oldest_first(question: Question) -> tuple:
    note = question.note
    return (note.meeting.held_on if note.meeting else date.min, note.written_at, str(note.uuid))


def _questions(session: Session, meetings: Meetings, day: date, include_exempt: bool) -> list[NoteRow]:
    """The questions and challenges asked at a meeting before ``day`` and not answered
    before it, with their meetings. Core rows, in two passes: which they are, from a few
    small columns of every question; then the rest of those few (a database of 10,000
    questions, nearly all long answered, is read in a fraction of what one pass takes)."""
    a = Annotation.__table__.c
    meeting_columns = note_meetings.meeting_columns(session.connection())
    query = select(a.id, a.kind, a.written_at, a.status, a.answered_at, *meeting_columns)
    query = query.where(a.kind.in_(sorted(QUESTION_KINDS)))
    if not include_exempt:
        query = query.where(a.exempt.is_(False))
    wanted: dict[int, tuple[MeetingRow, MeetingRow | None]] = {}
    for key, kind, written_at, status, answered_at, meeting_id, answered_meeting_id in session.execute(query):
        asked = meetings.asked(kind, meeting_id, written_at)
        if asked is None or asked.held_on >= day:
            continue
        ended = meetings.answered(kind, answered_meeting_id, answered_at, status, asked)
        if ended is None or ended.held_on >= day:
            wanted[key] = (asked, ended)
    rows = []
    keys = sorted(wanted)
    for start in range(0, len(keys), 500):
        rows += session.execute(
            select(a.id, a.uuid, a.target_kind, a.target_uuid, a.kind, a.text, a.author_name, a.written_at, a.status,
                   a.answer, a.answered_by, a.answered_at, a.exempt).where(a.id.in_(keys[start : start + 500]))
        ).all()
    labels = annotations.target_labels(session, {(r.target_kind, r.target_uuid) for r in rows})
    return [
        NoteRow(
            uuid=r.uuid, target_kind=r.target_kind, target_uuid=r.target_uuid,
            target_label=labels.get((r.target_kind, r.target_uuid), "(removed item)"), kind=r.kind, text=r.text,
            author=r.author_name, written_at=r.written_at, status=r.status, answer=r.answer or "",
            answered_by=r.answered_by or "", answered_at=r.answered_at, exempt=bool(r.exempt),
            meeting=wanted[r.id][0], answered_meeting=wanted[r.id][1],
        )
        for r in rows
    ]


def carried_uuids(log: QuestionLog) -> set[uuid.UUID]:
    """The notes the log carries (the window's "Carried from earlier meetings" filter)."""
    return {q.note.uuid for q in log.carried}
