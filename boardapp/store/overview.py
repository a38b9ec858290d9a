"""What the overview shows: one plain row per notice requirement, judged as at a date.

Each row joins what the store holds (the requirement, its indicators, its open notes)
with what the domain engine makes of the readings known on that date (the RAG rolled
up from the targets, the latest value against the target that matters now, the
trajectory). The window and the packs both read these rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from boardapp.domain.as_at import IndicatorView, view_as_at
from boardapp.domain.evaluation import TargetEvaluation, evaluate_view
from boardapp.domain.judgement import (
    JUDGED,
    Judgement,
    RequirementJudgement,
    figure_words,
    judge_indicator,
    judge_requirement,
    target_phrase,
)
from boardapp.domain.model import IndicatorData
from boardapp.domain.summary import count_by_status
from boardapp.domain.terms import (
    RagStatus,
    RequirementKind,
    RequirementStatus,
    TargetBasis,
    TrackedKind,
    TrajectoryStatus,
)
from boardapp.domain.units import format_value
from boardapp.store import annotations, then
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
    rag_reason: str  # the status and the rule that made it: "Red: CASELOAD 21 for September 2011 is 1 above ..."
    indicators: tuple[str, ...]
    headline: str  # "NI 59 80.5% for August 2011 against the 80% target set by the improvement plan"
    sparkline: tuple[float, ...]
    trajectory: TrajectoryStatus | None
    trajectory_text: str  # "80.2% projected for March 2011", or why there is no projection
    open_notes: int
    exempt: bool
    due_soon: bool  # a target falls due within the as-at date's quarter
    # The requirement's judgement in words when it has a status ("" otherwise), and the
    # code of the indicator that sets the status (None: none does): what the overview's
    # page and its "open the indicator" show, held here so a row read back from the
    # snapshot (store/snapshot.py), which has no ``judgement``, shows the same.
    why: str = ""
    driver: str | None = None
    position: int = 0  # the requirement's place in the notice's order
    # The whole judgement, for the packs and the attention list; a row read from the
    # snapshot has none, and rows compare equal without it.
    judgement: RequirementJudgement | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Overview:
    as_at: date
    rows: list[OverviewRow]
    judgements: dict[str, Judgement] | None = None  # every indicator's, by code

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
    requirements: Collection[int] | None = None,
) -> Overview:
    """Every requirement as at ``as_at``; ``data`` saves reloading indicators already read.

    The board's own judgement (``judged``) is the requirement's status as it stood on
    the day (store/then.py), and None before its ``known_on``; a requirement added
    later is left out, and its exempt mark is the one it then had.

    ``requirements`` (ids): only those, judged from only their indicators (one
    indicator's judgement rests on its own rows alone: the store gives no target the
    ``series`` of another indicator), for re-judging what a change touched
    (store/snapshot.py); ``judgements`` then holds only those indicators'."""
    query = select(Requirement).options(selectinload(Requirement.indicators)).order_by(Requirement.position,
                                                                                       Requirement.id)
    if requirements is not None:
        query = query.where(Requirement.id.in_(list(requirements)))
        listed = list(session.scalars(query))
        if data is None:
            data = load_indicator_data(session.connection(), {i.code for r in listed for i in r.indicators})
    else:
        listed = None
    data = data if data is not None else load_indicator_data(session.connection())
    views = {d.code: view_as_at(d, as_at) for d in data}
    series = {code: view.series for code, view in views.items()}
    evaluations = {code: evaluate_view(view, series) for code, view in views.items()}
    judgements = {code: judge_indicator(views[code], evaluations[code]) for code in views}
    notes = annotations.open_counts(session, as_at=as_at)
    was = then.as_at(session.connection(), TrackedKind.REQUIREMENT, as_at)
    rows = []
    for requirement in listed if listed is not None else session.scalars(query):
        stood = was.of(requirement.uuid)
        exempt = stood.get("exempt", requirement.exempt)
        if not was.existed(requirement.uuid) or (exempt and not include_exempt):
            continue
        codes = tuple(i.code for i in requirement.indicators)
        known = requirement.known_on is None or requirement.known_on <= as_at
        judged = stood.get("status", requirement.status) if known else None
        standing = judge_requirement(judgements[c] for c in codes if c in judgements)
        mine = [e for code in codes for e in evaluations.get(code, ())]
        driver = standing.driver
        lead = views[driver.code] if driver is not None else _lead(views, codes)
        current = driver.current if driver is not None else None
        rows.append(
            OverviewRow(
                uuid=requirement.uuid,
                ref=requirement.ref,
                title=requirement.title,
                kind=requirement.kind,
                judged=judged,
                rag=standing.status,
                rag_reason=standing.says if standing.status is not None else "",
                indicators=codes,
                headline=_headline(lead, driver),
                sparkline=_sparkline(lead),
                trajectory=current.trajectory.status if current and current.trajectory else None,
                trajectory_text=_trajectory_text(lead, current),
                open_notes=notes.get(requirement.uuid, 0),
                exempt=exempt,
                due_soon=any(_due_this_quarter(e, as_at) for e in mine),
                why=standing.reason if standing.status is not None else "",
                driver=driver.code if driver is not None else None,
                position=requirement.position,
                judgement=standing,
            )
        )
    return Overview(as_at=as_at, rows=rows, judgements=judgements)


def _lead(views: dict[str, IndicatorView], codes: Sequence[str]) -> IndicatorView | None:
    """With no target to judge, the first linked indicator with a reading."""
    lead = next((views[c] for c in codes if c in views and views[c].series.latest() is not None), None)
    return lead or next((views[c] for c in codes if c in views), None)


def _headline(view: IndicatorView | None, judgement: Judgement | None) -> str:
    """The figure the status rests on against the target it was judged by; the latest
    reading alone when the target is not judged on a figure."""
    if view is None:
        return ""
    indicator = view.indicator
    current = judgement.current if judgement is not None else None
    if current is not None and current.status in JUDGED and current.actual is not None:
        actual = current.actual
        if current.target.basis in (TargetBasis.TREND, TargetBasis.GAP_CHANGE):
            return f"{indicator.code}: the {target_phrase(current.target, indicator)}"
        figure = figure_words(indicator, actual.value, actual.period, actual.provisional)
        return f"{indicator.code} {figure} against the {target_phrase(current.target, indicator)}"
    latest = view.series.latest()
    parts = []
    if latest is not None and latest.value is not None:
        parts.append(f"{indicator.code} {figure_words(indicator, latest.value, latest.period, latest.provisional)}")
    else:
        parts.append(f"{indicator.code}: no reading yet")
    if current is not None:
        parts.append(f"the {target_phrase(current.target, indicator)}")
    return "; ".join(parts)


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


def _due_this_quarter(evaluation: TargetEvaluation, as_at: date) -> bool:
    quarter_end_month = (as_at.month - 1) // 3 * 3 + 3
    end = evaluation.target.period.end
    return as_at <= end and (end.year, end.month) <= (as_at.year, quarter_end_month)
