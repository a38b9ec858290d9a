"""The data: every reading known on the date in long form, one row per indicator and
period, as an Excel table ("Readings") ready for a pivot table. Values are those known
on the date (a reading revised later shows its value then), and "Revisions" counts the
revisions made by then. "Measure" says what a figure measures when it is not the
indicator's own measure ("change over three years", "forecast"): filter on it before
comparing figures.

Every value is a plain number with its unit in the "Unit" column (80.5 with "per cent",
never a "%" in the number format), so a pivot table sums and averages what it sees.
"Target" is the target in force for that reading (set for exactly its period, or the
standing target then), where that target is a level on the indicator's own scale; a
gap change or a trend is not, and leaves it blank.

Printed, the table is too wide for one page at a readable size: it prints at full
size across pages, over then down, with its heading and the code and period repeated
on every page.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook

from boardapp.domain.model import Target
from boardapp.domain.terms import ReadingStatus, TargetBasis
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import HEADING_ROW, add_table, heading, open_sheet
from boardapp.exchange.pack.progress import Steps
from boardapp.exchange.pack.styles import PackStyles
from boardapp.store.pack_data import ReadingText

# (heading, width): fixed, as measuring 540,000 cells costs more than it gives. Printed
# at full size, Code to Measure fill one A4 landscape page (136 of about 138 characters)
# and Code, Period, Source and Commentary the next: the wrapped commentary goes last.
COLUMNS = (
    ("Code", 10),
    ("Period", 12),
    ("Title", 18),
    ("Unit", 9),
    ("Period start", 11),
    ("Period end", 11),
    ("Value", 9),
    ("Numerator", 10),
    ("Denominator", 11),
    ("Status", 10),
    ("Target", 8),
    ("Revisions", 9),
    ("Measure", 10),
    ("Source", 24),
    ("Commentary", 84),
)
TABLE_NAME = "Readings"
UNIT_WORDS = {"percent": "per cent", "count": "count", "rate_per_100k": "rate per 100,000",
              "percentage_points": "percentage points", "schools": "schools", "number": "number"}
LEVEL_BASES = frozenset({TargetBasis.PERIOD, TargetBasis.CUMULATIVE, TargetBasis.ACADEMIC_YEAR, TargetBasis.COUNT,
                         TargetBasis.STANDING})
_NO_TEXT = ReadingText("", "")


def write_data(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    w = open_sheet(workbook, styles, content, "Data", "Data: every reading, in long form",
                   about="One table, Readings: values are plain numbers, their unit in the Unit column")
    heading(w, [title for title, _width in COLUMNS])
    texts = content.reading_texts
    # Plain cells (the table's style gives the look): a pivot source of 54,000 rows
    # writes in a fraction of the time styled cells take. Only the dates need a format,
    # a long title wraps, and a row with commentary (wrapped) is top-aligned throughout.
    provisional, validated = "provisional", "validated"
    text, number, day = w.text, w.number, w.date
    title_width = COLUMNS[2][1]
    for block in content.indicators:
        indicator = block.indicator
        code, title, unit = indicator.code, indicator.title, UNIT_WORDS.get(indicator.unit.value, indicator.unit.value)
        long_title = len(title) > title_width
        targets = (*block.targets, *(None,) * len(block.others))
        for reading, target in zip((*block.readings, *block.others), targets, strict=True):
            period = reading.period
            words = texts.get((code, period.code), _NO_TEXT)
            top = "Pack data top"
            date_style = "Pack data date top"
            w.append([
                text(code, top),
                text(period.label, "Pack data wrapped"),
                text(title, "Pack data wrapped" if long_title else top),
                text(unit, "Pack data wrapped"),
                day(period.start, date_style),
                day(period.end, date_style),
                number(reading.value, top),
                number(reading.numerator, top),
                number(reading.denominator, top),
                text(provisional if reading.status is ReadingStatus.PROVISIONAL else validated, top),
                number(_level(target), top),
                number(len(reading.revisions), top),
                text(reading.measure, "Pack data wrapped"),
                text(words.source, "Pack data wrapped"),
                text(words.commentary, "Pack data wrapped"),
            ], measure=False)
        steps.advance(len(block.readings) + len(block.others) + 1, "Data")
    add_table(w, TABLE_NAME, HEADING_ROW, len(COLUMNS))
    w.ws.freeze_panes = f"C{HEADING_ROW + 1}"
    ws = w.ws
    ws.page_setup.fitToWidth = 0  # full size: see the module's docstring
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = 100
    ws.page_setup.pageOrder = "overThenDown"
    ws.print_title_cols = "A:B"
    w.fit_widths([(width, width) for _title, width in COLUMNS])


def _level(target: Target | None) -> float | None:
    return target.value if target is not None and target.basis in LEVEL_BASES else None
