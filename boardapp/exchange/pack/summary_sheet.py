"""The summary, exceptions first: every red and amber requirement (reds first, each group
in the notice's order) with its cause, figure, target, unit, gap, period and direction;
then the requirements by the secretariat's judgement and by what the data says, each
count with the requirements it counts. Three defined Excel tables, one blank row
between them, and a line at the top saying so."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from boardapp.exchange.pack.cells import SheetWriter
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import heading, open_sheet
from boardapp.exchange.pack.scorecard import FIGURE_COLUMNS, figure_cells, rag_cell
from boardapp.exchange.pack.scoring import EXCEPTIONS, direction_words, exceptions_first, why
from boardapp.exchange.pack.styles import SUBHEADING_STYLE, PackStyles, print_full_size, rag_style
from boardapp.exchange.pack.tables import define_table
from boardapp.exchange.pack.words import EXEMPT_MARK, JUDGED_ORDER, RAG_STATUS, REQUIREMENT_STATUS

EXCEPTION_COLUMNS = (
    ("Ref", 7),
    ("Requirement", 22),
    ("Cause", 34),
    ("Data says", 8),
    *FIGURE_COLUMNS,
    ("Direction", 15),
)
COUNT_COLUMNS = ("Number", "Status", "Requirements")
NO_INDICATOR = "No indicator with targets (judged on evidence)"


def write_summary(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    total = len(content.scorecard)
    withheld = content.withheld.requirements if not content.audience.includes_exempt else 0
    more = f"; {withheld} more {'is' if withheld == 1 else 'are'} exempt and withheld from this pack" if withheld else ""
    about = (f"{total} requirements of the notice{more}. 3 tables: the red and amber requirements; the "
             "requirements by the secretariat's judgement; and by what the data says")
    w = open_sheet(workbook, styles, content, "Summary", "Summary: the exceptions first", repeat_heading=False,
                   about=about)

    concerns = exceptions_first([line for line in content.scorecard if line.row.rag in EXCEPTIONS])
    _section(w, f"Red and amber requirements: {len(concerns)}")
    first = heading(w, [title for title, _width in EXCEPTION_COLUMNS], gap=False)
    if not concerns:
        w.append([None, w.text("None: no requirement is red or amber on the data as at this date.", "Pack wrapped")])
    for line in concerns:
        row = line.row
        w.append([
            w.text(row.ref),
            w.text(row.title + (EXEMPT_MARK if row.exempt else ""), "Pack wrapped"),
            w.text(why(line), "Pack wrapped"),
            rag_cell(w, line),
            *figure_cells(w, line),
            w.text(direction_words(line), "Pack wrapped"),
        ], measure=False)
    define_table(w.ws, "SummaryExceptions", first, w.row, len(EXCEPTION_COLUMNS))

    by_judgement = [(status, [line.row.ref for line in content.scorecard if line.row.judged is status])
                    for status in JUDGED_ORDER]
    w.blank()
    _section(w, "Requirements by the secretariat's judgement")
    first = heading(w, list(COUNT_COLUMNS), gap=False)
    for status, refs in by_judgement:
        if refs or status is not None:
            _count_row(w, len(refs), REQUIREMENT_STATUS[status], "Pack wrapped", refs)
    define_table(w.ws, "SummaryJudged", first, w.row, len(COUNT_COLUMNS))

    w.blank()
    _section(w, "Requirements by what the data says")
    first = heading(w, list(COUNT_COLUMNS), gap=False)
    for status in content.rag_counts:
        refs = [line.row.ref for line in content.scorecard if line.row.rag is status]
        _count_row(w, content.rag_counts[status], RAG_STATUS[status], rag_style(status), refs)
    unjudged = [line.row.ref for line in content.scorecard if line.row.rag is None]
    _count_row(w, len(unjudged), NO_INDICATOR, "Pack wrapped", unjudged)
    define_table(w.ws, "SummaryData", first, w.row, len(COUNT_COLUMNS))
    w.fit_widths([(width, width) for _title, width in EXCEPTION_COLUMNS])
    print_full_size(w.ws)


def _section(w: SheetWriter, title: str) -> None:
    row = w.append([w.text(title, SUBHEADING_STYLE)], measure=False)
    w.ws.row_dimensions[row].height = 24


def _count_row(w: SheetWriter, count: int, status: str, style: str, refs: list[str]) -> None:
    w.append([w.number(count, "Pack integer"), w.text(status, style), w.text(", ".join(refs), "Pack wrapped")],
             measure=False)
