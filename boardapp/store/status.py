"""The board's verdicts as at a date, as plain records: what ``boardapp status`` prints.

It reads the same judgement the window's overview and the pack show
(:func:`boardapp.store.overview.build_overview`, which runs
:mod:`boardapp.domain.judgement`; as at today, the snapshot of it the file keeps,
store/snapshot.py, when that is fresh): each requirement's status with the indicator that
sets it, and each indicator that has a target, with the figure and the target the
status rests on and the reason in words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from boardapp.domain.judgement import JUDGED, Judgement, period_words, target_phrase
from boardapp.domain.ordering import natural_key
from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.terms import RagStatus, TargetBasis
from boardapp.domain.units import format_value
from boardapp.domain.wording import REQUIREMENT_STATUS
from boardapp.store import snapshot
from boardapp.store.overview import OverviewRow, build_overview

# The status as the command line and its JSON say it: one plain word each.
STATUS_WORDS = {
    RagStatus.GREEN: "green",
    RagStatus.AMBER: "amber",
    RagStatus.RED: "red",
    RagStatus.NOT_YET_DUE: "not yet due",
    RagStatus.DUE_NO_READING: "no figure",
    RagStatus.NO_DATA: "no data",
}


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    title: str
    status: str  # STATUS_WORDS
    figure: str  # "80.5% for August 2011", or "" when not judged on a figure
    target: str  # "80% target set by the improvement plan (standing since March 2010)"
    reason: str  # the status and the rule that made it, in words
    unreported: str  # "no figure reported for June 2010 (72%), ..." or ""
    thresholds: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "status": self.status, "figure": self.figure,
                "target": self.target, "reason": self.reason, "unreported": self.unreported,
                "thresholds": list(self.thresholds)}


@dataclass(frozen=True)
class RequirementLine:
    ref: str
    title: str
    status: str  # STATUS_WORDS, or "no target"
    judged: str  # the board's own judgement ("Met", "In progress"), or "" before it was made
    driver: str  # the indicator that sets the status, or ""
    reason: str
    exempt: bool

    def as_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "title": self.title, "status": self.status, "judged": self.judged,
                "driver": self.driver, "reason": self.reason, "exempt": self.exempt}


@dataclass(frozen=True)
class BoardStatus:
    as_at: date
    requirements: tuple[RequirementLine, ...]
    indicators: tuple[IndicatorLine, ...]

    def as_json(self) -> list[dict[str, Any]]:
        """Requirements then indicators, each an object with ``ref`` or ``code``,
        ``status`` and ``reason``, and the as-at date on each."""
        day = self.as_at.isoformat()
        return [{**line.as_json(), "as_at": day} for line in (*self.requirements, *self.indicators)]


def board_status(session: Session, who: Identity, as_at: date) -> BoardStatus:
    """Every requirement ``who`` may read (no exempt one for an observer), and every
    indicator with a target, as at ``as_at``. Refused (``NotAllowed``) for an identity
    not established on this copy: printing the verdicts is an export."""
    who.require(Permission.EXPORT)
    include_exempt = who.allows(Permission.SEE_EXEMPT)
    connection = session.connection()
    if as_at == date.today() and snapshot.is_fresh(connection, as_at):
        return _from_snapshot(connection, as_at, include_exempt)
    overview = build_overview(session, as_at, include_exempt=include_exempt)
    requirements = _requirement_lines(overview.rows)
    judgements = overview.judgements or {}
    indicators = tuple(
        indicator_line(judgement)
        for _code, judgement in sorted(judgements.items(), key=lambda item: natural_key(item[0]))
        if judgement.status is not None
    )
    return BoardStatus(as_at, requirements, indicators)


def _from_snapshot(connection: Connection, as_at: date, include_exempt: bool) -> BoardStatus:
    """Today's status as the snapshot holds it (store/snapshot.py): nothing judged."""
    rows = snapshot.read_rows(connection, include_exempt=include_exempt)
    lines = sorted(
        (IndicatorLine(code=r.code, title=r.title, status=r.status, figure=r.figure, target=r.target, reason=r.reason,
                       unreported=r.unreported, thresholds=tuple(json.loads(r.thresholds)))
         for r in snapshot.indicator_rows(connection)),
        key=lambda line: natural_key(line.code),
    )
    return BoardStatus(as_at, _requirement_lines(rows), tuple(lines))


def _requirement_lines(rows: Iterable[OverviewRow]) -> tuple[RequirementLine, ...]:
    return tuple(
        RequirementLine(
            ref=row.ref,
            title=row.title,
            status=STATUS_WORDS[row.rag] if row.rag is not None else "no target",
            judged=REQUIREMENT_STATUS[row.judged] if row.judged is not None else "",
            driver=row.driver or "",
            reason=row.rag_reason or "No linked indicator has a target.",
            exempt=row.exempt,
        )
        for row in rows
    )


def indicator_line(judgement: Judgement) -> IndicatorLine:
    indicator = judgement.indicator
    current = judgement.current
    figure = target = ""
    if current is not None:
        target = target_phrase(current.target, indicator)
        actual = current.actual
        if current.status in JUDGED and actual is not None and current.target.basis not in (
            TargetBasis.TREND, TargetBasis.GAP_CHANGE
        ):
            shown = format_value(actual.value, indicator.unit, indicator.decimals)
            figure = f"{shown} for {period_words(actual.period)}" + (" (provisional)" if actual.provisional else "")
    assert judgement.status is not None
    return IndicatorLine(
        code=indicator.code,
        title=indicator.title,
        status=STATUS_WORDS[judgement.status],
        figure=figure,
        target=target,
        reason=judgement.says,
        unreported=judgement.unreported_words,
        thresholds=judgement.thresholds,
    )
