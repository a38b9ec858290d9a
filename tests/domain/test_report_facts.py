"""Facts the November 2011 update (seed 003) states, built as plain inputs.

Each figure is as the report gives it; where the report gives no counts, a test that
needs them says it constructs them. A later step re-runs these against the demo
dataset (boardapp/resources/demo/leeds.toml).
"""

from datetime import date

import pytest

from boardapp.domain.as_at import view_as_at
from boardapp.domain.evaluation import evaluate_indicator
from boardapp.domain.narrative import narrate
from boardapp.domain.terms import ActualSource, RagStatus, TargetBasis, ToleranceKind, Unit
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


def _notice_targets(code, june, october, cumulative):
    return [
        target("2010-06", june, code=code, known=NOTICE),
        target("2010-10", october, code=code, known=NOTICE),
        target("2010-10..2011-03", cumulative, CUMULATIVE, code=code, known=NOTICE),
        target("2010-03..2010-10", cumulative, CUMULATIVE, code=code, known=NOTICE),
    ]


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
    1.5 points short: amber within the default band (5% of 75.2 = 3.76 points); red
    with a one-point absolute tolerance."""
    def judged(ind):
        return _evaluation_for(
            data(ind, [reading("AY2009/10", 73.7, "NI 79", known=REPORT)],
                 [target("AY2009/10", 75.2, TargetBasis.ACADEMIC_YEAR, "NI 79", known=NOTICE)]),
            "AY2009/10",
        ).status

    assert judged(indicator("NI 79")) is RagStatus.AMBER
    assert judged(indicator("NI 79", tolerance=1.0, tolerance_kind=ToleranceKind.ABSOLUTE)) is RagStatus.RED


def test_an_average_caseload_of_21_against_20_is_amber_by_the_default_tolerance():
    """"average caseload of 20" (target); "as at 7th September 2011 is 21". Lower is
    better; 5% of 20 is 1, and 21 is 1 over: amber. Red with a zero tolerance."""
    def judged(ind):
        return _evaluation_for(
            data(ind, [reading("2011-09", 21, "CASELOAD", known=date(2011, 9, 7))],
                 [target("2011-09", 20.0, code="CASELOAD", known=date(2011, 3, 1))]),
            "2011-09",
        ).status

    caseload = dict(unit=Unit.NUMBER, polarity=LOWER, decimals=0)
    assert judged(indicator("CASELOAD", **caseload)) is RagStatus.AMBER
    assert judged(indicator("CASELOAD", tolerance=0.0, **caseload)) is RagStatus.RED


def test_the_august_2011_sentence_for_initial_assessments():
    """The 300 -> 426 assessments are a constructed example (the report gives no counts):
    a pair that makes the report's 42% increase."""
    view = view_as_at(_assessments(NI59, 80.1, 78.3, 80.5, (300, 426)), REPORT)
    assert narrate(view) == (
        "August 2011: 80.5% of initial assessments within timescale, above the 80% target "
        "and up from 78.3% in August 2010, despite a 42% increase in assessments."
    )


def test_the_august_2011_sentence_for_core_assessments():
    """100 -> 164 core assessments: a constructed pair for the report's 64% increase."""
    view = view_as_at(_assessments(NI60, 90.1, 81.4, 90.2, (100, 164)), REPORT)
    assert narrate(view) == (
        "August 2011: 90.2% of core assessments within 35 working days, above the 85% target "
        "and up from 81.4% in August 2010, despite a 64% increase in core assessments."
    )
