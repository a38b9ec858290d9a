"""What every snapshot test asks: is the stored overview fresh and the same, row for
row, as the board judged afresh as at today."""

from __future__ import annotations

import json
from datetime import date

from boardapp.store import snapshot
from boardapp.store.connection import Database
from boardapp.store.overview import OverviewRow, build_overview
from boardapp.store.status import IndicatorLine, indicator_line


def stored_rows(database: Database) -> list[OverviewRow]:
    with database.engine.connect() as connection:
        assert snapshot.is_fresh(connection), "the snapshot is not today's, or something is marked"
        return snapshot.read_rows(connection)


def stored_lines(database: Database) -> dict[str, IndicatorLine]:
    with database.engine.connect() as connection:
        return {r.code: IndicatorLine(r.code, r.title, r.status, r.figure, r.target, r.reason, r.unreported,
                                      tuple(json.loads(r.thresholds))) for r in snapshot.indicator_rows(connection)}


def assert_current(database: Database) -> list[OverviewRow]:
    """The snapshot is fresh and equals ``build_overview(today, include_exempt=True)``,
    and its indicators' lines what ``boardapp status`` says of them judged; its rows."""
    rows = stored_rows(database)
    with database.session() as session:
        judged = build_overview(session, date.today(), include_exempt=True)
    assert rows == judged.rows
    assert stored_lines(database) == {code: indicator_line(j) for code, j in (judged.judgements or {}).items()
                                      if j.status is not None}
    return rows


def row_of(rows: list[OverviewRow], code: str) -> OverviewRow:
    """The first requirement whose indicators include ``code``."""
    return next(row for row in rows if code in row.indicators)
