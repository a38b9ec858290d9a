"""The synthetic board's history: dated revisions of its actions, targets and
requirements, spread over the meetings, so the window, the pack and the performance
harness meet history at a realistic volume.

- Half of the actions moved status one to three times since the plan began (not
  started -> in progress -> complete or overdue; overdue -> complete), each move with
  its RAG; one in five of those also slipped once (its due date moved later).
- One target in eight was revised once after it was set (its value).
- One requirement in four was re-judged once after the notice.

Each change takes effect on a day after one meeting and on or before the next, is
made by a member of the secretariat and says why. Deterministic as the generator is:
every choice comes from its :class:`random.Random`, every uuid from its maker, every
moment from the day the change took effect. The items' rows hold their latest state;
each revision's ``old`` values chain back from it (store/history.py).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from boardapp.domain.terms import TrackedKind
from boardapp.store import history

ACTION_SHARE = 1 / 2
SLIP_SHARE = 0.2
TARGET_SHARE = 1 / 8
REQUIREMENT_SHARE = 1 / 4
MOVES = 3  # at most, per action
SOURCE = "synthetic"

# What an action's status was before it moved to a status (choices).
ACTION_BEFORE = {
    "in_progress": ("not_started",),
    "complete": ("in_progress", "overdue"),
    "overdue": ("in_progress",),
    "not_started": (),
}
ACTION_REASONS = {
    "in_progress": "Work started; reported to the board by the lead officer",
    "complete": "Completion confirmed by the lead officer with evidence",
    "overdue": "Missed its due date; the board was told why",
}
SLIP_REASON = "a new date agreed by the board"
REQUIREMENT_BEFORE = {
    "met": ("partly_met", "in_progress"),
    "partly_met": ("in_progress", "not_met"),
    "not_met": ("in_progress", "partly_met"),
    "in_progress": ("not_assessed",),
}
REQUIREMENT_REASON = "Re-judged by the board on the latest evidence"
TARGET_REASONS = (
    "Reset by the board after the first quarter's figures",
    "Raised: last year's result already beat it",
    "Lowered: the measure's definition changed",
)
PLAN_START = date(2024, 4, 1)  # the synthetic plan's adoption (synthetic._plan)
NOTICE_START = date(2024, 3, 1)  # the synthetic notice's issue (synthetic._notice)

Row = dict[str, Any]


def revisions(
    rng: random.Random,
    new_uuid: Callable[[], uuid.UUID],
    meeting_days: Sequence[date],
    members: Sequence[Row],
    *,
    actions: Sequence[Row],
    targets: Sequence[Row],
    requirements: Sequence[Row],
) -> list[Row]:
    """Revision rows for a Core bulk insert, ids from 1."""
    days = sorted(meeting_days)
    intervals = list(pairwise(days))
    secretariat = [m["name"] for m in members if m["role"] == "secretariat"]
    rows: list[Row] = []

    def add(kind: TrackedKind, item: Row, changes: dict[str, tuple[Any, Any]], day: date, reason: str) -> None:
        moment = datetime.combine(day, time(9), UTC) + timedelta(minutes=rng.randint(0, 480))
        row = history.revision_rows(kind, item["uuid"], changes, effective_on=day, changed_by=rng.choice(secretariat),
                                    reason=reason, source=SOURCE, changed_at=moment)
        row.update(id=len(rows) + 1, uuid=new_uuid())
        rows.append(row)

    def days_after(start: date, count: int) -> list[date]:
        """``count`` days, each between a different pair of meetings after ``start``, in order."""
        open_ = [pair for pair in intervals if pair[0] >= start]
        chosen = sorted(rng.sample(open_, min(count, len(open_))))
        return [a + timedelta(days=rng.randint(1, (b - a).days)) for a, b in chosen]

    for action in actions:
        if rng.random() < ACTION_SHARE:
            states = _action_states(rng, action)
            moves = list(pairwise(states))
            days = days_after(PLAN_START, len(moves))
            # Fewer meetings than moves: the latest moves, so the chain ends at the row as it stands.
            for (before, after), day in zip(moves[len(moves) - len(days):], days, strict=True):
                changes = {k: (before[k], after[k]) for k in after if before[k] != after[k]}
                reason = ACTION_REASONS.get(after["status"], "Progress reported to the board")
                if "due_on" in changes:
                    reason += f"; {SLIP_REASON}"
                add(TrackedKind.ACTION, action, changes, day, reason)
    for target in targets:
        if rng.random() < TARGET_SHARE:
            for day in days_after(target["known_on"], 1):
                add(TrackedKind.TARGET, target, {"value": (_earlier_value(rng, target["value"]), target["value"])},
                    day, rng.choice(TARGET_REASONS))
    for requirement in requirements:
        before = REQUIREMENT_BEFORE.get(requirement["status"], ())
        if before and rng.random() < REQUIREMENT_SHARE:
            for day in days_after(NOTICE_START, 1):
                add(TrackedKind.REQUIREMENT, requirement, {"status": (rng.choice(before), requirement["status"])},
                    day, REQUIREMENT_REASON)
    return rows


def _action_states(rng: random.Random, action: Row) -> list[Row]:
    """The action's states, oldest first, ending with the row as it stands (just that one
    when it has not started: nothing moved)."""
    states = [{"status": action["status"], "rag": action["rag"], "due_on": action["due_on"]}]
    for _ in range(rng.randint(1, MOVES)):
        before = ACTION_BEFORE[states[0]["status"]]
        if not before:
            break
        status = rng.choice(before)
        rag = None if status == "not_started" else rng.choice(("red", "amber", "green"))
        states.insert(0, {**states[0], "status": status, "rag": rag})
    if len(states) > 1 and rng.random() < SLIP_SHARE:
        slipped = rng.randint(1, len(states) - 1)  # the move at which the due date moved later
        earlier = action["due_on"] - timedelta(days=rng.randint(30, 120))
        for state in states[:slipped]:
            state["due_on"] = earlier
    return states


def _earlier_value(rng: random.Random, value: float) -> float:
    """A target's value before its revision: a few points off a percentage, a few off a count."""
    sign = rng.choice((-1, 1))
    if value == int(value):
        return max(1.0, value + sign * rng.randint(5, 30)) if value > 1 else value + 5.0
    return round(value + sign * rng.uniform(1, 8), 1)
