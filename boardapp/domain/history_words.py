"""A revision in plain words, the same in the window, the pack and the command line:
"Status: In progress → Complete", "Target: 72% → 80%", "Due: 30 Sep 2011 → 31 Dec 2011".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from boardapp.domain.history import Change
from boardapp.domain.terms import (
    ActionStatus,
    MilestoneStatus,
    Rag,
    RecommendationStatus,
    RequirementStatus,
    RevisionKind,
    TrackedKind,
)
from boardapp.domain.wording import ACTION_RAG, ACTION_STATUS, RECOMMENDATION_STATUS, REQUIREMENT_STATUS

FIELD_NAMES = {
    "status": "Status", "rag": "RAG", "owner": "Owner", "due_on": "Due", "evidence": "Evidence",
    "title": "Title", "text": "Text", "exempt": "Exempt", "done_on": "Done", "adopted_on": "Adopted",
    "deadline": "Deadline", "value": "Target", "basis": "Basis", "period": "Period", "period_start": "From",
    "period_end": "To", "note": "Note", "set_by": "Set by", "tolerance": "Band", "tolerance_kind": "Band kind",
}

_STATUS_WORDS: dict[TrackedKind, Callable[[str], str]] = {
    TrackedKind.ACTION: lambda v: ACTION_STATUS[ActionStatus(v)],
    TrackedKind.REQUIREMENT: lambda v: REQUIREMENT_STATUS[RequirementStatus(v)],
    TrackedKind.RECOMMENDATION: lambda v: RECOMMENDATION_STATUS[RecommendationStatus(v)],
    TrackedKind.MILESTONE: lambda v: {MilestoneStatus.OPEN: "Open", MilestoneStatus.DONE: "Done"}[MilestoneStatus(v)],
}
_LONG = 60  # texts longer than this are said to have changed, not quoted


def value_words(kind: TrackedKind, name: str, value: Any, number: Callable[[float], str] = "{:g}".format) -> str:
    """One field's value in words; ``number`` formats a target or band in its unit."""
    if value is None or value == "":
        return "none"
    if name == "status" and kind in _STATUS_WORDS:
        return _STATUS_WORDS[kind](value)
    if name == "rag":
        return ACTION_RAG[Rag(value)]
    if name.endswith("_on") or name in {"deadline", "period_start", "period_end"}:
        day = date.fromisoformat(value) if isinstance(value, str) else value
        return f"{day.day} {day:%b %Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(float(value))
    text = str(value).replace("_", " ") if name in {"basis", "tolerance_kind"} else str(value)
    return text if len(text) <= _LONG else "(text changed)"


def field_change_words(kind: TrackedKind, name: str, old: Any, new: Any,
                       number: Callable[[float], str] = "{:g}".format) -> str:
    label = FIELD_NAMES.get(name, name.replace("_", " ").capitalize())
    if name in {"evidence", "text", "note"} and (len(str(old or "")) > _LONG or len(str(new or "")) > _LONG):
        return f"{label} updated"
    return f"{label}: {value_words(kind, name, old, number)} → {value_words(kind, name, new, number)}"


def change_words(change: Change, number: Callable[[float], str] = "{:g}".format) -> str:
    """The whole revision in one line: "Status: In progress → Complete; RAG: Amber → Green"."""
    if change.kind is RevisionKind.CREATED:
        return "Added"
    return "; ".join(field_change_words(change.item_kind, name, old, new, number)
                     for name, (old, new) in sorted(change.changes.items(), key=lambda kv: _order(kv[0])))


def _order(name: str) -> int:
    names = list(FIELD_NAMES)
    return names.index(name) if name in names else len(names)
