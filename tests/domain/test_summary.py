"""Roll-ups: a requirement stands at the worst of its due targets; the notice counts."""

from datetime import date

import pytest

from boardapp.domain.evaluation import TargetEvaluation
from boardapp.domain.summary import DISPLAY_ORDER, roll_up, summarise_notice
from boardapp.domain.terms import RagStatus
from tests.domain.builders import target

G, A, R = RagStatus.GREEN, RagStatus.AMBER, RagStatus.RED
WAIT, NONE, LATER = RagStatus.DUE_NO_READING, RagStatus.NO_DATA, RagStatus.NOT_YET_DUE


def _evaluations(*statuses, code="NI 59"):
    return [
        TargetEvaluation(code, target(f"20{10 + i}-06", 70.0 + i, code=code), date(2011, 11, 1), s, None, None, "")
        for i, s in enumerate(statuses)
    ]


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
        ((G, LATER), G),  # not yet due does not count
        ((LATER, LATER), LATER),
        ((), NONE),
    ],
)
def test_a_requirement_stands_at_the_worst_of_its_due_targets(statuses, standing):
    assert roll_up(_evaluations(*statuses)).status is standing


def test_a_standing_counts_its_targets_by_status():
    standing = roll_up(_evaluations(G, G, LATER, R))
    assert list(standing.counts) == list(DISPLAY_ORDER)
    assert (standing.counts[G], standing.counts[R], standing.counts[LATER], standing.counts[A]) == (2, 1, 1, 0)
    assert standing.due == 3


def test_the_notice_counts_requirements_and_targets_each_once():
    shared = _evaluations(R, code="NI 59")
    summary = summarise_notice(
        {"1": shared + _evaluations(G, code="NI 60"), "2": shared, "3": _evaluations(LATER, code="NI 79")}
    )
    assert (summary.requirements[R], summary.requirements[LATER], summary.requirements[G]) == (2, 1, 0)
    assert (summary.targets[R], summary.targets[G], summary.targets[LATER]) == (1, 1, 1)
