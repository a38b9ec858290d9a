"""An indicator's targets as a person names them on the command line: its code and the
period ("2010-11..2011-01", "Nov 2010 to Jan 2011"), and the basis when two targets
share the period; and its targets as they stood on a day, each with its changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from boardapp.domain.as_at import targets_as_at
from boardapp.domain.model import Indicator as DomainIndicator
from boardapp.domain.periods import Period, PeriodError, parse_report_period
from boardapp.domain.terms import TargetBasis
from boardapp.store.errors import StoreError
from boardapp.store.indicator_data import load_indicator_data
from boardapp.store.indicator_detail import TargetRow, target_rows
from boardapp.store.models import Indicator


class NoSuchTarget(StoreError):
    """No target, or more than one, answers to what was typed; ``str()`` says which there are."""


@dataclass(frozen=True)
class FoundTarget:
    uuid: uuid.UUID
    code: str
    period: Period
    basis: TargetBasis
    value: float  # as it stands now


def find_target(session: Session, code: str, period_text: str, basis: TargetBasis | None = None) -> FoundTarget:
    """The one target of indicator ``code`` for the period ``period_text`` names (and of
    ``basis``, when given), as it stands now."""
    indicator = _indicator(session, code)
    try:
        period = parse_report_period(period_text)
    except PeriodError as exc:
        raise NoSuchTarget(f"{period_text!r} is not a period: {exc}") from None
    targets = [t for t in indicator.targets if Period.parse(t.period) == period and basis in (None, t.basis)]
    if not targets:
        having = "; ".join(f"{Period.parse(t.period).code} ({t.basis.value})" for t in indicator.targets)
        raise NoSuchTarget(f"{indicator.code} has no {basis.value + ' ' if basis else ''}target for {period.label}"
                           + (f"; its targets: {having}" if having else "; it has no targets"))
    if len(targets) > 1:
        raise NoSuchTarget(f"{indicator.code} has {len(targets)} targets for {period.label} "
                           f"({', '.join(t.basis.value for t in targets)}): name one with --basis")
    [target] = targets
    return FoundTarget(target.uuid, indicator.code, period, target.basis, target.value)


def targets_on(session: Session, code: str, day: date) -> tuple[DomainIndicator, tuple[TargetRow, ...]]:
    """Indicator ``code`` and its targets as they stood at the end of ``day``, each with
    its changes by then (store/indicator_detail.TargetRow)."""
    [data] = load_indicator_data(session.connection(), [_indicator(session, code).code])
    return data.indicator, target_rows(targets_as_at(data.targets, day), data.indicator)


def _indicator(session: Session, code: str) -> Indicator:
    """The indicator by its code, whatever its case ("ni 117")."""
    found = session.scalars(
        select(Indicator).where(func.lower(Indicator.code) == code.strip().lower()).options(
            selectinload(Indicator.targets))
    ).all()
    if len(found) != 1:
        raise NoSuchTarget(f"there is no indicator {code!r} in this database (`boardapp status` lists them)")
    return found[0]
