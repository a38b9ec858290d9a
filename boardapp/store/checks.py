"""``boardapp check``: is the file sound, is its schema one this app knows, and what it
holds, in the words a board member reads (the board, the notice, how many requirements,
indicators, readings, actions and notes, the latest reading, the last sync); and, for a
sound file whose overview snapshot (store/snapshot.py) is missing or stale, the
snapshot judged again (:func:`rebuild_snapshot`), so the window paints today's board at
once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DatabaseError

from boardapp.domain.periods import Period, PeriodError
from boardapp.domain.terms import AnnotationStatus, DatePrecision
from boardapp.store import dataset_info, migrations, snapshot
from boardapp.store.connection import Database, open_database, why_read_only
from boardapp.store.models import Action, Annotation, Indicator, Notice, Reading, Requirement
from boardapp.store.sync import state

# What the summary counts, in the order it says them.
COUNTED = ("requirements", "indicators", "readings", "actions", "notes")


@dataclass
class CheckReport:
    path: str
    revision: str | None
    head: str
    dataset: str
    notice: str = ""
    # requirements, indicators, readings, actions, notes (and open notes): what it holds.
    counts: dict[str, int] = field(default_factory=dict)
    latest_reading: str = ""
    last_sync: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Why the overview snapshot needs judging again ("" when it is today's): "missing",
    # "judged as at 2 December 2026", "changes since it was judged".
    snapshot_stale: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"database: {self.path}"]
        if self.dataset:
            out.append(f"board: {self.dataset}")
        if self.notice:
            out.append(f"notice: {self.notice}")
        if self.counts:
            out.append(f"holds: {self.holds()}")
        if self.latest_reading:
            out.append(f"latest reading: {self.latest_reading}")
        if self.last_sync:
            out.append(f"last sync: {self.last_sync}")
        out.append(f"schema revision: {self.revision} (this app's: {self.head})")
        out += [f"note: {note}" for note in self.notes]
        out += [f"PROBLEM: {problem}" for problem in self.problems]
        out.append("problems found: none" if self.ok else f"problems found: {len(self.problems)}")
        out.append("check: OK" if self.ok else f"check: {len(self.problems)} problem(s) found")
        return out

    def holds(self) -> str:
        words = []
        for name in COUNTED:
            count = self.counts.get(name, 0)
            word = name if count != 1 else name[:-1]
            words.append(f"{count:,} {word}")
        open_notes = self.counts.get("open notes")
        if open_notes is not None and self.counts.get("notes"):
            words[-1] += f" ({open_notes:,} open)"
        return ", ".join(words[:-1]) + " and " + words[-1]


def check(database: Database) -> CheckReport:
    """Check an open (read-only is enough) database; never writes."""
    head = migrations.head_revision()
    report = CheckReport(path=str(database.path), revision=database.revision, head=head, dataset="")
    try:
        _inspect(database, report)
    except DatabaseError as exc:
        report.problems.append(f"the file is damaged: {exc.orig}")
    if database.revision != head:
        report.notes.append(
            f"the schema is at revision {database.revision}; it will be backed up and "
            f"migrated to {head} when the app next opens it (the summary of what it holds comes then)"
        )
    return report


def _inspect(database: Database, report: CheckReport) -> None:
    with database.engine.connect() as connection:
        integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.problems += [f"integrity: {line}" for line in integrity]
            return
        foreign = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        for table, rowid, parent, _fk in foreign:
            report.problems.append(f"table {table} row {rowid} points at a missing row of {parent}")
        if database.revision == report.head:
            _summarise(connection, report)
            report.snapshot_stale = _snapshot_words(connection)
    if database.revision == report.head:
        with database.session() as session:
            about = dataset_info.read(session)
        report.dataset = about.board_label


def _snapshot_words(connection: Connection) -> str:
    if not snapshot.has_snapshot(connection) or snapshot.is_fresh(connection):
        return ""
    stood = snapshot.state(connection)
    if stood is None or stood[1] != snapshot.VERSION:
        return "missing"
    if stood[0] != date.today():
        return f"judged as at {_day_words(stood[0])}"
    return "changes since it was judged"


def rebuild_snapshot(report: CheckReport) -> None:
    """Judge the overview snapshot of the checked file again when it is missing or stale
    (``report.snapshot_stale``) and the file is sound and may be written; say so in the
    report's notes. Nothing is written to a file with problems or one at another schema
    revision."""
    if not report.snapshot_stale or not report.ok or report.revision != report.head:
        return
    reason = why_read_only(Path(report.path))
    if reason:
        report.notes.append(f"the overview snapshot is {report.snapshot_stale} and was not rebuilt: {reason}")
        return
    with open_database(report.path) as database, database.engine.begin() as connection:
        snapshot.rebuild(connection)
    report.notes.append(f"the overview snapshot was {_stale_words(report.snapshot_stale)}: "
                        f"rebuilt as at {_day_words(date.today())}")


def _stale_words(stale: str) -> str:
    return "out of date (changes since it was judged)" if stale.startswith("changes") else stale


def _summarise(connection: Connection, report: CheckReport) -> None:
    def count(table: object, *where: object) -> int:
        return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

    notes = Annotation.__table__
    report.counts = {
        "requirements": count(Requirement.__table__),
        "indicators": count(Indicator.__table__),
        "readings": count(Reading.__table__),
        "actions": count(Action.__table__),
        "notes": count(notes),
        "open notes": count(notes, notes.c.status == AnnotationStatus.OPEN.value),
    }
    report.notice = _notice_words(connection)
    report.latest_reading = _latest_reading_words(connection)
    report.last_sync = _sync_words(connection)


def _notice_words(connection: Connection) -> str:
    n = Notice.__table__
    rows = connection.execute(select(n.c.title, n.c.issuer, n.c.issued_on, n.c.issued_precision)
                              .order_by(n.c.issued_on.desc())).all()
    if not rows:
        return "none (this database holds no Improvement Notice)"
    title, issuer, issued_on, precision = rows[0]
    issued = _month_words(issued_on) if precision == DatePrecision.MONTH.value else _day_words(issued_on)
    words = f"{title} ({issuer}, issued {issued})"
    if len(rows) > 1:
        words += f", the latest of {len(rows)} notices"
    return words


def _latest_reading_words(connection: Connection) -> str:
    r, i = Reading.__table__, Indicator.__table__
    row = connection.execute(
        select(r.c.period, r.c.period_end, i.c.code)
        .join(i, r.c.indicator_id == i.c.id)
        .where(r.c.value.is_not(None))
        .order_by(r.c.period_end.desc(), i.c.code)
        .limit(1)
    ).first()
    if row is None:
        return "none (no indicator has a reading)"
    try:
        period = Period.parse(row.period).label
    except PeriodError:
        period = row.period
    return f"{row.code} for {period} (the period ending {_day_words(row.period_end)})"


def _sync_words(connection: Connection) -> str:
    values = state.read(connection)
    server = values.get(state.SERVER, "")
    when = state.last_sync(values)
    if when is None:
        return f"never (with {server})" if server else "never (no board server set up)"
    return f"{_moment_words(when)} with {server}" if server else _moment_words(when)


def _day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _month_words(day: date) -> str:
    return f"{day:%B %Y}"


def _moment_words(moment: datetime) -> str:
    zone = moment.tzname() or ""
    return f"{_day_words(moment.date())}, {moment:%H:%M}" + (f" {zone}" if zone else "")
