"""What changed between two dates (or two meetings), for the window's "Changes" view
and the pack's "What changed" sheet: built on the history (store/history.py), so it is
exact for any two dates. The sections and the rules: domain/changes.py.

Exempt items: with ``include_exempt`` False (an observer, a DfE or public pack) no line
is about a requirement or action that is exempt now or was at either date, nor about a
note that is exempt or is on such an item; an item no longer in the database is left
out too, since nothing says whether it was exempt.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from boardapp.domain.changes import ChangeLine, ChangeList, ItemKind, ItemRef, Section, in_window, overdue, section_of
from boardapp.domain.history import Change, as_at, between
from boardapp.domain.history_words import change_words, value_words
from boardapp.domain.model import IndicatorData
from boardapp.domain.periods import Period, PeriodError
from boardapp.domain.terms import (
    ActionStatus,
    MeetingKind,
    RagStatus,
    RequirementStatus,
    RevisionKind,
    TrackedKind,
    Unit,
)
from boardapp.domain.units import format_value
from boardapp.domain.wording import ACTION_STATUS, RAG_STATUS, REQUIREMENT_STATUS
from boardapp.store import board, history
from boardapp.store.board import MeetingRow
from boardapp.store.change_events import inspection_lines, note_lines, reading_lines
from boardapp.store.models import Action, Indicator, Milestone, Plan, Recommendation, Requirement, Target
from boardapp.store.overview import Overview, build_overview

NOT_JUDGED = "Not yet judged"
NO_TARGET = "No target"


@dataclass(frozen=True)
class Labels:
    """What every tracked item is called, where the window finds it, and whether it is
    exempt now: by uuid."""

    refs: dict[uuid.UUID, ItemRef]
    exempt: set[uuid.UUID]
    number: dict[uuid.UUID, tuple[Unit, int]]  # a target's or an indicator's unit and decimals


def last_board_before(meetings: Sequence[MeetingRow], day: date) -> MeetingRow | None:
    """The last Improvement Board whose as-at date comes before ``day``: what "since the
    last meeting" is measured from (the pack's rule too: exchange/pack/content._earlier)."""
    boards = [m for m in meetings if m.kind is MeetingKind.BOARD and m.as_at < day]
    return max(boards, key=lambda m: (m.as_at, m.held_on), default=None)


def since_last_board(session: Session, until: date, *,
                     include_exempt: bool = True) -> tuple[MeetingRow | None, ChangeList]:
    """The changes since the last Improvement Board before ``until`` (none recorded: an
    empty list from ``until`` to ``until``)."""
    since = last_board_before(board.meetings(session), until)
    after = since.as_at if since is not None else until
    return since, changes_between(session, after, until, include_exempt=include_exempt)


def changes_between(
    session: Session,
    after: date,
    until: date,
    *,
    include_exempt: bool = True,
    data: Sequence[IndicatorData] | None = None,
    rag_before: Mapping[uuid.UUID, RagStatus | None] | None = None,
    overview_until: Overview | None = None,
) -> ChangeList:
    """Every change after ``after`` up to and including ``until`` (the two swapped if
    given the wrong way round). ``rag_before`` and ``overview_until``: the requirements'
    RAG as at ``after`` and the overview as at ``until`` when the caller has them (the
    pack does), else they are worked out here."""
    if until < after:
        after, until = until, after
    connection = session.connection()
    labels = _labels(connection)
    revisions = history.changes_of(connection)
    states = _states(connection, revisions, (after, until))
    lines = _new_targets(connection, labels, revisions, after, until)
    known = {line.item for line in lines}  # a target added in the window is listed once, as new
    for changes in revisions.values():
        lines.extend(_revision_line(change, labels) for change in between(changes, after, until)
                     if not (change.kind is RevisionKind.CREATED and change.item_uuid in known))
    lines.extend(_first_judgements(connection, labels, states, after, until))
    lines.extend(_overdue(labels, states, after, until))
    lines.extend(reading_lines(connection, after, until))
    lines.extend(inspection_lines(connection, after, until))
    lines.extend(note_lines(connection, labels.refs, after, until))
    if after < until:
        lines.extend(_rag(session, labels, after, until, include_exempt, data, rag_before, overview_until))
    exempt = labels.exempt | _exempt_then(states)
    kept = []
    for line in lines:
        marked = line.exempt or line.about.uuid in exempt or line.item in exempt
        if include_exempt:
            kept.append(replace(line, exempt=True) if marked and not line.exempt else line)
        elif not marked and line.about.uuid is not None:
            kept.append(line)
    return ChangeList(after, until, tuple(kept))


# --- The items, as they are now and as they stood ---------------------------------------


def _labels(connection: Connection) -> Labels:
    refs: dict[uuid.UUID, ItemRef] = {}
    exempt: set[uuid.UUID] = set()
    number: dict[uuid.UUID, tuple[Unit, int]] = {}
    a, r, i, t = Action.__table__.c, Requirement.__table__.c, Indicator.__table__.c, Target.__table__.c
    actions: dict[int, tuple[uuid.UUID, str]] = {}
    for key, row_id, ref, is_exempt in connection.execute(select(a.uuid, a.id, a.ref, a.exempt)):
        refs[key] = ItemRef(ItemKind.ACTION, key, ref, f"Action {ref}")
        actions[row_id] = (key, ref)
        if is_exempt:
            exempt.add(key)
    for key, ref, is_exempt in connection.execute(select(r.uuid, r.ref, r.exempt)):
        refs[key] = ItemRef(ItemKind.REQUIREMENT, key, ref, f"Requirement {ref}")
        if is_exempt:
            exempt.add(key)
    indicators: dict[int, tuple[uuid.UUID, str, Unit, int]] = {}
    for key, row_id, code, unit, decimals in connection.execute(select(i.uuid, i.id, i.code, i.unit, i.decimals)):
        refs[key] = ItemRef(ItemKind.INDICATOR, key, code, code)
        number[key] = (Unit(unit), decimals)
        indicators[row_id] = (key, code, Unit(unit), decimals)
    for key, indicator_id, period in connection.execute(select(t.uuid, t.indicator_id, t.period)):
        owner, code, unit, decimals = indicators[indicator_id]
        refs[key] = ItemRef(ItemKind.INDICATOR, owner, code, f"{code} target for {_period_words(period)}")
        number[key] = (unit, decimals)
    m, p, c = Milestone.__table__.c, Plan.__table__.c, Recommendation.__table__.c
    for key, action_id, position in connection.execute(select(m.uuid, m.action_id, m.position)):
        owner, ref = actions[action_id]
        refs[key] = ItemRef(ItemKind.ACTION, owner, ref, f"Action {ref}, milestone {position}")
        if owner in exempt:
            exempt.add(key)
    for key, plan_key in connection.execute(select(p.uuid, p.key)):
        refs[key] = ItemRef(ItemKind.PLAN, key, plan_key, f"Plan {plan_key}")
    for key, ref in connection.execute(select(c.uuid, c.ref)):
        refs[key] = ItemRef(ItemKind.RECOMMENDATION, key, ref, f"Recommendation {ref}")
    return Labels(refs, exempt, number)


def _period_words(code: str) -> str:
    try:
        return Period.parse(code).label
    except PeriodError:
        return code


States = dict[TrackedKind, dict[date, dict[uuid.UUID, dict[str, Any]]]]


def _states(connection: Connection, revisions: Mapping[uuid.UUID, list[Change]], days: Sequence[date]) -> States:
    """Requirements and actions as they stood at the end of each day (plain fields)."""
    states: States = {}
    for kind in (TrackedKind.REQUIREMENT, TrackedKind.ACTION):
        now = history.rows_as_at(connection, kind, None)
        states[kind] = {day: history.undone_after(now, revisions, day) for day in days}
    return states


def _exempt_then(states: States) -> set[uuid.UUID]:
    return {item for by_day in states.values() for rows in by_day.values()
            for item, fields in rows.items() if fields.get("exempt")}


# --- Lines from revisions ---------------------------------------------------------------

_MAIN_FIELD = {
    Section.JUDGEMENTS: "status", Section.ACTIONS_COMPLETED: "status", Section.ACTIONS_STARTED: "status",
    Section.ACTIONS_SLIPPED: "due_on", Section.RECOMMENDATIONS_CLOSED: "status", Section.TARGETS: "value",
}


def _revision_line(change: Change, labels: Labels) -> ChangeLine:
    section = section_of(change)
    ref = labels.refs.get(change.item_uuid) or _removed(change)
    unit = labels.number.get(change.item_uuid)
    number = (lambda v: format_value(v, unit[0], unit[1], trim=True)) if unit else "{:g}".format
    name = _MAIN_FIELD.get(section)
    if name not in change.changes and len(change.changes) == 1:
        name = next(iter(change.changes))
    before = after = ""
    if name in change.changes:
        old, new = change.changes[name]
        before = value_words(change.item_kind, name, old, number)
        after = value_words(change.item_kind, name, new, number)
    what = change_words(change, number)
    if change.kind is RevisionKind.CREATED:
        what = f"{_KIND_WORDS[change.item_kind]} added"
    return ChangeLine(section, ref, change.effective_on, what, before, after, change.changed_by, change.reason,
                      change.uuid, item=change.item_uuid)


_KIND_WORDS = {
    TrackedKind.ACTION: "Action", TrackedKind.MILESTONE: "Milestone", TrackedKind.PLAN: "Plan",
    TrackedKind.RECOMMENDATION: "Recommendation", TrackedKind.REQUIREMENT: "Requirement",
    TrackedKind.TARGET: "Target", TrackedKind.INDICATOR: "Indicator",
}


def _removed(change: Change) -> ItemRef:
    """An item no longer in the database: named by its kind, with nowhere to go."""
    kind = {TrackedKind.REQUIREMENT: ItemKind.REQUIREMENT, TrackedKind.RECOMMENDATION: ItemKind.RECOMMENDATION,
            TrackedKind.PLAN: ItemKind.PLAN}.get(change.item_kind, ItemKind.ACTION)
    if change.item_kind in (TrackedKind.TARGET, TrackedKind.INDICATOR):
        kind = ItemKind.INDICATOR
    return ItemRef(kind, None, "", f"{_KIND_WORDS[change.item_kind]} (removed)")


# --- Lines worked out at both ends ------------------------------------------------------


def _first_judgements(connection: Connection, labels: Labels, states: States, after: date,
                      until: date) -> list[ChangeLine]:
    """A requirement whose judgement became known in the window (its ``known_on``)."""
    r = Requirement.__table__.c
    lines = []
    for key, known_on in connection.execute(select(r.uuid, r.known_on).where(r.known_on > after, r.known_on <= until)):
        state = states[TrackedKind.REQUIREMENT][until].get(key)
        if state is None:
            continue
        now = REQUIREMENT_STATUS[RequirementStatus(state["status"])]
        lines.append(ChangeLine(Section.JUDGEMENTS, labels.refs[key], known_on, f"First judged: {now}", NOT_JUDGED,
                                now, item=key))
    return lines


def _overdue(labels: Labels, states: States, after: date, until: date) -> list[ChangeLine]:
    """Actions overdue as at ``until`` that were not as at ``after``."""
    before, now = states[TrackedKind.ACTION][after], states[TrackedKind.ACTION][until]
    lines = []
    for key, state in now.items():
        if not overdue(state, until) or overdue(before.get(key), after):
            continue
        due = date.fromisoformat(state["due_on"])
        day = due + timedelta(days=1) if in_window(due + timedelta(days=1), after, until) else until
        status = ACTION_STATUS[ActionStatus(state["status"])]
        lines.append(ChangeLine(Section.ACTIONS_OVERDUE, labels.refs[key], day,
                                f"Due {value_words(TrackedKind.ACTION, 'due_on', due)}, not complete ({status})",
                                status, "Overdue", item=key))
    return lines


def _new_targets(connection: Connection, labels: Labels, revisions: Mapping[uuid.UUID, list[Change]],
                 after: date, until: date) -> list[ChangeLine]:
    """Targets that became known in the window (their ``known_on``); one added in the
    window is this line rather than its "added" revision's too."""
    t = Target.__table__.c
    lines = []
    query = select(t.uuid, t.known_on, t.value, t.set_by, t.note).where(t.known_on > after, t.known_on <= until)
    for key, known_on, value, set_by, note in connection.execute(query):
        then = as_at({"value": value, "set_by": set_by, "note": note}, revisions.get(key, ()), until)
        if then is None:
            continue
        unit, decimals = labels.number[key]
        shown = format_value(then["value"], unit, decimals, trim=True)
        why = "; ".join(filter(None, (f"set by {then['set_by']}" if then["set_by"] else "", then["note"] or "")))
        lines.append(ChangeLine(Section.TARGETS, labels.refs[key], known_on, f"New target: {shown}", "", shown,
                                "", why[:1].upper() + why[1:], key, item=key))
    return lines


def _rag(session: Session, labels: Labels, after: date, until: date, include_exempt: bool,
         data: Sequence[IndicatorData] | None, rag_before: Mapping[uuid.UUID, RagStatus | None] | None,
         overview_until: Overview | None) -> list[ChangeLine]:
    """Requirements whose RAG on the data differs as at the two dates."""
    if rag_before is None:
        then = build_overview(session, after, include_exempt=include_exempt, data=data)
        rag_before = {row.uuid: row.rag for row in then.rows}
    now = overview_until or build_overview(session, until, include_exempt=include_exempt, data=data)
    lines = []
    for row in now.rows:
        if row.uuid not in rag_before or rag_before[row.uuid] == row.rag:
            continue
        was, became = _rag_words(rag_before[row.uuid]), _rag_words(row.rag)
        lines.append(ChangeLine(Section.RAG, labels.refs[row.uuid], until, f"RAG: {was} → {became}", was, became,
                                "", row.rag_reason, item=row.uuid))
    return lines


def _rag_words(status: RagStatus | None) -> str:
    return RAG_STATUS[status] if status is not None else NO_TARGET
