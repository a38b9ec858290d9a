"""What every sheet of a pack shares: the title rows, the table heading, the page set-up.

Row 1 of every sheet is its title (Excel's Heading 1), row 2 a line saying what the
sheet holds and for whom ("DfE pack · OFFICIAL-SENSITIVE"), row 3 "As at" with the
date in B3 (a real date: the action plan's overdue rule compares due dates with it); a table's
heading is row 4, straight below, and repeats on every printed page. No row is left
blank for layout, and no cell is merged (the Analysis Function's guidance on
releasing statistics in spreadsheets; /work/shared/ACCESSIBLE-PACKS.md).

Text in row 2 and 3 is kept short: LibreOffice counts text running past a table's last
column into the width it fits to the page, and a long line there shrinks the print.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.workbook import Workbook

from boardapp.domain.periods import MONTH_NAMES
from boardapp.exchange.pack.cells import SheetWriter
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.styles import TITLE_STYLE, PackStyles, page_setup
from boardapp.exchange.pack.tables import define_table

HEADING_ROW = 4
AS_AT_CELL = "$B$3"

# The sheets, in order, with what the contents sheet says each holds.
SHEETS = (
    ("Cover", "Board, meeting, as-at date, audience, protective marking, what was withheld"),
    ("Contents", "This list"),
    ("Report", "The covering report: purpose, main points, conclusion and what is asked"),
    ("Summary", "The red and amber requirements first, then the requirements by status, judged and by the data"),
    ("What changed", "Since the last Improvement Board: judgements, RAG, readings, targets, actions, inspections, notes"),
    ("Scorecard", "One row per notice requirement, reds and ambers first: figure, target, gap, direction, why"),
    ("Requirements", "Each requirement of the notice in its own words: judgement, figures, evidence, next steps, actions"),
    ("Indicators", "Each indicator's readings against its target, with a chart"),
    ("Action plan", "The plan's actions: owner, due date, status, RAG, milestones; overdue highlighted"),
    ("Challenge log", "Members' notes: questions, challenges, assurances and their answers"),
    ("Questions", "Questions from earlier meetings still open, oldest first, and those answered at this meeting"),
    ("Inspections", "Judgements by outcome across the years; recommendations and the actions tracking them"),
    ("Data", "Every reading in long form, as an Excel table ready for a pivot table"),
)


def day_words(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def context_line(content: PackContent) -> str:
    """"DfE pack · OFFICIAL-SENSITIVE · SYNTHETIC DATA" (the meeting is on the cover and
    in the file's title: a long line here would shrink the printed sheet)."""
    parts = [f"{content.audience.label} pack", content.audience.marking]
    if content.synthetic:
        parts.append("SYNTHETIC DATA")
    return " · ".join(parts)


def sheet_about(name: str) -> str:
    """What the contents sheet says ``name`` holds."""
    return next((what for sheet, what in SHEETS if sheet == name), "")


def open_sheet(
    workbook: Workbook,
    styles: PackStyles,
    content: PackContent,
    name: str,
    title: str,
    *,
    landscape: bool = True,
    repeat_heading: bool = True,
    about: str | None = None,
) -> SheetWriter:
    """A new sheet with its title rows written and its page set up for printing.
    ``about``: the line under the title (default: what the contents sheet says)."""
    ws = workbook.create_sheet(name)
    writer = SheetWriter(ws, styles)
    writer.append([writer.text(title, TITLE_STYLE)], measure=False)
    line = sheet_about(name) if about is None else about
    writer.append([writer.text(f"{line.rstrip('.')} ({context_line(content)}).", "Pack text")], measure=False)
    writer.append([writer.text("As at", "Pack label"), writer.date(content.as_at, "Pack date")], measure=False)
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


def heading(writer: SheetWriter, titles: Sequence[str], *, gap: bool = False) -> int:
    """The table's heading row; returns its row number. ``gap``: one blank row before
    it, the one blank row the guidance allows between two tables on a sheet."""
    if gap:
        writer.blank()
    return writer.append([writer.text(t, "Pack heading") for t in titles], measure=False)


def add_table(writer: SheetWriter, name: str, heading_row: int, columns: int) -> None:
    """Mark the rows from ``heading_row`` to the last written as the Excel table
    ``name`` (a table needs a row below its heading: an empty one is left if none)."""
    define_table(writer.ws, name, heading_row, writer.row, columns)
