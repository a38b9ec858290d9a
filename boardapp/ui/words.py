"""How the window says things: status words with symbols (never colour alone), dates, notes."""

from __future__ import annotations

from datetime import date, datetime

from boardapp.domain.terms import ActionStatus, AnnotationStatus, Rag, RagStatus, RequirementStatus, TrajectoryStatus
from boardapp.store.annotations import NoteRow

REQUIREMENT_STATUS = {
    RequirementStatus.MET: "✔ Met",
    RequirementStatus.PARTLY_MET: "◐ Partly met",
    RequirementStatus.NOT_MET: "✖ Not met",
    RequirementStatus.IN_PROGRESS: "➜ In progress",
    RequirementStatus.NOT_ASSESSED: "– Not assessed",
}

RAG_WORDS = {Rag.RED: "▲ Red", Rag.AMBER: "◆ Amber", Rag.GREEN: "● Green"}

# Background fills that stay readable in light and dark palettes (text is drawn dark).
RAG_FILLS = {Rag.RED: "#f4b6b6", Rag.AMBER: "#fbd99b", Rag.GREEN: "#b9e3c0"}

RAG_STATUS = {
    RagStatus.RED: "▲ Red",
    RagStatus.AMBER: "◆ Amber",
    RagStatus.GREEN: "● Green",
    RagStatus.DUE_NO_READING: "? Due, no reading",
    RagStatus.NO_DATA: "– No data",
    RagStatus.NOT_YET_DUE: "… Not yet due",
}

RAG_STATUS_FILLS = {RagStatus(rag.value): fill for rag, fill in RAG_FILLS.items()}

TRAJECTORY = {
    TrajectoryStatus.ON_TRACK: "↗ On track",
    TrajectoryStatus.AT_RISK: "→ At risk",
    TrajectoryStatus.OFF_TRACK: "↘ Off track",
    TrajectoryStatus.TOO_FEW_READINGS: "· Too few readings",
}

ACTION_STATUS = {
    ActionStatus.NOT_STARTED: "○ Not started",
    ActionStatus.IN_PROGRESS: "➜ In progress",
    ActionStatus.COMPLETE: "✔ Complete",
    ActionStatus.OVERDUE: "⚠ Overdue",
    ActionStatus.NOT_ASSESSED: "– Not assessed",
}

NOTE_STATUS = {AnnotationStatus.OPEN: "● Open", AnnotationStatus.ANSWERED: "◐ Answered", AnnotationStatus.CLOSED: "✔ Closed"}


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
