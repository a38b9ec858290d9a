"""How the window says things: status words with symbols (never colour alone), dates, notes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from boardapp.domain import wording
from boardapp.domain.terms import ActionStatus, AnnotationStatus, Rag, RagStatus, RequirementStatus, TrajectoryStatus

if TYPE_CHECKING:  # the store's notes import SQLAlchemy: the first paint uses these words without it
    from boardapp.store.annotations import NoteRow

K = TypeVar("K")

# The symbol before each word, by vocabulary: a status is never told by colour alone.
# (One table per vocabulary: words of different vocabularies can be equal strings.)


def _marked(words: Mapping[K, str], symbols: Mapping[K, str]) -> dict[K, str]:
    return {key: f"{symbols[key]} {word}" for key, word in words.items()}


REQUIREMENT_STATUS = _marked(wording.REQUIREMENT_STATUS, {
    RequirementStatus.MET: "✔", RequirementStatus.PARTLY_MET: "◐", RequirementStatus.NOT_MET: "✖",
    RequirementStatus.IN_PROGRESS: "➜", RequirementStatus.NOT_ASSESSED: "–",
})
RAG_WORDS = _marked(wording.ACTION_RAG, {Rag.RED: "▲", Rag.AMBER: "◆", Rag.GREEN: "●"})
RAG_STATUS = _marked(wording.RAG_STATUS, {
    RagStatus.RED: "▲", RagStatus.AMBER: "◆", RagStatus.GREEN: "●",
    RagStatus.DUE_NO_READING: "?", RagStatus.NO_DATA: "–", RagStatus.NOT_YET_DUE: "…",
})
TRAJECTORY = _marked(wording.TRAJECTORY, {
    TrajectoryStatus.ON_TRACK: "↗", TrajectoryStatus.AT_RISK: "→", TrajectoryStatus.OFF_TRACK: "↘",
    TrajectoryStatus.TOO_FEW_READINGS: "·",
})
ACTION_STATUS = _marked(wording.ACTION_STATUS, {
    ActionStatus.NOT_STARTED: "○", ActionStatus.IN_PROGRESS: "➜", ActionStatus.COMPLETE: "✔",
    ActionStatus.OVERDUE: "⚠", ActionStatus.NOT_ASSESSED: "–",
})
NOTE_STATUS = _marked(wording.NOTE_STATUS, {
    AnnotationStatus.OPEN: "●", AnnotationStatus.ANSWERED: "◐", AnnotationStatus.CLOSED: "✔",
})

# Background fills that stay readable in light and dark palettes (text is drawn dark).
RAG_FILLS = {Rag.RED: "#f4b6b6", Rag.AMBER: "#fbd99b", Rag.GREEN: "#b9e3c0"}
RAG_STATUS_FILLS = {RagStatus(rag.value): fill for rag, fill in RAG_FILLS.items()}


def day(value: date | None) -> str:
    return "" if value is None else f"{value.day} {value:%b %Y}"


def long_day(value: date) -> str:
    """"9 May 2011"."""
    return f"{value.day} {value:%B %Y}"


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"


def note_summary(note: NoteRow) -> str:
    head = f"{note.kind.value.capitalize()} · {note.author} · {moment(note.written_at)} · {NOTE_STATUS[note.status]}"
    if note.exempt:
        head += " · EXEMPT"
    text = f"{head}\n{note.text}"
    if note.answer:
        text += f"\n↳ {note.answered_by}: {note.answer}"
    return text
