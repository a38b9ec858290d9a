"""The challenge log: members' notes as written, newest first, with their answers.

Every note is a person's own words and is written as text, whatever it starts with
(cells.py). Times are in UTC, as stored, so the same database gives the same cells on
any computer."""

from __future__ import annotations

from datetime import UTC

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import HEADING_ROW, heading, open_sheet
from boardapp.exchange.pack.progress import Steps
from boardapp.exchange.pack.styles import PackStyles
from boardapp.exchange.pack.words import EXEMPT_MARK, NOTE_KIND, NOTE_STATUS

COLUMNS = (
    ("Written (UTC)", 16, 17),
    ("Author", 12, 22),
    ("On", 24, 40),
    ("Kind", 10, 22),
    ("Note", 40, 60),
    ("Status", 9, 10),
    ("Answer", 30, 50),
    ("Answered by", 12, 22),
)
BATCH = 1000


def write_notes(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    w = open_sheet(workbook, styles, content, "Challenge log", "Challenge log: members' notes")
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
        w.append([None, w.text("No notes had been written by this date.", "Pack subtitle")], measure=False)
    end = get_column_letter(len(COLUMNS))
    w.ws.freeze_panes = f"A{HEADING_ROW + 1}"
    w.ws.auto_filter.ref = f"A{HEADING_ROW}:{end}{max(w.row, HEADING_ROW + 1)}"
    w.fit_widths([(least, most) for _title, least, most in COLUMNS])
