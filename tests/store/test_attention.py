"""The chair's first screen below the window: counts, each red and amber requirement with
the indicator that puts it there in words, and the actions tied to it, as at a date."""

from __future__ import annotations

from datetime import date

from boardapp.domain.terms import ActionStatus, Polarity, RagStatus, Role
from boardapp.store import actions, history
from boardapp.store.actions import ActionFields
from boardapp.store.attention import better_words, build_attention
from tests.people import person

NOVEMBER_2011 = date(2011, 11, 30)



def add_caseload_actions(db) -> None:
    """Two actions in the 2008 plan's area P2.3: one names requirement 20, one serves
    the CASELOAD indicator (and so requirements 20 and 21, which it puts in the red).
    They are entered as in the plan since June 2011 (an action added today did not
    exist as at November 2011)."""
    sam = person(db, "Sam Secretariat", Role.SECRETARIAT)
    with (db.session(sam.label) as session,
          history.because(session, "in the plan since June 2011", effective_on=date(2011, 6, 1))):
        found = actions.choices(session)
        area = next(a for a in found.areas if a.plan_key == "apa2008" and a.key == "P2.3")
        requirement = next(c for c in found.requirements if c.key == "20")
        caseload = next(c for c in found.indicators if c.key == "CASELOAD")
        actions.add_action(session, sam, area.uuid, "P2.3.b", ActionFields(
            title="Recruit 40 newly qualified social workers", owner="Chief Officer, Children's Social Work",
            due_on=date(2012, 3, 31), status=ActionStatus.IN_PROGRESS, requirements=(requirement.uuid,)))
        actions.add_action(session, sam, area.uuid, "P2.3.c", ActionFields(
            title="Weekly caseload review in every team", owner="Head of Workforce Development",
            due_on=date(2011, 10, 31), status=ActionStatus.NOT_STARTED, indicators=(caseload.uuid,)))


def test_as_at_november_2011_the_six_red_requirements_and_why(db):
    with db.session() as session:
        attention = build_attention(session, NOVEMBER_2011)
    assert attention.as_at == NOVEMBER_2011 and attention.total == 23
    assert [item.ref for item in attention.items] == ["3", "4", "7", "15", "20", "21"]
    assert {item.status for item in attention.items} == {RagStatus.RED}
    assert attention.counts == {RagStatus.RED: 6, RagStatus.AMBER: 0, RagStatus.DUE_NO_READING: 1,
                                RagStatus.NO_DATA: 1, RagStatus.NOT_YET_DUE: 0, RagStatus.GREEN: 2}
    assert attention.no_target == 13
    by_ref = {item.ref: item for item in attention.items}
    assert [c.code for c in by_ref["20"].causes] == ["CASELOAD"]
    caseload = by_ref["20"].causes[0]
    assert caseload.figure == "21 for September 2011"
    assert caseload.target == "20 standing target set by the service redesign"
    assert caseload.gap == "1 above the target"
    assert caseload.better == "lower is better"
    assert caseload.trend == "down from 23 in June 2011 (better)"
    assert caseload.trajectory == ""  # a standing target in force is judged, not projected
    assert caseload.reason.startswith("21 for September 2011 is 1 above the 20 standing target")
    assert by_ref["20"].others == "ADVPRAC green, CASELOAD-LAC no data"
    level2 = by_ref["4"].causes[0]
    assert (level2.code, level2.better, level2.gap) == ("NI 79", "higher is better",
                                                        "1.5 percentage points below the target")
    assert level2.trend == "no earlier reading to compare"
    neet = by_ref["7"].causes[0]
    assert neet.trend == "in line with 8.2% for November 2009 to January 2010"  # 0.1 point: within what is shown
    assert by_ref["3"].causes[0].gap == "3 schools above the target"
    # The demo plan ties three actions to them (leeds.toml says each tie is inferred from
    # the 2008 plan's wording); the others have none, and the screen says so.
    assert {item.ref: [a.ref for a in item.actions] for item in attention.items} == {
        "3": [], "4": [], "7": ["P5.1.a"], "15": [], "20": ["P2.4.a", "P6.1.a"], "21": []}


def test_actions_tied_by_the_requirement_or_by_the_indicator_that_drives_it(db):
    add_caseload_actions(db)
    with db.session() as session:
        attention = build_attention(session, NOVEMBER_2011)
    by_ref = {item.ref: item for item in attention.items}
    tied = {(a.ref, a.owner, a.due_on, a.via, a.overdue) for a in by_ref["20"].actions}
    assert tied == {("P2.3.b", "Chief Officer, Children's Social Work", date(2012, 3, 31), "", False),
                    ("P2.3.c", "Head of Workforce Development", date(2011, 10, 31), "CASELOAD", True),
                    ("P2.4.a", "", None, "", False), ("P6.1.a", "", None, "", False)}  # the demo's own ties
    assert [(a.ref, a.via) for a in by_ref["21"].actions] == [("P2.3.c", "CASELOAD")]
    assert [a.ref for a in by_ref["7"].actions] == ["P5.1.a"]  # the demo's own tie, nothing added


def test_before_anything_was_missed_nothing_is_off_track(db):
    with db.session() as session:
        attention = build_attention(session, date(2011, 5, 20))
    assert attention.items == []
    assert attention.counts[RagStatus.RED] == 0 and attention.counts[RagStatus.GREEN] == 2


def test_direction_of_better_in_words():
    assert better_words(Polarity.LOWER_IS_BETTER) == "lower is better"
    assert better_words(Polarity.HIGHER_IS_BETTER) == "higher is better"


def test_trend_and_trajectory_in_words_from_the_last_readings():
    from boardapp.domain.as_at import view_as_at
    from boardapp.store.attention import next_trajectory_words, trend_words
    from tests.domain.builders import data, indicator, reading, target

    ind = indicator("NI 59", polarity=Polarity.HIGHER_IS_BETTER)
    readings = [reading(f"2011-0{m}", v) for m, v in zip(range(1, 6), (70.0, 72.0, 71.0, 73.0, 74.0), strict=True)]
    targets = [target("2011-03", 75.0), target("2011-12", 80.0)]
    view = view_as_at(data(ind, readings, targets), date(2011, 6, 15))
    assert trend_words(view) == "up from 73.0% in April 2011 (better)"
    words = next_trajectory_words(view)
    assert " projected against the 80% target for December 2011: " in words
    assert words.endswith(("on course", "at risk", "off course"))
    # No target still to come: no trajectory (a due target is judged, never projected).
    done = view_as_at(data(ind, readings, targets[:1]), date(2011, 6, 15))
    assert next_trajectory_words(done) == ""
    # Down is worse when higher is better; a change within what is shown is "in line with".
    assert trend_words(view_as_at(data(ind, readings[:3], targets), date(2011, 6, 15))) == \
        "down from 72.0% in February 2011 (worse)"
    flat = [reading("2011-01", 8.2), reading("2011-02", 8.3)]
    assert trend_words(view_as_at(data(ind, flat), date(2011, 6, 15))) == "in line with 8.2% in January 2011"
