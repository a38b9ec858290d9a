"""One indicator as the window's indicator view shows it, as at a date: its chart, its
readings with their revision history, its targets judged with every change made to
them by the date (when, who and why), and the narrative."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp.domain.as_at import view_as_at
from boardapp.domain.chart_series import ChartSeries, chart_series
from boardapp.domain.evaluation import TargetEvaluation, evaluate_view
from boardapp.domain.judgement import Judgement, judge_indicator
from boardapp.domain.model import Indicator as DomainIndicator
from boardapp.domain.model import IndicatorData, Target
from boardapp.domain.narrative import narrate
from boardapp.domain.ordering import natural_key
from boardapp.domain.periods import Period
from boardapp.domain.target_history import history_lines
from boardapp.domain.terms import ReadingStatus
from boardapp.domain.units import format_value
from boardapp.store.indicator_data import load_indicator_data, load_indicator_for_view
from boardapp.store.models import Indicator


@dataclass(frozen=True)
class RevisionRow:
    changed_at: datetime
    changed_by: str
    old_value: float | None
    new_value: float | None
    reason: str


@dataclass(frozen=True)
class ReadingRow:
    uuid: uuid.UUID
    period: Period
    value: float | None
    numerator: float | None
    denominator: float | None
    status: ReadingStatus
    known_on: date | None
    source: str
    commentary: str
    revisions: tuple[RevisionRow, ...]
    measure: str = ""  # what it measures when not the indicator's own measure ("forecast")


@dataclass(frozen=True)
class TargetRow:
    """A target as it stood on the date, with its history by then, newest first, one
    line a change: "80% from 1 Nov 2011, was 72%: revised by the board — Sam
    Secretariat (secretariat)" (domain/target_history.py)."""

    uuid: uuid.UUID
    period: Period
    basis: str
    value: float
    note: str
    set_by: str = ""
    history: tuple[str, ...] = ()
    revised_on: date | None = None  # the day its latest change took effect


@dataclass(frozen=True)
class IndicatorDetail:
    uuid: uuid.UUID
    code: str
    title: str
    description: str
    source: str
    as_at: date
    indicator: DomainIndicator
    narrative: str
    chart: ChartSeries
    evaluations: tuple[TargetEvaluation, ...]
    readings: tuple[ReadingRow, ...]  # as known on the date, newest first, every measure
    targets: tuple[TargetRow, ...]  # as set by the date, in period order
    judgement: Judgement | None = None  # the target that matters now, judged, in words


@dataclass(frozen=True)
class IndicatorEntry:
    code: str
    title: str


def indicator_list(session: Session) -> list[IndicatorEntry]:
    """Every indicator by code, numbers read as numbers (NI 57 before NI 102). Core, not
    ORM: the window lists them before its first paint."""
    i = Indicator.__table__.c
    rows = session.execute(select(i.code, i.title)).all()
    return [IndicatorEntry(code, title) for code, title in sorted(rows, key=lambda row: natural_key(row[0]))]


def indicator_detail(session: Session, code: str, as_at: date) -> IndicatorDetail:
    """The indicator as the view shows it. Its readings are read once, with Core, for both
    the engine and the readings table (store/indicator_data.load_indicator_for_view); the
    indicators a gap target is measured between, when it has one, in one more read."""
    connection = session.connection()
    data, stored = load_indicator_for_view(connection, code)
    others = load_indicator_data(connection, _series_codes(data))
    view = view_as_at(data, as_at)
    series = {d.code: view_as_at(d, as_at).series for d in others}
    evaluations = evaluate_view(view, series)
    rows = []
    every = [*view.series.in_order, *(r for other in view.measures.values() for r in other.in_order)]
    for reading in sorted(every, key=lambda r: (r.period.last, r.period.first), reverse=True):
        row = stored.readings[reading.period.code]
        rows.append(
            ReadingRow(
                uuid=row.uuid,
                period=reading.period,
                value=reading.value,
                numerator=reading.numerator,
                denominator=reading.denominator,
                status=reading.status,
                known_on=reading.known_on,
                source=row.source,
                commentary=row.commentary,
                revisions=tuple(
                    RevisionRow(v.changed_at, v.changed_by, v.old_value, v.new_value, v.reason)
                    for v in row.revisions
                    if v.changed_at.astimezone(UTC).date() <= as_at
                ),
                measure=reading.measure,
            )
        )
    details = {r.period: "\n".join(x for x in (f"Source: {r.source}", r.commentary[:200]) if x) for r in rows}
    assert stored.uuid is not None
    return IndicatorDetail(
        uuid=stored.uuid,
        code=data.indicator.code,
        title=data.indicator.title,
        description=stored.description,
        source=stored.source,
        as_at=as_at,
        indicator=data.indicator,
        narrative=narrate(view, evaluations, series),
        chart=chart_series(view, evaluations, details),
        evaluations=tuple(evaluations),
        judgement=judge_indicator(view, evaluations),
        readings=tuple(rows),
        targets=target_rows(view.targets, data.indicator),
    )


def target_rows(targets: Iterable[Target], indicator: DomainIndicator) -> tuple[TargetRow, ...]:
    """The targets as they stood, in period order, each with its history."""

    def number(value: float) -> str:
        return format_value(value, indicator.unit, indicator.decimals, trim=True)

    return tuple(
        TargetRow(t.uuid, t.period, t.basis.value, t.value, t.note, t.set_by, tuple(history_lines(t, number)),
                  t.revisions[-1].effective_on if t.revisions else None)
        for t in sorted(targets, key=lambda t: t.period.first)
    )


def _series_codes(data: IndicatorData) -> list[str]:
    """The other indicators a gap target of this one is measured between."""
    return sorted({code for t in data.targets if t.series for code in t.series})
