"""How a pack says statuses: plain words (a RAG is never shown by its fill alone)."""

from __future__ import annotations

from boardapp.domain import wording
from boardapp.domain.terms import RequirementStatus
from boardapp.domain.wording import (
    ACTION_RAG,
    ACTION_STATUS,
    NOTE_KIND,
    NOTE_STATUS,
    RAG_STATUS,
    RECOMMENDATION_STATUS,
    TRAJECTORY,
)

# A requirement the as-at date comes before any judgement of.
REQUIREMENT_STATUS = {**wording.REQUIREMENT_STATUS, None: "Not yet judged"}
# The order the judged statuses are counted and listed in, best first.
JUDGED_ORDER = (
    RequirementStatus.MET,
    RequirementStatus.PARTLY_MET,
    RequirementStatus.NOT_MET,
    RequirementStatus.IN_PROGRESS,
    RequirementStatus.NOT_ASSESSED,
    None,
)

__all__ = [
    "ACTION_RAG",
    "ACTION_STATUS",
    "EXEMPT_MARK",
    "JUDGED_ORDER",
    "NOTE_KIND",
    "NOTE_STATUS",
    "RAG_STATUS",
    "RECOMMENDATION_STATUS",
    "REQUIREMENT_STATUS",
    "TRAJECTORY",
]

EXEMPT_MARK = " [EXEMPT]"
