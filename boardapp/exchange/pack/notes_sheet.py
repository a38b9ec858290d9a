"""The challenge log: members' notes as written, newest first, with their answers; and
the questions from earlier meetings: each question or challenge asked at a meeting
before the pack's and not answered by it, carried here until an answer is recorded,
and those answered at this meeting (store/questions.py).

Every note is a person's own words and is written as text, whatever it starts with
(cells.py). Times are in UTC, as stored, so the same database gives the same cells on
any computer. The logs are the Excel tables ``ChallengeLog`` and ``QuestionsCarried``,
one a sheet; in a pack that does not name members their authors and answerers are
their roles (audience.py)."""

from __future__ import annotations

from datetime import UTC

from openpyxl.workbook import Workbook

from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import HEADING_ROW, add_table, heading, open_sheet
from boardapp.exchange.pack.progress import Steps
from boardapp.exchange.pack.styles import PackStyles
from boardapp.exchange.pack.words import EXEMPT_MARK, NOTE_KIND, NOTE_STATUS
from boardapp.store.questions import meeting_words, state_words

COLUMNS = (  # (heading, least width, most width): at most 138 in all, A4 landscape at full size
    ("Written (UTC)", 16, 16),
    ("Author", 14, 14),
    ("On", 20, 20),
    ("Kind", 11, 11),
    ("Note", 32, 32),
    ("Status", 9, 9),
    ("Answer", 24, 24),
    ("Answered by", 12, 12),
)
BATCH = 1000
QUESTION_COLUMNS = (  # 138 in all, as the challenge log
    ("Asked at", 16, 16),
    ("Asked by", 12, 12),
    ("On", 14, 14),
    ("Kind", 10, 10),
    ("Question", 28, 28),
    ("Meetings open", 8, 8),
    ("Where it stands", 14, 14),
    ("Answer", 24, 24),
    ("Answered by", 12, 12),
)
QUESTIONS_SHEET = "Questions"


def write_notes(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    about = ("Members' notes, newest first" + ("" if content.names_members else
             ": authors and answerers are given by their role on the board, not by name"))
    w = open_sheet(workbook, styles, content, "Challenge log", "Challenge log: members' notes", about=about)
    heading(w, [title for title, _least, _most in COLUMNS])
    for count, note in enumerate(content.notes, start=1):
        w.append([
            w.date(note.written_at.astimezone(UTC).replace(tzinfo=None), "Pack datetime"),
            w.text(note.author, "Pack wrapped"),
            w.text(note.target_label, "Pack wrapped"),
            w.text(NOTE_KIND[note.kind] + (EXEMPT_MARK if note.exempt else "")),
            w.text(note.text, "Pack wrapped"),
            w.text(NOTE_STATUS[note.status]),
            w.text(note.answer, "Pack wrapped"),
            w.text(note.answered_by, "Pack wrapped"),
        ])
        if count % BATCH == 0:
            steps.advance(BATCH, "Challenge log")
    steps.advance(len(content.notes) % BATCH, "Challenge log")
    if not content.notes:
        w.append([None, None, None, None, w.text("No notes had been written by this date.", "Pack subtitle")],
                 measure=False)
    add_table(w, "ChallengeLog", HEADING_ROW, len(COLUMNS))
    w.ws.freeze_panes = f"A{HEADING_ROW + 1}"
    w.fit_widths([(least, most) for _title, least, most in COLUMNS])


def write_questions(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    """The questions carried from earlier meetings, oldest first, then those answered
    (or closed) at this meeting: where each was asked, by whom, on what, how many
    Improvement Boards ago, and its answer once there is one."""
    log = content.questions
    carried = log.carried if log else ()
    answered = log.answered if log else ()
    here = "this meeting" if content.meeting else "this date"
    about = (f"Questions from earlier meetings: {len(carried):,} still open, oldest first; "
             f"{len(answered):,} answered at {here}")
    w = open_sheet(workbook, styles, content, QUESTIONS_SHEET, "Questions from earlier meetings", about=about)
    heading(w, [title for title, _least, _most in QUESTION_COLUMNS])
    # A question still open shows no answer, even one recorded at a later meeting: the
    # pack says where it stood at this meeting.
    for question, done in (*((q, False) for q in carried), *((q, True) for q in answered)):
        note = question.note
        w.append([
            w.text(meeting_words(note.meeting), "Pack wrapped"),
            w.text(note.author, "Pack wrapped"),
            w.text(note.target_label, "Pack wrapped"),
            w.text(NOTE_KIND[note.kind] + (EXEMPT_MARK if note.exempt else "")),
            w.text(note.text, "Pack wrapped"),
            w.number(question.age, "Pack integer"),
            w.text(state_words(question, log), "Pack wrapped"),
            w.text(note.answer if done else "", "Pack wrapped"),
            w.text(note.answered_by if done else "", "Pack wrapped"),
        ])
    steps.advance(len(carried) + len(answered), QUESTIONS_SHEET)
    if not carried and not answered:
        w.append([None, None, None, None, w.text(f"{log.words() if log else 'No questions'}.", "Pack subtitle")],
                 measure=False)
    add_table(w, "QuestionsCarried", HEADING_ROW, len(QUESTION_COLUMNS))
    w.ws.freeze_panes = f"A{HEADING_ROW + 1}"
    w.fit_widths([(least, most) for _title, least, most in QUESTION_COLUMNS])
