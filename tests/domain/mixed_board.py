"""A board made in code to reach every corner of the engine the stored boards do not:
every basis of target, readings of several lengths ending together, readings out of
order, known-on days that do not rise with the periods, readings of other measures
(a stated forecast, a change over three years), revised readings and targets, counts
that are missing or sum to zero, gap targets between two series, trend targets with and
without a baseline, amber bands of both kinds. Drawn from one seeded random source,
so it is the same board every time (tests/domain/engine_fingerprint.py)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from boardapp.domain.history import Change
from boardapp.domain.model import Comparator, Indicator, IndicatorData, Reading, Revision, Target, Threshold
from boardapp.domain.periods import Period, PeriodKind, month_index, month_of
from boardapp.domain.terms import (
    ComparatorKind,
    Polarity,
    ReadingStatus,
    RevisionKind,
    TargetBasis,
    ThresholdKind,
    ToleranceKind,
    TrackedKind,
    Unit,
)

FIRST_MONTH = month_index(2008, 1)
MONTHS = 60  # January 2008 to December 2012
DAYS = (date(2008, 9, 30), date(2009, 6, 15), date(2010, 3, 31), date(2010, 11, 30), date(2011, 5, 20),
        date(2011, 11, 30), date(2012, 8, 1), date(2014, 1, 1))


def _end(index: int) -> date:
    year, month = month_of(index + 1)
    return date(year, month, 1) - timedelta(days=1)


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=UTC)


def _value(rng: random.Random, unit: Unit) -> float:
    if unit is Unit.PERCENT:
        return round(rng.uniform(40, 100), 1)
    if unit is Unit.PERCENTAGE_POINTS:
        return round(rng.uniform(-15, 15), 2)
    return float(rng.randrange(0, 400))


def _indicator(rng: random.Random, number: int) -> Indicator:
    unit = rng.choice(list(Unit))
    tolerance, kind = rng.choice([(None, ToleranceKind.ABSOLUTE), (2.0, ToleranceKind.ABSOLUTE),
                                  (0.05, ToleranceKind.RELATIVE), (0.0, ToleranceKind.ABSOLUTE)])
    return Indicator(f"MIX {number:02d}", f"Mixed indicator {number}", unit, rng.choice(list(Polarity)),
                     rng.choice([0, 1, 1, 2]), tolerance, kind, rng.choice([None, "of cases"]),
                     rng.choice([None, "cases"]), rng.choice(["", "the improvement plan"]))


def _readings(rng: random.Random, indicator: Indicator, shuffled_days: bool) -> list[Reading]:
    code, unit = indicator.code, indicator.unit
    start = FIRST_MONTH + rng.randrange(0, 24)
    stop = min(FIRST_MONTH + MONTHS, start + rng.randrange(3, 48))
    counted = unit is Unit.PERCENT and rng.random() < 0.6
    readings = []
    for index in range(start, stop):
        if rng.random() < 0.08:
            continue  # a month never reported
        value: float | None = _value(rng, unit)
        numerator = denominator = None
        if counted and rng.random() < 0.85:
            denominator = float(rng.choice([0, rng.randrange(5, 60)]) if rng.random() < 0.05 else rng.randrange(5, 60))
            numerator = float(rng.randrange(0, int(denominator) + 1))
            value = round(numerator / denominator * 100, 1) if denominator else None
        if rng.random() < 0.04:
            value = None  # awaiting its figure
        known = _end(index) + timedelta(days=rng.randrange(5, 40))
        if shuffled_days and rng.random() < 0.3:
            known = known + timedelta(days=rng.randrange(-60, 200))
        if rng.random() < 0.05:
            known = None  # an older row with no known-on day
        status = rng.choice(list(ReadingStatus))
        revisions: tuple[Revision, ...] = ()
        if value is not None and rng.random() < 0.15 and known is not None:
            first = _moment(known + timedelta(days=rng.randrange(1, 300)), rng)
            older = _value(rng, unit)
            steps = [Revision(first, older, value, rng.choice([None, ReadingStatus.PROVISIONAL]),
                              rng.choice([None, ReadingStatus.VALIDATED]))]
            if rng.random() < 0.4:
                earliest = _value(rng, unit)
                steps.insert(0, Revision(first - timedelta(days=rng.randrange(1, 90)), earliest, older))
            revisions = tuple(steps)
        readings.append(Reading(code, Period(index, index, PeriodKind.MONTH), value, numerator, denominator,
                                status, known, revisions))
    months = [r.period.first for r in readings]
    if months and rng.random() < 0.5:  # quarters and years ending with their last months
        for first in range(months[0] - months[0] % 3, months[-1], 3):
            if rng.random() < 0.5:
                kind = PeriodKind.QUARTER if first % 3 == 0 else PeriodKind.RANGE
                readings.append(Reading(code, Period(first, first + 2, kind), _value(rng, unit),
                                        known_on=_end(first + 2) + timedelta(days=30)))
        year = month_index(month_of(months[0])[0], 4)
        readings.append(Reading(code, Period(year, year + 11, PeriodKind.FINANCIAL_YEAR), _value(rng, unit),
                                status=ReadingStatus.VALIDATED, known_on=_end(year + 11) + timedelta(days=45)))
    if months and rng.random() < 0.2:  # readings of other measures
        for index in rng.sample(months, min(3, len(months))):
            readings.append(Reading(code, Period(index, index, PeriodKind.MONTH), _value(rng, unit),
                                    known_on=_end(index), measure="change over three years"))
        year = month_index(month_of(months[-1])[0], 4)
        readings.append(Reading(code, Period(year, year + 11, PeriodKind.FINANCIAL_YEAR), _value(rng, unit),
                                known_on=_end(months[-1]), measure="forecast"))
    if rng.random() < 0.3:
        rng.shuffle(readings)  # as a store might hand them over: in no order
    return readings


def _period(rng: random.Random) -> Period:
    year = 2008 + rng.randrange(0, 5)
    return rng.choice([
        Period.financial_year(year), Period.academic_year(year), Period.year(year),
        Period.quarter(year, rng.randrange(1, 5)), Period.month(year, rng.randrange(1, 13)),
        Period.months((year, 4), (year, rng.randrange(6, 13))),
    ])


def _targets(rng: random.Random, indicator: Indicator, codes: list[str], readings: list[Reading]) -> list[Target]:
    code, unit = indicator.code, indicator.unit
    targets = []
    for _ in range(rng.randrange(0, 5)):
        basis = rng.choice(list(TargetBasis))
        period = _period(rng)
        if basis is TargetBasis.ACADEMIC_YEAR:
            period = Period.academic_year(2008 + rng.randrange(0, 5))
        if basis is TargetBasis.COUNT and rng.random() < 0.5:
            period = Period.financial_year(2008 + rng.randrange(0, 5))
        if basis is TargetBasis.PERIOD and readings and rng.random() < 0.5:
            period = rng.choice(readings).period  # a target for a period that has a figure
        value = _value(rng, unit)
        series = baseline = None
        if basis is TargetBasis.GAP_CHANGE:
            value = round(rng.uniform(-6, 6), 1)
            monthly = [r.period for r in readings if r.period.month_count == 1 and r.period.first >= FIRST_MONTH + 12]
            if monthly:
                period = rng.choice(monthly)  # a month with a figure, and maybe one a year before
            if rng.random() < 0.6 and len(codes) > 1:
                series = tuple(rng.sample(codes, 2))
            if rng.random() < 0.5:
                baseline = Period(period.first - 24, period.last - 24, period.kind)
        if basis is TargetBasis.TREND and rng.random() < 0.5:
            baseline = Period.month(2008 + rng.randrange(0, 3), rng.randrange(1, 13))
        known = rng.choice([None, period.start - timedelta(days=rng.randrange(0, 400))])
        uid = f"{code}-target-{len(targets)}"
        revisions: tuple[Change, ...] = ()
        if rng.random() < 0.3:
            earlier = _value(rng, unit)
            effective = (known or period.start) + timedelta(days=rng.randrange(1, 500))
            fields = {"value": (earlier, value)}
            if rng.random() < 0.3:
                fields["note"] = ("first said", "")
            revisions = (Change(TrackedKind.TARGET, uid, effective, fields, RevisionKind.CHANGED,
                                _moment(effective, rng), "Sam Secretariat", "revised"),)
        targets.append(Target(code, value, basis, period, known, rng.choice(["", "a note"]), series, baseline,
                              rng.choice(["", "the notice"]), uid, revisions))
    forecasts = [r.period for r in readings if r.measure == "forecast"]
    if forecasts:  # a target for the period a forecast is stated for
        targets.append(Target(code, _value(rng, unit), TargetBasis.PERIOD, forecasts[0], None))
    return targets


def mixed_board(seed: int = 15, size: int = 60) -> list[IndicatorData]:
    rng = random.Random(seed)
    indicators = [_indicator(rng, number) for number in range(1, size + 1)]
    codes = [i.code for i in indicators]
    board = []
    for indicator in indicators:
        readings = _readings(rng, indicator, shuffled_days=rng.random() < 0.2)
        comparators = [Comparator(indicator.code, rng.choice(list(ComparatorKind)), _period(rng), _value(rng, indicator.unit),
                                  rng.choice([None, date(2010, 1, 1)])) for _ in range(rng.randrange(0, 3))]
        thresholds = [Threshold(indicator.code, _value(rng, indicator.unit), rng.choice(list(ThresholdKind)), "a line",
                                rng.choice([None, date(2009, 6, 1)])) for _ in range(rng.randrange(0, 2))]
        board.append(IndicatorData(indicator, tuple(readings), tuple(_targets(rng, indicator, codes, readings)),
                                   tuple(comparators), tuple(thresholds)))
    return board
