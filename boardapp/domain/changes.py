"""What changed between two dates: the sections a board reads, and how a revision of a
tracked item falls into one (store/changes.py gathers the lines, the window and the
pack show them).

Rules (docs/what-changed.md):

- The window runs from the end of ``after`` to the end of ``until``: a change counts
  when its day is after ``after`` and on or before ``until`` (a revision by its
  ``effective_on``, a reading by its ``known_on``, a reading's revision and a note by
  the UTC day it was made).
- Every revision of a tracked item in the window is one line, in exactly one section:
  an action's revision that completes it is "Actions completed", one that starts it
  "Actions started", one that moves its due date later "Actions slipped", in that order
  of precedence; a requirement's revision that changes its judged status is a
  judgement; a recommendation's that makes it complete closes it; a target's is a
  target change; any other revision is an "other change".
- Lines no revision carries are worked out at both ends: a requirement's RAG on the
  data (judged again as at each date), an action that became overdue (overdue as at
  ``until``, not as at ``after``), a requirement first judged (its ``known_on`` in the
  window), a target, reading or inspection that became known, a note opened, answered
  or closed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any

from boardapp.domain.history import Change, between
from boardapp.domain.terms import ActionStatus, RecommendationStatus, RevisionKind, TrackedKind


class Section(StrEnum):
    """The sections, in the order they are listed."""

    JUDGEMENTS = "judgements"
    RAG = "rag"
    NEW_READINGS = "new_readings"
    REVISED_READINGS = "revised_readings"
    TARGETS = "targets"
    ACTIONS_COMPLETED = "actions_completed"
    ACTIONS_STARTED = "actions_started"
    ACTIONS_SLIPPED = "actions_slipped"
    ACTIONS_OVERDUE = "actions_overdue"
    RECOMMENDATIONS_CLOSED = "recommendations_closed"
    INSPECTIONS = "inspections"
    NOTES_OPENED = "notes_opened"
    NOTES_ANSWERED = "notes_answered"
    NOTES_CLOSED = "notes_closed"
    OTHER = "other"


SECTION_TITLES = {
    Section.JUDGEMENTS: "Requirement judgements",
    Section.RAG: "Requirements' RAG on the data",
    Section.NEW_READINGS: "New readings",
    Section.REVISED_READINGS: "Revised readings",
    Section.TARGETS: "Targets changed",
    Section.ACTIONS_COMPLETED: "Actions completed",
    Section.ACTIONS_STARTED: "Actions started",
    Section.ACTIONS_SLIPPED: "Actions slipped",
    Section.ACTIONS_OVERDUE: "Actions now overdue",
    Section.RECOMMENDATIONS_CLOSED: "Recommendations closed",
    Section.INSPECTIONS: "New inspections",
    Section.NOTES_OPENED: "Notes opened",
    Section.NOTES_ANSWERED: "Notes answered",
    Section.NOTES_CLOSED: "Notes closed",
    Section.OTHER: "Other changes",
}
ORDER = {section: n for n, section in enumerate(Section)}


class ItemKind(StrEnum):
    """What a line is about, and so where the window goes to show it."""

    REQUIREMENT = "requirement"
    INDICATOR = "indicator"  # a reading's, a target's or a band's indicator
    ACTION = "action"
    PLAN = "plan"
    RECOMMENDATION = "recommendation"
    INSPECTION = "inspection"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class ItemRef:
    """An item a line is about: ``key`` names it where the window looks it up (a
    requirement's ref, an indicator's code, an action's ref, a note's uuid as text);
    ``label`` names it for a reader ("NI 59", "Action P2.1.a")."""

    kind: ItemKind
    uuid: uuid.UUID | None
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One change: what it is about (where the window goes), on which day, what it was
    and became (words), who made it and why. ``source``: the row it comes from (a
    revision's uuid, a reading revision's, a note's...), so a reader can trace it; None
    for a line worked out at both ends. ``item``: the item that changed when it is not
    ``about`` itself (a target or a milestone; a note's item). ``exempt``: about an
    exempt item (shown only to those who may read exempt items, and marked)."""

    section: Section
    about: ItemRef
    on: date
    what: str  # the change in words: "Status: In progress → Complete"
    before: str = ""
    after: str = ""
    who: str = ""
    why: str = ""
    source: uuid.UUID | None = None
    item: uuid.UUID | None = None
    exempt: bool = False


@dataclass(frozen=True, slots=True)
class ChangeSection:
    section: Section
    lines: tuple[ChangeLine, ...]

    @property
    def title(self) -> str:
        return SECTION_TITLES[self.section]


@dataclass(frozen=True)
class ChangeList:
    """Every change after ``after`` up to and including ``until``."""

    after: date
    until: date
    lines: tuple[ChangeLine, ...]

    @cached_property
    def sections(self) -> tuple[ChangeSection, ...]:
        """The sections that have lines, in :class:`Section` order; lines in order of
        day, then label, then wording. Worked out once (a large board's list has tens of
        thousands of lines, and the pack asks for them twice); each label's natural order
        once (many lines share one)."""
        grouped: dict[Section, list[ChangeLine]] = {}
        for line in self.lines:
            grouped.setdefault(line.section, []).append(line)
        labels: dict[str, tuple[Any, ...]] = {}

        def order(line: ChangeLine) -> tuple[Any, ...]:
            label = line.about.label
            key = labels.get(label)
            if key is None:
                key = labels[label] = natural(label)
            return (line.on, key, line.what, str(line.source or ""))

        return tuple(ChangeSection(s, tuple(sorted(grouped[s], key=order))) for s in Section if s in grouped)

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def empty(self) -> bool:
        return not self.lines

    def counts(self) -> dict[Section, int]:
        """How many lines each section has (only those with lines), in :class:`Section` order."""
        found: dict[Section, int] = {}
        for line in self.lines:
            found[line.section] = found.get(line.section, 0) + 1
        return {s: found[s] for s in Section if s in found}


def line_order(line: ChangeLine) -> tuple[Any, ...]:
    return (line.on, natural(line.about.label), line.what, str(line.source or ""))


def natural(text: str) -> tuple[Any, ...]:
    """"Action A10" after "Action A9": digits compare as numbers."""
    parts: list[Any] = []
    number = ""
    word = ""
    for char in text:
        if char.isdigit():
            if word:
                parts.append((1, word.casefold()))
                word = ""
            number += char
        else:
            if number:
                parts.append((0, int(number)))
                number = ""
            word += char
    if number:
        parts.append((0, int(number)))
    if word:
        parts.append((1, word.casefold()))
    return tuple(parts)


def in_window(day: date | None, after: date, until: date) -> bool:
    return day is not None and after < day <= until


def section_of(change: Change) -> Section:
    """The section a revision of a tracked item is listed in."""
    if change.kind is RevisionKind.CREATED:
        return Section.TARGETS if change.item_kind is TrackedKind.TARGET else Section.OTHER
    fields = change.changes
    if change.item_kind is TrackedKind.ACTION:
        if _moved_to(fields, "status", ActionStatus.COMPLETE):
            return Section.ACTIONS_COMPLETED
        if _started(fields):
            return Section.ACTIONS_STARTED
        if _later(fields.get("due_on")):
            return Section.ACTIONS_SLIPPED
        return Section.OTHER
    if change.item_kind is TrackedKind.REQUIREMENT:
        return Section.JUDGEMENTS if "status" in fields else Section.OTHER
    if change.item_kind is TrackedKind.RECOMMENDATION:
        closed = _moved_to(fields, "status", RecommendationStatus.COMPLETE)
        return Section.RECOMMENDATIONS_CLOSED if closed else Section.OTHER
    if change.item_kind is TrackedKind.TARGET:
        return Section.TARGETS
    return Section.OTHER


def _moved_to(fields: Mapping[str, tuple[Any, Any]], name: str, value: StrEnum) -> bool:
    pair = fields.get(name)
    return pair is not None and pair[1] == value.value and pair[0] != value.value


_NOT_STARTED = {None, ActionStatus.NOT_STARTED.value, ActionStatus.NOT_ASSESSED.value}


def _started(fields: Mapping[str, tuple[Any, Any]]) -> bool:
    pair = fields.get("status")
    return pair is not None and pair[0] in _NOT_STARTED and pair[1] == ActionStatus.IN_PROGRESS.value


def _later(pair: tuple[Any, Any] | None) -> bool:
    """A due date moved later (plain ISO dates compare as dates)."""
    return pair is not None and pair[0] is not None and pair[1] is not None and str(pair[1]) > str(pair[0])


def overdue(state: Mapping[str, Any] | None, day: date) -> bool:
    """An action (plain fields as at ``day``) past its due date and not complete on
    ``day``: the plan's rule (store/board.ActionRow.overdue)."""
    if state is None or not state.get("due_on"):
        return False
    due = state["due_on"]
    due = date.fromisoformat(due) if isinstance(due, str) else due
    return due < day and state.get("status") != ActionStatus.COMPLETE.value


def revisions_in(history: Mapping[Any, Sequence[Change]], after: date, until: date) -> list[Change]:
    """Every revision, of every item, that took effect in the window."""
    return [c for changes in history.values() for c in between(changes, after, until)]
