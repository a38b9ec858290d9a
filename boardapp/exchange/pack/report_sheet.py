"""The covering report: the pack's first reading sheet, laid out as the real November 2011
update to DfE is (tests/seeds/003): a title, the meeting, the date and the audience, then
Purpose, Background, Main points, Conclusion and What is asked, with the paragraphs
numbered through as that report numbers them. The words are main_points.py's.

Text only, in column A, one paragraph a row, wrapped, each row as tall as its text
needs; no merged cells and no blank rows: headings are Excel's Heading 1 and Heading 2
styles, spaced by their rows' heights. It prints portrait at full size
(column A fits the A4 page's width), so its text prints at 11 point.

Unlike the other sheets it puts the date in words in A3 rather than in B2: a cell to
the right of so wide a column would print on a second page width.
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.workbook import Workbook

from boardapp.exchange.pack.cells import MAX_ROW_POINTS, SheetWriter, text_lines
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import day_words
from boardapp.exchange.pack.main_points import covering_report, heading_lines, report_title
from boardapp.exchange.pack.styles import SUBHEADING_STYLE, TITLE_STYLE, PackStyles, page_setup, print_full_size

SHEET = "Report"
WIDTH = 92  # characters: 92 x 5.25 pt and the cell's padding fit A4 portrait's 523 pt between margins
TITLE_POINTS_PER_LINE = 20.0  # Heading 1 is 15 point
TITLE_CHARACTERS_PER_LINE = 68  # 15-point bold characters in WIDTH
HEADING_ROW_POINTS = 30.0  # Heading 2 (13 point) sits at the bottom of a taller row: the space above it
TITLE_WRAP = Alignment(vertical="top", wrap_text=True)
HEADING_AT_FOOT = Alignment(vertical="bottom")
LINE_POINTS = 15.0  # an 11-point line
CHARACTERS_PER_LINE = 100  # 11-point characters in WIDTH (about 105 fit; text_lines adds its own slack)


def write_report(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    ws = workbook.create_sheet(SHEET)
    w = SheetWriter(ws, styles)
    title = report_title(content)
    row = w.append([w.text(title, TITLE_STYLE)], measure=False)
    ws.cell(row, 1).alignment = TITLE_WRAP  # the one title long enough to wrap (Heading 1 does not)
    ws.row_dimensions[row].height = min(MAX_ROW_POINTS, TITLE_POINTS_PER_LINE * text_lines(title, TITLE_CHARACTERS_PER_LINE) + 4)
    for line in heading_lines(content):
        _paragraph(w, line, "Pack value")
    number = 0
    for section in covering_report(content):
        row = w.append([w.text(section.heading, SUBHEADING_STYLE)], measure=False)
        ws.cell(row, 1).alignment = HEADING_AT_FOOT  # the row's height is the space above the heading
        ws.row_dimensions[row].height = HEADING_ROW_POINTS
        for paragraph in section.paragraphs:
            number += 1
            _paragraph(w, f"{number}. {paragraph}", "Pack value")
        if section.missing:
            _paragraph(w, section.missing, "Pack warning")
    ws.column_dimensions["A"].width = WIDTH
    page_setup(
        ws,
        marking=content.audience.marking,
        synthetic=content.synthetic,
        left=f"{content.board_name} · as at {day_words(content.as_at)}",
        landscape=False,
    )
    print_full_size(ws)


def _paragraph(w: SheetWriter, text: str, style: str) -> None:
    """One paragraph in its row, the row as tall as its lines (a little space below them)."""
    row = w.append([w.text(text, style)], measure=False)
    lines = text_lines(text, CHARACTERS_PER_LINE)
    w.ws.row_dimensions[row].height = min(MAX_ROW_POINTS, LINE_POINTS * lines + 5)
