"""Which readings are due as at a date: for every indicator, its last reading as it was
known then, and the periods that have ended since (boardapp.domain.due_periods).

The last reading is the latest of the indicator's headline measure (its own, or the
measure its figures are stated in) known on the day, with the value it had then
(boardapp.domain.as_at); forecasts never count as a reading. Read with Core queries
through :func:`boardapp.store.indicator_data.load_indicator_data`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp.domain.as_at import view_as_at
from boardapp.domain.due_periods import Due, due_periods
from boardapp.domain.model import Reading
from boardapp.domain.ordering import natural_key
from boardapp.domain.periods import Period
from boardapp.domain.terms import Frequency, Unit
from boardapp.store import models
from boardapp.store.indicator_data import load_indicator_data


@dataclass(frozen=True)
class DueIndicator:
    """One indicator, its last reading as at the day (None: none known), and what is due."""

    code: str
    title: str
    unit: Unit
    decimals: int
    frequency: Frequency
    last: Reading | None
    due: Due

    @property
    def periods(self) -> tuple[Period, ...]:
        return self.due.periods


def due_readings(session: Session, as_at: date) -> list[DueIndicator]:
    """Every indicator of the database, in code order (NI 57 before NI 102), with the
    periods due as at the end of ``as_at``."""
    connection = session.connection()
    table = models.Indicator.__table__
    frequencies = {code: Frequency(getattr(f, "value", f)) for code, f in connection.execute(
        select(table.c.code, table.c.frequency))}
    result = []
    for data in load_indicator_data(connection):
        indicator = data.indicator
        frequency = frequencies[indicator.code]
        last = view_as_at(data, as_at).series.latest()
        result.append(DueIndicator(
            code=indicator.code,
            title=indicator.title,
            unit=indicator.unit,
            decimals=indicator.decimals,
            frequency=frequency,
            last=last,
            due=due_periods(frequency, None if last is None else last.period, as_at),
        ))
    result.sort(key=lambda item: natural_key(item.code))
    return result
