"""The pack's "What changed" sheet, read back with openpyxl: on the synthetic typical
board with a history made through the store's services, the meeting's pack lists exactly
the changes since the Improvement Board before it that tests/history_changes.py works
out from the tables; a DfE or public pack, or an observer's, none about an exempt item;
a real table with one header row, no merged cells, early in the pack and in its contents."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from boardapp.domain.changes import SECTION_TITLES
from boardapp.domain.terms import Role
from boardapp.exchange.pack import Audience, export_pack
from boardapp.exchange.pack.changes_sheet import NO_EARLIER, SHEET, TITLE
from boardapp.exchange.pack.frame import HEADING_ROW, SHEETS
from boardapp.exchange.pack.styles import TITLE_STYLE
from boardapp.exchange.pack.words import EXEMPT_MARK
from boardapp.store import identity
from boardapp.store.connection import open_database
from tests.history_changes import AUGUST, OBSERVER, SEPTEMBER, expected, make_board, rag_moves
from tests.people import person_at

PRODUCED = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
COLUMNS = ["Section", "Date", "About", "Change", "From", "To", "Why", "Who"]


@pytest.fixture(scope="module")
def board(tmp_path_factory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("pack-changes") / "typical.sqlite"
    return path, make_board(path)


def export(path: Path, out: Path, *, who=None, **options) -> Path:
    with open_database(path, read_only=True) as database:
        export_pack(database, out, who=who or identity.acting(database), produced=PRODUCED, **options)
    return out


def changes_rows(pack: Path) -> list[dict[str, object]]:
    ws = load_workbook(pack)[SHEET]
    table = ws.tables["Changes"]
    rows = list(ws[table.ref])
    header = [cell.value for cell in rows[0]]
    assert header == COLUMNS and rows[0][0].row == HEADING_ROW
    return [dict(zip(header, (cell.value for cell in row), strict=True)) for row in rows[1:]]


def as_lines(rows: list[dict[str, object]]) -> Counter:
    titles = {title: section for section, title in SECTION_TITLES.items()}
    return Counter((titles[r["Section"]], r["Date"].date(), str(r["About"]).removesuffix(EXEMPT_MARK)) for r in rows)


def test_the_meetings_pack_lists_exactly_the_changes_since_the_board_before(board, tmp_path):
    path, made = board
    pack = export(path, tmp_path / "board.xlsx", meeting="2026-09")  # the board of 15 September 2026
    rows = changes_rows(pack)
    assert as_lines(rows) == expected(path, AUGUST, SEPTEMBER) + rag_moves(path, AUGUST, SEPTEMBER)
    book = load_workbook(pack)
    ws = book[SHEET]
    assert ws["A1"].value == TITLE and ws["A1"].style == TITLE_STYLE
    assert ws["A2"].value.startswith(f"Since the Improvement Board of 15 August 2026: {len(rows)} changes")
    assert "2 tables" in ws["A2"].value and ws["B3"].value.date() == SEPTEMBER
    assert not ws.merged_cells.ranges and ws.print_title_rows == f"${HEADING_ROW}:${HEADING_ROW}"
    assert ws.page_setup.orientation == "landscape"
    # Grouped by section in the fixed order, with what, from, to, why and who.
    order = list(SECTION_TITLES.values())
    positions = [order.index(r["Section"]) for r in rows]
    assert positions == sorted(positions)
    # The action the test completed (the synthetic board's own revisions complete others).
    completed = next(r for r in rows if r["Why"] == "signed off at the August board")
    assert completed["Section"] == "Actions completed"
    assert (completed["From"], completed["To"]) == ("In progress", "Complete")
    assert completed["Who"] == "Sam Secretariat (secretariat)"
    assert "Status: In progress → Complete" in completed["Change"]
    target = next(r for r in rows if r["Why"] == "agreed with DfE")
    assert (target["Section"], target["About"], target["To"]) == (
        "Targets changed", "SYN 001 target for 2026/27", "88%")
    assert any(r["About"].endswith(EXEMPT_MARK) for r in rows)  # the board's pack keeps and marks exempt items
    # The counts table says how many of each section, every section named.
    counts_table = ws.tables["ChangeCounts"]
    counted = {row[0].value: row[1].value for row in list(ws[counts_table.ref])[1:]}
    assert list(counted) == order
    assert counted == {title: sum(r["Section"] == title for r in rows) for title in order}


def test_it_comes_after_the_summary_and_the_contents_links_to_it(board, tmp_path):
    path, _made = board
    book = load_workbook(export(path, tmp_path / "board.xlsx", meeting="2026-09"))
    assert book.sheetnames == [name for name, _what in SHEETS]
    assert book.sheetnames.index(SHEET) == book.sheetnames.index("Summary") + 1
    contents = book["Contents"]
    link = next(row[0] for row in contents.iter_rows(min_row=HEADING_ROW + 1) if row[0].value == SHEET)
    assert link.hyperlink.location == f"'{SHEET}'!A1"


@pytest.mark.parametrize("who", ["secretariat", "observer"])
def test_a_dfe_or_public_pack_holds_no_exempt_item_and_a_public_one_names_nobody(board, tmp_path, who):
    path, made = board
    person = person_at(path, OBSERVER, Role.OBSERVER) if who == "observer" else None
    dfe = changes_rows(export(path, tmp_path / "dfe.xlsx", who=person, meeting="2026-09", audience=Audience.DFE))
    wanted = expected(path, AUGUST, SEPTEMBER, include_exempt=False) + rag_moves(path, AUGUST, SEPTEMBER,
                                                                                  include_exempt=False)
    assert as_lines(dfe) == wanted
    assert not any(str(r["About"]).endswith(EXEMPT_MARK) for r in dfe)
    assert "confidential staffing matter" not in {r["Why"] for r in dfe}
    public = changes_rows(export(path, tmp_path / "public.xlsx", who=person, meeting="2026-09",
                                 audience=Audience.PUBLIC))
    assert as_lines(public) == wanted
    who_made = {r["Who"] for r in public} - {None}
    assert "Secretariat" in who_made and not any("Sam Secretariat" in str(w) for w in who_made)


def test_as_at_a_date_since_the_last_board_before_it_and_with_none_before(board, tmp_path):
    path, _made = board
    rows = changes_rows(export(path, tmp_path / "date.xlsx", as_at=date(2026, 9, 30)))
    assert as_lines(rows) == expected(path, SEPTEMBER, date(2026, 9, 30)) + rag_moves(path, SEPTEMBER,
                                                                                       date(2026, 9, 30))
    first = export(path, tmp_path / "first.xlsx", as_at=date(2024, 10, 10))  # before the first board
    [row] = changes_rows(first)
    assert row["Change"] == NO_EARLIER
    ws = load_workbook(first)[SHEET]
    assert "ChangeCounts" not in ws.tables


def test_nothing_changed_says_so(board, tmp_path):
    path, _made = board
    # The board of 15 October 2024 to 16 October 2024: nothing in this board's history then.
    [row] = changes_rows(export(path, tmp_path / "quiet.xlsx", as_at=date(2024, 10, 16)))
    assert row["Change"] == "Nothing changed between 15 October 2024 and 16 October 2024."
