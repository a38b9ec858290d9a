"""The rules a reading must keep, whoever enters it (the import, the window's editor):
its period in a sane range, its value within its unit's range and rounded to the
indicator's decimals, its numerator and denominator sound and agreeing with it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from boardapp.domain.periods import Period, month_index
from boardapp.domain.terms import Unit
from boardapp.domain.units import rounded
from boardapp.domain.units import scale as unit_scale


class Measure(Protocol):
    """What the rules need to know of an indicator."""

    @property
    def unit(self) -> Unit: ...

    @property
    def decimals(self) -> int: ...


FIRST_YEAR = 1990
"""The earliest year a reading may be for; the latest is the year after this one."""

# unit: (lowest, highest, whole numbers only, what is expected)
_RANGES: dict[Unit, tuple[float | None, float | None, bool, str]] = {
    Unit.PERCENT: (0.0, 100.0, False, "a percentage from 0 to 100"),
    Unit.COUNT: (0.0, None, True, "a whole number, 0 or more"),
    Unit.SCHOOLS: (0.0, None, True, "a whole number of schools, 0 or more"),
    Unit.RATE_PER_100K: (0.0, 100_000.0, False, "a rate per 100,000 from 0 to 100,000"),
    Unit.PERCENTAGE_POINTS: (-100.0, 100.0, False, "percentage points from -100 to 100"),
    Unit.NUMBER: (None, None, False, "a number"),
}
# Units whose numerator counts part of its denominator.
_PART_OF_WHOLE = {Unit.PERCENT, Unit.RATE_PER_100K}


@dataclass(frozen=True, slots=True)
class ValueProblem:
    """One thing wrong with a reading: which field, what was found, what was expected."""

    field: str  # "period", "value", "numerator" or "denominator"
    found: str
    expected: str


def unit_expectation(unit: Unit) -> str:
    """What a value of ``unit`` must be, in words: "a percentage from 0 to 100"."""
    return _RANGES[unit][3]


def period_range(today: date) -> tuple[int, int]:
    """The first and last month index a reading may be for: January 1990 to December next year."""
    return month_index(FIRST_YEAR, 1), month_index(today.year + 1, 12)


def settle_reading(
    facts: Measure,
    period: Period,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    today: date,
) -> tuple[float | None, list[ValueProblem]]:
    """The value to store (rounded to the indicator's decimals, or computed from the
    numerator and denominator), and every problem with the reading as given."""
    problems: list[ValueProblem] = []
    first, last = period_range(today)
    if period.first < first or period.last > last:
        problems.append(ValueProblem("period", period.code, f"a period from {FIRST_YEAR} to {today.year + 1}"))
    lowest, highest, whole, expected = _RANGES[facts.unit]
    scale = unit_scale(facts.unit)
    ratio = _check_counts(facts.unit, numerator, denominator, problems)
    if value is None:
        if ratio is None:
            if numerator is None and denominator is None:
                problems.append(ValueProblem("value", "nothing", "a value, or a numerator and a denominator"))
            return None, problems
        value = ratio * scale
    elif not math.isfinite(value):
        problems.append(ValueProblem("value", str(value), expected))
        return None, problems
    elif ratio is not None:
        tolerance = 0.5 * 10.0**-facts.decimals + 1e-9
        if abs(value - ratio * scale) > tolerance:
            computed = rounded(ratio * scale, facts.decimals)
            problems.append(
                ValueProblem(
                    "value",
                    _number(value),
                    f"{_number(computed)}, as numerator / denominator gives "
                    f"(within rounding to {facts.decimals} decimal places)",
                )
            )
    settled = rounded(value, facts.decimals)
    if (
        (lowest is not None and settled < lowest)
        or (highest is not None and settled > highest)
        or (whole and abs(value - round(value)) > 1e-9)
    ):
        problems.append(ValueProblem("value", _number(value), expected))
    return settled, problems


def _check_counts(
    unit: Unit, numerator: float | None, denominator: float | None, problems: list[ValueProblem]
) -> float | None:
    """numerator / denominator when both are sound; None otherwise (problems noted)."""
    if numerator is None and denominator is None:
        return None
    sound = True
    if numerator is None:
        problems.append(ValueProblem("numerator", "nothing", "a numerator to go with the denominator"))
        sound = False
    elif not math.isfinite(numerator) or numerator < 0:
        problems.append(ValueProblem("numerator", _number(numerator), "a number, 0 or more"))
        sound = False
    if denominator is None:
        problems.append(ValueProblem("denominator", "nothing", "a denominator to go with the numerator"))
        sound = False
    elif not math.isfinite(denominator) or denominator <= 0:
        problems.append(ValueProblem("denominator", _number(denominator), "a number above 0"))
        sound = False
    if not sound:
        return None
    assert numerator is not None and denominator is not None
    if unit in _PART_OF_WHOLE and numerator > denominator:
        problems.append(
            ValueProblem("numerator", _number(numerator), f"at most the denominator ({_number(denominator)})")
        )
        return None
    return numerator / denominator


def _number(value: float) -> str:
    return f"{value:,.10g}" if math.isfinite(value) else str(value)
