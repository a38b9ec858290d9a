"""``boardapp check``: is the file sound, is its schema one this app knows, what does it hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from boardapp.store import dataset_info, migrations
from boardapp.store.connection import Database


@dataclass
class CheckReport:
    path: str
    revision: str | None
    head: str
    dataset: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [
            f"database: {self.path}",
            f"holds: {self.dataset}",
            f"schema revision: {self.revision} (this app's: {self.head})",
            "rows:",
        ]
        width = max((len(name) for name in self.counts), default=0)
        out += [f"  {name:<{width}}  {count:>8,}" for name, count in sorted(self.counts.items())]
        out += [f"note: {note}" for note in self.notes]
        out += [f"PROBLEM: {problem}" for problem in self.problems]
        out.append("check: OK" if self.ok else f"check: {len(self.problems)} problem(s) found")
        return out


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
            f"migrated to {head} when the app next opens it"
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
        tables = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'alembic_version' ORDER BY name"
            )
        ]
        report.counts = {t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
    if database.revision == report.head:
        with database.session() as session:
            report.dataset = dataset_info.read(session).display_name
