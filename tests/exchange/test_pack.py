"""The meeting pack of the demo data, read back by openpyxl and by python-calamine:
the right values in named cells of every sheet, exempt items by audience, the marking
on every printed page, the charts, and the same cells from the same inputs."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.exchange.pack import Audience, export_pack
from boardapp.exchange.pack.frame import SHEETS
from boardapp.store import annotations, board, identity
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.models import Action, Requirement
from boardapp.store.pack_data import notes_as_at, plan_actions
from tests.people import SETTER, person_at, sign_in_at

AS_AT = date(2011, 11, 30)
PRODUCED = datetime(2011, 12, 1, 9, 30, tzinfo=UTC)
SHEET_NAMES = [name for name, _what in SHEETS]
DEMO_READINGS = 128  # every reading in the demo dataset is known by 30 November 2011


def export(database_path: Path, out: Path, **options) -> Path:
    options.setdefault("as_at", AS_AT)
    options.setdefault("produced", PRODUCED)
    with open_database(database_path, read_only=True) as database:
        options.setdefault("who", identity.acting(database))  # the test secretariat (conftest.py)
        export_pack(database, out, **options)
    return out


@pytest.fixture(scope="module")
def demo_pack(pristine_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(pristine_demo, tmp_path_factory.mktemp("pack") / "board.xlsx")


def calamine_rows(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def row_starting(rows: list[list[object]], first: object) -> list[object]:
    return next(row for row in rows if row and row[0] == first)


def labelled(rows: list[list[object]], label: str) -> object:
    """The value beside ``label``, or under it (the cover keeps everything in column A)."""
    row = row_starting(rows, label)
    if len(row) > 1 and row[1] != "":
        return row[1]
    return rows[rows.index(row) + 1][0]


# --- what each sheet shows --------------------------------------------------------------


def test_the_sheets_in_order_with_contents_linking_to_each(demo_pack):
    book = load_workbook(demo_pack)
    assert book.sheetnames == SHEET_NAMES
    contents = book["Contents"]
    links = {cell.value: cell.hyperlink.location for row in contents.iter_rows(min_row=5) for cell in row[:1]
             if cell.hyperlink is not None}
    assert links == {name: f"'{name}'!A1" for name in SHEET_NAMES}


@pytest.mark.parametrize("reader", ["openpyxl", "calamine"])
def test_scorecard_requirement_1_is_ni_59_at_80_5_in_august_2011(demo_pack, reader):
    if reader == "openpyxl":
        book = load_workbook(demo_pack, read_only=True)
        rows = [list(r) for r in book["Scorecard"].iter_rows(values_only=True)]
        book.close()  # a read-only workbook keeps its file open until closed
    else:
        rows = calamine_rows(demo_pack, "Scorecard")
    heading = rows[3]
    assert heading == ["Ref", "Requirement", "Judged", "Data says", "Indicator", "Figure", "Target", "Unit",
                       "Gap (figure minus target)", "Period", "Direction", "Why"]
    row = dict(zip(heading, row_starting(rows, "1")))
    assert row["Indicator"] == "NI 59"
    assert row["Figure"] == 80.5 and isinstance(row["Figure"], float)
    assert row["Unit"] == "%"
    assert row["Period"] == "August 2011"
    assert row["Target"] == 80
    assert row["Gap (figure minus target)"] == pytest.approx(0.5)
    assert row["Judged"] == "Met"
    assert row["Data says"] == "Green"
    assert row["Why"].startswith(
        "Initial assessments for children's social care carried out within timescale (NI 59): 80.5% for August 2011 "
        "meets the 80% standing target set by the improvement plan")
    assert "no figure reported for June 2010 (72%)" in row["Why"]
    assert row["Direction"] == "Improving: up 2.2 percentage points on August 2010 (78.3%)"
    seven = dict(zip(heading, row_starting(rows, "7")))
    assert (seven["Indicator"], seven["Figure"], seven["Data says"]) == ("NI 117", 8.3, "Red")
    assert seven["Direction"] == "Worsening: up 0.1 percentage points on November 2009 to January 2010 (8.2%)"


def test_scorecard_rag_is_a_word_with_its_fill_and_the_sheet_prints_well(demo_pack):
    ws = load_workbook(demo_pack)["Scorecard"]
    red = next(row for row in ws.iter_rows(min_row=5) if row[0].value == "3")
    assert red[3].value == "Red" and red[3].fill.fgColor.rgb.endswith("F4B6B6")
    assert "3 schools for 2011 (provisional) is 3 schools above the target of no schools for 2011" in red[11].value
    assert (red[5].value, red[6].value, red[7].value) == (3, 0, "schools")
    assert red[5].number_format == '#,##0'  # NI 78 counts schools
    ni59 = next(row for row in ws.iter_rows(min_row=5) if row[0].value == "1")
    assert ni59[5].number_format == '#,##0.0'  # 80.5, its unit in the next column but one
    assert ni59[8].number_format == '+#,##0.0;-#,##0.0;#,##0.0'
    assert ws.freeze_panes == "C5"
    assert list(ws.tables) == ["Scorecard"] and ws.tables["Scorecard"].ref.startswith("A4:L")
    assert ws.auto_filter.ref is None  # the table has its own filter
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape"
    # Printed at full size: the columns fit A4 landscape at Excel's 5.25 points a character.
    assert ws.page_setup.scale == 100 and not ws.sheet_properties.pageSetUpPr.fitToPage
    widths = [ws.column_dimensions[letter].width for letter in "ABCDEFGHIJKL"]
    assert sum(widths) * 5.25 + 12 * 4 <= (11.69 - 1.0) * 72
    assert not ws.merged_cells.ranges


def test_cover_says_what_the_pack_is(demo_pack):
    rows = calamine_rows(demo_pack, "Cover")
    assert rows[0][0] == "Improvement Board meeting pack"
    assert rows[2][0] == "OFFICIAL-SENSITIVE"
    assert labelled(rows, "As at") == AS_AT
    assert labelled(rows, "Audience") == "Board pack"
    assert labelled(rows, "Protective marking") == "OFFICIAL-SENSITIVE"
    assert labelled(rows, "Produced") == "1 December 2011, 09:30 UTC"
    assert labelled(rows, "From the database").endswith(".sqlite")
    assert "Leeds" in labelled(rows, "Board")
    assert not any("SYNTHETIC" in str(cell) for row in rows for cell in row)


def test_every_sheet_prints_the_marking_in_its_header(demo_pack):
    book = load_workbook(demo_pack)
    for ws in book.worksheets:
        assert ws.oddHeader.center.text == "OFFICIAL-SENSITIVE", ws.title
        assert "OFFICIAL-SENSITIVE" in ws.oddFooter.center.text
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4


def test_summary_counts_and_the_reds(demo_pack):
    rows = calamine_rows(demo_pack, "Summary")
    counts = {row[1]: row[0] for row in rows if len(row) > 2 and isinstance(row[0], float)}
    assert counts["Met"] + counts["Partly met"] + counts["Not met"] + counts["In progress"] + counts[
        "Not assessed"] == 23
    heading = rows[4]
    assert heading == ["Ref", "Requirement", "Cause", "Data says", "Indicator", "Figure", "Target", "Unit",
                       "Gap (figure minus target)", "Period", "Direction"]
    reds = [dict(zip(heading, row)) for row in rows if len(row) > 3 and row[3] == "Red"]
    ambers = [row for row in rows if len(row) > 3 and row[3] == "Amber"]
    assert (counts["Red"], counts["Amber"], counts["Green"]) == (len(reds), len(ambers), 2)
    # 003: NI 78, NI 79, NEET, the National Challenge and caseloads (requirements 20, 21)
    # are missed; no band is declared anywhere, so nothing is amber. In the notice's order.
    assert [row["Ref"] for row in reds] == ["3", "4", "7", "15", "20", "21"] and not ambers
    neet = reds[2]
    assert neet["Cause"].startswith("16-18 year olds who are not in education, employment or training (NEET) (NI 117): "
                                    "8.3% for November 2010 to January 2011 is 1.5 percentage points above")
    assert (neet["Figure"], neet["Target"], neet["Unit"]) == (8.3, 6.8, "%")
    assert neet["Gap (figure minus target)"] == pytest.approx(1.5)
    assert neet["Direction"].startswith("Worsening")
    assert counts["Green"] == 2 and row_starting(rows, 2.0)[2] == "1, 2"
    ws = load_workbook(demo_pack)["Summary"]
    assert sorted(ws.tables) == ["SummaryData", "SummaryExceptions", "SummaryJudged"]
    assert not ws.merged_cells.ranges


def test_indicators_table_and_native_line_charts(demo_pack):
    rows = calamine_rows(demo_pack, "Indicators")
    start = next(i for i, row in enumerate(rows) if str(row[0]).startswith("NI 59: "))
    heading = rows[start + 2]
    assert heading[:6] == ["Period", "Value (%)", "Numerator", "Denominator", "Status", "Target (%)"]
    block = rows[start + 3: start + 6]
    assert [row[0] for row in block] == ["August 2010", "March 2010 to October 2010", "August 2011"]
    august = block[2]
    assert august[1] == 80.5 and august[5] == 80.0
    with zipfile.ZipFile(demo_pack) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        chart = archive.read(charts[0]).decode()
    book = load_workbook(demo_pack)
    with_two = sum(1 for _ in book["Indicators"]._charts)
    assert len(charts) == with_two >= 20
    # The chart reads the figures it draws from the sheet's cells: dates in J, series from K.
    assert "<lineChart>" in chart and "'Indicators'!$J$" in chart and "'Indicators'!$K$" in chart


def test_action_plan_overdue_rule_compares_with_the_as_at_cell(demo_pack):
    ws = load_workbook(demo_pack)["Action plan"]
    assert ws["B3"].value == datetime(2011, 11, 30)
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert any("<$B$3" in rule.formula[0] and 'Complete' in rule.formula[0] for rule in rules)
    heading = [c.value for c in ws[4]]
    assert heading[:10] == ["Ref", "Action", "Owner", "Due", "Status", "RAG", "Overdue", "Requirements", "Milestones",
                            "Last update"]
    rows = [[c.value for c in row] for row in ws[ws.tables["ActionPlan"].ref][1:]]
    assert len(rows) == 25  # the 2008 plan's actions; the 2019 plan was not adopted by 2011
    overdue = [row for row in rows if row[6] and row[6].startswith("Overdue")]
    assert overdue and all(row[3] < datetime(2011, 11, 30) and row[4] != "Complete" for row in overdue)


def test_inspections_grades_stay_numbers(demo_pack):
    rows = calamine_rows(demo_pack, "Inspections")
    heading = rows[3]
    stay_safe = dict(zip(heading, row_starting(rows, "Stay Safe")))
    assert stay_safe["APA Dec 2007"] == 2.0
    recommendations = rows.index(next(row for row in rows if row[0] == "Recommendation"))
    assert len([row for row in rows[recommendations + 1:] if row[0]]) >= 1


def test_data_sheet_is_one_table_of_every_reading(demo_pack):
    book = load_workbook(demo_pack)
    ws = book["Data"]
    assert list(ws.tables) == ["Readings"]
    table = ws.tables["Readings"]
    rows = calamine_rows(demo_pack, "Data")
    heading = rows[3]
    assert heading == ["Code", "Period", "Title", "Unit", "Period start", "Period end", "Value", "Numerator",
                       "Denominator", "Status", "Target", "Revisions", "Measure", "Source", "Commentary"]
    data = [dict(zip(heading, row)) for row in rows[4:] if row[0]]
    assert table.ref == f"A4:O{4 + len(data)}"
    assert len(data) == DEMO_READINGS
    august = next(row for row in data if (row["Code"], row["Period"]) == ("NI 59", "August 2011"))
    assert august["Value"] == 80.5 and august["Unit"] == "per cent" and august["Revisions"] == 0
    assert (august["Period start"], august["Period end"]) == (date(2011, 8, 1), date(2011, 8, 31))
    assert august["Target"] == 80  # the standing 80% target of the improvement plan
    assert all("%" not in ws.cell(row=r, column=7).number_format for r in range(5, 5 + len(data)))


def test_as_at_an_earlier_date_sees_less(pristine_demo, tmp_path):
    pack = export(pristine_demo, tmp_path / "may.xlsx", as_at=date(2011, 5, 20))
    data = [row for row in calamine_rows(pack, "Data")[4:] if row[0]]
    assert 0 < len(data) < DEMO_READINGS
    assert not any(row[:2] == ["NI 59", "August 2011"] for row in data)


def test_a_meeting_by_number_gives_its_as_at_date(pristine_demo, tmp_path):
    pack = export(pristine_demo, tmp_path / "meeting.xlsx", as_at=None, meeting="4")
    rows = calamine_rows(pack, "Cover")
    assert labelled(rows, "Meeting") == "Improvement Board, November 2011"
    assert labelled(rows, "As at") == date(2011, 11, 1)


# --- exempt items, by audience ------------------------------------------------------------


@pytest.fixture
def with_exempt_items(demo_db: Path) -> Path:
    """The demo with an exempt requirement, an exempt action, an exempt note and a note
    on the exempt action (made by the store's own services)."""
    member = person_at(demo_db, "Ann Member", Role.MEMBER)
    with open_database(demo_db) as database, database.session("test") as session:
        requirement = session.scalars(select(Requirement).where(Requirement.ref == "2")).one()
        requirement.exempt = True
        action = session.scalars(select(Action).order_by(Action.id)).first()
        action.exempt = True
        action_ref = action.ref
        ni59 = session.scalars(select(Requirement).where(Requirement.ref == "1")).one()
        annotations.add_note(session, member, AnnotatedKind.REQUIREMENT, ni59.uuid, AnnotationKind.CHALLENGE,
                             "Private: the named social worker's caseload", exempt=True)
        annotations.add_note(session, member, AnnotatedKind.ACTION, action.uuid, AnnotationKind.QUESTION,
                             "Who owns this now?")
        annotations.add_note(session, member, AnnotatedKind.REQUIREMENT, ni59.uuid, AnnotationKind.QUESTION,
                             "Is August's figure validated?")
    demo_db.with_suffix(".ref").write_text(action_ref)
    return demo_db


def _texts(path: Path) -> set[str]:
    book = CalamineWorkbook.from_path(str(path))
    return {str(cell) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()
            for cell in row if cell != ""}


def test_exempt_items_are_in_the_board_pack_and_marked(with_exempt_items, tmp_path):
    pack = export(with_exempt_items, tmp_path / "board.xlsx", as_at=date.today())
    texts = _texts(pack)
    assert "Private: the named social worker's caseload" in texts
    assert "Who owns this now?" in texts
    assert any(t.startswith("Core assessments within 35 working days") and t.endswith("[EXEMPT]") for t in texts)
    assert "Challenge [EXEMPT]" in texts


@pytest.mark.parametrize("audience", [Audience.DFE, Audience.PUBLIC])
def test_exempt_items_are_left_out_of_wider_packs_and_counted(with_exempt_items, tmp_path, audience):
    action_ref = with_exempt_items.with_suffix(".ref").read_text()
    pack = export(with_exempt_items, tmp_path / f"{audience}.xlsx", as_at=date.today(), audience=audience)
    texts = _texts(pack)
    assert "Private: the named social worker's caseload" not in texts
    assert "Who owns this now?" not in texts  # a note on a withheld action goes with it
    assert "Is August's figure validated?" in texts
    assert not any(t.startswith("Core assessments within 35 working days") for t in texts)
    assert not any("[EXEMPT]" in t for t in texts)
    plan = calamine_rows(pack, "Action plan")
    ref_column = plan[3].index("Ref")
    plan_refs = [row[ref_column] for row in plan[4:]]
    assert "P1.2.a" in plan_refs and action_ref not in plan_refs
    cover = calamine_rows(pack, "Cover")
    assert labelled(cover, "Exempt items") == "4 withheld as exempt (1 requirement, 1 action, 2 notes)"
    marking = "OFFICIAL" if audience is Audience.PUBLIC else "OFFICIAL-SENSITIVE"
    assert labelled(cover, "Protective marking") == marking
    for ws in load_workbook(pack).worksheets:
        assert ws.oddHeader.center.text == marking


def test_the_packs_notes_query_gives_what_list_notes_gives(with_exempt_items):
    with open_database(with_exempt_items, read_only=True) as database, database.session() as session:
        for day in (None, date.today(), date(2011, 1, 1)):
            assert notes_as_at(session.connection(), day) == annotations.list_notes(session, as_at=day)


def test_the_packs_plan_query_gives_what_board_plans_gives(with_exempt_items):
    with open_database(with_exempt_items, read_only=True) as database, database.session() as session:
        for day in (None, date(2011, 11, 30), date(2008, 1, 1)):
            expected = [(plan.title, f"{area.ref} {area.title}", action) for plan in board.plans(session, as_at=day)
                        for priority in plan.priorities for area in priority.focus_areas for action in area.actions]
            found = [(row.plan, row.area, row.action) for row in plan_actions(session.connection(), day)]
            assert found == expected


# --- the same inputs, the same cells ------------------------------------------------------


def test_two_exports_have_the_same_cells(pristine_demo, tmp_path):
    first = export(pristine_demo, tmp_path / "one.xlsx")
    second = export(pristine_demo, tmp_path / "two.xlsx")
    one, two = load_workbook(first), load_workbook(second)
    assert one.sheetnames == two.sheetnames
    for a, b in zip(one.worksheets, two.worksheets):
        cells_a = [(c.coordinate, c.value, c.data_type, c.number_format) for row in a.iter_rows() for c in row]
        cells_b = [(c.coordinate, c.value, c.data_type, c.number_format) for row in b.iter_rows() for c in row]
        assert cells_a == cells_b, a.title


# --- synthetic data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    create_database(folder / "typical.sqlite", synthetic_size="typical")
    sign_in_at(folder / "typical.sqlite", SETTER, Role.SECRETARIAT)
    return export(folder / "typical.sqlite", folder / "typical.xlsx", as_at=date(2026, 9, 30))


def test_a_synthetic_pack_says_synthetic_everywhere(synthetic_pack):
    cover = calamine_rows(synthetic_pack, "Cover")
    assert sum(row[0] == "SYNTHETIC DATA" for row in cover) == 2
    assert labelled(cover, "Data").startswith("SYNTHETIC (typical)")
    book = load_workbook(synthetic_pack)
    assert book["Cover"]["A4"].font.sz == 40
    for ws in book.worksheets:
        assert "SYNTHETIC" in ws.oddHeader.center.text, ws.title
        assert "SYNTHETIC" in ws["A2"].value or ws.title == "Cover", ws.title
