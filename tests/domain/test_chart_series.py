"""What an indicator's chart draws: the lines that are not targets ride along as what
they are, with the judgement's words, as known on the chart's date."""

from dataclasses import replace
from datetime import date

from boardapp.domain.as_at import view_as_at
from boardapp.domain.chart_series import ChartSeries, ChartThreshold, chart_series
from boardapp.domain.evaluation import evaluate_view
from boardapp.domain.judgement import threshold_words
from boardapp.domain.model import Threshold
from boardapp.domain.terms import TargetBasis, ThresholdKind, Unit
from tests.domain.builders import LOWER, data, indicator, reading, target
from tests.domain.builders import target_change as change

REPORT = date(2011, 11, 1)  # the November 2011 update, where the caseload alert is stated
CASELOAD = indicator("CASELOAD", unit=Unit.NUMBER, polarity=LOWER, decimals=0, title="Average social worker caseload")
DP = indicator("DP", unit=Unit.RATE_PER_100K, decimals=0, title="Direct payments per 100,000 population")
LACREV = indicator("LACREV", decimals=0, title="Reviews of looked after children completed to timescale")
ADVPRAC = indicator("ADVPRAC", unit=Unit.COUNT, decimals=0, title="Advanced Practitioners recruited")


def threshold(ind, value, kind, label, known=None) -> Threshold:
    return Threshold(ind.code, value, kind, label, known)


def chart_of(records, day):
    view = view_as_at(records, day)
    return chart_series(view, evaluate_view(view))


def caseload():
    return data(
        CASELOAD,
        [reading("2011-06", 23, "CASELOAD", known=REPORT), reading("2011-09", 21, "CASELOAD", known=REPORT)],
        [target("2011-09", 20.0, TargetBasis.STANDING, "CASELOAD", known=REPORT, set_by="the service redesign")],
        thresholds=[threshold(CASELOAD, 25.0, ThresholdKind.ALERT,
                              "senior managers monitor where individual caseloads exceed 25", REPORT)],
    )


def test_the_caseload_chart_carries_the_alert_at_25_as_an_alert_not_a_target():
    chart = chart_of(caseload(), date(2011, 11, 30))
    assert chart.thresholds == (
        ChartThreshold(
            25.0,
            ThresholdKind.ALERT,
            "alert at 25: senior managers monitor where individual caseloads exceed 25 (not a target)",
            "Alert 25",
        ),
    )
    # It is no target: the chart's only target is the redesign's 20.
    assert [t.value for t in chart.targets] == [20.0]


def test_a_threshold_not_yet_known_on_the_charts_date_is_not_drawn():
    assert chart_of(caseload(), date(2011, 10, 31)).thresholds == ()


def test_thresholds_come_lowest_first_in_the_judgements_words_with_a_short_tag():
    key = threshold(DP, 60.0, ThresholdKind.KEY_THRESHOLD, "60 required to meet the key threshold (2007/08)")
    band = threshold(DP, 90.0, ThresholdKind.BAND, "90 needed to be 'acceptable' (2007/08)")
    chart = chart_of(data(DP, [reading("2007-03", 61.5, "DP")], thresholds=[band, key]), date(2008, 1, 1))
    assert [(t.value, t.kind, t.tag) for t in chart.thresholds] == [
        (60.0, ThresholdKind.KEY_THRESHOLD, "Key threshold 60"),  # the axis names the unit
        (90.0, ThresholdKind.BAND, "Performance band 90"),
    ]
    assert [t.label for t in chart.thresholds] == [threshold_words(key, DP), threshold_words(band, DP)]
    assert all(t.label.endswith("(not a target)") for t in chart.thresholds)


def test_a_percent_threshold_keeps_its_sign_and_a_goal_is_tagged_as_a_goal():
    benchmark = threshold(LACREV, 85.0, ThresholdKind.BENCHMARK, "benchmark averages of 85% or more")
    goal = threshold(ADVPRAC, 56.0, ThresholdKind.GOAL, "recruitment will continue towards a higher number of 56")
    assert chart_of(data(LACREV, [reading("2008-09", 80, "LACREV")], thresholds=[benchmark]),
                    date(2008, 12, 1)).thresholds[0].tag == "Benchmark 85%"
    goal_chart = chart_of(data(ADVPRAC, [reading("2011-10", 24, "ADVPRAC")], thresholds=[goal]), date(2011, 12, 1))
    assert goal_chart.thresholds[0].tag == "Goal 56"
    assert goal_chart.thresholds[0].label == threshold_words(goal, ADVPRAC)


def test_a_chart_series_made_without_thresholds_has_none():
    series = ChartSeries("X", "x", Unit.COUNT, 0, LOWER, (), (), (), (), ())
    assert series.thresholds == ()


def test_a_comparator_is_drawn_only_beside_a_reading_of_its_period_in_the_series_drawn():
    """NI108-BLACK: the national one-year change (4 points, 2009/10) belongs with Leeds's
    one-year change, which is another measure than the three-year change the chart draws."""
    from boardapp.domain.terms import ComparatorKind
    from tests.domain.builders import comparator

    black = indicator("NI108-BLACK", unit=Unit.PERCENTAGE_POINTS)
    view = view_as_at(data(black, [reading("AY2009/10", 10.0, "NI108-BLACK", measure="change over one year"),
                                   reading("AY2010/11", 9.5, "NI108-BLACK", measure="change over three years")],
                           comparators=[comparator("AY2009/10", ComparatorKind.NATIONAL, 4.0, "NI108-BLACK")]),
                      date(2011, 11, 30))
    drawn = chart_series(view, evaluate_view(view))
    assert [p.value for p in drawn.spans] == [9.5]
    assert drawn.comparators == ()


def test_a_target_revised_within_its_months_steps_on_the_day_it_changed():
    """NI 59's target for April 2011 to March 2012, 72% until the board raised it to 80%
    from 1 Nov 2011: the line is 72% to 31 October and 80% from 1 November."""
    raised = change(date(2011, 11, 1), "revised by the board", value=(72.0, 80.0))
    annual = replace(target("2011-04..2012-03", 80.0, TargetBasis.CUMULATIVE), revisions=(raised,))
    records = data(indicator(), [reading("2011-10", 75.0)], [annual])

    [line] = chart_of(records, date(2011, 12, 31)).targets
    assert [(s.start, s.end, s.value) for s in line.steps] == [
        (date(2011, 4, 1), date(2011, 10, 31), 72.0),
        (date(2011, 11, 1), date(2012, 3, 31), 80.0),
    ]
    assert line.revised_on == (date(2011, 11, 1),)
    assert line.steps[1].label == ("Target 80.0% from 1 Nov 2011 to 31 Mar 2012\nRevised: 80.0% from 1 Nov 2011, "
                                   "was 72.0%: revised by the board — Sam Secretariat (secretariat)")
    assert "\nRevised: 80.0% from 1 Nov 2011, was 72.0%" in line.label
    assert chart_of(records, date(2011, 12, 31)).revised_words == "Target revised 1 Nov 2011"

    # As at the day before, the target was 72% throughout: one flat line, no step.
    [before] = chart_of(records, date(2011, 10, 31)).targets
    assert (before.value, before.steps, chart_of(records, date(2011, 10, 31)).revised_words) == (72.0, (), "")


def test_a_target_revised_before_its_months_began_is_one_line_at_its_new_value():
    early = replace(target("2011-04..2012-03", 80.0, TargetBasis.CUMULATIVE),
                    revisions=(change(date(2011, 3, 1), "agreed in advance", value=(72.0, 80.0)),))
    [line] = chart_of(data(indicator(), [reading("2011-10", 75.0)], [early]), date(2011, 12, 31)).targets
    assert (line.value, line.steps) == (80.0, ())
    assert "Revised: 80.0% from 1 Mar 2011, was 72.0%: agreed in advance" in line.label
