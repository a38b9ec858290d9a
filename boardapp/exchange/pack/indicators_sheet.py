"""The indicators: the notice's own first, in the notice's order (its requirements in
order, then each requirement's indicators in the order it names them), then the other
measures by code in numeric-aware order (NI 57 before NI 102); the indicators with no
reading by the date are listed in one table at the end rather than as empty blocks.

Each indicator's block: its code and title; its unit, direction and requirements, with
its narrative beside them; its readings as an Excel table (one header row; the unit in
the headings, so a value is a plain number: 80.5 under "Value (%)"); and, for two
readings or more, a native line chart beside the table (charts.py, chart_plan.py). The
figures a chart draws are a second small table to the right of the chart, outside the
printed area (a chart draws a time axis only from dates in cells).

No cell is merged: a title is one unwrapped line that runs across the empty cells to
its right; the narrative wraps in the wide column the chart stands in. Every row of a
block has a set height, so pages can be filled block by block: the sheet prints at
100% (text at least 10 point on paper), A4 landscape, with a page break before any
block that would not fit on the page, so a chart is never split from its table.
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter
from openpyxl.utils.units import cm_to_EMU, pixels_to_EMU
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableColumn

from boardapp.domain.ordering import natural_key
from boardapp.domain.terms import Polarity, ReadingStatus, Unit
from boardapp.exchange.pack.cells import SheetWriter, text_lines
from boardapp.exchange.pack.chart_plan import ChartPlan, plan_chart
from boardapp.exchange.pack.charts import anchor, build_chart
from boardapp.exchange.pack.content import IndicatorBlock, PackContent
from boardapp.exchange.pack.frame import day_words, open_sheet
from boardapp.exchange.pack.progress import Steps
from boardapp.exchange.pack.styles import PackStyles

COLUMNS = (("Period", 16), ("Value", 10), ("Numerator", 11), ("Denominator", 12), ("Status", 12), ("Target", 10))
GAP_COLUMN = len(COLUMNS) + 1  # G: a narrow gap
WIDE_COLUMN = len(COLUMNS) + 2  # H: the narrative, and the chart below it
WIDE_WIDTH = 60  # characters: with A to G, about 95% of A4 landscape at 100%
GRID_COLUMN = WIDE_COLUMN + 2  # J: the chart's figures, right of the printed area
GRID_WIDTHS = (12, 48)  # the least and most width of a chart-figures column
ROW_POINTS = 15.0
TITLE_POINTS = 19.0
NARRATIVE_POINTS_PER_LINE = 13.0
NARRATIVE_CHARACTERS_PER_UNIT = 1.3  # "Pack wrapped" (10 point) in a column of that width
PERIOD_CHARACTERS_PER_UNIT = 1.2
HEADING_CHARACTERS_PER_UNIT = 1.15  # "Pack heading" (10 point bold)
LONG_TITLE = 100  # characters: a longer title is set one point smaller to stay on the page
CHART_POINTS = 140.0  # the chart's height
CHART_GAP_POINTS = 8.0  # below a chart, before the next block
PAGE_POINTS = 595 - 108 - 4  # A4 landscape less the three-quarter-inch margins, and a little room
PIXELS_PER_POINT = 4 / 3
UNIT_HEADINGS = {Unit.PERCENT: " (%)", Unit.PERCENTAGE_POINTS: " (percentage points)",
                 Unit.RATE_PER_100K: " (per 100,000)", Unit.SCHOOLS: " (schools)"}
UNIT_WORDS = {"percent": "per cent", "count": "count", "rate_per_100k": "rate per 100,000",
              "percentage_points": "percentage points", "schools": "number of schools", "number": "number"}


def write_indicators(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    notice, others, empty = order_blocks(content)
    plans = {block.indicator.code: plan_chart(block) for block in (*notice, *others)}
    charts = sum(plan is not None for plan in plans.values())
    tables = len(notice) + len(others) + charts + (1 if empty else 0)
    about = (f"{tables} tables: the readings of each indicator ({len(notice) + len(others)}), "
             f"the figures each chart draws ({charts}, right of the printed page)"
             + (", and the indicators with no readings" if empty else ""))
    w = open_sheet(workbook, styles, content, "Indicators", "Indicators: readings against targets",
                   repeat_heading=False, about=about)
    ws = w.ws
    ws.sheet_format.defaultRowHeight = ROW_POINTS
    ws.sheet_format.customHeight = True
    ws.sheet_properties.pageSetUpPr.fitToPage = False  # Excel ignores manual breaks when fitting
    ws.page_setup.scale = 100
    layout = _Layout(w, styles, content, steps)
    layout.used = 2 * ROW_POINTS + ROW_POINTS + 2  # the title rows
    refs = _requirement_refs(content)
    for heading_text, blocks in (("Indicators the notice names, in its order", notice), ("Other measures", others)):
        if blocks:
            layout.section = heading_text
            for block in blocks:
                layout.block(block, plans[block.indicator.code], refs.get(block.indicator.code, ()))
    layout.empty(empty)
    for column, (_heading, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.column_dimensions[get_column_letter(GAP_COLUMN)].width = 2
    ws.column_dimensions[get_column_letter(WIDE_COLUMN)].width = WIDE_WIDTH
    ws.column_dimensions[get_column_letter(WIDE_COLUMN + 1)].width = 2
    for column, width in layout.grid_widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.print_area = f"A1:{get_column_letter(WIDE_COLUMN)}{w.row}"


def order_blocks(content: PackContent) -> tuple[list[IndicatorBlock], list[IndicatorBlock], list[IndicatorBlock]]:
    """The notice's indicators in its order, the other measures in numeric-aware order of
    their codes, and (last, in the same order) those with no reading by the date."""
    by_code = {block.indicator.code: block for block in content.indicators}
    named: list[str] = []
    for line in content.scorecard:  # the requirements in the notice's order, as the audience sees them
        for code in line.row.indicators:  # in the order the requirement names them
            if code in by_code and code not in named:
                named.append(code)
    rest = sorted((code for code in by_code if code not in named), key=natural_key)
    notice = [by_code[code] for code in named]
    others = [by_code[code] for code in rest]
    empty = [block for block in (*notice, *others) if not block.readings]
    return [b for b in notice if b.readings], [b for b in others if b.readings], empty


def _requirement_refs(content: PackContent) -> dict[str, tuple[str, ...]]:
    refs: dict[str, list[str]] = {}
    for line in content.scorecard:
        for code in line.row.indicators:
            refs.setdefault(code, [])
            if line.row.ref not in refs[code]:
                refs[code].append(line.row.ref)
    return {code: tuple(found) for code, found in refs.items()}


class _Layout:
    """Writes blocks in order, keeping count of the points used on the printed page."""

    def __init__(self, w: SheetWriter, styles: PackStyles, content: PackContent, steps: Steps) -> None:
        self.w, self.styles, self.content, self.steps = w, styles, content, steps
        self.used = 0.0
        self.section = ""  # a section heading to write before the next block
        self.grid_widths: dict[int, int] = {GRID_COLUMN: GRID_WIDTHS[0]}
        self.names: set[str] = set()

    def block(self, block: IndicatorBlock, plan: ChartPlan | None, refs: tuple[str, ...]) -> None:
        w, ws = self.w, self.w.ws
        indicator = block.indicator
        narrative_lines = text_lines(block.narrative, int(WIDE_WIDTH * NARRATIVE_CHARACTERS_PER_UNIT) - 1)
        sub_points = max(ROW_POINTS, NARRATIVE_POINTS_PER_LINE * narrative_lines + 3)
        row_points = [_reading_points(r.period.label) for r in block.readings]
        rows = max(len(block.readings), len(plan.dates) if plan else 0)
        row_points += [ROW_POINTS] * (rows - len(row_points))
        table_points = _heading_points(_headings(indicator.unit)) + sum(row_points)
        gap_points = max(ROW_POINTS, CHART_POINTS + CHART_GAP_POINTS - table_points) if plan else ROW_POINTS
        size = TITLE_POINTS + sub_points + table_points + gap_points + (ROW_POINTS + 4 if self.section else 0)
        if self.used + size > PAGE_POINTS and self.used > 0:
            ws.row_breaks.append(Break(id=w.row))
            self.used = 0
        self.used += size
        if self.section:
            self._section(self.section)
        title = f"{indicator.code}: {indicator.title}"
        first = w.append([w.text(title, "Pack indicator title long" if len(title) > LONG_TITLE
                                 else "Pack indicator title")], measure=False)
        ws.row_dimensions[first].height = TITLE_POINTS
        better = "higher is better" if indicator.polarity is Polarity.HIGHER_IS_BETTER else "lower is better"
        about = f"{UNIT_WORDS.get(indicator.unit.value, indicator.unit.value)}, {better}"
        if refs:
            about += f"; requirement{'s' if len(refs) > 1 else ''} {', '.join(refs)}"
        cells = [w.text(about, "Pack subtitle")] + [None] * (WIDE_COLUMN - 2) + [w.text(block.narrative, "Pack wrapped")]
        sub = w.append(cells, measure=False)
        ws.row_dimensions[sub].height = sub_points
        head = self._tables(block, plan, rows, row_points)
        gap = w.append([], measure=False)
        ws.row_dimensions[gap].height = gap_points
        if plan is not None:
            chart = build_chart(ws, plan, date_column=GRID_COLUMN, first_row=head + 1, unit=indicator.unit)
            chart.anchor = anchor(
                WIDE_COLUMN, head, int(_column_pixels(WIDE_WIDTH) * 9525), int(cm_to_EMU(CHART_POINTS / 72 * 2.54)),
                pixels_to_EMU(2), name=f"Chart of {indicator.code}", description=plan.description,
            )
            ws.add_chart(chart)
        self.steps.advance(len(block.readings) + 4, f"Indicators: {indicator.code}")

    def _tables(self, block: IndicatorBlock, plan: ChartPlan | None, rows: int, row_points: list[float]) -> int:
        """The readings table (A to F) and the chart's figures (from J), side by side;
        returns the heading row."""
        w, ws, styles = self.w, self.w.ws, self.styles
        indicator = block.indicator
        headings = _headings(indicator.unit)
        grid_headings = ["Date", *(s.heading for s in plan.series)] if plan else []
        cells = [w.text(h, "Pack heading") for h in headings] + [None] * 3 + [w.text(h, "Pack heading")
                                                                               for h in grid_headings]
        head = w.append(cells, measure=False)
        ws.row_dimensions[head].height = _heading_points(headings)
        value_style = styles.number(_plain_format(indicator.decimals), "Pack data")
        text, number = w.text, w.number
        readings = list(zip(block.readings, block.targets))
        for index in range(rows):
            row: list = []
            if index < len(readings):
                reading, target = readings[index]
                label = reading.period.label
                row = [
                    text(label, "Pack data wrap" if _reading_points(label) > ROW_POINTS else None),
                    number(reading.value, value_style),
                    number(reading.numerator, None),
                    number(reading.denominator, None),
                    text("Provisional" if reading.status is ReadingStatus.PROVISIONAL else "Validated", None),
                    number(target.value if target else None, value_style),
                ]
            if plan is not None and index < len(plan.dates):
                day = plan.dates[index]
                row += [None] * (GRID_COLUMN - 1 - len(row))
                row += [w.date(day, "Pack data date")] + [number(s.values.get(day), value_style) for s in plan.series]
            written = w.append(row, measure=False)
            if row_points[index] != ROW_POINTS:
                ws.row_dimensions[written].height = row_points[index]
        code = indicator.code
        self._table(f"{code}_readings", head, 1, headings, len(block.readings))
        if plan is not None:
            self._table(f"{code}_chart", head, GRID_COLUMN, grid_headings, len(plan.dates))
            for offset, heading_text in enumerate(grid_headings):
                column = GRID_COLUMN + offset
                width = min(GRID_WIDTHS[1], max(GRID_WIDTHS[0], len(heading_text) + 3))
                self.grid_widths[column] = max(self.grid_widths.get(column, 0), width)
        return head

    def _table(self, name: str, head: int, column: int, headings: list[str], rows: int) -> None:
        """A defined table (no filter buttons: its columns are given) named for its indicator."""
        display = _table_name(name, self.names)
        last = get_column_letter(column + len(headings) - 1)
        table = Table(displayName=display, ref=f"{get_column_letter(column)}{head}:{last}{head + max(rows, 1)}",
                      tableColumns=[TableColumn(id=i, name=h) for i, h in enumerate(headings, start=1)])
        self.w.ws.add_table(table)

    def _section(self, text: str) -> None:
        row = self.w.append([self.w.text(text, "Pack section")], measure=False)
        self.w.ws.row_dimensions[row].height = ROW_POINTS + 4
        self.section = ""

    def empty(self, blocks: list[IndicatorBlock]) -> None:
        """One table of the indicators with no reading by the date: code and title."""
        if not blocks:
            return
        w = self.w
        size = ROW_POINTS * (len(blocks) + 2) + 4
        if self.used + min(size, ROW_POINTS * 6) > PAGE_POINTS:
            w.ws.row_breaks.append(Break(id=w.row))
        self._section(f"No readings by {day_words(self.content.as_at)}")
        head = w.append([w.text("Code", "Pack heading"), w.text("Indicator", "Pack heading")], measure=False)
        for block in blocks:
            note = " (only other measures: see the Data sheet)" if block.others else ""
            w.append([w.text(block.indicator.code, None), w.text(block.indicator.title + note, None)], measure=False)
            self.steps.advance(len(block.readings) + 4, f"Indicators: {block.indicator.code}")
        self._table("No_reading_by_date", head, 1, ["Code", "Indicator"], len(blocks))


def _reading_points(label: str) -> float:
    lines = text_lines(label, int(COLUMNS[0][1] * PERIOD_CHARACTERS_PER_UNIT) - 1)
    return ROW_POINTS * lines


def _headings(unit: Unit) -> list[str]:
    """The readings table's headings, the unit in those of the value and the target."""
    words = UNIT_HEADINGS.get(unit, "")
    return [name + (words if name in ("Value", "Target") else "") for name, _width in COLUMNS]


def _heading_points(headings: list[str]) -> float:
    """The heading row's height: a unit in a narrow column's heading wraps."""
    lines = max(text_lines(h, int(width * HEADING_CHARACTERS_PER_UNIT)) for h, (_name, width) in zip(headings, COLUMNS))
    return max(ROW_POINTS, 13.0 * lines + 2)


def _plain_format(decimals: int) -> str:
    """A number with its decimals and thousands separators; the unit is in the heading."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _column_pixels(width: float) -> float:
    return width * 7 + 5


def _table_name(name: str, taken: set[str]) -> str:
    """A table name Excel accepts: letters, digits and underscores, starting with a
    letter, unique in the workbook (a number is added to a repeat)."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not clean[:1].isalpha():
        clean = "T_" + clean
    unique, count = clean, 1
    while unique.lower() in taken:
        count += 1
        unique = f"{clean}_{count}"
    taken.add(unique.lower())
    return unique
