"""A fingerprint of a pack read back by openpyxl: per sheet, a digest of every cell's
coordinate, value, type and look (font, fill, border, alignment, number format, quote
prefix, named style), the row heights, column widths, merged ranges, tables and charts.
Two packs with the same fingerprint have the same cells and look the same; a change to
how cells are written (for speed) must leave it as it was (test_pack_fingerprint.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from openpyxl import load_workbook


def _look(cell) -> tuple:  # type: ignore[no-untyped-def]
    font, fill, border, alignment = cell.font, cell.fill, cell.border, cell.alignment
    return (
        cell.style,
        (font.name, font.sz, font.b, font.i, font.u, font.color.rgb if font.color is not None else None),
        (fill.fill_type, fill.fgColor.rgb if fill.fgColor is not None else None),
        tuple(None if side is None else (side.style, side.color.rgb if side.color is not None else None)
              for side in (border.left, border.right, border.top, border.bottom)),
        (alignment.horizontal, alignment.vertical, alignment.wrap_text),
        cell.number_format,
        cell.quotePrefix,
    )


def sheet_parts(ws, folder: str = "") -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What one sheet holds, each part as text (compared, or digested); ``folder``, where
    the database was (the cover names it), reads as "FOLDER"."""
    cells = []
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style:
                continue
            value = cell.value.replace(folder, "FOLDER") if folder and isinstance(cell.value, str) else cell.value
            cells.append(repr((cell.coordinate, value, cell.data_type, _look(cell))))
    heights = sorted((n, d.height) for n, d in ws.row_dimensions.items() if d.height is not None)
    widths = sorted((k, d.width) for k, d in ws.column_dimensions.items() if d.width)
    tables = sorted((t.displayName, t.ref, tuple(c.name for c in t.tableColumns),
                     t.autoFilter.ref if t.autoFilter is not None else None) for t in ws.tables.values())
    return {
        "cells": "\n".join(cells),
        "heights": repr(heights),
        "widths": repr(widths),
        "merged": repr(sorted(str(r) for r in ws.merged_cells.ranges)),
        "tables": repr(tables),
        "charts": repr(len(ws._charts)),
        "freeze": repr(ws.freeze_panes),
    }


def fingerprint(path: Path, folder: str = "") -> dict[str, dict[str, str]]:
    """Sheet title -> part -> sha256 of the part's text."""
    book = load_workbook(path)
    return {ws.title: {part: hashlib.sha256(text.encode()).hexdigest() for part, text in sheet_parts(ws, folder).items()}
            for ws in book.worksheets}
