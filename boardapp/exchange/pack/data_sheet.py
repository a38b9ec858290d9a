"""The data: every reading known on the date in long form, one row per indicator and
period, as an Excel table ("Readings") ready for a pivot table. Values are those known
on the date (a reading revised later shows its value then), and "Revisions" counts the
revisions made by then."""

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

COLUMNS = (
    ("Code", 9, 14),
    ("Period", 9, 20),
    ("Period end", 11, 12),
    ("Value", 9, 10),
    ("Numerator", 10, 11),
    ("Denominator", 11, 12),
    ("Status", 10, 11),
    ("Source", 14, 40),
    ("Commentary", 30, 60),
    ("Revisions", 9, 10),
)
TABLE_NAME = "Readings"
_NO_TEXT = ReadingText("", "")


def write_data(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    w = open_sheet(workbook, styles, content, "Data", "Data: every reading, in long form")
    heading(w, [title for title, _least, _most in COLUMNS])
    texts = content.reading_texts
    number, integer = "Pack text", "Pack integer"
    provisional, validated = "provisional", "validated"
    for block in content.indicators:
        code = block.indicator.code
        for reading in block.readings:
            text = texts.get((code, reading.period.code), _NO_TEXT)
            w.append([
                w.text(code),
                w.text(reading.period.code),
                w.date(reading.period.end),
                w.number(reading.value, number),
                w.number(reading.numerator, number),
                w.number(reading.denominator, number),
                w.text(provisional if reading.status is ReadingStatus.PROVISIONAL else validated),
                w.text(text.source),
                w.text(text.commentary, "Pack wrapped"),
                w.number(len(reading.revisions), integer),
            ])
        steps.advance(len(block.readings) + 1, "Data")
    end = get_column_letter(len(COLUMNS))
    last = max(w.row, HEADING_ROW + 1)  # a table needs a row below its heading
    table = Table(displayName=TABLE_NAME, ref=f"A{HEADING_ROW}:{end}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    w.ws.add_table(table)
    w.ws.freeze_panes = f"A{HEADING_ROW + 1}"
    w.fit_widths([(least, most) for _title, least, most in COLUMNS])
