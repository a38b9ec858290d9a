"""Defined Excel tables: each table of a sheet marked up as one, with its single heading
row, so Excel, screen readers and the accessibility checkers see a table, not a grid."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet


def define_table(ws: Worksheet, name: str, heading_row: int, last_row: int, columns: int) -> None:
    """Mark rows ``heading_row`` to ``last_row`` of the first ``columns`` columns as the
    table ``name`` (unique in the workbook, no spaces). Its look stays the cells' own:
    the table style adds no stripes."""
    end = get_column_letter(columns)
    table = Table(displayName=name, ref=f"A{heading_row}:{end}{max(last_row, heading_row + 1)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=False)
    ws.add_table(table)
