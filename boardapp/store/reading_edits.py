"""Changing readings: one import of many rows, or one value edited in the window.

Both go through the same rules (``domain/reading_rules.py``: the unit's range, numerator
and denominator, the period's range) and the same classification (:func:`plan_readings`:
new, revised, updated or unchanged). Every change of a value or status writes a
:class:`ReadingRevision` with the old and new value, who made it, when and why, so an
"as at" view can show what was known before. Only roles with
``Permission.EDIT_READINGS`` may write.

:func:`apply_readings` writes in bulk (Core ``insert``/``update`` with lists of dicts,
the existing readings of the touched indicators loaded in one query) and records one
audit entry per table; :func:`revise_reading` edits one reading through the ORM, so the
audit log names each column it changed.
"""

from __future__ import annotations

import functools
import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session

from boardapp.domain.periods import Period
from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.reading_rules import settle_reading
from boardapp.domain.terms import ReadingStatus, Unit
from boardapp.store import outbox
from boardapp.store.audit import record_bulk_load
from boardapp.store.bulk import insert_many, large_writes
from boardapp.store.models import Indicator, Reading, ReadingRevision
from boardapp.store.models.base import utc_now

MAX_SOURCE_LENGTH = 200  # Reading.source
MAX_COMMENTARY_LENGTH = 20_000
# New readings written (and queued for the board server) this many at a time: a
# multiple of the outbox's 500, so the entries come out as they would all at once.
NEW_READINGS_BATCH = 5_000


class ReadingEditError(ValueError):
    """A change that cannot be made as given; ``str()`` says why."""


class Outcome(StrEnum):
    NEW = "new"  # no reading for that indicator and period yet
    REVISED = "revised"  # value or status changes: a revision is recorded
    UPDATED = "updated"  # only numerator, denominator, source or commentary change
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """What the rules need to know about an indicator."""

    id: int
    code: str
    unit: Unit
    decimals: int


@dataclass(frozen=True, slots=True)
class ReadingChange:
    """A reading as someone wants it to be.

    ``value`` None: computed from numerator and denominator. ``status`` None: a new
    reading is provisional, an existing one keeps its status. Empty ``source`` or
    ``commentary``: an existing reading keeps its own; a new one takes the source of
    the whole change (the file's name).
    """

    indicator_code: str
    period: Period
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    status: ReadingStatus | None = None
    source: str = ""
    commentary: str = ""


@dataclass(frozen=True, slots=True)
class StoredReading:
    """A reading as the database holds it."""

    id: int
    value: float | None
    numerator: float | None
    denominator: float | None
    status: ReadingStatus
    source: str
    commentary: str


@dataclass(frozen=True, slots=True)
class PlannedReading:
    """One change and what it does: ``stored`` is the reading it changes (None: new)."""

    change: ReadingChange
    outcome: Outcome
    indicator_id: int
    new_value: float | None
    new_status: ReadingStatus
    stored: StoredReading | None = None

    @property
    def reading_id(self) -> int | None:
        return None if self.stored is None else self.stored.id

    @property
    def old_value(self) -> float | None:
        return None if self.stored is None else self.stored.value

    @property
    def old_status(self) -> ReadingStatus | None:
        return None if self.stored is None else self.stored.status


@dataclass(frozen=True)
class ReadingPlan:
    """What applying a list of changes does, reading by reading, in the order given."""

    items: tuple[PlannedReading, ...]
    counts: dict[Outcome, int] = field(init=False)

    def __post_init__(self) -> None:
        counts = dict.fromkeys(Outcome, 0)
        for item in self.items:
            counts[item.outcome] += 1
        object.__setattr__(self, "counts", counts)

    def of(self, outcome: Outcome) -> list[PlannedReading]:
        return [item for item in self.items if item.outcome is outcome]

    @property
    def changes_anything(self) -> bool:
        return self.counts[Outcome.UNCHANGED] != len(self.items)


# --- The rules ---------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _period_columns(period: Period) -> tuple[str, date, date]:
    """A period's code, start and end: worked out once per period, not once per row."""
    return period.code, period.start, period.end


# --- Reading what is there -----------------------------------------------------------


def indicator_facts(session: Session) -> dict[str, IndicatorFacts]:
    """Every indicator of the database by code."""
    query = select(Indicator.id, Indicator.code, Indicator.unit, Indicator.decimals)
    return {code: IndicatorFacts(iid, code, Unit(unit), decimals) for iid, code, unit, decimals in session.execute(query)}


_READING_COLUMNS = (
    Reading.id,
    Reading.indicator_id,
    Reading.period,
    Reading.value,
    Reading.numerator,
    Reading.denominator,
    Reading.status,
    Reading.source,
    Reading.commentary,
)


def plan_readings(session: Session, changes: Sequence[ReadingChange], today: date | None = None) -> ReadingPlan:
    """What applying ``changes`` would do. :class:`ReadingEditError` if any is unsound:
    an unknown indicator, a duplicate, or a value the rules refuse."""
    facts = indicator_facts(session)
    today = today or date.today()
    settled = _settle_all(facts, changes, today)
    ids = sorted({facts[c.indicator_code].id for c in changes})
    periods = sorted({_period_columns(c.period)[0] for c in changes})
    existing: dict[tuple[int, str], StoredReading] = {}
    connection = session.connection()
    for start in range(0, len(ids), 10_000):
        # One query (per 10,000 indicators): the readings of the touched indicators,
        # for the touched periods when they are few enough to name.
        query = select(*_READING_COLUMNS).where(Reading.indicator_id.in_(ids[start : start + 10_000]))
        if len(periods) <= 10_000:
            query = query.where(Reading.period.in_(periods))
        for rid, iid, period, value, numerator, denominator, status, source, commentary in connection.execute(query):
            existing[(iid, period)] = StoredReading(
                rid, value, numerator, denominator, ReadingStatus(status), source, commentary
            )
    items = []
    for change, value in zip(changes, settled, strict=True):
        indicator_id = facts[change.indicator_code].id
        stored = existing.get((indicator_id, _period_columns(change.period)[0]))
        items.append(_classify(change, indicator_id, value, stored))
    return ReadingPlan(tuple(items))


def _settle_all(facts: dict[str, IndicatorFacts], changes: Sequence[ReadingChange], today: date) -> list[float | None]:
    problems: list[tuple[ReadingChange, str]] = []
    seen: set[tuple[str, str]] = set()
    values: list[float | None] = []
    for change in changes:
        indicator = facts.get(change.indicator_code)
        if indicator is None:
            problems.append((change, f"there is no indicator {change.indicator_code!r} in this database"))
            values.append(None)
            continue
        key = (change.indicator_code, _period_columns(change.period)[0])
        if key in seen:
            problems.append((change, "given more than once"))
        seen.add(key)
        value, found = settle_reading(indicator, change.period, change.value, change.numerator, change.denominator, today)
        problems.extend((change, f"{p.field} {p.found}; expected {p.expected}") for p in found)
        if len(change.source) > MAX_SOURCE_LENGTH:
            problems.append((change, f"the source is longer than {MAX_SOURCE_LENGTH} characters"))
        if len(change.commentary) > MAX_COMMENTARY_LENGTH:
            problems.append((change, f"the commentary is longer than {MAX_COMMENTARY_LENGTH:,} characters"))
        values.append(value)
    if problems:
        lines = [f"{c.indicator_code} {_period_columns(c.period)[0]}: {message}" for c, message in problems[:20]]
        more = f"; and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ReadingEditError(f"no reading was changed: {'; '.join(lines)}{more}")
    return values


def _same(old: float | None, new: float | None) -> bool:
    if old is None or new is None:
        return old is new
    return math.isclose(old, new, rel_tol=0.0, abs_tol=1e-9)


def _classify(
    change: ReadingChange, indicator_id: int, value: float | None, stored: StoredReading | None
) -> PlannedReading:
    if stored is None:
        return PlannedReading(change, Outcome.NEW, indicator_id, value, change.status or ReadingStatus.PROVISIONAL)
    status = change.status or stored.status
    if not _same(stored.value, value) or status is not stored.status:
        outcome = Outcome.REVISED
    elif (
        (change.numerator is not None and not _same(stored.numerator, change.numerator))
        or (change.denominator is not None and not _same(stored.denominator, change.denominator))
        or (change.source and change.source != stored.source)
        or (change.commentary and change.commentary != stored.commentary)
    ):
        outcome = Outcome.UPDATED
    else:
        outcome = Outcome.UNCHANGED
    return PlannedReading(change, outcome, indicator_id, value, status, stored)


# --- Writing -----------------------------------------------------------------------------


def apply_readings(
    session: Session, who: Identity, changes: Sequence[ReadingChange], source: str, today: date | None = None
) -> ReadingPlan:
    """Make ``changes`` in the session's transaction; return what was done.

    ``who``: the established identity importing (refused, ``NotAllowed``, without
    ``EDIT_READINGS`` or when not established on this copy: a name alone is not enough).
    ``source``: where the changes came from (a file's name): the reason of every
    revision and the source of new readings that name none.
    """
    who.require(Permission.EDIT_READINGS)
    name = who.name
    today = today or date.today()
    plan = plan_readings(session, changes, today)
    now = utc_now()
    connection = session.connection()
    new_items = [item for item in plan.items if item.outcome is Outcome.NEW]
    changed_rows, revisions = [], []
    for item in plan.items:
        if item.outcome in (Outcome.REVISED, Outcome.UPDATED):
            columns = _new_columns(item)
            changed_rows.append(
                {"reading_id": item.reading_id, "new_updated_at": now} | {f"new_{k}": v for k, v in columns.items()}
            )
            if item.outcome is Outcome.REVISED:
                revisions.append(
                    {
                        "uuid": uuid.uuid4(),
                        "created_at": now,
                        "updated_at": now,
                        "reading_id": item.reading_id,
                        "old_value": item.old_value,
                        "new_value": item.new_value,
                        "old_status": item.old_status,
                        "new_status": item.new_status,
                        "changed_by": name,
                        "changed_at": now,
                        "reason": f"imported from {source}",
                    }
                )
    with large_writes(connection, len(plan.items)):
        # New readings a batch at a time, each with its outbox entries: the memory of one
        # batch's rows, not of the whole file's (the entries come out in the same order).
        for start in range(0, len(new_items), NEW_READINGS_BATCH):
            new_rows = [
                _new_row(item, now, today, source, name) for item in new_items[start : start + NEW_READINGS_BATCH]
            ]
            insert_many(connection, Reading.__table__, new_rows)
            outbox.record_written(connection, "reading", new_rows, name)
            del new_rows
        if changed_rows:
            table = Reading.__table__
            statement = (
                update(table)
                .where(table.c.id == bindparam("reading_id"))
                .values({column: bindparam(f"new_{column}") for column in (*_EDITABLE, "updated_at")})
            )
            connection.execute(statement, changed_rows)
        if revisions:
            insert_many(connection, ReadingRevision.__table__, revisions)
        _queue_for_the_board_server(connection, plan, revisions, name)
    note = (
        f"readings from {source}: {plan.counts[Outcome.NEW]} new, {plan.counts[Outcome.REVISED]} revised, "
        f"{plan.counts[Outcome.UPDATED]} updated"
    )
    for table_name, rows in (("reading", len(new_items) + len(changed_rows)), ("reading_revision", len(revisions))):
        if rows:
            record_bulk_load(connection, table_name, rows, name, note, at=now)
    session.expire_all()
    return plan


_EDITABLE = ("value", "numerator", "denominator", "status", "source", "commentary")


def _new_row(item: PlannedReading, now: Any, today: date, source: str, name: str) -> dict[str, Any]:
    """The reading table's row of a new reading."""
    change = item.change
    period, start, end = _period_columns(change.period)
    return {
        "uuid": uuid.uuid4(),
        "created_at": now,
        "updated_at": now,
        "indicator_id": item.indicator_id,
        "period": period,
        "period_start": start,
        "period_end": end,
        "value": item.new_value,
        "numerator": change.numerator,
        "denominator": change.denominator,
        "status": item.new_status,
        "known_on": today,
        "source": change.source or source[:MAX_SOURCE_LENGTH],
        "commentary": change.commentary,
        "entered_by": name,
        "measure": "",  # an imported figure is the indicator's own measure
    }


def _queue_for_the_board_server(
    connection: Connection,
    plan: ReadingPlan,
    revisions: list[dict[str, Any]],
    actor: str,
) -> None:
    """The outbox entries of a bulk write (the ORM's listener does not see Core writes)
    after the new readings' (queued with each batch): changed readings as updates with
    old values, revisions as inserts."""
    changed = [item for item in plan.items if item.outcome in (Outcome.REVISED, Outcome.UPDATED)]
    if changed:
        table = Reading.__table__
        ids = [item.reading_id for item in changed]
        uuids = dict(connection.execute(select(table.c.id, table.c.uuid).where(table.c.id.in_(ids))).tuples().all())
        updates = []
        for item in changed:
            stored = item.stored
            assert stored is not None
            new = _new_columns(item)
            updates.append((uuids[item.reading_id], {column: (getattr(stored, column), new[column]) for column in new}))
        outbox.record_updates(connection, "reading", updates, actor)
    outbox.record_written(connection, "reading_revision", revisions, actor)


def _new_columns(item: PlannedReading) -> dict[str, object]:
    """The new column values of an existing reading: blanks keep what is there, except
    that a changed value given without its counts drops the old counts."""
    change, stored = item.change, item.stored
    assert stored is not None
    keep_counts = (
        _same(stored.value, item.new_value) and change.numerator is None and change.denominator is None
    )
    return {
        "value": item.new_value,
        "numerator": stored.numerator if keep_counts else change.numerator,
        "denominator": stored.denominator if keep_counts else change.denominator,
        "status": item.new_status,
        "source": change.source or stored.source,
        "commentary": change.commentary or stored.commentary,
    }


def revise_reading(
    session: Session,
    who: Identity,
    indicator_code: str,
    period: Period,
    new_value: float | None,
    *,
    status: ReadingStatus | None = None,
    numerator: float | None = None,
    denominator: float | None = None,
    commentary: str = "",
    reason: str = "",
    today: date | None = None,
) -> PlannedReading:
    """Set one reading (making it if there is none), as the window's editor does.

    A changed value or status records a revision with ``reason``. Refused
    (``NotAllowed``) for a role without ``EDIT_READINGS``; :class:`ReadingEditError`
    for a value the rules refuse.
    """
    who.require(Permission.EDIT_READINGS)
    change = ReadingChange(indicator_code, period, new_value, numerator, denominator, status, "", commentary.strip())
    item = plan_readings(session, [change], today).items[0]
    if item.outcome is Outcome.NEW:
        session.add(
            Reading(
                indicator_id=item.indicator_id,
                period=period.code,
                period_start=period.start,
                period_end=period.end,
                value=item.new_value,
                numerator=numerator,
                denominator=denominator,
                status=item.new_status,
                known_on=today or date.today(),
                source=f"entered by {who.name}",
                commentary=change.commentary,
                entered_by=who.name,
            )
        )
    elif item.outcome is not Outcome.UNCHANGED:
        reading = session.get_one(Reading, item.reading_id)
        for column, value in _new_columns(item).items():
            setattr(reading, column, value)
        if item.outcome is Outcome.REVISED:
            reading.revisions.append(
                ReadingRevision(
                    old_value=item.old_value,
                    new_value=item.new_value,
                    old_status=item.old_status,
                    new_status=item.new_status,
                    changed_by=who.name,
                    changed_at=utc_now(),
                    reason=reason.strip() or "edited in Board App",
                )
            )
    session.flush()
    return item


def describe(items: Iterable[PlannedReading]) -> list[str]:
    """One line per planned reading, as the dry run lists them: "NI 59 2011-08: 80.5 -> 81.0"."""
    lines = []
    for item in items:
        name = f"{item.change.indicator_code} {item.change.period.code}"
        new = f"{_shown(item.new_value)} ({item.new_status})"
        if item.outcome is Outcome.NEW or item.outcome is Outcome.UNCHANGED:
            lines.append(f"{name}: {new}")
        else:
            lines.append(f"{name}: {_shown(item.old_value)} ({item.old_status}) -> {new}")
    return lines


def _shown(value: float | None) -> str:
    return "no value" if value is None else f"{value:g}"
