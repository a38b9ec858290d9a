"""The data: every reading known on the date in long form, one row per indicator and
period, as an Excel table ("Readings") ready for a pivot table. Values are those known
on the date (a reading revised later shows its value then), and "Revisions" counts the
revisions made by then. "Measure" says what a figure measures when it is not the
indicator's own measure ("change over three years", "forecast"): filter on it before
comparing figures."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.table import Table, TableStyleInfo

from boardapp.domain.terms import ReadingStatus
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import HEADING_ROW, heading, open_sheet
from boardapp.exchange.pack.progress import Steps
from boardapp.exchange.pack.styles import PackStyles
from boardapp.store.pack_data import ReadingText

COLUMNS = (  # (heading, width, width): fixed, as measuring 540,000 cells costs more than it gives
    ("Code", 14, 14),
    ("Period", 18, 18),
    ("Period end", 12, 12),
    ("Value", 10, 10),
    ("Numerator", 11, 11),
    ("Denominator", 12, 12),
    ("Status", 11, 11),
    ("Source", 30, 30),
    ("Commentary", 60, 60),
    ("Revisions", 10, 10),
    ("Measure", 24, 24),
)
TABLE_NAME = "Readings"
_NO_TEXT = ReadingText("", "")


def write_data(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    w = open_sheet(workbook, styles, content, "Data", "Data: every reading, in long form")
    heading(w, [title for title, _least, _most in COLUMNS])
    texts = content.reading_texts
    # Plain cells (the table's style gives the look): a pivot source of 54,000 rows
    # writes in a fraction of the time styled cells take. Only the date needs a format,
    # and a row with commentary (wrapped) is top-aligned throughout.
    provisional, validated = "provisional", "validated"
    text, number = w.text, w.number
    for block in content.indicators:
        code = block.indicator.code
        for reading in (*block.readings, *block.others):
            period = reading.period.code
            words = texts.get((code, period), _NO_TEXT)
            top = "Pack data top" if words.commentary else None
            w.append([
                text(code, top),
                text(period, top),
                w.date(reading.period.end, "Pack data date top" if top else "Pack data date"),
                number(reading.value, top),
                number(reading.numerator, top),
                number(reading.denominator, top),
                text(provisional if reading.status is ReadingStatus.PROVISIONAL else validated, top),
                text(words.source, top),
                text(words.commentary, "Pack data wrapped"),
                number(len(reading.revisions), top),
                text(reading.measure, top),
            ], measure=False)
        steps.advance(len(block.readings) + len(block.others) + 1, "Data")
    end = get_column_letter(len(COLUMNS))
    last = max(w.row, HEADING_ROW + 1)  # a table needs a row below its heading
    table = Table(displayName=TABLE_NAME, ref=f"A{HEADING_ROW}:{end}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    w.ws.add_table(table)
    w.ws.freeze_panes = f"A{HEADING_ROW + 1}"
    code = min(24, max([len(block.indicator.code) + 3 for block in content.indicators], default=10))
    w.fit_widths([(code, code)] + [(least, most) for _title, least, most in COLUMNS[1:]])
