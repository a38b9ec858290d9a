"""Roll-ups: a requirement's standing from its targets, and the notice's counts.

A requirement stands at the worst of its *due* targets (docs/domain-rules.md,
"Roll-up"), in this order, worst first:

    red > amber > due, no reading > no data > green

So a requirement is green only when every due target has a figure and meets it; a
missing figure is not hidden behind green, nor does it outrank a known amber or red.
Targets not yet due do not count. A requirement with targets but none due is "not yet
due"; one with no targets at all is "no data". Every due target counts, old ones
included: a missed June 2010 milestone stays visible after later ones are met.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from boardapp.domain.evaluation import TargetEvaluation
from boardapp.domain.model import Target
from boardapp.domain.terms import RagStatus

WORST_FIRST = (
    RagStatus.RED,
    RagStatus.AMBER,
    RagStatus.DUE_NO_READING,
    RagStatus.NO_DATA,
    RagStatus.GREEN,
)
_RANK = {status: rank for rank, status in enumerate(WORST_FIRST)}

# The order counts are listed in: the RAG colours, then the reasons there is none.
DISPLAY_ORDER = (
    RagStatus.RED,
    RagStatus.AMBER,
    RagStatus.GREEN,
    RagStatus.DUE_NO_READING,
    RagStatus.NO_DATA,
    RagStatus.NOT_YET_DUE,
)


@dataclass(frozen=True, slots=True)
class Standing:
    """A requirement's rolled-up status and the count of its targets by status."""

    status: RagStatus
    counts: Mapping[RagStatus, int]

    @property
    def due(self) -> int:
        return sum(n for status, n in self.counts.items() if status is not RagStatus.NOT_YET_DUE)


@dataclass(frozen=True, slots=True)
class NoticeSummary:
    """How many requirements, and how many targets, stand at each status."""

    requirements: Mapping[RagStatus, int]
    targets: Mapping[RagStatus, int]


def count_by_status(statuses: Iterable[RagStatus]) -> dict[RagStatus, int]:
    """Counts for every status, zeros included, in :data:`DISPLAY_ORDER`."""
    counts = dict.fromkeys(DISPLAY_ORDER, 0)
    for status in statuses:
        counts[status] += 1
    return counts


def worst(statuses: Iterable[RagStatus]) -> RagStatus | None:
    """The worst due status by :data:`WORST_FIRST`; None if none is due."""
    due = [s for s in statuses if s is not RagStatus.NOT_YET_DUE]
    return min(due, key=_RANK.__getitem__) if due else None


def roll_up(evaluations: Iterable[TargetEvaluation]) -> Standing:
    """A requirement's standing from the evaluations of its indicators' targets."""
    statuses = [evaluation.status for evaluation in evaluations]
    counts = count_by_status(statuses)
    if not statuses:
        return Standing(RagStatus.NO_DATA, counts)
    status = worst(statuses)
    return Standing(status if status is not None else RagStatus.NOT_YET_DUE, counts)


def summarise_notice(requirements: Mapping[str, Iterable[TargetEvaluation]]) -> NoticeSummary:
    """Counts by status over a notice's target requirements, keyed by requirement ref.

    A target judging two requirements counts once for each requirement but once only
    in the target counts.
    """
    standings = []
    seen: dict[Target, RagStatus] = {}
    for evaluations in requirements.values():
        listed = list(evaluations)
        standings.append(roll_up(listed).status)
        seen.update((e.target, e.status) for e in listed)
    return NoticeSummary(count_by_status(standings), count_by_status(seen.values()))
