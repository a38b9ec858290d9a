"""Facts the November 2011 update (seed 003) states, built as plain inputs.

Each figure is as the report gives it; where the report gives no counts, a test that
needs them says it constructs them. A later step re-runs these against the demo
dataset (resources/demo/leeds.toml).
"""

from dataclasses import replace
from datetime import date

import pytest

from boardapp.domain.as_at import view_as_at
from boardapp.domain.evaluation import evaluate_indicator, evaluate_view
from boardapp.domain.judgement import judge_indicator, judge_requirement
from boardapp.domain.model import Threshold
from boardapp.domain.narrative import narrate
from boardapp.domain.terms import ActualSource, RagStatus, TargetBasis, ThresholdKind, ToleranceKind, Unit
from tests.domain.builders import LOWER, VALIDATED, data, indicator, reading, target

REPORT = date(2011, 11, 1)  # the November 2011 update
MAY_REVIEW = date(2011, 5, 20)  # "as reported in May"
NOTICE = date(2010, 3, 1)
CUMULATIVE = TargetBasis.CUMULATIVE

NI59 = indicator(
    "NI 59",
    title="Initial assessments for children's social care carried out within 7 working days",
    phrase="of initial assessments within timescale",
    volume="assessments",
)
NI60 = indicator(
    "NI 60",
    title="Core assessments for children's social care carried out within 35 working days",
    phrase="of core assessments within 35 working days",
    volume="core assessments",
)


PLAN = "the improvement plan"


def _notice_targets(code, june, october, cumulative):
    """The notice's staged targets, the plan's March-October cumulative, and the plan's
    standing target ("the 80% target set in the improvement plan")."""
    return [
        target("2010-06", june, code=code, known=NOTICE),
        target("2010-10", october, code=code, known=NOTICE),
        target("2010-10..2011-03", cumulative, CUMULATIVE, code=code, known=NOTICE),
        target("2010-03..2010-10", cumulative, CUMULATIVE, code=code, known=NOTICE, set_by=PLAN),
        target("2010-03", cumulative, TargetBasis.STANDING, code=code, known=NOTICE, set_by=PLAN),
    ]


def _judged(indicator_data, day=REPORT):
    view = view_as_at(indicator_data, day)
    return judge_indicator(view, evaluate_view(view))


def _assessments(ind, cumulative, august_2010, august_2011, volumes):
    """The report's figures for NI 59 or NI 60; ``volumes`` are constructed denominators."""
    code = ind.code
    readings = [
        reading("2010-03..2010-10", cumulative, code, status=VALIDATED, known=MAY_REVIEW),
        reading("2010-08", august_2010, code, denominator=volumes[0], status=VALIDATED, known=REPORT),
        reading("2011-08", august_2011, code, denominator=volumes[1], status=VALIDATED, known=REPORT),
    ]
    targets = _notice_targets(code, 72.0, 80.0, 80.0) if code == "NI 59" else _notice_targets(code, 80.0, 84.0, 85.0)
    return data(ind, readings, targets)


def _evaluation_for(indicator_data, period_code, day=REPORT):
    return next(e for e in evaluate_indicator(indicator_data, day) if e.target.period.code == period_code)


@pytest.mark.parametrize(
    ("ind", "cumulative", "target_value"),
    [(NI59, 80.1, 80.0), (NI60, 90.1, 85.0)],
)
def test_the_march_to_october_2010_cumulative_targets_were_met(ind, cumulative, target_value):
    """"the cumulative target from March 2010 to October 2010 of 80% ... was met with a
    performance of 80.1%" (NI 59); "of 85% ... was met with a performance of 90.1%" (NI 60)."""
    evaluation = _evaluation_for(_assessments(ind, cumulative, 78.3, 80.5, (300, 426)), "2010-03..2010-10")
    assert evaluation.target.value == target_value
    assert evaluation.status is RagStatus.GREEN
    assert evaluation.actual.value == cumulative
    # The report gives the cumulative figure, not monthly counts: the engine says so.
    assert evaluation.actual.source is ActualSource.REPORTED_CUMULATIVE


def test_the_cumulative_is_not_known_before_the_may_review():
    """As at the day before, none of these figures was known: no data, not green."""
    evaluation = _evaluation_for(_assessments(NI59, 80.1, 78.3, 80.5, (300, 426)), "2010-03..2010-10", date(2011, 5, 19))
    assert evaluation.status is RagStatus.NO_DATA


def test_neet_was_red_against_the_january_2011_target():
    """"The January 2011 target of 6.8% ... The level of NEET for the November 10 –
    January 11 period was 8.3%." Lower is better. The target is set for the three-month
    period the figure is for, as the demo dataset stores it."""
    neet = indicator("NI 117", polarity=LOWER)
    evaluation = _evaluation_for(
        data(neet, [reading("2010-11..2011-01", 8.3, "NI 117", known=REPORT)],
             [target("2010-11..2011-01", 6.8, code="NI 117", known=NOTICE)]),
        "2010-11..2011-01",
    )
    assert evaluation.status is RagStatus.RED


def test_neet_for_the_month_of_january_is_judged_only_by_a_january_figure():
    """Stored as a one-month target, the three-month figure does not stand in for it."""
    neet = indicator("NI 117", polarity=LOWER)
    month_target = target("2011-01", 6.8, code="NI 117", known=NOTICE)
    three_months = reading("2010-11..2011-01", 8.3, "NI 117", known=REPORT)
    assert _evaluation_for(data(neet, [three_months], [month_target]), "2011-01").status is RagStatus.DUE_NO_READING
    january = reading("2011-01", 8.3, "NI 117", known=REPORT)
    assert _evaluation_for(data(neet, [january], [month_target]), "2011-01").status is RagStatus.RED


def test_level_2_by_19_missed_its_academic_year_target():
    """"The target of 75.2% for the 2009/10 academic year was not achieved with 73.7%."
    1.5 points short and no band declared: missed, red. Amber only inside a band a plan
    declares, and the reason says who set it."""
    def judged(ind):
        return _judged(data(ind, [reading("AY2009/10", 73.7, "NI 79", known=REPORT)],
                            [target("AY2009/10", 75.2, TargetBasis.ACADEMIC_YEAR, "NI 79", known=NOTICE)]))

    missed = judged(indicator("NI 79"))
    assert missed.status is RagStatus.RED
    assert missed.says == (
        "Red: 73.7% for the 2009/10 academic year is 1.5 percentage points below the 75.2% target for the "
        "2009/10 academic year: missed (no amber band is set for this indicator)"
    )
    banded = replace(indicator("NI 79", tolerance=2.0, tolerance_kind=ToleranceKind.ABSOLUTE), tolerance_set_by=PLAN)
    amber = judged(banded)
    assert amber.status is RagStatus.AMBER
    assert "within the band (amber: within 2 percentage points of the target, set by the improvement plan)" in amber.says


CASELOAD = indicator("CASELOAD", unit=Unit.NUMBER, polarity=LOWER, decimals=0, title="Average social worker caseload")
REDESIGN = "the service redesign"


def _caseload(day=REPORT):
    readings = [reading("2011-06", 23, "CASELOAD", known=REPORT), reading("2011-09", 21, "CASELOAD", known=REPORT)]
    targets = [target("2011-09", 20.0, TargetBasis.STANDING, "CASELOAD", known=REPORT, set_by=REDESIGN)]
    alert = Threshold("CASELOAD", 25.0, ThresholdKind.ALERT, "senior managers act where individual caseloads exceed 25")
    return data(CASELOAD, readings, targets, thresholds=[alert])


def test_an_average_caseload_of_21_against_the_agreed_20_is_over_its_target():
    """"an average caseload of 20"; "as at 7th September 2011 is 21". Lower is better,
    the target stands until replaced and judges the latest reading (September's 21,
    not June's 23); no band is declared, so it is red. The alert at 25 is shown as what
    it is, not as a target."""
    judged = _judged(_caseload())
    assert judged.status is RagStatus.RED
    assert judged.says == (
        "Red: 21 for September 2011 is 1 above the 20 standing target set by the service redesign: missed "
        "(no amber band is set for this indicator)"
    )
    assert judged.thresholds == ("alert at 25: senior managers act where individual caseloads exceed 25 (not a target)",)


def test_a_requirement_names_the_indicator_that_colours_it():
    """Requirement 20: 24 Advanced Practitioners met; the red comes from the caseload,
    and the row says so. An indicator with no target never colours it."""
    practitioners = indicator("ADVPRAC", unit=Unit.COUNT, decimals=0)
    met = _judged(data(practitioners, [reading("2011", 24, "ADVPRAC", known=REPORT)],
                       [target("2011", 24.0, TargetBasis.COUNT, "ADVPRAC", known=REPORT)]))
    untargeted = _judged(data(indicator("AUDITS", unit=Unit.COUNT, decimals=0), [reading("2011-08", 134, "AUDITS")]))
    assert met.status is RagStatus.GREEN
    assert untargeted.status is None
    requirement = judge_requirement([met, untargeted, _judged(_caseload())])
    assert requirement.status is RagStatus.RED
    assert requirement.driver.code == "CASELOAD"
    assert requirement.says.startswith(
        "Red: Average social worker caseload (CASELOAD): 21 for September 2011 is 1 above the 20 standing target")
    assert requirement.says.endswith("; also ADVPRAC green")
    assert judge_requirement([untargeted]).status is None


@pytest.mark.parametrize(("ind", "latest", "value"), [(NI59, 80.5, "80%"), (NI60, 90.2, "85%")])
def test_initial_and_core_assessments_are_met_by_the_standing_target(ind, latest, value):
    """003: "achieved in full"; "Performance remains above the 80% target set in the
    improvement plan". The notice's October 2010 to March 2011 cumulative has no figure
    reported: it is listed, and does not hide the judgement."""
    judged = _judged(_assessments(ind, 80.1 if ind is NI59 else 90.1, 78.3, latest, (300, 426)))
    assert judged.status is RagStatus.GREEN
    assert judged.target.basis is TargetBasis.STANDING
    assert judged.says == (
        f"Green: {latest}% for August 2011 meets the {value} standing target set by the improvement plan"
    )
    assert "October 2010 to March 2011" in judged.unreported_words
    assert judged.unreported_words.startswith("no figure reported for June 2010")


def test_as_at_the_may_2011_review_the_cumulative_judges_the_same_figure():
    """On 20 May 2011 the latest figure is the March-October 2010 cumulative (80.1%):
    the target set for exactly that period is the one that matters, not the standing one."""
    judged = _judged(_assessments(NI59, 80.1, 78.3, 80.5, (300, 426)), MAY_REVIEW)
    assert judged.status is RagStatus.GREEN
    assert judged.target.basis is TargetBasis.CUMULATIVE
    assert judged.target.period.code == "2010-03..2010-10"


def test_neet_is_red_and_in_line_with_the_year_before():
    """"8.3%, remaining in-line with the reduced figure of 8.2% achieved the previous year"."""
    neet = indicator("NI 117", polarity=LOWER, phrase="of 16-18 year olds NEET")
    view = view_as_at(data(neet, [reading("2009-11..2010-01", 8.2, "NI 117", known=REPORT),
                                  reading("2010-11..2011-01", 8.3, "NI 117", known=REPORT)],
                           [target("2010-11..2011-01", 6.8, code="NI 117", known=NOTICE)]), REPORT)
    assert judge_indicator(view, evaluate_view(view)).status is RagStatus.RED
    sentence = narrate(view)
    assert "in line with 8.2%" in sentence
    assert "up from" not in sentence


def test_the_august_2011_sentence_for_initial_assessments():
    """The 300 -> 426 assessments are a constructed example (the report gives no counts):
    a pair that makes the report's 42% increase."""
    view = view_as_at(_assessments(NI59, 80.1, 78.3, 80.5, (300, 426)), REPORT)
    assert narrate(view) == (
        "August 2011: 80.5% of initial assessments within timescale, above the 80% target set by the improvement plan "
        "and up from 78.3% in August 2010, despite a 42% increase in assessments."
    )


def test_the_august_2011_sentence_for_core_assessments():
    """100 -> 164 core assessments: a constructed pair for the report's 64% increase."""
    view = view_as_at(_assessments(NI60, 90.1, 81.4, 90.2, (100, 164)), REPORT)
    assert narrate(view) == (
        "August 2011: 90.2% of core assessments within 35 working days, above the 85% target set by the improvement plan "
        "and up from 81.4% in August 2010, despite a 64% increase in core assessments."
    )
