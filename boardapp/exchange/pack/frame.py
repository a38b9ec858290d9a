"""What every sheet of a pack shares: the title rows, the table heading, the page set-up.

Rows 1 and 2 of every sheet are the sheet's title and "As at" with the date in B2 (a
real date: the action plan's overdue rule compares due dates with it); row 3 is
blank; a table's heading is row 4 and repeats on every printed page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.workbook import Workbook

from boardapp.domain.periods import MONTH_NAMES
from boardapp.exchange.pack.cells import SheetWriter
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.styles import PackStyles, page_setup

HEADING_ROW = 4
AS_AT_CELL = "$B$2"

# The sheets, in order, with what the contents sheet says each holds.
SHEETS = (
    ("Cover", "Board, meeting, as-at date, audience, protective marking, what was withheld"),
    ("Contents", "This list"),
    ("Summary", "Requirements by status, judged and by the data; the reds and ambers"),
    ("Scorecard", "One row per notice requirement: latest figure, target, variance, RAG, trend, narrative"),
    ("Requirements", "Each requirement of the notice in its own words: judgement, figures, evidence, next steps, actions"),
    ("Indicators", "Each indicator's readings against its target, with a chart"),
    ("Action plan", "The plan's actions: owner, due date, status, RAG, milestones; overdue highlighted"),
    ("Challenge log", "Members' notes: questions, challenges, assurances and their answers"),
    ("Inspections", "Judgements by outcome across the years; recommendations and the actions tracking them"),
    ("Data", "Every reading in long form, as an Excel table ready for a pivot table"),
)


def day_words(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def context_line(content: PackContent) -> str:
    """"Board pack · OFFICIAL-SENSITIVE · Improvement Board, August 2011 · SYNTHETIC DATA"."""
    parts = [f"{content.audience.label} pack", content.audience.marking]
    if content.meeting is not None:
        parts.append(content.meeting.label)
    if content.synthetic:
        parts.append("SYNTHETIC DATA")
    return " · ".join(parts)


def open_sheet(
    workbook: Workbook,
    styles: PackStyles,
    content: PackContent,
    name: str,
    title: str,
    *,
    landscape: bool = True,
    repeat_heading: bool = True,
) -> SheetWriter:
    """A new sheet with its title rows written and its page set up for printing."""
    ws = workbook.create_sheet(name)
    writer = SheetWriter(ws, styles)
    writer.append([writer.text(title, "Pack title")], measure=False)
    writer.append(
        [writer.text("As at", "Pack label"), writer.date(content.as_at, "Pack date"),
         writer.text(context_line(content), "Pack subtitle")],
        measure=False,
    )
    writer.need_width(1, 6)
    writer.need_width(2, 12)  # "30 Nov 2011" (a narrower column shows ####)
    page_setup(
        ws,
        marking=content.audience.marking,
        synthetic=content.synthetic,
        left=f"{content.board_name} · as at {day_words(content.as_at)}",
        landscape=landscape,
        title_rows=f"{HEADING_ROW}:{HEADING_ROW}" if repeat_heading else None,
    )
    return writer


def heading(writer: SheetWriter, titles: Sequence[str], *, gap: bool = True) -> int:
    """The table's heading row (after a blank row when ``gap``); returns its row number."""
    if gap:
        writer.blank()
    return writer.append([writer.text(t, "Pack heading") for t in titles], measure=False)
