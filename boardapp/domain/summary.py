"""Counts and the worst-first order of statuses.

The board's requirements roll up from their indicators' current judgements
(judgement.py, docs/domain-rules.md "Roll-up"), worst first by :data:`WORST_FIRST`:

    red > amber > no figure > no data > green

and "not yet due" only when nothing else is.
"""

from __future__ import annotations

from collections.abc import Iterable

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
