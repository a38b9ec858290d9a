"""The pack against the accessibility checklist that can be checked from the file
(/work/shared/ACCESSIBLE-PACKS.md), read back by openpyxl and python-calamine, and as
LibreOffice prints it: no merged cells, each table a defined table with one header row
of unique names, the title in A1, the document's language and title, members named
only where the audience allows, and body text at least 10 point on A4."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.exchange.pack import Audience, export_pack
from boardapp.exchange.pack.audience import ROLE_WORDS
from boardapp.exchange.pack.frame import SHEETS
from boardapp.exchange.pack.styles import TITLE_STYLE
from boardapp.store import annotations, board, identity
from boardapp.store.connection import open_database
from boardapp.store.models import Action, Annotation, Member, Requirement
from tests.exchange import printed
from tests.people import person_at

PRODUCED = datetime(2011, 12, 1, 9, 30, tzinfo=UTC)
MEETING = "November 2011 consolidated update to DfE"
MY_SHEETS = ("Cover", "Contents", "Action plan", "Challenge log", "Inspections", "Data")


def export(database_path: Path, out: Path, **options) -> Path:
    options.setdefault("produced", PRODUCED)
    with open_database(database_path, read_only=True) as database:
        options.setdefault("who", identity.acting(database))  # the test secretariat (conftest.py)
        export_pack(database, out, **options)
    return out


def meeting_id(database_path: Path) -> str:
    with open_database(database_path, read_only=True) as database, database.session() as session:
        return str(next(m.uuid for m in board.meetings(session) if m.title.startswith(MEETING)))


@pytest.fixture(scope="module")
def dfe_pack(pristine_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("access") / "dfe.xlsx"
    return export(pristine_demo, out, meeting=meeting_id(pristine_demo), audience=Audience.DFE)


def calamine_sheets(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def all_texts(path: Path) -> set[str]:
    """Every cell's text, as calamine and as openpyxl read it."""
    texts = {str(cell) for rows in calamine_sheets(path).values() for row in rows for cell in row if cell != ""}
    for ws in load_workbook(path).worksheets:
        texts |= {str(cell) for row in ws.iter_rows(values_only=True) for cell in row if cell is not None}
    return texts


# --- the workbook's structure --------------------------------------------------------


def test_no_sheet_has_a_merged_cell(dfe_pack):
    merged = {ws.title: len(ws.merged_cells.ranges) for ws in load_workbook(dfe_pack).worksheets}
    assert merged == dict.fromkeys(merged, 0)


def test_every_table_has_one_header_row_of_unique_names(dfe_pack):
    book = load_workbook(dfe_pack)
    sheets = calamine_sheets(dfe_pack)
    names = []
    for ws in book.worksheets:
        for table in ws.tables.values():
            names.append(table.displayName)
            assert " " not in table.displayName and not re.fullmatch(r"Table\d+", table.displayName)
            first = ws[table.ref][0]
            header = [cell.value for cell in first]
            assert all(isinstance(h, str) and h.strip() for h in header), (ws.title, table.displayName, header)
            assert len(set(header)) == len(header), (ws.title, table.displayName, header)
            # calamine reads the same header from the sheet itself
            row = first[0].row - 1
            column = first[0].column - 1
            assert sheets[ws.title][row][column:column + len(header)] == header
    assert len(names) == len(set(names))
    for sheet in MY_SHEETS[1:]:
        assert book[sheet].tables, f"{sheet} has no defined table"


def test_no_blank_row_inside_a_table(dfe_pack):
    for ws in load_workbook(dfe_pack).worksheets:
        for table in ws.tables.values():
            rows = list(ws[table.ref])[1:]
            blank = [r[0].row for r in rows if all(c.value is None for c in r)]
            # an empty table keeps one empty row below its heading (Excel needs one)
            assert not blank or len(rows) == 1, (ws.title, table.displayName, blank)


def test_a1_of_every_sheet_is_its_title_as_a_heading(dfe_pack):
    book = load_workbook(dfe_pack)
    sheets = calamine_sheets(dfe_pack)
    for ws in book.worksheets:
        title = ws["A1"].value
        assert isinstance(title, str) and title, ws.title
        assert ws["A1"].style == TITLE_STYLE, ws.title
        assert sheets[ws.title][0][0] == title
        assert isinstance(ws["A2"].value, str) and ws["A2"].value, f"{ws.title}: no line in A2 saying what it holds"
    assert [ws.title for ws in book.worksheets] == [name for name, _what in SHEETS]


def test_sheets_with_several_tables_say_how_many(dfe_pack):
    for ws in load_workbook(dfe_pack).worksheets:
        count = len(ws.tables)
        if count > 1:
            assert f"{count} tables" in ws["A2"].value, ws.title


def test_the_document_language_and_title_are_set(dfe_pack):
    with zipfile.ZipFile(dfe_pack) as archive:
        core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.findtext(f"{dc}language") == "en-GB"
    assert MEETING in core.findtext(f"{dc}title")


def test_the_action_plan_ties_actions_to_the_notice(dfe_pack):
    ws = load_workbook(dfe_pack)["Action plan"]
    rows = [[c.value for c in row] for row in ws[ws.tables["ActionPlan"].ref]]
    heading, actions = rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]
    assert "Requirements" in heading
    linked = [a for a in actions if a["Requirements"]]
    assert linked, "no action is tied to a requirement"
    refs = [a["Ref"] for a in actions]
    assert len(refs) == len(set(refs))
    # overdue and not complete cannot be green: said in words, and without the green fill
    for action in actions:
        if action["RAG"] == "Green" and action["Overdue"]:
            assert "does not stand" in action["Overdue"]


def test_refs_are_unique_when_two_plans_are_shown(pristine_demo, tmp_path):
    pack = export(pristine_demo, tmp_path / "2020.xlsx", as_at=date(2020, 3, 31))
    ws = load_workbook(pack)["Action plan"]
    rows = [[c.value for c in row] for row in ws[ws.tables["ActionPlan"].ref]]
    assert rows[0][:2] == ["Plan", "Ref"]
    cited = [(row[0], row[1]) for row in rows[1:]]
    assert len(cited) == len(set(cited)) and len({plan for plan, _ref in cited}) == 2


# --- who is named --------------------------------------------------------------------


@pytest.fixture
def with_notes(demo_db: Path) -> Path:
    """The demo with notes by two members, one answered by the chair (by the store's services)."""
    ruth = person_at(demo_db, "Ruth Example", Role.MEMBER)
    sam = person_at(demo_db, "Sam Secretary", Role.SECRETARIAT)
    with open_database(demo_db, read_only=True) as database, database.session() as session:
        chair_name = session.scalars(select(Member.name).where(Member.role == Role.CHAIR)).first()
    chair = person_at(demo_db, chair_name, Role.CHAIR)
    with open_database(demo_db) as database, database.session("test") as session:
        requirement = session.scalars(select(Requirement).where(Requirement.ref == "1")).one()
        action = session.scalars(select(Action).order_by(Action.id)).first()
        note = annotations.add_note(session, ruth, AnnotatedKind.REQUIREMENT,
                                    requirement.uuid, AnnotationKind.CHALLENGE, "Is the 80% target still right?")
        annotations.add_note(session, sam, AnnotatedKind.ACTION, action.uuid,
                             AnnotationKind.COMMENT, "Owner confirmed")
        annotations.answer_note(session, chair, note.uuid, "Yes, for 2011/12")
    return demo_db


def member_names(database_path: Path) -> set[str]:
    """Every member's name, and every name a note carries (author or answerer)."""
    with open_database(database_path, read_only=True) as database, database.session() as session:
        names = set(session.scalars(select(Member.name)))
        names |= set(session.scalars(select(Annotation.author_name)))
        names |= {n for n in session.scalars(select(Annotation.answered_by)) if n}
    return names


def _mentions(texts: set[str], names: set[str]) -> set[str]:
    return {name for name in names if any(name in text for text in texts)}


def test_the_public_pack_names_no_member(with_notes, tmp_path):
    names = member_names(with_notes)
    assert len(names) >= 3
    pack = export(with_notes, tmp_path / "public.xlsx", as_at=date.today(), audience=Audience.PUBLIC)
    texts = all_texts(pack)
    assert not _mentions(texts, names)
    log = calamine_sheets(pack)["Challenge log"]
    header = log[3]
    rows = [dict(zip(header, row)) for row in log[4:] if row[0] != ""]
    assert {row["Author"] for row in rows} == {ROLE_WORDS[Role.MEMBER], ROLE_WORDS[Role.SECRETARIAT]}
    assert {row["Answered by"] for row in rows} == {ROLE_WORDS[Role.CHAIR], ""}


@pytest.mark.parametrize("audience", [Audience.DFE, Audience.BOARD])
def test_dfe_and_board_packs_name_members(with_notes, tmp_path, audience):
    pack = export(with_notes, tmp_path / f"{audience}.xlsx", as_at=date.today(), audience=audience)
    texts = all_texts(pack)
    with open_database(with_notes, read_only=True) as database, database.session() as session:
        writers = set(session.scalars(select(Annotation.author_name))) | {
            n for n in session.scalars(select(Annotation.answered_by)) if n}
    assert _mentions(texts, writers) == writers


def test_the_board_can_decide_to_name_members_in_a_public_pack(with_notes, tmp_path):
    pack = export(with_notes, tmp_path / "public-named.xlsx", as_at=date.today(), audience=Audience.PUBLIC,
                  name_members=True)
    assert "Ruth Example" in all_texts(pack)


# --- as LibreOffice prints it ----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(printed.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_the_dfe_pack_prints_readably_on_a4(dfe_pack, tmp_path):
    pages = printed.pages(printed.render(dfe_pack, tmp_path))
    book = load_workbook(dfe_pack)
    by_sheet = printed.pages_by_sheet(pages)
    assert set(by_sheet) == set(book.sheetnames), by_sheet
    # Every sheet prints at least one page; none more than one page a row written,
    # twice that for the data sheet (it prints two pages wide).
    for ws in book.worksheets:
        wide = 2 if ws.title == "Data" else 1
        assert 1 <= by_sheet[ws.title] <= wide * ws.max_row, (ws.title, by_sheet[ws.title])
    assert not [page.number for page in pages if page.blank]
    smallest = printed.smallest_by_sheet(pages)
    for sheet in MY_SHEETS:
        assert smallest[sheet] >= 10.0 - 0.05, (sheet, smallest[sheet])
    # The covering report and the exceptions (test_pack_report's sheets), and the
    # requirement sections, print at full size too: measured on the same render.
    for sheet in ("Report", "Summary", "What changed", "Scorecard", "Requirements"):
        assert smallest[sheet] >= 9.9, (sheet, smallest[sheet])
