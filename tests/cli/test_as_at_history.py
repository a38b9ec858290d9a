"""``boardapp status`` and ``boardapp export-pack`` as at a date follow the history of
the board's judgements and the plan's actions: a requirement judged again from a day
reads as before until that day, and an action changed today keeps its old status in a
pack as at an earlier one."""

from __future__ import annotations

import json
from datetime import date

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from boardapp.domain.terms import ActionStatus, Rag, RequirementStatus, Role
from boardapp.store import edits, history
from boardapp.store.connection import open_database
from boardapp.store.models import Action, Requirement
from tests.cli.running import run
from tests.exchange.workbooks import demo_database
from tests.people import SETTER, person_at, sign_in_at


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The demo, the command line acting as its test secretariat, with requirement 1
    (met) judged partly met from 15 November 2011 and P2.1.a (in progress) completed today."""
    path = demo_database(tmp_path_factory.mktemp("as-at-history"))
    sign_in_at(path, SETTER, Role.SECRETARIAT)
    sam = person_at(path, "Sam Secretariat", Role.SECRETARIAT)
    with open_database(path) as database:
        with database.session(sam.label) as session, history.because(
                session, "as the November 2011 update states", effective_on=date(2011, 11, 15)):
            requirement = session.scalars(select(Requirement.uuid).where(Requirement.ref == "1")).one()
            edits.set_requirement_status(session, sam, requirement, RequirementStatus.PARTLY_MET)
        with database.session(sam.label) as session:
            action = session.scalars(select(Action.uuid).where(Action.ref == "P2.1.a").order_by(Action.id)).first()
            edits.set_action_status(session, sam, action, ActionStatus.COMPLETE, Rag.GREEN, reason="signed off")
    return path


def _judged(capsys, db, day: str) -> str:
    code, out, err = run(capsys, "status", "--as-at", day, "--json", "--db", db)
    assert (code, err) == (0, "")
    return next(item["judged"] for item in json.loads(out) if item.get("ref") == "1")


def test_status_gives_the_judgement_the_board_had_made_by_the_date(capsys, db):
    assert _judged(capsys, db, "2011-11-14") == "Met"
    assert _judged(capsys, db, "2011-11-15") == "Partly met"
    assert _judged(capsys, db, "2011-05-19") == ""  # before the requirement was known: not judged


def test_export_pack_as_at_a_past_date_shows_the_actions_status_then(capsys, db, tmp_path):
    out = tmp_path / "pack.xlsx"
    code, _out, err = run(capsys, "export-pack", "--out", out, "--as-at", "2011-11", "--db", db)
    assert (code, err) == (0, "")
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Action plan").to_python()
    heading = rows[3]
    line = next(row for row in rows[4:] if row[heading.index("Ref")] == "P2.1.a")
    assert line[heading.index("Status")] == "In progress"
    scorecard = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Scorecard").to_python()
    one = next(row for row in scorecard[4:] if row[0] == "1")
    assert one[scorecard[3].index("Judged")] == "Partly met"
