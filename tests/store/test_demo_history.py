"""The demo's history, from the reports: as at the DfE progress review of 20 May 2011 and
as at 30 November 2011 (after the November 2011 update, seed 003) the requirements stand
as the reports state them, and differ in exactly what 003 says changed since May.

| requirement | May 2011 (003: "reported in May") | November 2011 |
|---|---|---|
| 1 NI 59, 2 NI 60 | met: "was met with a performance of 80.1%" / "90.1%" | met |
| 5 NI 102 | not assessed: reported ("the gaps had narrowed"), no verdict | not met |
| 8 ICPC | in progress: "The improvement trend ... being reported in May" | in progress |
| 9 thresholds | in progress: "considerable progress in this area" | in progress |
| 10 records | in progress: "funding had been agreed for a replacement for the ESCR" | in progress |
| 11 quality assurance | in progress: the inspection "validated the changes" | in progress |
| 14 partnerships | in progress: "strong new partnership arrangements had been developed" | met |
| the other 16 | nothing reported for May: not judged | as 003 judges them |

No action, milestone, plan, recommendation or target of the demo changes between the two
days: 003 states nothing of the 2009 APA plan's actions, and the 2019 plan comes later.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from boardapp.domain.terms import RevisionKind, TrackedKind
from boardapp.store import history
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.models import Requirement, Revision
from boardapp.store.overview import build_overview

MAY = date(2011, 5, 20)
NOVEMBER = date(2011, 11, 30)
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
REPORT_003 = re.sub(r"\s+", " ", (SEEDS / "003_4a18b8f42906d39d.txt").read_text(encoding="utf-8"))

MET, PARTLY, NOT_MET, IN_PROGRESS, NOT_ASSESSED = "met", "partly_met", "not_met", "in_progress", "not_assessed"
JUDGED_IN_MAY = {"1": MET, "2": MET, "5": NOT_ASSESSED, "8": IN_PROGRESS, "9": IN_PROGRESS, "10": IN_PROGRESS, "11": IN_PROGRESS,
                 "14": IN_PROGRESS}
JUDGED_IN_NOVEMBER = {
    "1": MET, "2": MET, "3": NOT_MET, "4": NOT_MET, "5": NOT_MET, "6": PARTLY, "7": NOT_MET, "8": IN_PROGRESS,
    "9": IN_PROGRESS, "10": IN_PROGRESS, "11": IN_PROGRESS, "12": PARTLY, "13": IN_PROGRESS, "14": MET, "15": PARTLY,
    "16": NOT_ASSESSED, "17": MET, "18": MET, "19": MET, "20": IN_PROGRESS, "21": IN_PROGRESS, "22": MET, "23": MET,
}
# Requirements whose words the November update replaced: those 003 says were reported on in May.
REPORTED_IN_MAY = set(JUDGED_IN_MAY)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo-history") / "demo.sqlite"
    create_database(path)
    with open_database(path, read_only=True) as db:
        yield db


def _requirements(db, day):
    """Every requirement as at ``day``: (judged or None, evidence), by ref; judged as
    the overview judges (not before ``known_on``), from the requirement's history."""
    with db.session() as session:
        known = {r.uuid: (r.ref, r.known_on) for r in session.scalars(select(Requirement))}
        rows = history.rows_as_at(session.connection(), TrackedKind.REQUIREMENT, day)
    return {ref: (rows[item]["status"] if on <= day else None, rows[item]["evidence"])
            for item, (ref, on) in known.items()}


def test_as_at_the_may_review_only_what_may_reported_is_judged(demo):
    may = _requirements(demo, MAY)
    assert {ref: judged for ref, (judged, _) in may.items() if judged is not None} == JUDGED_IN_MAY
    assert may["1"][1].startswith("As reported in May, the cumulative target from March 2010 to October 2010 of 80%")
    assert "80.5%" not in may["1"][1]  # August 2011's figure came later
    assert may["5"][1].startswith("In May we reported that improvements in attainment in 2010")
    assert "embedded further" not in may["14"][1]


def test_as_at_30_november_every_requirement_is_judged_as_003_judges_it(demo):
    november = _requirements(demo, NOVEMBER)
    assert {ref: judged for ref, (judged, _) in november.items()} == JUDGED_IN_NOVEMBER
    assert "80.5%" in november["1"][1] and "embedded further" in november["14"][1]


def test_what_changed_between_may_and_november_is_what_the_reports_say(demo):
    may, november = _requirements(demo, MAY), _requirements(demo, NOVEMBER)
    status_moves = {ref: (may[ref][0], november[ref][0]) for ref in may if may[ref][0] != november[ref][0]}
    newly_judged = {ref: now for ref, (then, now) in status_moves.items() if then is None}
    assert newly_judged == {ref: s for ref, s in JUDGED_IN_NOVEMBER.items() if ref not in JUDGED_IN_MAY}
    assert {ref: move for ref, move in status_moves.items() if move[0] is not None} == {
        "5": (NOT_ASSESSED, NOT_MET), "14": (IN_PROGRESS, MET)}
    assert {ref for ref in may if may[ref][1] != november[ref][1]} == REPORTED_IN_MAY
    # Nothing changes after the November update.
    assert _requirements(demo, date(2011, 12, 31)) == november


def test_the_overview_judges_from_the_first_day_a_judgement_was_stated(demo):
    with demo.session() as session:
        may = build_overview(session, MAY)
        board = build_overview(session, date(2011, 5, 9))
    assert {row.ref for row in may.rows if row.judged is not None} == set(JUDGED_IN_MAY)
    assert all(row.judged is None for row in board.rows)  # the interim update counts from the review


def test_each_revision_is_the_november_update_quoting_the_report(demo):
    with demo.session() as session:
        revisions = session.scalars(select(Revision).order_by(Revision.id)).all()
        refs = {r.uuid: r.ref for r in session.scalars(select(Requirement))}
    assert {refs[r.item_uuid] for r in revisions} == REPORTED_IN_MAY and len(revisions) == len(REPORTED_IN_MAY)
    for revision in revisions:
        ref = refs[revision.item_uuid]
        assert (revision.item_kind, revision.kind) == (TrackedKind.REQUIREMENT, RevisionKind.CHANGED)
        assert (revision.effective_on, revision.changed_by) == (date(2011, 11, 1), "November 2011 update to DfE")
        assert re.match(r"003 ¶(NI \d+|Requirement \d+), (para|bullet) 1$", revision.source), revision.source
        changes = json.loads(revision.changes)
        assert set(changes) == ({"evidence", "status"} if ref in {"5", "14"} else {"evidence"}), ref
        may_words = changes["evidence"][0]
        assert re.sub(r"\s+", " ", may_words) in REPORT_003, ref  # 003's own words on the May position
        assert "May" in may_words, ref
        quotes = re.findall(r"“([^”]+)”", revision.reason)
        assert quotes, (ref, revision.reason)
        for quote in quotes:
            assert quote.rstrip(".") in REPORT_003, (ref, quote)
    status = {refs[r.item_uuid]: json.loads(r.changes).get("status") for r in revisions}
    assert status["5"] == [NOT_ASSESSED, NOT_MET] and status["14"] == [IN_PROGRESS, MET]


def test_known_is_the_first_day_a_judgement_was_stated(demo):
    with demo.session() as session:
        known = {r.ref: r.known_on for r in session.scalars(select(Requirement))}
    assert {ref for ref, day in known.items() if day == MAY} == set(JUDGED_IN_MAY)
    assert all(day == date(2011, 11, 1) for ref, day in known.items() if ref not in JUDGED_IN_MAY)


@pytest.mark.parametrize("kind", [TrackedKind.ACTION, TrackedKind.MILESTONE, TrackedKind.PLAN,
                                  TrackedKind.RECOMMENDATION, TrackedKind.TARGET])
def test_no_plan_item_or_target_changes_between_may_and_november(demo, kind):
    with demo.session() as session:
        connection = session.connection()
        assert history.rows_as_at(connection, kind, MAY) == history.rows_as_at(connection, kind, NOVEMBER)
        assert history.changes_of(connection, kind) == {}
