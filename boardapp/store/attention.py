"""What the chair's first screen shows: how many requirements stand where, and each red
and amber requirement with the indicator that puts it there (figure, target, gap,
direction of better, trend and trajectory in words) and the plan's actions tied to it.

Built on the overview (``overview.build_overview``: the same judgements the overview,
the pack and ``boardapp status`` show) and the plan's actions (``pack_data.plan_actions``),
as at a date. An action is tied to a requirement when it names the requirement, or one
of the indicators that put the requirement off track.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from boardapp.domain.as_at import IndicatorView, view_as_at
from boardapp.domain.evaluation import TargetEvaluation, evaluate_target
from boardapp.domain.judgement import Judgement, figure_words, target_phrase
from boardapp.domain.model import Indicator, IndicatorData
from boardapp.domain.narrative import in_line, in_period
from boardapp.domain.rag import shortfall
from boardapp.domain.terms import (
    ActionStatus,
    Polarity,
    Rag,
    RagStatus,
    TargetBasis,
    TrajectoryStatus,
)
from boardapp.domain.units import format_difference, format_value, rounded
from boardapp.domain.wording import RAG_STATUS, TRAJECTORY_IN_A_SENTENCE
from boardapp.store.indicator_data import load_indicator_data
from boardapp.store.overview import OverviewRow, build_overview
from boardapp.store.pack_data import plan_actions

OFF_TRACK = (RagStatus.RED, RagStatus.AMBER)
# The order the counts are shown in, worst first (docs/domain-rules.md, "Roll-up").
COUNT_ORDER = (RagStatus.RED, RagStatus.AMBER, RagStatus.DUE_NO_READING, RagStatus.NO_DATA, RagStatus.NOT_YET_DUE,
               RagStatus.GREEN)


@dataclass(frozen=True)
class IndicatorCause:
    """One indicator that puts a requirement off track, in words."""

    code: str
    title: str
    status: RagStatus
    figure: str  # "21 for September 2011"
    target: str  # "20 standing target set by the service redesign"
    gap: str  # "1 above the target", "" when the target is not a value (a trend, a gap change)
    better: str  # "lower is better" / "higher is better"
    trend: str  # "down from 23 in June 2011 (better)", "no earlier reading to compare"
    trajectory: str  # towards the soonest target not yet due: "18 projected for March 2012 against the 20 target: off course"; ""
    reason: str  # the judgement's whole reason: "21 for September 2011 is 1 above the 20 standing target ..."


@dataclass(frozen=True)
class TiedAction:
    uuid: uuid.UUID
    ref: str
    title: str
    owner: str
    due_on: date | None
    status: ActionStatus
    rag: Rag | None
    overdue: bool
    via: str  # "" when it names the requirement; else the indicator code it serves ("CASELOAD")


@dataclass(frozen=True)
class OffTrackRequirement:
    uuid: uuid.UUID
    ref: str
    title: str
    status: RagStatus
    reason: str  # the requirement's standing in words ("Red: Average social worker caseload ...")
    causes: tuple[IndicatorCause, ...]  # the driving indicator first, then any other red or amber
    others: str  # the rest of its indicators in words: "ADVPRAC green, CASELOAD-LAC no data"
    actions: tuple[TiedAction, ...]


@dataclass(frozen=True)
class Attention:
    as_at: date
    total: int  # requirements shown (exempt ones left out for those who may not see them)
    counts: dict[RagStatus, int]  # every status of COUNT_ORDER, zero included
    no_target: int  # requirements with no indicator that has a target
    items: list[OffTrackRequirement]  # red first, then amber; in the notice's order within each


def build_attention(session: Session, as_at: date, *, include_exempt: bool = True,
                    data: Sequence[IndicatorData] | None = None) -> Attention:
    """The chair's first screen as at ``as_at``."""
    data = data if data is not None else load_indicator_data(session.connection())
    overview = build_overview(session, as_at, include_exempt=include_exempt, data=data)
    off = [row for row in overview.rows if row.rag in OFF_TRACK and row.judgement is not None]
    off.sort(key=lambda row: OFF_TRACK.index(row.rag))  # stable: the notice's order within red and amber
    wanted = {j.code for row in off for j in row.judgement.judgements if j.status in OFF_TRACK}  # type: ignore[union-attr]
    views = {d.code: view_as_at(d, as_at) for d in data if d.code in wanted}
    actions = [a.action for a in plan_actions(session.connection(), as_at)
               if include_exempt or not a.action.exempt]
    items = [_item(row, views, actions, as_at) for row in off]
    counts = {status: overview.rag_counts.get(status, 0) for status in COUNT_ORDER}
    return Attention(
        as_at=as_at,
        total=len(overview.rows),
        counts=counts,
        no_target=sum(1 for row in overview.rows if row.rag is None),
        items=items,
    )


def _item(row: OverviewRow, views: dict[str, IndicatorView], actions: list, as_at: date) -> OffTrackRequirement:  # type: ignore[type-arg]
    standing = row.judgement
    assert standing is not None and row.rag is not None
    driver = standing.driver
    off = [j for j in standing.judgements if j.status in OFF_TRACK]
    off.sort(key=lambda j: (j is not driver, OFF_TRACK.index(j.status)))  # type: ignore[arg-type]
    causes = tuple(_cause(j, views[j.code]) for j in off if j.code in views)
    rest = ", ".join(f"{j.code} {_status_word(j.status)}" for j in standing.judgements if j not in off)
    codes = [c.code for c in causes]
    tied = []
    for action in actions:
        if row.ref in action.requirements:
            via = ""
        else:
            via = next((code for code in codes if code in action.indicators), None)
            if via is None:
                continue
        tied.append(TiedAction(action.uuid, action.ref, action.title, action.owner, action.due_on, action.status,
                               action.rag, action.overdue(as_at), via))
    return OffTrackRequirement(row.uuid, row.ref, row.title, row.rag, row.rag_reason, causes, rest, tuple(tied))


def _status_word(status: RagStatus | None) -> str:
    return RAG_STATUS[status].lower() if status is not None else "no target"


def _cause(judgement: Judgement, view: IndicatorView) -> IndicatorCause:
    indicator = view.indicator
    current = judgement.current
    assert current is not None and current.actual is not None  # red and amber are judged on a figure
    target = current.target
    return IndicatorCause(
        code=indicator.code,
        title=indicator.title,
        status=current.status,
        figure=_figure(indicator, current),
        target=target_phrase(target, indicator),
        gap=_gap(indicator, current),
        better=better_words(indicator.polarity),
        trend=trend_words(view),
        trajectory=next_trajectory_words(view),
        reason=judgement.reason,
    )


def better_words(polarity: Polarity) -> str:
    return "lower is better" if polarity is Polarity.LOWER_IS_BETTER else "higher is better"


def _figure(indicator: Indicator, evaluation: TargetEvaluation) -> str:
    actual = evaluation.actual
    assert actual is not None
    if evaluation.target.basis in (TargetBasis.TREND, TargetBasis.GAP_CHANGE):
        return actual.note or figure_words(indicator, actual.value, actual.period, actual.provisional)
    figure = figure_words(indicator, actual.value, actual.period, actual.provisional)
    return f"{figure} ({actual.note})" if actual.note else figure


def _gap(indicator: Indicator, evaluation: TargetEvaluation) -> str:
    """How far the figure is from the target, the bad way: "1 above the target"."""
    actual = evaluation.actual
    if actual is None or evaluation.target.basis in (TargetBasis.TREND, TargetBasis.GAP_CHANGE):
        return ""
    short = shortfall(rounded(actual.value, indicator.decimals), evaluation.target.value, indicator.polarity)
    if short <= 0:
        return "meets the target"
    side = "above" if indicator.polarity is Polarity.LOWER_IS_BETTER else "below"
    return f"{format_difference(short, indicator.unit, indicator.decimals)} {side} the target"


def trend_words(view: IndicatorView) -> str:
    """The latest reading against the one before it of the same length, literally:
    "down from 23 in June 2011 (better)", "in line with 8.2% for November 2009 to
    January 2010"; better or worse only for a change larger than the shown precision."""
    latest = view.series.latest()
    if latest is None or latest.value is None:
        return "no reading yet"
    run = view.series.recent(latest.period.month_count, latest.period.last, 2)
    if len(run) < 2 or run[-1] is not latest:
        return "no earlier reading to compare"
    before = run[0]
    assert before.value is not None
    indicator = view.indicator
    now, then = rounded(latest.value, indicator.decimals), rounded(before.value, indicator.decimals)
    previous = f"{format_value(before.value, indicator.unit, indicator.decimals)} {in_period(before.period)}"
    if now == then:
        return f"unchanged from {previous}"
    if in_line(now, then, indicator.decimals):
        return f"in line with {previous}"
    up = now > then
    better = up == (indicator.polarity is Polarity.HIGHER_IS_BETTER)
    return f"{'up' if up else 'down'} from {previous} ({'better' if better else 'worse'})"


def next_trajectory_words(view: IndicatorView) -> str:
    """The projection towards the soonest value target not yet due, in words; "" when no
    target is still to come (a due target is judged on its figure, never projected)."""
    indicator = view.indicator
    pending: list[TargetEvaluation] = []
    for target in view.targets:
        if target.basis in (TargetBasis.TREND, TargetBasis.GAP_CHANGE, TargetBasis.STANDING):
            continue
        evaluation = evaluate_target(view, target)
        if evaluation.status is RagStatus.NOT_YET_DUE and evaluation.trajectory is not None:
            pending.append(evaluation)
    if not pending:
        return ""
    soonest = min(pending, key=lambda e: (e.target.period.last, e.target.period.month_count))
    trajectory = soonest.trajectory
    assert trajectory is not None
    phrase = target_phrase(soonest.target, indicator)
    if trajectory.projected is None or trajectory.status is TrajectoryStatus.TOO_FEW_READINGS:
        return f"the {phrase} is not yet due; {trajectory.note or 'too few readings to project'}"
    projected = format_value(trajectory.projected, indicator.unit, indicator.decimals)
    kind = "forecast" if trajectory.forecast is not None else "projected"
    return f"{projected} {kind} against the {phrase}: {TRAJECTORY_IN_A_SENTENCE[trajectory.status]}"
