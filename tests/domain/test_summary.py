"""Roll-ups: a requirement stands at the worst of its indicators' current judgements,
names the indicator that puts it there, and is never coloured by one with no target."""

import pytest

from boardapp.domain.judgement import Judgement, judge_requirement
from boardapp.domain.summary import DISPLAY_ORDER, count_by_status, worst
from boardapp.domain.terms import RagStatus
from tests.domain.builders import indicator

G, A, R = RagStatus.GREEN, RagStatus.AMBER, RagStatus.RED
WAIT, NONE, LATER = RagStatus.DUE_NO_READING, RagStatus.NO_DATA, RagStatus.NOT_YET_DUE


def _judgements(*statuses):
    return [Judgement(indicator(f"X{n}", title=f"Measure {n}"), s, None, f"reason {n}") for n, s in enumerate(statuses)]


@pytest.mark.parametrize(
    ("statuses", "standing"),
    [
        ((G, G), G),
        ((G, A), A),
        ((A, R, G), R),
        ((G, WAIT), WAIT),  # not green while a due figure is missing
        ((A, WAIT), A),  # a known amber outranks a missing figure
        ((R, WAIT), R),
        ((G, NONE), NONE),
        ((G, LATER), G),  # not yet due does not count against a judged one
        ((LATER, LATER), LATER),
        ((None, G), G),  # an indicator with no target never colours it
        ((None,), None),
        ((), None),
    ],
)
def test_a_requirement_stands_at_the_worst_of_its_indicators(statuses, standing):
    assert judge_requirement(_judgements(*statuses)).status is standing


def test_the_requirement_names_the_indicator_that_puts_it_there():
    judged = judge_requirement(_judgements(G, R, None, A))
    assert judged.driver.code == "X1"
    assert judged.says == "Red: Measure 1 (X1): reason 1; also X0 green, X3 amber"
    assert judge_requirement(_judgements(None)).says == "no linked indicator has a target"


def test_counts_list_every_status_in_display_order():
    counts = count_by_status([G, G, R, LATER])
    assert list(counts) == list(DISPLAY_ORDER)
    assert (counts[G], counts[R], counts[LATER], counts[A]) == (2, 1, 1, 0)
    assert worst([LATER, LATER]) is None
