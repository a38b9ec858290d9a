"""The pack's Requirements sheet: one section per notice requirement, in the notice's
order, holding the notice's wording and the evidence whole, the figures against every
target, the comparators, and the actions tied to it; read back with openpyxl and
python-calamine from a pack of the demo data as at the November 2011 update to DfE."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from boardapp.domain.terms import ActionStatus, Role
from boardapp.exchange.pack import Audience, export_pack
from boardapp.exchange.pack.frame import SHEETS
from boardapp.exchange.pack.requirement_sections import PARAGRAPH_CHARACTERS, split_evidence
from boardapp.exchange.pack.requirements_sheet import NO_ACTIONS, PAGE_POINTS, WIDTHS, wrapped_lines
from boardapp.store import actions, board, history, identity
from boardapp.store.connection import open_database
from boardapp.store.models import Action, Requirement
from boardapp.store.pack_data import plan_actions
from tests.people import person_at

PRODUCED = datetime(2011, 12, 1, 9, 30, tzinfo=UTC)
DFE_MEETING = "November 2011 consolidated update to DfE"
SHEET = "Requirements"
HEADING = re.compile(r"^Requirement (\S+): ")


def _meeting(path: Path) -> str:
    with open_database(path, read_only=True) as database, database.session() as session:
        return str(next(m.uuid for m in board.meetings(session) if m.title.startswith(DFE_MEETING)))


def export(path: Path, out: Path, audience: Audience = Audience.DFE) -> Path:
    meeting = _meeting(path)
    with open_database(path, read_only=True) as database:
        export_pack(database, out, who=identity.acting(database), meeting=meeting, audience=audience,
                    produced=PRODUCED)
    return out


def requirements(path: Path) -> list[tuple[str, str, str]]:
    """(ref, wording, evidence) of every requirement, in the notice's order, as stored."""
    with open_database(path, read_only=True) as database, database.session() as session:
        rows = session.execute(select(Requirement.ref, Requirement.text, Requirement.evidence)
                               .order_by(Requirement.position)).all()
    return [(ref, text, evidence) for ref, text, evidence in rows]


def sheet_rows(pack: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(pack)).get_sheet_by_name(SHEET).to_python()


def sections(rows: list[list[object]]) -> dict[str, list[list[object]]]:
    """The sheet's rows by requirement ref, each section from its heading to the next."""
    found: dict[str, list[list[object]]] = {}
    current = None
    for row in rows:
        match = HEADING.match(str(row[0])) if row and row[0] else None
        if match:
            current = match.group(1)
            found[current] = []
        if current is not None:
            found[current].append(row)
    return found


def block(section: list[list[object]], caption: str) -> list[list[object]]:
    """The rows after a caption (its first cell), up to the next caption or table."""
    captions = {"Progress", "The figures in words", "Next steps and actions", "Next steps",
                "Actions tied to this requirement", "Every target, and how it stands"}
    start = next(i for i, row in enumerate(section) if str(row[0]).startswith(caption)) + 1
    rows = []
    for row in section[start:]:
        if any(str(row[0]).startswith(c) for c in captions):
            break
        rows.append(row)
    return rows


def squashed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def dfe_pack(pristine_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(pristine_demo, tmp_path_factory.mktemp("requirements") / "dfe.xlsx")


# --- the evidence in rows, word for word ---------------------------------------------------


def test_evidence_rows_hold_the_whole_text_and_none_is_too_long_to_print():
    sentence = "The screening team continues to apply the thresholds agreed with partners. "
    long_paragraph = sentence * 40  # about 3,000 characters in one paragraph
    run_on = "word " * 400  # one sentence longer than a row holds
    text = f"First paragraph.\n\n{long_paragraph}\n- a bullet\n\n{run_on}"
    rows = split_evidence(text)
    assert squashed(" ".join(rows)) == squashed(text)
    assert all(len(row) <= PARAGRAPH_CHARACTERS for row in rows)
    assert rows[0] == "First paragraph." and "- a bullet" in rows
    assert all(row.endswith(".") for row in rows[1:rows.index("- a bullet")])  # split at sentences
    assert split_evidence("") == ()


def test_wrapped_lines_counts_words_that_do_not_fit():
    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("one two three", 13) == 1
    assert wrapped_lines("one two three", 12) == 2
    assert wrapped_lines("a\nb", 10) == 2
    assert wrapped_lines("x" * 25, 10) == 3


# --- the sections -----------------------------------------------------------------------------


def test_the_sheet_comes_after_the_scorecard_and_says_what_it_holds(dfe_pack):
    names = [name for name, _what in SHEETS]
    assert names.index(SHEET) == names.index("Scorecard") + 1 == names.index("Indicators") - 1
    book = load_workbook(dfe_pack)
    assert book.sheetnames[names.index(SHEET)] == SHEET
    ws = book[SHEET]
    assert ws["A1"].value == "Requirements: each requirement of the notice in its own words"
    assert ws["A2"].value.startswith("This sheet holds 23 sections, one for each requirement of the notice in the "
                                     "notice's order, and ")
    assert f"and {len(ws.tables)} tables:" in ws["A2"].value
    assert "DfE pack" in ws["A2"].value and ws["C2"].value is None  # the meeting line, within the page


def test_one_section_per_requirement_in_the_notices_order_with_its_words_and_evidence_whole(dfe_pack, pristine_demo):
    found = sections(sheet_rows(dfe_pack))
    stored = requirements(pristine_demo)
    assert list(found) == [ref for ref, _text, _evidence in stored]
    for ref, wording, evidence in stored:
        section = found[ref]
        assert section[1][0] == wording.strip(), ref  # the notice's words, whole, under the heading
        progress = [row[0] for row in block(section, "Progress")]
        assert squashed(" ".join(progress)) == squashed(evidence), ref
        assert not any("full evidence is in Board App" in str(row[0]) for row in section)
    neet = found["7"]
    assert len(found["7"][1][0]) > 100 and sum(len(str(r[0])) for r in block(neet, "Progress")) > 3_600


def test_where_it_stands_in_words(dfe_pack):
    one = sections(sheet_rows(dfe_pack))["1"]
    assert one[0][0] == "Requirement 1: Initial assessments within timescale (NI 59)"
    assert one[2][0] == "Judged (the status the secretariat records): Met."
    assert one[3][0].startswith("What the data says: Green: Initial assessments for children's social care carried out "
                                "within timescale (NI 59): 80.5% for August 2011 meets the 80% standing target")
    assert "no figure reported for June 2010 (72%), October 2010 (80%)" in one[3][0]


def test_ni_59_figures_and_every_target_staged_and_standing(dfe_pack):
    book = load_workbook(dfe_pack)
    ws = book[SHEET]
    table = ws.tables["Req1Indicators"]
    rows = [[c.value for c in row] for row in ws[table.ref]]
    assert rows[0] == ["Indicator", "Latest", "Period", "Data says", "Target now", "Variance"]
    ni59 = rows[1]
    assert ni59[0].startswith("NI 59: Initial assessments")
    assert (ni59[1], ni59[2], ni59[3], ni59[4]) == (80.5, "August 2011", "Green", 80)
    assert ni59[5] == pytest.approx(0.5)
    assert rows[2][0].startswith("NI59-VOL") and rows[2][3] == "No target"
    targets = ws.tables["Req1Targets"]
    listed = {row[0].value: [c.value for c in row[1:]] for row in ws[targets.ref][1:]}
    assert listed["NI 59: 72% for June 2010, set by the Improvement Notice"] == [72, None, "No figure", None, None]
    assert listed["NI 59: 80% for October 2010, set by the Improvement Notice"][2] == "No figure"
    assert "NI 59: 80% for October 2010 to March 2011 (cumulative), set by the Improvement Notice" in listed
    cumulative = listed["NI 59: 80% for March 2010 to October 2010 (cumulative), set by the improvement plan"]
    assert cumulative[:4] == [80, "March 2010 to October 2010", "Met", 80.1]
    standing = listed["NI 59: 80% standing since March 2010, set by the improvement plan (the target that matters now)"]
    assert standing[:4] == [80, "August 2011", "Met", 80.5]
    cells = ws[targets.ref]
    assert cells[1][1].number_format == cells[1][4].number_format == ws[table.ref][1][1].number_format


def test_last_year_volume_and_comparators_where_the_data_holds_them(dfe_pack):
    ws = load_workbook(dfe_pack)[SHEET]
    one = {row[0].value.split(":")[0]: [c.value for c in row[1:]] for row in ws[ws.tables["Req1Comparisons"].ref][1:]}
    assert one == {"NI 59": [78.3, "Up", None, None]}
    neet = ws[ws.tables["Req7Comparisons"].ref]
    assert [c.value for c in neet[0]] == ["Indicator", "Same period last year", "On last year", "National",
                                          "Statistical neighbours"]
    by_code = {row[0].value.split(":")[0]: [c.value for c in row[1:]] for row in neet[1:]}
    assert by_code["NEETNK"][2:] == [10.4, 9.3]
    assert by_code["INLEARN"][2:] == [76.4, None]
    assert by_code["NI 117"][:2] == [8.2, "In line"]  # 8.3% against 8.2%, as 003 says
    found = sections(sheet_rows(dfe_pack))
    words = [str(row[0]) for row in block(found["1"], "The figures in words")]
    assert any(w.startswith("NI 59: August 2011: 80.5% of initial assessments within timescale") and
               "Volume: a 42% increase in initial assessments on August 2010 (NI59-VOL)." in w for w in words)
    black = [str(row[0]) for row in block(found["6"], "The figures in words") if str(row[0]).startswith("NI108-BLACK")]
    assert "Comparators for 2009/10 academic year: national 4.0 percentage points; NI108-BLACK then: 10.0 " \
           "percentage points (change over one year)." in black[0]


# --- actions and exempt items ---------------------------------------------------------------


def _action_uuid(path: Path, ref: str, plan_starts: str = "Response to the 2008"):
    with open_database(path, read_only=True) as database, database.session() as session:
        return next(row.action.uuid for row in plan_actions(session.connection())
                    if row.action.ref == ref and row.plan.startswith(plan_starts))


def _before_the_pack(session):
    """Changes that count from June 2011, so the pack as at November 2011 shows them (a
    change made today would not be there: the pack shows each item as it then stood)."""
    return history.because(session, "as the plan stood in June 2011", effective_on=date(2011, 6, 1))


def _link(path: Path, ref: str, requirement_refs: tuple[str, ...], **changes) -> str:
    """Tie a demo action to requirements (and change it) with the store's own function;
    returns its title."""
    key = _action_uuid(path, ref)
    sam = person_at(path, "Sam Secretariat", Role.SECRETARIAT)
    with open_database(path) as database, database.session(sam.label) as session, _before_the_pack(session):
        wanted = {r.ref: r.uuid for r in session.scalars(select(Requirement))}
        fields = actions.fields_of(session, key)
        fields = replace(fields, requirements=tuple(wanted[r] for r in requirement_refs), **changes)
        actions.update_action(session, sam, key, fields)
        return fields.title


def _mark_exempt(path: Path, requirement_ref: str | None = None, action_ref: str | None = None) -> None:
    with open_database(path) as database, database.session("Sam Secretariat") as session, _before_the_pack(session):
        if requirement_ref is not None:
            session.scalars(select(Requirement).where(Requirement.ref == requirement_ref)).one().exempt = True
        if action_ref is not None:
            key = _action_uuid(path, action_ref)
            session.scalars(select(Action).where(Action.uuid == key)).one().exempt = True


@pytest.fixture(scope="module")
def linked_demo(pristine_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the demo with three actions tied to requirement 1 (one complete, one
    exempt and also tied to requirement 7), and requirement 7 exempt."""
    folder = tmp_path_factory.mktemp("linked")
    path = folder / "linked.sqlite"
    path.write_bytes(pristine_demo.read_bytes())
    titles = {
        "open": _link(path, "P2.1.a", ("1",), owner="Head of Service, Duty and Advice", due_on=date(2011, 12, 31)),
        "done": _link(path, "P1.2.a", ("1",), owner="Service Delivery Manager", due_on=date(2011, 6, 30),
                      status=ActionStatus.COMPLETE),
        "exempt": _link(path, "P1.3.a", ("1", "7"), owner="Chief Officer", due_on=date(2012, 3, 31)),
    }
    _mark_exempt(path, requirement_ref="7", action_ref="P1.3.a")
    return path, titles


def test_next_steps_and_the_actions_tied_with_owner_due_date_and_status(linked_demo, tmp_path):
    path, titles = linked_demo
    pack = export(path, tmp_path / "board.xlsx", Audience.BOARD)
    ws = load_workbook(pack)[SHEET]
    tied = [[c.value for c in row] for row in ws[ws.tables["Req1Actions"].ref]]
    assert tied[0] == ["Action", "Ref", "Owner", "Due", "Status", "RAG"]
    by_ref = {row[1]: row for row in tied[1:]}
    assert by_ref["P2.1.a"][2:5] == ["Head of Service, Duty and Advice", datetime(2011, 12, 31), "In progress"]
    assert by_ref["P1.2.a"][2:5] == ["Service Delivery Manager", datetime(2011, 6, 30), "Complete"]
    assert by_ref["P1.3.a"][0] == titles["exempt"] + " [EXEMPT]"
    steps = [[c.value for c in row] for row in ws[ws.tables["Req1NextSteps"].ref]]
    assert steps[0] == ["Next step", "Action", "Owner", "By", "Status"]
    step = {row[1]: row for row in steps[1:]}
    assert "P1.2.a" not in step  # complete: not a next step
    # P2.1.a's milestones (both open): the sooner is next.
    assert step["P2.1.a"] == [f"Action plan complete (the next milestone of: {titles['open']})", "P2.1.a",
                              "Head of Service, Duty and Advice", datetime(2009, 1, 31), "In progress"]
    found = sections(sheet_rows(pack))
    assert found["7"][0][0].endswith(" [EXEMPT]")  # a board pack carries it, marked
    assert NO_ACTIONS in [row[0] for row in found["2"]]
    assert NO_ACTIONS not in [row[0] for row in found["1"]]


def test_a_dfe_pack_has_nothing_exempt(linked_demo, tmp_path):
    path, titles = linked_demo
    pack = export(path, tmp_path / "dfe.xlsx", Audience.DFE)
    found = sections(sheet_rows(pack))
    seven_wording, seven_evidence = next((text, evidence) for ref, text, evidence in requirements(path) if ref == "7")
    assert "7" not in found and len(found) == 22
    cells = [str(cell) for row in sheet_rows(pack) for cell in row if cell not in ("", None)]
    assert not any("EXEMPT" in cell for cell in cells)
    assert not any(titles["exempt"] in cell for cell in cells)
    assert seven_wording not in cells and not any(seven_evidence.split("\n")[0] in cell for cell in cells)
    assert not any(name.startswith("Req7") for name in load_workbook(pack)[SHEET].tables)
    ws = load_workbook(pack)[SHEET]
    assert {row[1].value for row in ws[ws.tables["Req1Actions"].ref][1:]} == {"P2.1.a", "P1.2.a"}
    assert "1 exempt requirement(s) are withheld from this pack" in ws["A2"].value


# --- accessible and print-ready -------------------------------------------------------------


def test_tables_defined_no_merged_cells_no_blank_rows_and_it_prints_at_full_size(dfe_pack):
    ws = load_workbook(dfe_pack)[SHEET]
    assert not ws.merged_cells.ranges
    names = list(ws.tables)
    assert len(names) == len(set(names)) and "Req3Indicators" in names and "Req7Targets" in names
    for table in ws.tables.values():
        name = table.displayName
        header = [c.value for c in ws[table.ref][0]]
        assert header == [column.name for column in table.tableColumns], name
        assert all(isinstance(h, str) and h for h in header) and len(set(header)) == len(header), name
        assert ws[table.ref][0][0].style == "Pack heading"
        assert len(ws[table.ref]) >= 2  # a header and at least one row
    rows = sheet_rows(dfe_pack)
    assert all(any(cell not in ("", None) for cell in row) for row in rows)  # no blank row for layout
    assert len(rows) == ws.max_row
    assert (ws.sheet_format.defaultRowHeight, ws.sheet_format.customHeight) == (15, True)
    long_text = [r for r in range(3, ws.max_row + 1) if len(str(ws.cell(r, 1).value or "")) > 3 * WIDTHS[0]]
    assert long_text and all(ws.row_dimensions[r].height > 30 for r in long_text)  # sized: wrapped text shows whole
    assert (ws.page_setup.orientation, ws.page_setup.scale) == ("landscape", 100)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area == f"'{SHEET}'!$A$1:$F${ws.max_row}"
    width_points = sum((w * 7 + 5) * 0.75 for w in WIDTHS)
    assert width_points <= 842 - 2 * 0.45 * 72  # A4 landscape: 100% fits the width
    assert 10 < len(ws.row_breaks.brk) < 40
    assert all((ws.row_dimensions[r].height or 15) <= PAGE_POINTS for r in range(3, ws.max_row + 1))
    body = [ws.cell(r, 1).font.sz for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value]
    assert min(body) >= 10
