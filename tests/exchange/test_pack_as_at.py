"""A pack as at a date shows the plan's actions and the board's judgements as they then
stood: an action's status changed today is its old one in a pack as at yesterday, a
requirement's judgement back-dated to a day is the new one from that day only, and an
action added today is in no pack as at an earlier day. Read back with openpyxl and
python-calamine."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from boardapp.domain.terms import ActionStatus, Rag, RequirementStatus, Role
from boardapp.exchange.pack import export_pack
from boardapp.store import actions, board, edits, history, identity
from boardapp.store.connection import open_database
from boardapp.store.models import Action, Requirement
from boardapp.store.pack_data import plan_actions
from tests.exchange.workbooks import copy_database
from tests.people import person_at

TODAY = history.today()
YESTERDAY = TODAY - timedelta(days=1)
BEFORE_THE_JUDGEMENT = date(2011, 11, 10)  # requirement 1: met, in May and in November 2011
JUDGED_AGAIN = date(2011, 11, 15)
PRODUCED = datetime(2011, 12, 1, 9, 30, tzinfo=UTC)
NEW_ACTION = "Weekly audit of initial assessments out of time"


@pytest.fixture(scope="module")
def changed_demo(pristine_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, with P2.1.a (in progress, green) completed today and marked amber,
    requirement 1 (met) judged partly met from 15 November 2011, and P2.1.z added today."""
    path = copy_database(pristine_demo, tmp_path_factory.mktemp("as-at"))
    sam = person_at(path, "Sam Secretariat", Role.SECRETARIAT)
    with open_database(path) as database:
        with database.session(sam.label) as session:
            action = session.scalars(select(Action.uuid).where(Action.ref == "P2.1.a").order_by(Action.id)).first()
            edits.set_action_status(session, sam, action, ActionStatus.COMPLETE, Rag.AMBER,
                                    reason="signed off by the LSCB")
            area = next(a for a in actions.choices(session).areas if a.plan_key == "apa2008" and a.key == "P2.1")
            actions.add_action(session, sam, area.uuid, "P2.1.z", actions.ActionFields(
                title=NEW_ACTION, owner="Head of Service, Duty and Advice"))
        with database.session(sam.label) as session, history.because(
                session, "as the November 2011 update states", effective_on=JUDGED_AGAIN, source="003"):
            requirement = session.scalars(select(Requirement.uuid).where(Requirement.ref == "1")).one()
            edits.set_requirement_status(session, sam, requirement, RequirementStatus.PARTLY_MET)
    return path


@pytest.fixture(scope="module")
def packs(changed_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[date, Path]:
    folder = tmp_path_factory.mktemp("as-at-packs")
    made = {}
    with open_database(changed_demo, read_only=True) as database:
        for day in (BEFORE_THE_JUDGEMENT, YESTERDAY, TODAY):
            out = folder / f"{day}.xlsx"
            export_pack(database, out, who=identity.acting(database), as_at=day, produced=PRODUCED)
            made[day] = out
    return made


def _actions(pack: Path) -> dict[tuple[str, str], dict[str, object]]:
    """The Action plan sheet's table, by (plan key, ref) (the 2008 plan's key alone)."""
    ws = load_workbook(pack)["Action plan"]
    rows = [[c.value for c in row] for row in ws[ws.tables["ActionPlan"].ref]]
    heading, body = rows[0], rows[1:]
    lines = [dict(zip(heading, row, strict=True)) for row in body]
    return {(str(line.get("Plan", "APA2008")), str(line["Ref"])): line for line in lines}


def _judged(pack: Path, ref: str) -> str:
    rows = CalamineWorkbook.from_path(str(pack)).get_sheet_by_name("Scorecard").to_python()
    heading = rows[3]
    row = next(row for row in rows[4:] if row and row[heading.index("Ref")] == ref)
    return str(row[heading.index("Judged")])


def _requirement_says(pack: Path) -> set[str]:
    rows = CalamineWorkbook.from_path(str(pack)).get_sheet_by_name("Requirements").to_python()
    return {str(cell) for row in rows for cell in row if str(cell).startswith("Judged (")}


def test_the_action_plan_shows_each_action_as_it_stood_on_the_packs_date(packs):
    for day in (BEFORE_THE_JUDGEMENT, YESTERDAY):
        then = _actions(packs[day])
        assert (then[("APA2008", "P2.1.a")]["Status"], then[("APA2008", "P2.1.a")]["RAG"]) == ("In progress", "Green")
        assert ("APA2008", "P2.1.z") not in then  # added today: not in the plan before
    now = _actions(packs[TODAY])
    assert (now[("APA2008", "P2.1.a")]["Status"], now[("APA2008", "P2.1.a")]["RAG"]) == ("Complete", "Amber")
    assert now[("APA2008", "P2.1.z")]["Action"] == NEW_ACTION


def test_the_requirements_judgement_is_the_one_the_board_had_made_by_the_date(packs):
    assert _judged(packs[BEFORE_THE_JUDGEMENT], "1") == "Met"
    assert _judged(packs[YESTERDAY], "1") == _judged(packs[TODAY], "1") == "Partly met"
    assert "Judged (the status the secretariat records): Met." in _requirement_says(packs[BEFORE_THE_JUDGEMENT])
    assert "Judged (the status the secretariat records): Partly met." in _requirement_says(packs[TODAY])


def test_the_window_sees_what_the_pack_shows(changed_demo):
    """The rows the pack is built from (pack_data) and the window's plan (board.plans)
    agree as at each day, after the changes."""
    with open_database(changed_demo, read_only=True) as database, database.session() as session:
        for day in (None, BEFORE_THE_JUDGEMENT, YESTERDAY, TODAY):
            expected = [(plan.title, f"{area.ref} {area.title}", action) for plan in board.plans(session, as_at=day)
                        for priority in plan.priorities for area in priority.focus_areas for action in area.actions]
            assert [(row.plan, row.area, row.action) for row in plan_actions(session.connection(), day)] == expected
