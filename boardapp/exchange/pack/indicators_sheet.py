"""The indicators: one block per indicator (its narrative, then its readings as known on
the date, each with the target it stands against) and, for an indicator with at least
two readings, a native Excel line chart of the readings against the target anchored
beside the block (editable in Excel: it reads the block's cells).

One sheet for all of them keeps the workbook to nine sheets however many indicators
there are. Printing: Excel ignores manual page breaks on a sheet printed "fit to
width", so this sheet prints at a fixed scale that fits its width, with a page break
before any block that would otherwise be split from its chart.
"""

from __future__ import annotations

import math

from openpyxl.chart import LineChart, Reference, Series
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import cm_to_EMU, pixels_to_EMU
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from boardapp.domain.terms import Polarity, ReadingStatus
from boardapp.exchange.pack.cells import SheetWriter
from boardapp.exchange.pack.content import IndicatorBlock, PackContent
from boardapp.exchange.pack.frame import heading, open_sheet
from boardapp.exchange.pack.progress import Steps
from boardapp.exchange.pack.styles import PackStyles, unit_format

PERIOD_CHARACTERS = 18  # longer period labels ("November 2009 to January 2010") wrap
COLUMNS = (("Period", 18), ("Value", 12), ("Numerator", 11), ("Denominator", 12), ("Status", 11), ("Target", 10))
CHART_COLUMN = len(COLUMNS) + 2  # one empty column between the table and its chart
CHART_WIDTH_CM = 12.5
CHART_HEIGHT_CM = 5.5
CHART_ROWS = 12  # rows the chart covers, and so the least a block takes
ROW_POINTS = 15.0  # this sheet's row height (11-point text), set so that Excel and LibreOffice agree
TITLE_POINTS = 17.0
NARRATIVE_CHARACTERS_PER_LINE = 72
TITLE_CHARACTERS_PER_LINE = 70
SAFETY = 0.88  # column widths print wider with some fonts: leave room
PAGE_WIDTH_POINTS = 842 - 72  # A4 landscape less half-inch margins
PAGE_HEIGHT_POINTS = 595 - 108 - 8  # less the three-quarter-inch margins (the header sits in the top one)
UNIT_WORDS = {"percent": "per cent", "count": "count", "rate_per_100k": "rate per 100,000",
              "percentage_points": "percentage points", "schools": "number of schools", "number": "number"}


def write_indicators(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    w = open_sheet(workbook, styles, content, "Indicators", "Indicators: readings against targets",
                   repeat_heading=False)
    scale = _scale()
    w.ws.sheet_format.defaultRowHeight = ROW_POINTS
    w.ws.sheet_format.customHeight = True
    w.ws.sheet_properties.pageSetUpPr.fitToPage = False
    w.ws.page_setup.scale = scale
    rows_per_page = math.floor(PAGE_HEIGHT_POINTS / (ROW_POINTS * scale / 100))
    w.blank()
    used = w.row  # rows on the current printed page
    narrative_rows = set()
    for block in content.indicators:
        lines = _lines(block.narrative, NARRATIVE_CHARACTERS_PER_LINE)
        title_lines = _lines(_title(block), TITLE_CHARACTERS_PER_LINE)
        size = 2 + title_lines + lines + 1 + max(len(block.readings), CHART_ROWS - 3 - lines)
        if used + size > rows_per_page and used > 0:
            w.ws.row_breaks.append(Break(id=w.row))
            used = 0
        start = w.row
        narrative_rows.update(_block(w, styles, block, lines, title_lines))
        used += w.row - start + lines + title_lines  # rows, and the extra lines of the tall ones
        steps.advance(len(block.readings) + 4, f"Indicators: {block.indicator.code}")
    for column, (_heading, width) in enumerate(COLUMNS, start=1):
        w.ws.column_dimensions[get_column_letter(column)].width = width
    w.ws.column_dimensions[get_column_letter(CHART_COLUMN - 1)].width = 2
    w.fit_heights(skip=frozenset(narrative_rows))


def _scale() -> int:
    table = sum(width * 7 + 5 for _heading, width in COLUMNS) * 0.75 + (2 * 7 + 5) * 0.75
    chart = CHART_WIDTH_CM / 2.54 * 72
    return min(100, math.floor(PAGE_WIDTH_POINTS / (table + chart) * 100 * SAFETY))


def _lines(text: str, per_line: int) -> int:
    return max(1, math.ceil(len(text) / per_line))


def _title(block: IndicatorBlock) -> str:
    return f"{block.indicator.code}: {block.indicator.title}"


def _block(w: SheetWriter, styles: PackStyles, block: IndicatorBlock, lines: int, title_lines: int) -> tuple[int, int]:
    """Write one indicator's block; returns the rows of its title and narrative (merged
    across the table, and so sized here)."""
    indicator = block.indicator
    first = w.append([w.text(_title(block), "Pack block title")], measure=False)
    w.merge(first, 1, len(COLUMNS))
    w.ws.row_dimensions[first].height = TITLE_POINTS * title_lines
    better = "higher is better" if indicator.polarity is Polarity.HIGHER_IS_BETTER else "lower is better"
    w.append([w.text(f"{UNIT_WORDS.get(indicator.unit.value, indicator.unit.value)}, {better}", "Pack subtitle")],
             measure=False)
    narrative_row = w.append([w.text(block.narrative, "Pack wrapped")], measure=False)
    w.merge(narrative_row, 1, len(COLUMNS))
    w.ws.row_dimensions[narrative_row].height = ROW_POINTS * lines
    heading(w, [title for title, _width in COLUMNS], gap=False)
    # Cells in the default look (11 point) unless they need a format: 54,000 readings
    # write much faster unstyled (docs/meeting-pack.md, "Speed").
    value_style = styles.number(unit_format(indicator.unit, indicator.decimals), "Pack data")
    text, number = w.text, w.number
    top = w.row + 1
    for reading, target in zip(block.readings, block.targets):
        label = reading.period.label
        w.append([
            text(label, "Pack data wrap" if len(label) > PERIOD_CHARACTERS else None),
            number(reading.value, value_style),
            number(reading.numerator, None),
            number(reading.denominator, None),
            text("Provisional" if reading.status is ReadingStatus.PROVISIONAL else "Validated", None),
            number(target.value if target else None, value_style),
        ], measure=False)
    bottom = w.row
    if sum(r.value is not None for r in block.readings) >= 2:
        chart = _chart(w, block, top, bottom)
        # A little below the top of the block's first row: anchored exactly on it, the
        # frame's top edge prints at the foot of the page before a page break.
        chart.anchor = OneCellAnchor(
            _from=AnchorMarker(col=CHART_COLUMN - 1, colOff=0, row=first - 1, rowOff=pixels_to_EMU(4)),
            ext=XDRPositiveSize2D(cm_to_EMU(CHART_WIDTH_CM), cm_to_EMU(CHART_HEIGHT_CM)),
        )
        w.ws.add_chart(chart)
    w.blank(max(1, first + CHART_ROWS - w.row))
    return first, narrative_row


def _chart(w: SheetWriter, block: IndicatorBlock, top: int, bottom: int) -> LineChart:
    indicator = block.indicator
    chart = LineChart()
    chart.title = None  # the block's heading names it; the legend says which line is which
    chart.style = 2
    chart.width = CHART_WIDTH_CM
    chart.height = CHART_HEIGHT_CM
    chart.legend.position = "b"
    chart.display_blanks = "gap"
    readings = Series(Reference(w.ws, min_col=2, min_row=top, max_row=bottom), title="Reading")
    readings.marker.symbol = "circle"
    readings.marker.size = 5
    readings.smooth = False
    target = Series(Reference(w.ws, min_col=6, min_row=top, max_row=bottom), title="Target")
    target.graphicalProperties.line.dashStyle = "dash"
    target.graphicalProperties.line.solidFill = "C00000"
    target.marker.symbol = "dash"  # a target for a single period still shows
    target.marker.size = 9
    target.smooth = False
    chart.series.extend([readings, target])
    chart.set_categories(Reference(w.ws, min_col=1, min_row=top, max_row=bottom))
    chart.y_axis.number_format = unit_format(indicator.unit, 0)
    chart.y_axis.title = None
    chart.x_axis.tickLblSkip = max(1, (bottom - top + 1) // 12)
    chart.x_axis.delete = False  # openpyxl 3.1 otherwise leaves the axes hidden in Excel
    chart.y_axis.delete = False
    return chart
