"""The meetings of the question log: which meeting a question or challenge was asked at
(or for), and which meeting its answer was recorded at. Shared by the notes
(store/annotations.py), which record them, and the log (store/questions.py), which
carries an unanswered question from meeting to meeting.

**The default meeting.** A question asked, or an answer recorded, without naming a
meeting is for the next Improvement Board on or after that day (a board held that day
included; a board known only by its month counts until its month has ended), else, when
no board is to come, the latest one held. With no Improvement Board recorded there is no
meeting, and the note is kept without one.

**Notes written before the log** (or on a copy that did not record meetings) have no
meeting recorded: a question or challenge among them counts as asked at the meeting the
default gives for the day it was written (UTC), and, once answered, as answered at the
one the default gives for the day the answer was recorded; one closed without an answer
(no one knows when) counts as ended at the meeting it was asked at. A comment or an
assurance is at no meeting unless one was named.
"""

from __future__ import annotations

import bisect
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, inspect, literal, select
from sqlalchemy.orm import Session

from boardapp.domain.terms import AnnotationKind, AnnotationStatus, MeetingKind
from boardapp.store import board
from boardapp.store.board import MeetingRow
from boardapp.store.models import Annotation, Meeting

# The notes a member asks at a meeting and the secretariat answers at one.
QUESTION_KINDS = frozenset({AnnotationKind.QUESTION, AnnotationKind.CHALLENGE})


@dataclass(frozen=True)
class Meetings:
    """Every meeting recorded, by its row id and its uuid, with the Improvement Boards
    in the order they were held (what the default and a question's age count)."""

    by_id: dict[int, MeetingRow]
    ids: dict[uuid.UUID, int]
    boards: tuple[MeetingRow, ...]  # oldest first
    _board_days: list[date] = field(default_factory=list, repr=False)
    _defaults: dict[date, MeetingRow | None] = field(default_factory=dict, repr=False)  # for_day, by day

    def __post_init__(self) -> None:
        self._board_days.extend(m.held_on for m in self.boards)

    def find(self, meeting_uuid: uuid.UUID) -> tuple[int, MeetingRow] | None:
        """The meeting's row id and row, or None when it is not in this database."""
        key = self.ids.get(meeting_uuid)
        return None if key is None else (key, self.by_id[key])

    def for_day(self, day: date) -> MeetingRow | None:
        """The default meeting for something asked or answered on ``day`` (module docstring)."""
        if day not in self._defaults:
            coming = next((m for m in self.boards if m.last_day >= day), None)
            self._defaults[day] = coming or (self.boards[-1] if self.boards else None)
        return self._defaults[day]

    def asked(self, kind: AnnotationKind, meeting_id: int | None, written_at: datetime) -> MeetingRow | None:
        """The meeting a note was asked at: the one recorded, else for a question or a
        challenge the default on the day it was written."""
        if meeting_id is not None and meeting_id in self.by_id:
            return self.by_id[meeting_id]
        return self.for_day(written_at.date()) if kind in QUESTION_KINDS else None

    def answered(self, kind: AnnotationKind, answered_meeting_id: int | None, answered_at: datetime | None,
                 status: AnnotationStatus, asked: MeetingRow | None) -> MeetingRow | None:
        """The meeting a note's answer was recorded at (or it was closed at): the one
        recorded, else for a question or a challenge the default on the day its answer
        was recorded, never before the meeting it was asked at; None while it is open."""
        if answered_meeting_id is not None and answered_meeting_id in self.by_id:
            return self.by_id[answered_meeting_id]
        if kind not in QUESTION_KINDS:
            return None
        if answered_at is not None:
            found = self.for_day(answered_at.date())
            if found is not None and asked is not None and found.held_on < asked.held_on:
                return asked
            return found
        return asked if status is AnnotationStatus.CLOSED else None

    def boards_between(self, after: date, before: date) -> int:
        """How many Improvement Boards were held after ``after`` and before ``before``."""
        if before <= after:
            return 0
        return max(0, bisect.bisect_left(self._board_days, before) - bisect.bisect_right(self._board_days, after))


def load(source: Session | Connection) -> Meetings:
    """Every meeting of the database (two small queries)."""
    if isinstance(source, Connection):
        with Session(bind=source) as session:
            return load(session)
    rows = {row.uuid: row for row in board.meetings(source)}
    ids = {key: number for number, key in source.execute(select(Meeting.id, Meeting.uuid)).tuples() if key in rows}
    boards = sorted((r for r in rows.values() if r.kind is MeetingKind.BOARD), key=lambda r: (r.held_on, r.title))
    return Meetings({number: rows[key] for key, number in ids.items()}, ids, tuple(boards))


def meeting_columns(connection: Connection) -> tuple:
    """The note's two meeting columns for a Core query; NULLs in a file from before the
    question log (revision 0008) opened read-only and so not migrated."""
    a = Annotation.__table__.c
    if "meeting_id" in {c["name"] for c in inspect(connection).get_columns("annotation")}:
        return a.meeting_id, a.answered_meeting_id
    return literal(None).label("meeting_id"), literal(None).label("answered_meeting_id")


def default_meeting(session: Session, today: date | None = None) -> MeetingRow | None:
    """The meeting a question asked, or an answer recorded, on ``today`` (default: today)
    is for when none is named: the next Improvement Board on or after it, else the latest."""
    return load(session).for_day(today or date.today())


def board_meetings(session: Session) -> list[MeetingRow]:
    """The Improvement Boards, newest first: what a question is asked at and answered at."""
    return list(reversed(load(session).boards))
