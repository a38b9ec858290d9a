"""How a pack says statuses: plain words (a RAG is never shown by its fill alone)."""

from __future__ import annotations

from boardapp.domain import wording
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

__all__ = [
    "ACTION_RAG",
    "ACTION_STATUS",
    "NOTE_KIND",
    "NOTE_STATUS",
    "RAG_STATUS",
    "RECOMMENDATION_STATUS",
    "REQUIREMENT_STATUS",
    "TRAJECTORY",
    "EXEMPT_MARK",
]

EXEMPT_MARK = " [EXEMPT]"
