"""What every snapshot test asks: is the stored overview fresh and the same, row for
row, as the board judged afresh as at today."""

from __future__ import annotations

from datetime import date

from boardapp.store import snapshot
from boardapp.store.connection import Database
from boardapp.store.overview import OverviewRow, build_overview


def stored_rows(database: Database) -> list[OverviewRow]:
    with database.engine.connect() as connection:
        assert snapshot.is_fresh(connection), "the snapshot is not today's, or something is marked"
        return snapshot.read_rows(connection)


def assert_current(database: Database) -> list[OverviewRow]:
    """The snapshot is fresh and equals ``build_overview(today, include_exempt=True)``;
    its rows."""
    rows = stored_rows(database)
    with database.session() as session:
        judged = build_overview(session, date.today(), include_exempt=True).rows
    assert rows == judged
    return rows


def row_of(rows: list[OverviewRow], code: str) -> OverviewRow:
    """The first requirement whose indicators include ``code``."""
    return next(row for row in rows if code in row.indicators)
