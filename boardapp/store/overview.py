"""What the overview shows: one plain row per notice requirement, judged as at a date.

Each row joins what the store holds (the requirement, its indicators, its open notes)
with what the domain engine makes of the readings known on that date (the RAG rolled
up from the targets, the latest value against the target that matters now, the
trajectory). The window and the packs both read these rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from boardapp.domain.as_at import IndicatorView, view_as_at
from boardapp.domain.evaluation import TargetEvaluation, evaluate_view
from boardapp.domain.model import Indicator, IndicatorData, Target
from boardapp.domain.summary import count_by_status, roll_up
from boardapp.domain.terms import RagStatus, RequirementKind, RequirementStatus, TargetBasis, TrajectoryStatus
from boardapp.domain.units import format_difference, format_value
from boardapp.store import annotations
from boardapp.store.indicator_data import load_indicator_data
from boardapp.store.models import Requirement

SPARKLINE_POINTS = 24


@dataclass(frozen=True)
class OverviewRow:
    uuid: uuid.UUID
    ref: str
    title: str
    kind: RequirementKind
    judged: RequirementStatus | None  # None: not judged by the as-at date
    rag: RagStatus | None  # None: no indicator with targets to judge
    rag_reason: str
    indicators: tuple[str, ...]
    headline: str  # "80.5% (August 2011) against 80%"
    sparkline: tuple[float, ...]
    trajectory: TrajectoryStatus | None
    trajectory_text: str  # "80.2% projected for March 2011", or why there is no projection
    open_notes: int
    exempt: bool
    due_soon: bool  # a target falls due within the as-at date's quarter


@dataclass(frozen=True)
class Overview:
    as_at: date
    rows: list[OverviewRow]

    @property
    def judged_counts(self) -> dict[RequirementStatus | None, int]:
        counts: dict[RequirementStatus | None, int] = {}
        for row in self.rows:
            counts[row.judged] = counts.get(row.judged, 0) + 1
        return counts

    @property
    def rag_counts(self) -> dict[RagStatus, int]:
        return count_by_status(row.rag for row in self.rows if row.rag is not None)


def build_overview(
    session: Session,
    as_at: date,
    *,
    include_exempt: bool = True,
    data: Sequence[IndicatorData] | None = None,
) -> Overview:
    """Every requirement as at ``as_at``; ``data`` saves reloading indicators already read."""
    data = data if data is not None else load_indicator_data(session.connection())
    views = {d.code: view_as_at(d, as_at) for d in data}
    series = {code: view.series for code, view in views.items()}
    evaluations = {code: evaluate_view(view, series) for code, view in views.items()}
    notes = annotations.open_counts(session, as_at=as_at)
    query = select(Requirement).options(selectinload(Requirement.indicators)).order_by(Requirement.position)
    rows = []
    for requirement in session.scalars(query):
        if requirement.exempt and not include_exempt:
            continue
        codes = tuple(i.code for i in requirement.indicators)
        judged = requirement.status if requirement.known_on is None or requirement.known_on <= as_at else None
        mine = [e for code in codes for e in evaluations.get(code, ())]
        rag = roll_up(mine).status if mine else None
        lead = next((views[c] for c in codes if c in views and views[c].series.latest() is not None), None)
        lead = lead or next((views[c] for c in codes if c in views), None)
        current = _current(evaluations.get(lead.indicator.code, ()) if lead else ())
        rows.append(
            OverviewRow(
                uuid=requirement.uuid,
                ref=requirement.ref,
                title=requirement.title,
                kind=requirement.kind,
                judged=judged,
                rag=rag,
                rag_reason=_reason(mine),
                indicators=codes,
                headline=_headline(lead, current),
                sparkline=_sparkline(lead),
                trajectory=current.trajectory.status if current and current.trajectory else None,
                trajectory_text=_trajectory_text(lead, current),
                open_notes=notes.get(requirement.uuid, 0),
                exempt=requirement.exempt,
                due_soon=any(_due_this_quarter(e, as_at) for e in mine),
            )
        )
    return Overview(as_at=as_at, rows=rows)


def _current(evaluations: Sequence[TargetEvaluation]) -> TargetEvaluation | None:
    """The target that matters now: the next one not yet due, else the latest due."""
    pending = [e for e in evaluations if not e.due]
    if pending:
        return min(pending, key=lambda e: (e.target.period.last, e.target.period.first))
    due = [e for e in evaluations if e.due]
    return max(due, key=lambda e: (e.target.period.last, -e.target.period.first)) if due else None


def _headline(view: IndicatorView | None, current: TargetEvaluation | None) -> str:
    if view is None:
        return ""
    indicator = view.indicator
    latest = view.series.latest()
    parts = []
    if latest is not None and latest.value is not None:
        value = format_value(latest.value, indicator.unit, indicator.decimals)
        parts.append(f"{indicator.code} {value} ({latest.period.label}{', provisional' if latest.provisional else ''})")
    else:
        parts.append(f"{indicator.code}: no reading yet")
    if current is not None:
        parts.append(target_words(current.target, indicator))
    return "; ".join(parts)


def target_words(target: Target, indicator: Indicator) -> str:
    """A target as the notice says it: "target 80% for June 2010", "gap narrowed by 5 points"."""
    period = target.period.label
    if target.basis is TargetBasis.TREND:
        return f"target: a sustained upward trend by {period}"
    if target.basis is TargetBasis.GAP_CHANGE:
        size = format_difference(target.value, indicator.unit, indicator.decimals)
        direction = "narrowed" if target.value < 0 else "widened"
        return f"target: gap {direction} by {size} in {period}"
    value = format_value(target.value, indicator.unit, indicator.decimals, trim=True)
    if target.basis is TargetBasis.CUMULATIVE:
        return f"target {value} cumulative, {period}"
    return f"target {value} for {period}"


def _sparkline(view: IndicatorView | None) -> tuple[float, ...]:
    if view is None:
        return ()
    run = view.series.recent(1, view.series.in_order[-1].period.last, SPARKLINE_POINTS) if view.series.in_order else ()
    return tuple(r.value for r in run if r.value is not None)


def _trajectory_text(view: IndicatorView | None, current: TargetEvaluation | None) -> str:
    if view is None or current is None or current.trajectory is None:
        return ""
    trajectory = current.trajectory
    if trajectory.projected is None:
        return trajectory.note
    indicator = view.indicator
    value = format_value(trajectory.projected, indicator.unit, indicator.decimals)
    return f"{value} projected for {current.target.period.label}"


def _reason(evaluations: Sequence[TargetEvaluation]) -> str:
    due = [e for e in evaluations if e.due]
    return "; ".join(f"{e.target.period.label}: {e.status.value.replace('_', ' ')} ({e.reason})" for e in due)


def _due_this_quarter(evaluation: TargetEvaluation, as_at: date) -> bool:
    quarter_end_month = (as_at.month - 1) // 3 * 3 + 3
    end = evaluation.target.period.end
    return as_at <= end and (end.year, end.month) <= (as_at.year, quarter_end_month)
