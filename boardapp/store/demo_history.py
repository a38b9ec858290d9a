"""The demo dataset's history: earlier states of its items, as the reports state them.

An item's keys in the file hold its latest state, as the report its ``source`` names
states it. Each ``[[<table>.history]]`` entry under it gives an earlier state: the
fields that differed, the day that state was reported (``reported``), the report that
stated it (``by``), where the reports say so (``source``) and why the state after it
replaced it, in the later report's words (``reason``). Entries are oldest first.

Each entry becomes one ``changed`` revision (store/history.py): ``{field: [this
state's value, the next state's value]}``, effective on the day the next state was
reported (the next entry's ``reported``, or for the latest state the date of the
report its ``source`` names in ``[[sources]]``), changed by that report. The format:
docs/demo-data-format.md, "History".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from boardapp.domain.terms import (
    ActionStatus,
    MilestoneStatus,
    Rag,
    RecommendationStatus,
    RequirementStatus,
    TargetBasis,
    TrackedKind,
)
from boardapp.store import history
from boardapp.store.demo_rows import DemoDataError, Row, rows
from boardapp.store.models import Revision

# Keys of a history entry that are about the entry, not the item's fields.
ABOUT = ("reported", "by", "reason", "source")
BY_LIMIT = 120  # revision.changed_by
SOURCE_LIMIT = 200  # revision.source

Reader = Callable[[Row, str], dict[str, Any]]


def _text(name: str, limit: int | None = None) -> Reader:
    return lambda row, key: {name: row.text(key, limit=limit)}


def _word(name: str, vocabulary: Any, empty: bool = False) -> Reader:
    def read(row: Row, key: str) -> dict[str, Any]:
        if empty and row.get(key) == "":
            return {name: None}
        return {name: row.word(key, vocabulary)}
    return read


def _day(name: str) -> Reader:
    def read(row: Row, key: str) -> dict[str, Any]:
        return {name: None} if row.get(key) == "" else {name: row.day(key, required=True)}
    return read


def _flag(name: str) -> Reader:
    return lambda row, key: {name: row.flag(key)}


def _number(name: str) -> Reader:
    return lambda row, key: {name: row.number(key, required=True)}


def _period(row: Row, key: str) -> dict[str, Any]:
    period = row.period(key)
    return {"period": period.code, "period_start": period.start, "period_end": period.end}


# The keys an entry may give, per kind: the file's key -> the item's fields it sets.
# Optional dates and a RAG take "" for "none".
FIELDS: dict[TrackedKind, dict[str, Reader]] = {
    TrackedKind.REQUIREMENT: {
        "status": _word("status", RequirementStatus), "evidence": _text("evidence"), "exempt": _flag("exempt"),
    },
    TrackedKind.ACTION: {
        "title": _text("title"), "owner": _text("owner"), "due": _day("due_on"),
        "status": _word("status", ActionStatus), "rag": _word("rag", Rag, empty=True),
        "evidence": _text("evidence"), "exempt": _flag("exempt"),
    },
    TrackedKind.MILESTONE: {
        "title": _text("title"), "due": _day("due_on"), "done": _day("done_on"),
        "status": _word("status", MilestoneStatus),
    },
    TrackedKind.PLAN: {
        "title": _text("title"), "owner": _text("owner"), "adopted": _day("adopted_on"), "deadline": _day("deadline"),
    },
    TrackedKind.RECOMMENDATION: {
        "text": _text("text"), "due": _day("due_on"), "status": _word("status", RecommendationStatus),
    },
    TrackedKind.TARGET: {
        "value": _number("value"), "basis": _word("basis", TargetBasis), "period": _period,
        "note": _text("note"), "set_by": _text("set_by", limit=120),
    },
}


@dataclass(frozen=True)
class Report:
    """A report in ``[[sources]]``: when it is dated and what a revision calls it."""

    key: str
    day: date
    name: str


@dataclass(frozen=True)
class _Entry:
    row: Row
    reported: date
    by: str
    reason: str
    source: str
    fields: dict[str, Any]  # the item's field -> plain value


class Histories:
    """Collects the items that have a history while the loader makes them; writes their
    revisions once the items have their uuids (:meth:`write`)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._sources = rows(data, "sources")
        self._reports: dict[str, Report] | None = None
        self._items: list[tuple[TrackedKind, Any, Row]] = []

    def add(self, kind: TrackedKind, item: Any, row: Row) -> None:
        """Note ``item`` (made from ``row``) if its row has a history."""
        if "history" in row.data:
            self._items.append((kind, item, row))

    def write(self, session: Session) -> int:
        """Write every noted item's revisions; the items must be flushed. Returns how many."""
        revisions = []
        for kind, item, row in self._items:
            revisions += self._revisions(kind, item, row)
        if revisions:
            session.execute(insert(Revision.__table__), revisions)
        return len(revisions)

    def report(self, row: Row) -> Report:
        """The report an item's ``source`` names (its first word: "003 ¶NI 59" -> 003)."""
        if self._reports is None:
            self._reports = {}
            for source in self._sources:
                key = source.text("key")
                self._reports[key] = Report(key, source.day("date", required=True), source.text("name", limit=BY_LIMIT))
        key = row.source().split()[0]
        if key not in self._reports:
            raise DemoDataError(
                f"{row.where}: its source {row.source()!r} names no report in [[sources]] (key {key!r}); "
                "an item with a history needs the date and name of the report that states it as it stands"
            )
        return self._reports[key]

    def _revisions(self, kind: TrackedKind, item: Any, row: Row) -> list[dict[str, Any]]:
        latest = self.report(row)
        entries = _entries(kind, row)
        for entry, later in zip(entries, [e.reported for e in entries[1:]] + [latest.day], strict=True):
            if entry.reported >= later:
                raise DemoDataError(
                    f"{entry.row.where}: 'reported' is {entry.reported}, not before the state after it "
                    f"(reported {later}); entries go oldest first, each before the item as it stands"
                )
        if kind is TrackedKind.REQUIREMENT:
            _check_known(row, entries)
        fields = history.TRACKED[kind][1]
        state = {name: history.plain(getattr(item, name)) for name in fields}
        found = []
        for n in range(len(entries) - 1, -1, -1):
            entry = entries[n]
            earlier = {**state, **entry.fields}
            changes = {name: (earlier[name], state[name]) for name in entry.fields if earlier[name] != state[name]}
            if not changes:
                raise DemoDataError(f"{entry.row.where}: nothing in it differs from the state after it")
            later_day, later_by = (
                (entries[n + 1].reported, entries[n + 1].by) if n + 1 < len(entries) else (latest.day, latest.name)
            )
            found.append(history.revision_rows(
                kind, item.uuid, changes, effective_on=later_day, changed_by=later_by,
                reason=entry.reason, source=entry.source,
                # Recorded as of the day it took effect: the report's day, not the day of loading.
                changed_at=datetime.combine(later_day, time(0), UTC),
            ))
            state = earlier
        return found


def _entries(kind: TrackedKind, row: Row) -> list[_Entry]:
    table = row.get("history")
    if not isinstance(table, list) or not all(isinstance(item, Mapping) for item in table) or not table:
        raise DemoDataError(f"{row.where}: 'history' must be a list of tables (one [[...history]] per earlier state)")
    readers = FIELDS[kind]
    entries = []
    for n, item in enumerate(table, start=1):
        entry = Row(item, f"{row.where} history #{n}")
        unknown = sorted(set(item) - set(ABOUT) - set(readers))
        if unknown:
            raise DemoDataError(
                f"{entry.where}: {unknown[0]!r} is not kept in a {kind.value}'s history; "
                f"expected some of {', '.join(readers)} (with {', '.join(ABOUT)})"
            )
        fields: dict[str, Any] = {}
        for key in readers:
            if key in item:
                fields.update({name: history.plain(value) for name, value in readers[key](entry, key).items()})
        if not fields:
            raise DemoDataError(f"{entry.where}: gives no earlier value; expected some of {', '.join(readers)}")
        reason = entry.text("reason")
        if not reason.strip():
            raise DemoDataError(f"{entry.where}: 'reason' must say why the state after it replaced it")
        source = entry.source()
        if len(source) > SOURCE_LIMIT:
            raise DemoDataError(f"{entry.where}: 'source' is {len(source)} characters long; at most {SOURCE_LIMIT}")
        by = entry.text("by", limit=BY_LIMIT)
        if not by.strip():
            raise DemoDataError(f"{entry.where}: 'by' must name the report that stated this state")
        entries.append(_Entry(entry, entry.day("reported", required=True), by, reason, source, fields))
    return entries


def _check_known(row: Row, entries: list[_Entry]) -> None:
    """A requirement's ``known`` is the first day the reports stated a judgement of it:
    the day its earliest state was reported ("not assessed" too, where a report spoke of
    it without a verdict, as a requirement's status says)."""
    known, first = row.day("known"), entries[0].reported
    if known != first:
        raise DemoDataError(
            f"{row.where}: 'known' is {known}, but its earliest state was reported on {first} "
            "(history #1); with a history, 'known' is the day of the earliest state"
        )
