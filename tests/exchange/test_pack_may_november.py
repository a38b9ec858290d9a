"""The issue's test of trust: on the demo data, the pack as at 20 May 2011 (the DfE
progress review, informed by the interim update) and the pack as at 30 November 2011
(after the November 2011 update to DfE, seed 003) differ in exactly what the reports say
changed between them, actions included.

The verdicts are the reports' own, written here as the November report gives them; the
readings and inspections are taken from the bundled dataset (each names its paragraph),
read independently of the app with tomllib.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from boardapp import bundled
from boardapp.exchange.pack import export_pack
from boardapp.store import identity
from boardapp.store.connection import open_database

MAY = date(2011, 5, 20)
NOVEMBER = date(2011, 11, 30)
PRODUCED = datetime(2011, 12, 1, 9, 30, tzinfo=UTC)

# As at 20 May 2011, what the interim update had reported, as the November report
# quotes it: "As reported in May, the cumulative target ... was met" (NI 59, NI 60);
# "In May we reported that ... the gaps had narrowed" (NI 102: no verdict); progress
# reported on requirements 8, 9, 10, 11 and 14. Nothing else had been judged.
JUDGED_IN_MAY = {"1": "Met", "2": "Met", "5": "Not assessed", "8": "In progress", "9": "In progress",
                 "10": "In progress", "11": "In progress", "14": "In progress"}
# As at 30 November 2011: the November 2011 update's verdict on every requirement.
JUDGED_IN_NOVEMBER = {
    "1": "Met", "2": "Met", "3": "Not met", "4": "Not met", "5": "Not met", "6": "Partly met", "7": "Not met",
    "8": "In progress", "9": "In progress", "10": "In progress", "11": "In progress", "12": "Partly met",
    "13": "In progress", "14": "Met", "15": "Partly met", "16": "Not assessed", "17": "Met", "18": "Met",
    "19": "Met", "20": "In progress", "21": "In progress", "22": "Met", "23": "Met",
}
NOT_YET_JUDGED = "Not yet judged"


@pytest.fixture(scope="module")
def packs(pristine_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[date, Path]:
    folder = tmp_path_factory.mktemp("may-november")
    made = {}
    with open_database(pristine_demo, read_only=True) as database:
        for day in (MAY, NOVEMBER):
            made[day] = folder / f"{day}.xlsx"
            export_pack(database, made[day], who=identity.acting(database), as_at=day, produced=PRODUCED)
    return made


@pytest.fixture(scope="module")
def dataset() -> dict:
    with (bundled.top("resources") / "demo" / "leeds.toml").open("rb") as handle:
        return tomllib.load(handle)


def _table(pack: Path, sheet: str, name: str) -> list[dict[str, object]]:
    ws = load_workbook(pack)[sheet]
    rows = [[c.value for c in row] for row in ws[ws.tables[name].ref]]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _judged(pack: Path) -> dict[str, str]:
    return {str(row["Ref"]): str(row["Judged"]) for row in _table(pack, "Scorecard", "Scorecard")}


def _known_between(day: date | None, after: date | None, until: date) -> bool:
    return (day is None or day <= until) and (after is None or (day is not None and day > after))


def test_the_judgements_are_the_reports_in_may_and_in_november(packs):
    may, november = _judged(packs[MAY]), _judged(packs[NOVEMBER])
    assert may == {ref: JUDGED_IN_MAY.get(ref, NOT_YET_JUDGED) for ref in JUDGED_IN_NOVEMBER}
    assert november == JUDGED_IN_NOVEMBER
    moved = {ref for ref in november if may[ref] != november[ref]}
    # Judged for the first time in November, or (5: not assessed -> not met; 14: in
    # progress -> met, "these partnership arrangements have embedded further") judged again.
    assert moved == (set(JUDGED_IN_NOVEMBER) - set(JUDGED_IN_MAY)) | {"5", "14"}


def test_the_action_plan_is_the_same_in_both_for_no_report_states_a_change_to_an_action(packs, dataset):
    may = _table(packs[MAY], "Action plan", "ActionPlan")
    november = _table(packs[NOVEMBER], "Action plan", "ActionPlan")
    assert may == november
    # Only the 2009 plan's actions: the 2019 plan was adopted in March 2019.
    [apa2008] = [plan for plan in dataset["plans"] if plan["key"] == "apa2008"]
    refs = {action["ref"] for priority in apa2008["priorities"] for area in priority["focus_areas"]
            for action in area.get("actions", [])}
    assert {str(row["Ref"]) for row in may} == refs


def test_the_readings_are_those_the_reports_had_given_by_each_date(packs, dataset):
    def in_pack(pack: Path) -> Counter:
        return Counter((str(row["Code"]), float(row["Value"])) for row in _table(pack, "Data", "Readings")
                       if row["Value"] is not None)

    def stated(after: date | None, until: date) -> Counter:
        return Counter((r["indicator"], float(r["value"])) for r in dataset["readings"]
                       if "value" in r and _known_between(r.get("known"), after, until))

    may, november = in_pack(packs[MAY]), in_pack(packs[NOVEMBER])
    assert may == stated(None, MAY)
    assert sum(stated(MAY, NOVEMBER).values()) == 86
    assert november - may == stated(MAY, NOVEMBER)  # new between the two: the November update's figures
    assert may - november == Counter()  # none revised or withdrawn


def test_the_one_inspection_held_between_is_the_only_new_one(packs, dataset):
    def held(pack: Path) -> list[str]:
        return [str(row["Inspection"]) for row in _table(pack, "Inspections", "InspectionList")]

    may, november = held(packs[MAY]), held(packs[NOVEMBER])
    between = [i for i in dataset["inspections"] if MAY < i["date"] <= NOVEMBER]
    assert len(between) == 1 and "safeguarding" in between[0]["title"].lower()
    assert set(may) < set(november)
    [new] = set(november) - set(may)
    assert "2011" in new and "safeguarding" in new.lower()
