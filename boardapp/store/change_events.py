"""The changes that are not revisions of a tracked item: readings that became known or
were revised, inspections held, notes opened, answered and closed (store/changes.py
puts them beside the revisions). Core queries, reading only the window's rows."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from boardapp.domain.changes import ChangeLine, ItemKind, ItemRef, Section, in_window
from boardapp.domain.periods import Period, PeriodError
from boardapp.domain.terms import AnnotationKind, AnnotationStatus, ReadingStatus, Unit
from boardapp.domain.units import format_value
from boardapp.domain.wording import NOTE_KIND
from boardapp.store.models import (
    Annotation,
    Indicator,
    Inspection,
    Judgement,
    Reading,
    ReadingRevision,
    Recommendation,
)

SHORT = 120  # a note's text or answer is quoted up to this many characters
CHUNK = 500
READING_STATUS = {ReadingStatus.PROVISIONAL.value: "provisional", ReadingStatus.VALIDATED.value: "validated"}


def start_of(day: date) -> datetime:
    """The first moment (UTC) after the end of ``day``."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def utc_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(UTC).date()


def short(text: str, most: int = SHORT) -> str:
    """The first line of ``text``, cut at a word to ``most`` characters with "…"."""
    line = " ".join(text.split())
    if len(line) <= most:
        return line
    return line[: most - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# --- Readings -----------------------------------------------------------------------------


def reading_lines(connection: Connection, after: date, until: date) -> list[ChangeLine]:
    """Readings that became known in the window (their ``known_on``), each with its value
    as at ``until``; and every revision of a reading made in the window."""
    v = ReadingRevision.__table__.c
    revisions: dict[int, list[Any]] = defaultdict(list)
    query = (select(v.uuid, v.reading_id, v.changed_at, v.old_value, v.new_value, v.old_status, v.new_status,
                    v.changed_by, v.reason).where(v.changed_at >= start_of(after)).order_by(v.changed_at, v.id))
    for row in connection.execute(query):
        revisions[row.reading_id].append(row)
    r = Reading.__table__.c
    columns = (r.id, r.uuid, r.period, r.value, r.status, r.known_on, r.measure, r.entered_by)
    rows = list(_with_indicator(connection, columns, and_(r.known_on > after, r.known_on <= until)))
    seen = {row.id for row in rows}
    revised = [key for key, found in revisions.items()
               if key not in seen and any(in_window(utc_day(x.changed_at), after, until) for x in found)]
    for start in range(0, len(revised), CHUNK):
        rows.extend(_with_indicator(connection, columns, r.id.in_(revised[start:start + CHUNK])))
    lines = []
    for row in rows:
        about = ItemRef(ItemKind.INDICATOR, row.indicator_uuid, row.code, _reading_label(row))
        unit = Unit(row.unit)
        mine = revisions.get(row.id, [])
        if in_window(row.known_on, after, until):
            later = [x for x in mine if utc_day(x.changed_at) > until]
            value, status = (row.value, row.status) if not later else (later[0].old_value,
                                                                         later[0].old_status or row.status)
            shown = _value(value, unit, row.decimals)
            lines.append(ChangeLine(Section.NEW_READINGS, about, row.known_on, f"{shown}, {READING_STATUS[status]}",
                                    "", shown, row.entered_by or "", "", row.uuid, item=row.uuid))
        if row.known_on is not None and row.known_on > until:
            continue  # not yet known at the end of the window: nor are its revisions
        for x in mine:
            day = utc_day(x.changed_at)
            if in_window(day, after, until):
                lines.append(_revised(x, about, day, unit, row.decimals, row.uuid))
    return lines


def _with_indicator(connection: Connection, columns: tuple[Any, ...], where: Any) -> Any:
    r, i = Reading.__table__.c, Indicator.__table__.c
    query = (select(*columns, i.uuid.label("indicator_uuid"), i.code, i.unit, i.decimals)
             .join_from(Reading.__table__, Indicator.__table__, i.id == r.indicator_id).where(where))
    return connection.execute(query)


def _reading_label(row: Any) -> str:
    try:
        period = Period.parse(row.period).label
    except PeriodError:
        period = row.period
    return f"{row.code} · {period}" + (f" ({row.measure})" if row.measure else "")


def _value(value: float | None, unit: Unit, decimals: int) -> str:
    return "no value" if value is None else format_value(value, unit, decimals)


def _revised(x: Any, about: ItemRef, day: date, unit: Unit, decimals: int, reading: uuid.UUID) -> ChangeLine:
    old, new = _value(x.old_value, unit, decimals), _value(x.new_value, unit, decimals)
    parts = []
    if x.old_value != x.new_value:
        parts.append(f"Value: {old} → {new}")
    if x.old_status is not None and x.new_status is not None and x.old_status != x.new_status:
        was, became = READING_STATUS[x.old_status].capitalize(), READING_STATUS[x.new_status].capitalize()
        parts.append(f"Status: {was} → {became}")
    return ChangeLine(Section.REVISED_READINGS, about, day, "; ".join(parts) or "Revised, no change of value",
                      old, new, x.changed_by or "", x.reason or "", x.uuid, item=reading)


# --- Inspections ----------------------------------------------------------------------------


def inspection_lines(connection: Connection, after: date, until: date) -> list[ChangeLine]:
    """Inspections held in the window, with how many judgements and recommendations they made."""
    n = Inspection.__table__.c
    held = connection.execute(select(n.id, n.uuid, n.key, n.title, n.held_on, n.date_precision)
                              .where(n.held_on > after, n.held_on <= until)).all()
    if not held:
        return []
    ids = [row.id for row in held]
    judgements = _counts(connection, Judgement.__table__.c.inspection_id, ids)
    recommendations = _counts(connection, Recommendation.__table__.c.inspection_id, ids)
    lines = []
    for row in held:
        when = f"{row.held_on:%B %Y}" if row.date_precision == "month" else f"{row.held_on.day} {row.held_on:%B %Y}"
        what = (f"Held {when}: {_count(judgements.get(row.id, 0), 'judgement')}, "
                f"{_count(recommendations.get(row.id, 0), 'recommendation')}")
        lines.append(ChangeLine(Section.INSPECTIONS, ItemRef(ItemKind.INSPECTION, row.uuid, row.key, row.title),
                                row.held_on, what, source=row.uuid))
    return lines


def _counts(connection: Connection, column: Any, ids: list[int]) -> dict[int, int]:
    return dict(connection.execute(select(column, func.count()).where(column.in_(ids)).group_by(column)).tuples().all())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- Notes ----------------------------------------------------------------------------------


def note_lines(connection: Connection, refs: Mapping[uuid.UUID, ItemRef], after: date, until: date) -> list[ChangeLine]:
    """Notes written in the window; answered in it (with the answer); closed in it
    without an answer in it (a note keeps no moment of closing: its last change,
    ``updated_at``, is taken as it)."""
    a = Annotation.__table__.c
    start, end = start_of(after), start_of(until)
    closed = a.status == AnnotationStatus.CLOSED.value
    query = select(a.uuid, a.target_uuid, a.kind, a.text, a.author_name, a.written_at, a.status, a.answer,
                   a.answered_by, a.answered_at, a.updated_at, a.exempt).where(or_(
                       and_(a.written_at >= start, a.written_at < end),
                       and_(a.answered_at >= start, a.answered_at < end),
                       and_(closed, a.updated_at >= start, a.updated_at < end)))
    lines = []
    for row in connection.execute(query):
        target = refs.get(row.target_uuid)
        about = ItemRef(ItemKind.NOTE, row.uuid, str(row.uuid),
                        f"{NOTE_KIND[AnnotationKind(row.kind)]} on {target.label if target else '(removed item)'}")
        common = {"source": row.uuid, "item": row.target_uuid, "exempt": bool(row.exempt)}
        written, answered = utc_day(row.written_at), utc_day(row.answered_at)
        closed_on = utc_day(max(row.updated_at, row.answered_at or row.updated_at)) if row.status == "closed" else None
        if in_window(written, after, until):
            lines.append(ChangeLine(Section.NOTES_OPENED, about, written, short(row.text), who=row.author_name,
                                    **common))
        if in_window(answered, after, until):
            what = "Answered and closed" if closed_on is not None and closed_on <= until else "Answered"
            lines.append(ChangeLine(Section.NOTES_ANSWERED, about, answered, what, who=row.answered_by or "",
                                    why=short(row.answer or ""), **common))
        elif in_window(closed_on, after, until):
            lines.append(ChangeLine(Section.NOTES_CLOSED, about, closed_on, "Closed", why=short(row.answer or ""),
                                    **common))
    return lines
