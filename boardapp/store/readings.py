"""Reading the readings: the queries the overview, the packs and the benchmarks lean on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

# One index seek per indicator (ix_reading_indicator_start), not a window over every
# reading: ~1 ms an indicator against ~70 ms for the window function on 54,000 rows.
LATEST_READINGS_SQL = """
SELECT i.code, r.period, r.value, r.status
FROM indicator AS i
JOIN reading AS r ON r.id = (
    SELECT r2.id FROM reading AS r2
    WHERE r2.indicator_id = i.id
    ORDER BY r2.period_start DESC, r2.period_end ASC
    LIMIT 1
)
ORDER BY i.code
"""


@dataclass(frozen=True)
class LatestReading:
    code: str
    period: str
    value: float | None
    status: str


def latest_readings(connection: Connection) -> list[LatestReading]:
    """The most recent reading of every indicator that has one, by indicator code."""
    return [LatestReading(*row) for row in connection.execute(text(LATEST_READINGS_SQL))]
