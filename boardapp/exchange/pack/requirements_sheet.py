"""The Requirements sheet: each requirement of the notice in its own words, in the
notice's order, as the November 2011 update to DfE (seed 003) sets them out: the
wording, where it stands (judged, and what the data says and why), the indicators'
figures against their targets with last year and the comparators, every target, the
figures in words, the evidence narrative whole, the next steps and the actions tied to
it (requirement_sections.py gathers them).

Accessibility: no merged cells and no blank rows (a heading's taller row spaces it from
what is above); each small table is a defined Excel table with one header row
(``Req1Indicators``, ``Req1Targets``, ``Req1NextSteps``, ``Req1Actions``); row 3 says
how many sections and tables the sheet holds; numbers and words in separate columns.

Printing: A4 landscape at 100% (the columns fit the page's width, so 10-point text
prints at 10 points), every row given the height its text needs, and a page break
before a requirement only when it would not fit in what is left of the page and less
than half the page is left; a table's caption, header and first row are kept together.
Text rows are a paragraph each (a long one a group of sentences), so no row prints
taller than part of a page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from boardapp.domain.terms import ActionStatus
from boardapp.exchange.pack.cells import SheetWriter
from boardapp.exchange.pack.content import ActionLine, PackContent
from boardapp.exchange.pack.frame import open_sheet
from boardapp.exchange.pack.requirement_sections import IndicatorLine, RequirementSection, TargetLine, status_words
from boardapp.exchange.pack.styles import PackStyles, change_format, rag_style, unit_format
from boardapp.exchange.pack.words import ACTION_RAG, ACTION_STATUS, EXEMPT_MARK, REQUIREMENT_STATUS
from boardapp.store.board import ActionRow, MilestoneRow

SHEET = "Requirements"
WIDTHS = (83, 9, 14, 12, 11, 8)  # A (the text and each table's first column) .. F: 755 points, A4 landscape at 100%
MARGIN_INCHES = 0.45
PAGE_POINTS = 595 - 2 * 0.75 * 72 - 6  # A4 landscape height less the top and bottom margins
# (points a line takes, characters a unit of column width holds) by style, measured on
# LibreOffice's rendering with Carlito (Calibri's metrics) and kept on the safe side.
# Excel spaces Calibri's lines at about 1.22 times the size; LibreOffice, with Carlito,
# closer together (so its rows show a little room below the text).
METRICS = {
    "Pack wrapped": (12.4, 1.24), "Pack text": (12.4, 1.24), "Pack heading": (12.4, 1.05), "Pack value": (13.6, 1.07),
    "Pack subheading": (13.6, 0.95), "Pack requirement": (17.2, 0.75), "Pack date": (12.4, 1.18),
}
DEFAULT_METRICS = (12.4, 1.18)
PADDING = 3.0
ROW_POINTS = 15.0  # the sheet's default row height: a row of one line of 10- or 11-point text
SECTION_SPACE = 14.0  # above a requirement's heading
SUBHEADING_SPACE = 8.0  # above a table's caption
NO_ACTIONS = "No action in the plan is tied to this requirement."
ALL_COMPLETE = "Every action tied to this requirement is complete."

INDICATOR_COLUMNS = ("Indicator", "Latest", "Period", "Data says", "Target now", "Variance")
COMPARISON_COLUMNS = ("Indicator", "Same period last year", "On last year", "National", "Statistical neighbours")
TARGET_COLUMNS = ("Target", "Value", "Figure for", "Status", "Figure", "Variance")
NEXT_COLUMNS = ("Next step", "Action", "Owner", "By", "Status")
ACTION_COLUMNS = ("Action", "Ref", "Owner", "Due", "Status", "RAG")


def write_requirements(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    plan = [(section, _tied(section, content.actions)) for section in content.sections]
    tables = sum(_table_count(section, actions) for section, actions in plan)
    w = open_sheet(workbook, styles, content, SHEET, "Requirements: each requirement of the notice in its own words",
                   repeat_heading=False, about=_contents_line(len(plan), tables, content))
    ws = w.ws
    # The line under the title is long here: wrapped in the page's width (A:F), not run off it.
    ws.cell(row=2, column=1).alignment = Alignment(vertical="top", wrap_text=True)
    ws.row_dimensions[2].height = ROW_POINTS * 4
    ws.sheet_properties.pageSetUpPr.fitToPage = False  # Excel ignores manual page breaks on a sheet fitted to pages
    ws.page_setup.scale = 100
    ws.sheet_format.defaultRowHeight = ROW_POINTS  # rows not given a height: Excel and LibreOffice agree
    ws.sheet_format.customHeight = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_INCHES
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    sheet = _Layout(w, content)
    for section, actions in plan:
        sheet.section(section, actions)
    ws.print_area = f"A1:{get_column_letter(len(WIDTHS))}{w.row}"  # nothing beyond the page's width


def _contents_line(sections: int, tables: int, content: PackContent) -> str:
    line = (f"This sheet holds {sections} section{'' if sections == 1 else 's'}, one for each requirement of the notice "
            f"in the notice's order, and {tables} table{'' if tables == 1 else 's'}: each requirement's indicators, "
            "comparisons, targets, next steps and actions (named Req1Indicators, Req1Comparisons, Req1Targets, "
            "Req1NextSteps, Req1Actions and so on)")
    if not content.audience.includes_exempt and content.withheld.requirements:
        line += f"; {content.withheld.requirements} exempt requirement(s) are withheld from this pack"
    return line


def _tied(section: RequirementSection, actions: Sequence[ActionLine]) -> tuple[ActionRow, ...]:
    return tuple(line.action for line in actions if section.ref in line.requirements)


def _open(actions: Sequence[ActionRow]) -> tuple[ActionRow, ...]:
    return tuple(a for a in actions if a.status is not ActionStatus.COMPLETE)


def _table_count(section: RequirementSection, actions: Sequence[ActionRow]) -> int:
    targets = any(line.targets for line in section.indicators)
    compared = any(_compared(line) for line in section.indicators)
    return sum((bool(section.indicators), compared, targets, bool(_open(actions)), bool(actions)))


class _Layout:
    """Writes rows with their heights, and breaks pages as it goes."""

    def __init__(self, w: SheetWriter, content: PackContent) -> None:
        self.w = w
        self.content = content
        self.used = 0.0
        self.names: set[str] = set()
        self.measure = _Measure(w.styles)
        for row in range(1, w.row + 1):  # the title rows open_sheet wrote
            self.used += w.ws.row_dimensions[row].height or 15.0

    # --- rows and pages ------------------------------------------------------------

    def row(self, cells: Sequence[Cell | None], *, space: float = 0.0) -> int:
        height = space + self.measure(cells)
        if self.used + height > PAGE_POINTS:
            self.used = 0.0  # the printer starts a page here
        number = self.w.append(cells, measure=False)
        if height != ROW_POINTS:
            self.w.ws.row_dimensions[number].height = round(height, 1)
        self.used += height
        return number

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` points fit on this one."""
        if self.used > 0 and self.used + height > PAGE_POINTS:
            self.w.ws.row_breaks.append(Break(id=self.w.row))
            self.used = 0.0

    def table(self, caption: str, name: str, headings: Sequence[str], rows: Sequence[Sequence[Cell | None]]) -> None:
        w = self.w
        caption_cells = [w.text(caption, "Pack subheading")]
        header = [w.text(title, "Pack heading") for title in headings]
        first = self.measure(rows[0]) if rows else 0.0
        self.keep(SUBHEADING_SPACE + self.measure(caption_cells) + self.measure(header) + first)
        self.row(caption_cells, space=SUBHEADING_SPACE)
        top = self.row(header)
        for cells in rows:
            self.row(cells)
        table = Table(displayName=self._name(name), ref=f"A{top}:{get_column_letter(len(headings))}{w.row}")
        table.tableColumns = [TableColumn(id=i, name=title) for i, title in enumerate(headings, start=1)]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
        w.ws.add_table(table)

    def text_block(self, caption: str, lines: Sequence[Cell | None]) -> None:
        caption_cells = [self.w.text(caption, "Pack subheading")]
        first = self.measure([lines[0]]) if lines else 0.0
        self.keep(SUBHEADING_SPACE + self.measure(caption_cells) + first)
        self.row(caption_cells, space=SUBHEADING_SPACE)
        for cell in lines:
            self.row([cell])

    def _name(self, name: str) -> str:
        name = re.sub(r"[^A-Za-z0-9_]", "_", name)
        unique, count = name, 1
        while unique in self.names:
            count += 1
            unique = f"{name}_{count}"
        self.names.add(unique)
        return unique

    # --- a requirement ---------------------------------------------------------------

    def section(self, section: RequirementSection, actions: tuple[ActionRow, ...]) -> None:
        w = self.w
        title = f"Requirement {section.ref}: {section.title}" + (EXEMPT_MARK if section.exempt else "")
        heading = [w.text(title, "Pack requirement")]
        opening = [w.text(section.wording, "Pack value"), self._judged(section), self._data_says(section)]
        height = SECTION_SPACE + self.measure(heading) + sum(self.measure([c]) for c in opening)
        left = PAGE_POINTS - self.used
        if self.used > 0 and left < PAGE_POINTS / 2 and left < height + 60:
            self.keep(PAGE_POINTS)  # less than half a page left, and the opening would not fit with its first table
        self.row(heading, space=SECTION_SPACE)
        for cell in opening:
            self.row([cell])
        key = f"Req{section.ref}"
        if section.indicators:
            self.table("Indicators: the latest figures against the targets", f"{key}Indicators", INDICATOR_COLUMNS,
                       [self._indicator(line) for line in section.indicators])
        compared = [line for line in section.indicators if _compared(line)]
        if compared:
            self.table("Against the same period last year and the comparators (the indicators that have them)",
                       f"{key}Comparisons", COMPARISON_COLUMNS, [self._comparison(line) for line in compared])
        targets = [t for line in section.indicators for t in line.targets]
        if targets:
            self.table("Every target, and how it stands", f"{key}Targets", TARGET_COLUMNS,
                       [self._target(t) for t in targets])
        told = [line for line in section.indicators if line.targets or line.context]
        if told:
            self.text_block("The figures in words (the indicators with a target, or volume or comparators to add)",
                            [w.text(f"{line.code}: {line.words}", "Pack wrapped") for line in told])
        if section.evidence:
            self.text_block("Progress", [w.text(paragraph, "Pack wrapped") for paragraph in section.evidence])
        self._actions(key, actions)

    def _judged(self, section: RequirementSection) -> Cell | None:
        return self.w.text(f"Judged (the status the secretariat records): {REQUIREMENT_STATUS[section.judged]}.",
                           "Pack wrapped")

    def _data_says(self, section: RequirementSection) -> Cell | None:
        return self.w.text(f"What the data says: {section.why}", "Pack wrapped")

    def _indicator(self, line: IndicatorLine) -> list[Cell | None]:
        w, styles = self.w, self.w.styles
        indicator = line.indicator
        value = styles.number(unit_format(indicator.unit, indicator.decimals))
        change = styles.number(change_format(indicator.unit, indicator.decimals))
        period = line.period.label + (" (provisional)" if line.provisional else "") if line.period else ""
        return [
            w.text(f"{indicator.code}: {indicator.title}", "Pack wrapped"),
            w.number(line.value, value),
            w.text(period, "Pack wrapped"),
            w.text(status_words(line.status), rag_style(line.status) if line.status else "Pack wrapped"),
            w.number(line.target, value),
            w.number(line.variance, change),
        ]

    def _comparison(self, line: IndicatorLine) -> list[Cell | None]:
        w, styles = self.w, self.w.styles
        indicator = line.indicator
        value = styles.number(unit_format(indicator.unit, indicator.decimals))
        return [
            w.text(f"{indicator.code}: {indicator.title}", "Pack wrapped"),
            w.number(line.last_year, value),
            w.text(line.direction, "Pack wrapped"),
            w.number(line.national, value),
            w.number(line.neighbours, value),
        ]

    def _target(self, target: TargetLine) -> list[Cell | None]:
        w, styles = self.w, self.w.styles
        indicator = target.indicator
        value = styles.number(unit_format(indicator.unit, indicator.decimals))
        change = styles.number(change_format(indicator.unit, indicator.decimals))
        now = " (the target that matters now)" if target.now else ""
        return [
            w.text(f"{indicator.code}: {target.words}{now}", "Pack wrapped"),
            w.number(target.value, value),
            w.text(target.figure_period.label if target.figure_period else "", "Pack wrapped"),
            w.text(target.status, "Pack wrapped"),
            w.number(target.figure, value),
            w.number(target.variance, change),
        ]

    def _actions(self, key: str, actions: tuple[ActionRow, ...]) -> None:
        w = self.w
        if not actions:
            self.text_block("Next steps and actions", [w.text(NO_ACTIONS, "Pack wrapped")])
            return
        open_actions = _open(actions)
        if open_actions:
            self.table("Next steps: the actions not yet complete, and the next milestone of each", f"{key}NextSteps",
                       NEXT_COLUMNS, [self._next_step(action) for action in open_actions])
        else:
            self.text_block("Next steps", [w.text(ALL_COMPLETE, "Pack wrapped")])
        self.table("Actions tied to this requirement", f"{key}Actions", ACTION_COLUMNS, [
            [w.text(action.title + (EXEMPT_MARK if action.exempt else ""), "Pack wrapped"),
             w.text(action.ref, "Pack wrapped"),
             w.text(action.owner, "Pack wrapped"),
             w.date(action.due_on),
             w.text(ACTION_STATUS[action.status], "Pack wrapped"),
             w.text(ACTION_RAG[action.rag] if action.rag else "", rag_style(action.rag) if action.rag else "Pack wrapped")]
            for action in actions
        ])

    def _next_step(self, action: ActionRow) -> list[Cell | None]:
        w = self.w
        milestone = next_milestone(action.milestones)
        if milestone is not None:
            step, by = f"{milestone.title} (the next milestone of: {action.title})", milestone.due_on
        else:
            step, by = action.title, action.due_on
        return [w.text(step + (EXEMPT_MARK if action.exempt else ""), "Pack wrapped"), w.text(action.ref, "Pack wrapped"),
                w.text(action.owner, "Pack wrapped"), w.date(by), w.text(ACTION_STATUS[action.status], "Pack wrapped")]


def _compared(line: IndicatorLine) -> bool:
    return line.last_year is not None or line.national is not None or line.neighbours is not None


def next_milestone(milestones: Sequence[MilestoneRow]) -> MilestoneRow | None:
    """The first milestone not done, the soonest due first (undated ones last)."""
    pending = [m for m in milestones if not m.done]
    dated = sorted((m for m in pending if m.due_on is not None), key=lambda m: m.due_on)  # type: ignore[arg-type, return-value]
    return dated[0] if dated else pending[0] if pending else None


class _Measure:
    """The points a row needs: its tallest cell's lines at the column's width, by the
    cell's style (looked up by its style array: asking a cell its style's name costs a
    search of the workbook's named styles)."""

    def __init__(self, styles: PackStyles) -> None:
        self._by_style = {tuple(styles.array(name)): metrics for name, metrics in METRICS.items()}
        self._characters = {metrics: [math.floor(width * metrics[1]) for width in WIDTHS]
                            for metrics in (*METRICS.values(), DEFAULT_METRICS)}

    def __call__(self, cells: Sequence[Cell | None]) -> float:
        height = ROW_POINTS
        for column, cell in enumerate(cells):
            if cell is None:
                continue
            value = cell.value
            if not isinstance(value, str):
                continue
            metrics = self._by_style.get(tuple(cell._style), DEFAULT_METRICS)
            per_line = self._characters[metrics][column]
            lines = 1 if len(value) <= per_line and "\n" not in value else wrapped_lines(value, per_line)
            height = max(height, metrics[0] * lines + PADDING)
        return height


def wrapped_lines(text: str, per_line: int) -> int:
    """How many lines ``text`` takes wrapped at word boundaries, ``per_line`` characters
    a line (a word longer than a line is broken across lines, as Excel does)."""
    per_line = max(1, per_line)
    lines = 0
    for paragraph in text.split("\n"):
        count, used = 1, 0
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size > per_line:
                count += 1
                used = 0
            if size > per_line:
                count += (size - 1) // per_line
                size = size % per_line or per_line
            used = used + 1 + size if used else size
        lines += count
    return lines
