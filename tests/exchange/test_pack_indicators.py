"""The Indicators sheet of the demo pack as at the November 2011 update to DfE, read
back with openpyxl and python-calamine: the order, no merged cells, one defined table
per block, the units in the headings, and the print set-up that keeps a chart with
its table."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from boardapp.domain.ordering import natural_key
from boardapp.exchange.pack import Audience, export_pack
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.store.models import Requirement

AS_AT = date(2011, 11, 1)  # the November 2011 consolidated update to DfE
PRODUCED = datetime(2011, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def dfe_pack(pristine_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("indicators") / "dfe.xlsx"
    with open_database(pristine_demo, read_only=True) as database:
        export_pack(database, out, who=identity.acting(database), as_at=AS_AT, audience=Audience.DFE,
                    produced=PRODUCED)
    return out


@pytest.fixture(scope="module")
def sheet(dfe_pack: Path):
    return load_workbook(dfe_pack)["Indicators"]


def block_codes(path: Path) -> list[str]:
    """The code of each block, in the sheet's order (a block starts with "CODE: title"
    and its next row but one is the readings table's heading)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Indicators").to_python()
    codes = []
    for index, row in enumerate(rows[:-2]):
        if isinstance(row[0], str) and ": " in row[0] and rows[index + 2][0] == "Period":
            codes.append(row[0].split(": ", 1)[0])
    return codes


def notice_order(database: Path) -> list[str]:
    with open_database(database, read_only=True) as db, db.session() as session:
        requirements = session.scalars(
            select(Requirement).options(selectinload(Requirement.indicators)).order_by(Requirement.position))
        codes: list[str] = []
        for requirement in requirements:
            codes += [i.code for i in requirement.indicators if i.code not in codes]
    return codes


def test_the_notices_indicators_come_first_in_its_order(dfe_pack, pristine_demo):
    codes = block_codes(dfe_pack)
    named = notice_order(pristine_demo)
    assert codes[:3] == ["NI 59", "NI59-VOL", "NI 60"]
    first = [code for code in codes if code in named]
    assert codes[:len(first)] == first  # every block the notice names comes before any other
    assert first == [code for code in named if code in first]  # in the notice's order
    others = codes[len(first):]
    assert others and others == sorted(others, key=natural_key)


def test_no_empty_blocks_and_the_indicators_without_readings_listed_once(sheet, dfe_pack):
    codes = block_codes(dfe_pack)
    listed = sheet.tables["No_reading_by_date"]
    rows = [[cell.value for cell in row] for row in sheet[listed.ref]][1:]
    missing = [code for code, _title in rows]
    assert "NI 57" in missing and "NI 108" in missing and "NI 110" in missing
    assert not set(missing) & set(codes)
    for name, ref in sheet.tables.items():
        if name.endswith("_readings"):
            cells = sheet[ref]
            assert len(cells) >= 2 and any(cell.value is not None for cell in cells[1])


def test_no_merged_cells_and_every_block_a_defined_table(sheet, dfe_pack):
    assert not sheet.merged_cells.ranges
    codes = block_codes(dfe_pack)
    names = list(sheet.tables)
    assert len(names) == len({name.lower() for name in names})
    assert all(" " not in name for name in names)
    readings = [name for name in names if name.endswith("_readings")]
    assert len(readings) == len(codes) and "NI_59_readings" in readings
    for name in names:
        table = sheet.tables[name]
        heading = [cell.value for cell in sheet[table.ref][0]]
        assert heading == [column.name for column in table.tableColumns]
        assert all(isinstance(h, str) and h for h in heading)
        assert table.autoFilter is None  # no filter buttons
    # The line near the top says how many tables the sheet holds.
    assert sheet["A2"].value.startswith(f"{len(names)} tables")


def test_units_are_in_the_headings_and_the_values_plain_numbers(sheet):
    table = sheet.tables["NI_59_readings"]
    rows = sheet[table.ref]
    assert [c.value for c in rows[0]] == ["Period", "Value (%)", "Numerator", "Denominator", "Status",
                                          "Target (%)"]
    august = rows[-1]
    assert august[0].value == "August 2011" and august[1].value == 80.5 and august[5].value == 80
    assert "%" not in august[1].number_format and august[1].number_format == "#,##0.0"


def test_prints_at_100_percent_with_breaks_only_between_blocks(sheet):
    assert sheet.page_setup.scale == 100 and not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_area.endswith(f"$A$1:$H${sheet.max_row}")
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert breaks
    for row in breaks:
        after = sheet.cell(row + 1, 1)
        # A page starts with an indicator's title or a section's heading, never inside a block.
        assert after.style in ("Pack indicator title", "Pack indicator title long", "Pack section"), row
    for row in range(1, sheet.max_row + 1):  # every font on the printed area is 10 point or more
        for column in range(1, 9):
            cell = sheet.cell(row, column)
            if cell.value is not None:
                assert (cell.font.sz or 11) >= 10
