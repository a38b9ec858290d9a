"""Defined Excel tables: each table of a sheet marked up as one, with its single heading
row, so Excel, screen readers and the accessibility checkers see a table, not a grid."""

from __future__ import annotations

from warnings import warn

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet


def define_table(ws: Worksheet, name: str, heading_row: int, last_row: int, columns: int) -> None:
    """Mark rows ``heading_row`` to ``last_row`` of the first ``columns`` columns as the
    table ``name`` (unique in the workbook, no spaces). Its look stays the cells' own:
    the table style adds no stripes. Call it once the heading row is written."""
    end = get_column_letter(columns)
    table = Table(displayName=name, ref=f"A{heading_row}:{end}{max(last_row, heading_row + 1)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=False)
    name_columns(ws, table, heading_row, columns)
    ws.add_table(table)


def name_columns(ws: Worksheet, table: Table, heading_row: int, columns: int) -> None:
    """The table's columns named by its heading row, as openpyxl names them when it saves a
    table that has none (``Table._initialise_columns`` and the heading cells' text), but
    from the heading row alone: openpyxl reads them through ``ws[table.ref]``, which makes
    a cell object for every empty place in the table (seconds on a large pack)."""
    table._initialise_columns()  # the columns (id and a stand-in name) and the auto filter
    for column, named in zip(range(1, columns + 1), table.tableColumns):
        cell = ws.cell(row=heading_row, column=column)
        if cell.data_type != "s":
            warn("File may not be readable: column headings must be strings.")
        named.name = str(cell.value)
