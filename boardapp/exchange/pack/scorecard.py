"""The scorecard: one row per notice requirement, the reds first, then the ambers, then
the rest, each group in the notice's order. Each row gives the judged status, what the
data says (a word with its fill), the figure the status rests on, the target that
matters now, their unit and the gap between them (numbers in their own columns, the
unit in words beside them), the figure's period, the direction it is going and why the
status is what it is, in words.

The evidence narrative is not here: it is on the Requirements sheet, whole. Twelve
columns of 10-point text fit A4 landscape at full size, and the sheet prints at full
size (styles.print_full_size): 10 point on paper.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.workbook import Workbook

from boardapp.exchange.pack.cells import SheetWriter
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import HEADING_ROW, heading, open_sheet
from boardapp.exchange.pack.scoring import (
    UNIT_WORDS,
    ScoreLine,
    direction_words,
    exceptions_first,
    level_target,
    shown_figure,
    why,
)
from boardapp.exchange.pack.styles import PackStyles, print_full_size, rag_style
from boardapp.exchange.pack.tables import define_table
from boardapp.exchange.pack.words import EXEMPT_MARK, RAG_STATUS, REQUIREMENT_STATUS

TABLE_NAME = "Scorecard"
# The figures' columns, shared with the summary: (heading, width).
FIGURE_COLUMNS = (
    ("Indicator", 9),
    ("Figure", 7),
    ("Target", 7),
    ("Unit", 7),
    ("Gap (figure minus target)", 8),
    ("Period", 10),
)
COLUMNS = (
    ("Ref", 5),
    ("Requirement", 22),
    ("Judged", 9),
    ("Data says", 8),
    *FIGURE_COLUMNS,
    ("Direction", 14),
    ("Why", 30),
)


def write_scorecard(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    w = open_sheet(workbook, styles, content, "Scorecard", "Scorecard: the notice's requirements, reds and ambers first")
    heading(w, [title for title, _width in COLUMNS])
    for line in exceptions_first(content.scorecard):
        row = line.row
        w.append([
            w.text(row.ref),
            w.text(row.title + (EXEMPT_MARK if row.exempt else ""), "Pack wrapped"),
            w.text(REQUIREMENT_STATUS[row.judged], "Pack wrapped"),
            rag_cell(w, line),
            *figure_cells(w, line),
            w.text(direction_words(line), "Pack wrapped"),
            w.text(why(line), "Pack wrapped"),
        ], measure=False)
    define_table(w.ws, TABLE_NAME, HEADING_ROW, w.row, len(COLUMNS))
    w.ws.freeze_panes = f"C{HEADING_ROW + 1}"
    w.fit_widths([(width, width) for _title, width in COLUMNS])
    print_full_size(w.ws)


def rag_cell(w: SheetWriter, line: ScoreLine) -> Cell | None:
    rag = line.row.rag
    return w.text(RAG_STATUS[rag] if rag else "No targets", rag_style(rag))


def figure_cells(w: SheetWriter, line: ScoreLine) -> list[Cell | None]:
    """Indicator, figure, target, unit, gap and period: numbers as plain numbers at the
    indicator's decimals, the unit in words in its own column."""
    indicator = line.indicator
    if indicator is None:
        return [None] * len(FIGURE_COLUMNS)
    value, period, provisional = shown_figure(line)
    number = "#,##0" + ("." + "0" * indicator.decimals if indicator.decimals > 0 else "")
    plain = w.styles.number(number)
    signed = w.styles.number(f"+{number};-{number};{number}")
    return [
        w.text(indicator.code, "Pack wrapped"),
        w.number(value, plain),
        w.number(level_target(line), plain),
        w.text(UNIT_WORDS.get(indicator.unit, ""), "Pack wrapped"),
        w.number(line.variance, signed),
        w.text(period + (" (provisional)" if provisional else ""), "Pack wrapped"),
    ]
