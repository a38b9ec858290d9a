"""Evaluating targets: the status on awkward data, every basis, as at any date."""

from datetime import date

import pytest

from boardapp.domain.evaluation import evaluate_all, evaluate_indicator, is_due
from boardapp.domain.terms import ActualSource, RagStatus, TargetBasis, TrajectoryStatus, Unit
from tests.domain.builders import (
    LOWER,
    PROVISIONAL,
    counts,
    data,
    indicator,
    reading,
    revision,
    target,
)

CUMULATIVE = TargetBasis.CUMULATIVE


def _one(indicator_data, day, others=()):
    (evaluation,) = evaluate_indicator(indicator_data, day, others)
    return evaluation


def test_a_target_is_due_once_its_period_has_ended():
    june = target("2010-06", 72.0)
    assert not is_due(june, date(2010, 6, 30))
    assert is_due(june, date(2010, 7, 1))


def test_an_indicator_with_no_readings_has_no_data_once_due():
    evaluation = _one(data(indicator(), [], [target("2010-06", 72.0)]), date(2010, 9, 1))
    assert (evaluation.status, evaluation.actual, evaluation.reason) == (RagStatus.NO_DATA, None, "no readings")


def test_a_target_with_no_readings_yet_is_not_yet_due_and_cannot_be_projected():
    evaluation = _one(data(indicator(), [], [target("2010-06", 72.0)]), date(2010, 5, 1))
    assert evaluation.status is RagStatus.NOT_YET_DUE
    assert evaluation.trajectory is not None
    assert evaluation.trajectory.status is TrajectoryStatus.TOO_FEW_READINGS


def test_a_due_target_whose_reading_has_not_arrived_says_so():
    evaluation = _one(data(indicator(), [reading("2010-05", 70.0)], [target("2010-06", 72.0)]), date(2010, 7, 5))
    assert evaluation.status is RagStatus.DUE_NO_READING
    assert evaluation.reason == "no figure reported for June 2010"


def test_a_reading_without_a_value_is_not_a_reading():
    evaluation = _one(data(indicator(), [reading("2010-06", None)], [target("2010-06", 72.0)]), date(2010, 8, 1))
    assert evaluation.status is RagStatus.NO_DATA


def test_a_zero_denominator_cumulative_is_due_with_no_rate_and_says_why():
    readings = [counts("2010-10", 0, 0), counts("2010-11", 0, 0)]
    evaluation = _one(data(indicator(), readings, [target("2010-10..2010-11", 80.0, CUMULATIVE)]), date(2011, 1, 1))
    assert evaluation.status is RagStatus.DUE_NO_READING
    assert "sum to zero" in evaluation.reason


def test_a_revised_reading_is_judged_on_the_value_it_had_on_the_date():
    revised = reading(
        "2010-06", 73.0, known=date(2010, 7, 15), revisions=(revision(date(2010, 9, 1), 69.0, 73.0),)
    )
    indicator_data = data(indicator(tolerance=2.0), [revised], [target("2010-06", 72.0)])
    before, after = _one(indicator_data, date(2010, 8, 1)), _one(indicator_data, date(2010, 9, 1))
    assert (before.status, before.actual.value) == (RagStatus.RED, 69.0)
    assert (after.status, after.actual.value) == (RagStatus.GREEN, 73.0)
    assert _one(indicator_data, date(2010, 7, 14)).status is RagStatus.NO_DATA  # nothing known yet


def test_provisional_only_data_is_judged_and_flagged_provisional():
    readings = [counts(f"2010-{m:02d}", 8, 10, status=PROVISIONAL) for m in (10, 11, 12)]
    evaluation = _one(data(indicator(), readings, [target("2010-10..2010-12", 80.0, CUMULATIVE)]), date(2011, 2, 1))
    assert evaluation.status is RagStatus.GREEN
    assert evaluation.actual.provisional


def test_a_cumulative_target_part_way_through_banks_the_months_in():
    readings = [counts("2010-10", 78, 100), counts("2010-11", 81, 100), counts("2010-12", 84, 100)]
    evaluation = _one(data(indicator(), readings, [target("2010-10..2011-03", 80.0, CUMULATIVE)]), date(2011, 1, 10))
    assert evaluation.status is RagStatus.NOT_YET_DUE
    assert evaluation.actual.partial and evaluation.actual.value == pytest.approx(81.0)
    assert (evaluation.trajectory.banked_months, evaluation.trajectory.projected_months) == (3, 3)


def test_a_cumulative_target_due_with_months_missing_is_judged_on_those_it_has_and_says_so():
    readings = [counts(f"2010-{m:02d}", 9, 10) for m in (10, 11)]
    evaluation = _one(data(indicator(), readings, [target("2010-10..2010-12", 80.0, CUMULATIVE)]), date(2011, 2, 1))
    assert evaluation.status is RagStatus.GREEN
    assert evaluation.actual.partial
    assert evaluation.reason == "computed from 2 of 3 months' counts"


def test_a_target_whose_whole_figure_is_in_is_judged_before_its_period_ends():
    """"No schools below 30% in the 2011 examinations": provisional results in November."""
    schools = indicator("NI 78", unit=Unit.SCHOOLS, polarity=LOWER, decimals=0)
    goal = target("2011", 0.0, TargetBasis.COUNT, "NI 78")
    results = reading("2011", 3, code="NI 78", status=PROVISIONAL, known=date(2011, 11, 1))
    assert _one(data(schools, [results], [goal]), date(2011, 10, 31)).status is RagStatus.NOT_YET_DUE
    evaluation = _one(data(schools, [results], [goal]), date(2011, 11, 1))
    assert evaluation.status is RagStatus.RED and evaluation.actual.provisional


def test_a_partial_cumulative_does_not_make_a_target_due_early():
    readings = [counts("2010-10", 9, 10), counts("2010-11", 9, 10)]
    goal = target("2010-10..2010-12", 80.0, CUMULATIVE)
    assert _one(data(indicator(), readings, [goal]), date(2010, 12, 20)).status is RagStatus.NOT_YET_DUE


def test_a_gap_change_from_two_series():
    """FSM and non-FSM attainment: the gap (non-FSM minus FSM) must fall 5 points."""
    gap = indicator("NI 102", unit=Unit.PERCENTAGE_POINTS, polarity=LOWER, decimals=0)
    goal = target("2010", -5.0, TargetBasis.GAP_CHANGE, "NI 102", series=("KS4-NONFSM", "KS4-FSM"))
    non_fsm = data(indicator("KS4-NONFSM"), [reading("2009", 56.0, "KS4-NONFSM"), reading("2010", 60.0, "KS4-NONFSM")])
    fsm = data(indicator("KS4-FSM"), [reading("2009", 22.0, "KS4-FSM"), reading("2010", 33.0, "KS4-FSM")])
    evaluation = _one(data(gap, [], [goal]), date(2011, 1, 31), others=[non_fsm, fsm])
    assert evaluation.actual.source is ActualSource.GAP_CHANGE
    assert evaluation.actual.value == pytest.approx(-7.0)  # 34 points to 27
    assert evaluation.status is RagStatus.GREEN


def test_a_gap_change_from_the_indicators_own_gap_readings_with_a_baseline():
    gap = indicator("GAP5AC", unit=Unit.PERCENTAGE_POINTS, polarity=LOWER, decimals=0)
    readings = [reading("2009", 35.0, "GAP5AC"), reading("2011", 35.0, "GAP5AC")]
    goal = target("2011", -5.0, TargetBasis.GAP_CHANGE, "GAP5AC", baseline="2009")
    evaluation = _one(data(gap, readings, [goal]), date(2012, 1, 31))
    assert evaluation.actual.value == 0.0
    assert evaluation.status is RagStatus.RED


def test_a_gap_change_missing_a_series_is_no_data():
    gap = indicator("NI 102", unit=Unit.PERCENTAGE_POINTS, polarity=LOWER, decimals=0)
    goal = target("2010", -5.0, TargetBasis.GAP_CHANGE, "NI 102", series=("A", "B"))
    assert _one(data(gap, [], [goal]), date(2011, 1, 31)).status is RagStatus.NO_DATA


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ([40.0, 44.0, 47.0], RagStatus.GREEN),  # every year up
        ([40.0, 44.0, 43.0, 49.0], RagStatus.AMBER),  # up overall, one dip
        ([44.0, 40.0, 41.0, 39.0], RagStatus.RED),  # down overall
        ([40.0, 44.0], RagStatus.DUE_NO_READING),  # two points are not a trend
    ],
)
def test_a_trend_target_needs_three_readings_and_every_step_up_for_green(values, status):
    years = [f"AY{2006 + i}/{(2007 + i) % 100:02d}" for i in range(len(values))]
    readings = [reading(y, v, "NI 108") for y, v in zip(years, values)]
    goal = target(years[-1], 0.0, TargetBasis.TREND, "NI 108")
    evaluation = _one(data(indicator("NI 108", unit=Unit.PERCENTAGE_POINTS), readings, [goal]), date(2012, 1, 1))
    assert evaluation.status is status
    if status is RagStatus.DUE_NO_READING:
        assert evaluation.reason == "2 readings up to academic year 2007/08; a trend needs 3"


def test_a_trend_run_starts_at_its_baseline():
    readings = [reading(f"AY{2005 + i}/{(2006 + i) % 100:02d}", v, "NI 108") for i, v in enumerate([50.0, 40, 44, 47])]
    goal = target("AY2008/09", 0.0, TargetBasis.TREND, "NI 108", baseline="AY2006/07")
    evaluation = _one(data(indicator("NI 108"), readings, [goal]), date(2012, 1, 1))
    assert evaluation.status is RagStatus.GREEN
    assert evaluation.actual.steps == 2


def test_evaluate_all_sees_gap_series_among_the_indicators_and_keeps_their_order():
    gap = indicator("NI 102", unit=Unit.PERCENTAGE_POINTS, polarity=LOWER, decimals=0)
    goal = target("2010", -5.0, TargetBasis.GAP_CHANGE, "NI 102", series=("A", "B"))
    a = data(indicator("A"), [reading("2009", 56.0, "A"), reading("2010", 60.0, "A")], [target("2010", 58.0, code="A")])
    b = data(indicator("B"), [reading("2009", 22.0, "B"), reading("2010", 33.0, "B")])
    evaluations = evaluate_all([data(gap, [], [goal]), a, b], date(2011, 1, 31))
    assert [(e.indicator_code, e.status) for e in evaluations] == [("NI 102", RagStatus.GREEN), ("A", RagStatus.GREEN)]


def test_a_count_reached_before_its_period_ends_is_met_and_one_still_short_is_not_judged():
    """002: Breeze cards, "an ambitious 2009/10 target of 116,000", 121,650 by the end of
    quarter two: met early. Positive activities' 338,468 by then against 500,000: not yet
    due, never missed."""
    cards = indicator("BREEZE", unit=Unit.COUNT, decimals=0)
    yearly = target("FY2009/10", 116000, TargetBasis.COUNT, "BREEZE")
    [met] = evaluate_indicator(data(cards, [reading("2009-07..2009-09", 121650, "BREEZE")], [yearly]),
                               date(2009, 12, 10))
    assert met.status is RagStatus.GREEN
    assert met.reason == "reached before 2009/10 ended"
    short = target("FY2009/10", 500000, TargetBasis.COUNT, "POSACT")
    activities = indicator("POSACT", unit=Unit.COUNT, decimals=0)
    [pending] = evaluate_indicator(data(activities, [reading("2009-04..2009-09", 338468, "POSACT")], [short]),
                                   date(2009, 12, 10))
    assert pending.status is RagStatus.NOT_YET_DUE
    neet_count = indicator("NEETS", unit=Unit.COUNT, decimals=0, polarity=LOWER)
    [lower] = evaluate_indicator(data(neet_count, [reading("2009-07..2009-09", 10, "NEETS")],
                                      [target("FY2009/10", 50, TargetBasis.COUNT, "NEETS")]), date(2009, 12, 10))
    assert lower.status is RagStatus.NOT_YET_DUE  # a count that must stay low can still rise
