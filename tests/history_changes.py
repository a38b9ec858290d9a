"""The synthetic typical board with a history made through the store's own services
(statuses, a due date, a target, a requirement's judgement, readings, notes), and what
changed between two dates worked out apart from the app: raw SQL on the revision,
reading, reading_revision, target, action and annotation tables, with the rules of
docs/history.md restated here.

The synthetic board's Improvement Boards fall on the 15th of each month; ``AUGUST`` and
``SEPTEMBER`` are two of them. Its readings for a month become known on the 20th of the
next; its notes were all written on 30 September 2026 and answered on 3 October.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from boardapp.domain.changes import Section
from boardapp.domain.periods import Period
from boardapp.domain.terms import ActionStatus, AnnotatedKind, AnnotationKind, Rag, RequirementStatus, Role
from boardapp.store import actions, annotations, edits, history
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.models import Action, Annotation, Indicator, Requirement, Target
from boardapp.store.overview import build_overview
from boardapp.store.reading_edits import revise_reading
from tests import raw
from tests.people import person, sign_in

AUGUST, SEPTEMBER = date(2026, 8, 15), date(2026, 9, 15)
LATER = date(2026, 10, 15)  # after the synthetic notes were answered: the window's later changes are ours
FAR = date(2026, 10, 1)  # an action due after this is not overdue in the windows the tests look at
SECRETARIAT = "Sam Secretariat"
MEMBER = "Mo Member"
OBSERVER = "Olu Observer"


@dataclass(frozen=True)
class Made:
    """The items the history was made on (uuids)."""

    completed: uuid.UUID
    started: uuid.UUID
    slipped: uuid.UUID
    now_overdue: uuid.UUID
    exempt_action: uuid.UUID
    rag_only: uuid.UUID
    target: uuid.UUID
    judged: uuid.UUID
    judged_later: uuid.UUID
    answered_note: uuid.UUID
    closed_note: uuid.UUID
    new_note: uuid.UUID
    exempt_note: uuid.UUID


def make_board(path: Path) -> Made:
    """The synthetic typical board at ``path``, signed in as the secretariat, with a history."""
    create_database(path, synthetic_size="typical")
    with open_database(path) as db:
        sam = sign_in(db, SECRETARIAT, Role.SECRETARIAT)
        mo = person(db, MEMBER, Role.MEMBER)
        person(db, OBSERVER, Role.OBSERVER)
        with db.session() as session:
            rows = session.execute(select(Action.uuid, Action.status, Action.due_on, Action.exempt)
                                   .order_by(Action.id)).all()
            plain = [r for r in rows if not r.exempt]
            pick = iter(plain)
            completed = next(r.uuid for r in pick if r.status is ActionStatus.IN_PROGRESS and r.due_on > FAR)
            started = next(r.uuid for r in pick if r.status is ActionStatus.NOT_STARTED and r.due_on > FAR)
            slipped = next(r.uuid for r in plain if r.status is not ActionStatus.COMPLETE
                           and SEPTEMBER - timedelta(days=14) <= r.due_on < SEPTEMBER)
            now_overdue = next(r.uuid for r in pick if r.status is ActionStatus.IN_PROGRESS
                               and r.due_on > FAR)
            rag_only = next(r.uuid for r in pick if r.status is ActionStatus.NOT_STARTED and r.due_on > FAR)
            exempt_action = next(r.uuid for r in rows if r.exempt and r.status is not ActionStatus.COMPLETE)
            target = session.scalars(select(Target.uuid).join(Indicator).where(
                Indicator.code == "SYN 001", Target.period == "FY2026/27")).one()
            judged, judged_later = session.scalars(select(Requirement.uuid).where(Requirement.ref.in_(("1", "2")))
                                                   .order_by(Requirement.position)).all()
            notes = session.execute(select(Annotation.uuid, Annotation.status, Annotation.exempt)
                                    .order_by(Annotation.id)).all()
            answered_note = next(n.uuid for n in notes if n.status == "open" and not n.exempt)
            closed_note = next(n.uuid for n in notes if n.status == "answered" and not n.exempt)
            statuses = dict(session.execute(select(Requirement.uuid, Requirement.status)).tuples().all())
        with db.session(sam.label) as session:
            with history.because(session, "signed off at the August board", effective_on=date(2026, 9, 1)):
                edits.set_action_status(session, sam, completed, ActionStatus.COMPLETE, Rag.GREEN)
            with history.because(session, "the new team started", effective_on=date(2026, 8, 20)):
                edits.set_action_status(session, sam, started, ActionStatus.IN_PROGRESS, Rag.AMBER)
            with history.because(session, "waiting for the new case system", effective_on=date(2026, 8, 25)):
                fields = actions.fields_of(session, slipped)
                actions.update_action(session, sam, slipped, replace(fields, due_on=date(2026, 12, 31)))
            with history.because(session, "brought forward by the chair", effective_on=date(2026, 8, 10)):
                fields = actions.fields_of(session, now_overdue)
                actions.update_action(session, sam, now_overdue, replace(fields, due_on=date(2026, 9, 1)))
            with history.because(session, "confidential staffing matter", effective_on=date(2026, 9, 3)):
                edits.set_action_status(session, sam, exempt_action, ActionStatus.COMPLETE, Rag.GREEN)
            with history.because(session, "slower than planned", effective_on=date(2026, 8, 30)):
                edits.set_action_status(session, sam, rag_only, ActionStatus.NOT_STARTED, Rag.RED)
            edits.set_target_value(session, sam, target, 88.0, reason="agreed with DfE", effective_on=date(2026, 9, 5))
            with history.because(session, "evidence accepted by the board", effective_on=date(2026, 8, 25)):
                edits.set_requirement_status(session, sam, judged, _other(statuses[judged]))
            with history.because(session, "the audit came back", effective_on=date(2026, 11, 2)):
                edits.set_requirement_status(session, sam, judged_later, _other(statuses[judged_later]))
            # Readings: one new (known 10 November 2026), one revised today.
            revise_reading(session, sam, "SYN 003", Period.month(2026, 10), 55.0, today=date(2026, 11, 10))
            revise_reading(session, sam, "SYN 002", Period.month(2026, 8), 61.0, reason="corrected by the service")
            annotations.answer_note(session, sam, answered_note, "The service will report in October.")
            annotations.close_note(session, sam, closed_note)
        with db.session(mo.label) as session:
            requirement = judged
            new_note = annotations.add_note(session, mo, AnnotatedKind.REQUIREMENT, requirement,
                                            AnnotationKind.QUESTION, "Why did this change?").uuid
            exempt_note = annotations.add_note(session, mo, AnnotatedKind.REQUIREMENT, requirement,
                                               AnnotationKind.CHALLENGE, "Confidential: staffing", exempt=True).uuid
    return Made(completed, started, slipped, now_overdue, exempt_action, rag_only, target, judged, judged_later,
                answered_note, closed_note, new_note, exempt_note)


def _other(status: RequirementStatus) -> RequirementStatus:
    return RequirementStatus.MET if status is not RequirementStatus.MET else RequirementStatus.PARTLY_MET


# --- What changed, apart from the app -----------------------------------------------------------

Line = tuple[Section, date, str]  # section, day, what it is about (its label)


def expected(path: Path, after: date, until: date, *, include_exempt: bool = True) -> Counter[Line]:
    """Every change after ``after`` up to ``until``, from the tables themselves."""
    con = raw.connect(path)
    try:
        return Counter(_expected(con, after, until, include_exempt))
    finally:
        con.close()


def _day(text: str | None) -> date | None:
    return None if text is None else datetime.fromisoformat(text).date()


def _in(day: date | None, after: date, until: date) -> bool:
    return day is not None and after < day <= until


def _expected(con, after: date, until: date, include_exempt: bool) -> list[Line]:  # type: ignore[no-untyped-def]
    lines: list[Line] = []
    actions_now = {uuid.UUID(u): (ref, _day(due), status, bool(exempt)) for u, ref, due, status, exempt in
                   con.execute("SELECT uuid, ref, due_on, status, exempt FROM action")}
    requirements = {uuid.UUID(u): (ref, bool(exempt), _day(known)) for u, ref, exempt, known in
                    con.execute("SELECT uuid, ref, exempt, known_on FROM requirement")}
    indicators = {uuid.UUID(u): code for u, code in con.execute("SELECT uuid, code FROM indicator")}
    targets = {uuid.UUID(u): (code, period, _day(known)) for u, code, period, known in con.execute(
        "SELECT t.uuid, i.code, t.period, t.known_on FROM target t JOIN indicator i ON i.id = t.indicator_id")}
    hidden = set() if include_exempt else (
        {k for k, v in actions_now.items() if v[3]} | {k for k, v in requirements.items() if v[1]})
    revisions = [(kind, uuid.UUID(item), rkind, json.loads(changes), _day(effective)) for kind, item, rkind, changes,
                 effective in con.execute("SELECT item_kind, item_uuid, kind, changes, effective_on FROM revision "
                                          "ORDER BY effective_on, changed_at, id")]
    for kind, item, _rkind, changes, effective in revisions:
        if not _in(effective, after, until) or item in hidden:
            continue
        if kind == "action":
            status, due = changes.get("status"), changes.get("due_on")
            if status and status[1] == "complete" and status[0] != "complete":
                section = Section.ACTIONS_COMPLETED
            elif status and status[0] in (None, "not_started", "not_assessed") and status[1] == "in_progress":
                section = Section.ACTIONS_STARTED
            elif due and due[0] and due[1] and due[1] > due[0]:
                section = Section.ACTIONS_SLIPPED
            else:
                section = Section.OTHER
            lines.append((section, effective, f"Action {actions_now[item][0]}"))
        elif kind == "requirement":
            section = Section.JUDGEMENTS if "status" in changes else Section.OTHER
            lines.append((section, effective, f"Requirement {requirements[item][0]}"))
        elif kind == "target":
            code, period, _known = targets[item]
            lines.append((Section.TARGETS, effective, f"{code} target for {Period.parse(period).label}"))
        else:
            raise AssertionError(f"this board's history has no {kind} revisions")
    for ref, _exempt, known in requirements.values():
        if _in(known, after, until):
            lines.append((Section.JUDGEMENTS, known, f"Requirement {ref}"))
    for code, period, known in targets.values():
        if _in(known, after, until):
            lines.append((Section.TARGETS, known, f"{code} target for {Period.parse(period).label}"))
    for code, period, measure, known in con.execute(
            "SELECT i.code, r.period, r.measure, r.known_on FROM reading r JOIN indicator i ON i.id = r.indicator_id"):
        if _in(_day(known), after, until):
            lines.append((Section.NEW_READINGS, _day(known), _reading(code, period, measure)))
    for code, period, measure, known, changed in con.execute(
            "SELECT i.code, r.period, r.measure, r.known_on, v.changed_at FROM reading_revision v "
            "JOIN reading r ON r.id = v.reading_id JOIN indicator i ON i.id = r.indicator_id"):
        if _in(_day(changed), after, until) and (known is None or _day(known) <= until):
            lines.append((Section.REVISED_READINGS, _day(changed), _reading(code, period, measure)))
    for title, held in con.execute("SELECT title, held_on FROM inspection"):
        if _in(_day(held), after, until):
            lines.append((Section.INSPECTIONS, _day(held), title))
    lines.extend(_overdue(actions_now, revisions, hidden, after, until))
    lines.extend(_notes(con, actions_now, requirements, indicators, hidden, after, until, include_exempt))
    return lines


def _reading(code: str, period: str, measure: str) -> str:
    return f"{code} · {Period.parse(period).label}" + (f" ({measure})" if measure else "")


def _overdue(actions_now, revisions, hidden, after, until) -> list[Line]:  # type: ignore[no-untyped-def]
    """Overdue (past due, not complete) at the end of ``until`` and not at the end of ``after``:
    each action as it stood then, its later revisions undone newest first."""
    def state(item, day):  # type: ignore[no-untyped-def]
        _ref, due, status, _exempt = actions_now[item]
        fields = {"due_on": due.isoformat() if due else None, "status": status}
        for kind, revised, _rkind, changes, effective in reversed(revisions):
            if kind == "action" and revised == item and effective > day:
                for name in ("due_on", "status"):
                    if name in changes:
                        fields[name] = changes[name][0]
        return fields

    def overdue(fields, day):  # type: ignore[no-untyped-def]
        return fields["due_on"] is not None and date.fromisoformat(fields["due_on"]) < day and \
            fields["status"] != "complete"

    lines = []
    for item, (ref, _due, _status, _exempt) in actions_now.items():
        then, now = state(item, after), state(item, until)
        if item not in hidden and overdue(now, until) and not overdue(then, after):
            became = date.fromisoformat(now["due_on"]) + timedelta(days=1)
            lines.append((Section.ACTIONS_OVERDUE, became if _in(became, after, until) else until, f"Action {ref}"))
    return lines


NOTE_KIND = {"comment": "Comment", "question": "Question", "challenge": "Challenge", "assurance": "Assurance"}


def _notes(con, actions_now, requirements, indicators, hidden, after, until, include_exempt):  # type: ignore[no-untyped-def]
    lines = []
    for u, kind, target_kind, target, written, answered, updated, status, exempt in con.execute(
            "SELECT uuid, kind, target_kind, target_uuid, written_at, answered_at, updated_at, status, exempt "
            "FROM annotation"):
        target = uuid.UUID(target)
        if not include_exempt and (exempt or target in hidden):
            continue
        on = {"requirement": lambda: f"Requirement {requirements[target][0]}",
              "action": lambda: f"Action {actions_now[target][0]}",
              "indicator": lambda: indicators[target]}[target_kind]()
        label = f"{NOTE_KIND[kind]} on {on}"
        written, answered, updated = _day(written), _day(answered), _day(updated)
        if _in(written, after, until):
            lines.append((Section.NOTES_OPENED, written, label))
        if _in(answered, after, until):
            lines.append((Section.NOTES_ANSWERED, answered, label))
        elif status == "closed" and _in(max(updated, answered or updated), after, until):
            lines.append((Section.NOTES_CLOSED, max(updated, answered or updated), label))
    return lines


def rag_moves(path: Path, after: date, until: date, *, include_exempt: bool = True) -> Counter[Line]:
    """The requirements whose RAG on the data differs as at the two dates (the app's own
    judging at each date: what moved is the part worked out here)."""
    with open_database(path, read_only=True) as db, db.session() as session:
        before = {r.uuid: r.rag for r in build_overview(session, after, include_exempt=include_exempt).rows}
        now = build_overview(session, until, include_exempt=include_exempt).rows
    return Counter((Section.RAG, until, f"Requirement {r.ref}") for r in now if r.uuid in before
                   and before[r.uuid] != r.rag)


def lines_of(found) -> Counter[Line]:  # type: ignore[no-untyped-def]
    """The app's lines, as (section, day, label), for comparing with :func:`expected`."""
    return Counter((line.section, line.on, line.about.label) for line in found.lines)
