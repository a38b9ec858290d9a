"""Units: how a value of each unit is rounded, scaled from counts, and written.

Rounding is half away from zero ("80.05" shows as 80.1), the way a reader rounds, not
Python's ``round`` (half to even). The RAG is judged on the rounded value, so a
figure shown as "80.0%" is never called amber against an 80% target.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from boardapp.domain.terms import Unit

_SCALE = {Unit.PERCENT: 100.0, Unit.RATE_PER_100K: 100_000.0}


def rounded(value: float, decimals: int) -> float:
    """``value`` to ``decimals`` places, half away from zero, from its shortest repr.

    Away from a tie Python's ``round`` gives the same answer and is much faster (the
    import of 54,000 readings rounds every one), so Decimal is used only near a tie.
    """
    scaled = abs(value) * 10.0**decimals
    if abs(scaled - math.floor(scaled) - 0.5) > 1e-6:
        return round(value, decimals) + 0.0
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0


def scale(unit: Unit) -> float:
    """What numerator / denominator is multiplied by to give a value in ``unit``."""
    return _SCALE.get(unit, 1.0)


def format_number(value: float, decimals: int, trim: bool = False) -> str:
    """Rounded, with thousands separators; ``trim`` drops trailing zeros ("80", not "80.0")."""
    number = rounded(value, decimals) or 0.0  # never "-0.0"
    text = f"{number:,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_value(value: float, unit: Unit, decimals: int, trim: bool = False) -> str:
    """A value as a sentence shows it: "80.5%", "45.2 per 100,000", "3 schools"."""
    number = format_number(value, decimals, trim)
    if unit is Unit.PERCENT:
        return f"{number}%"
    if unit is Unit.RATE_PER_100K:
        return f"{number} per 100,000"
    if unit is Unit.PERCENTAGE_POINTS:
        return f"{number} percentage {_plural('point', number)}"
    if unit is Unit.SCHOOLS:
        return f"{number} {_plural('school', number)}"
    return number


def format_difference(delta: float, unit: Unit, decimals: int) -> str:
    """The size of a difference between two values of ``unit``, without its sign:
    a difference of percentages is in percentage points."""
    size = abs(delta)
    if unit is Unit.PERCENT:
        return format_value(size, Unit.PERCENTAGE_POINTS, decimals, trim=True)
    return format_value(size, unit, decimals, trim=True)


def format_percent_change(percent: float) -> str:
    """A relative change in whole per cent, without its sign: "42%"."""
    return f"{format_number(abs(percent), 0)}%"


def _plural(noun: str, number: str) -> str:
    return noun if number in ("1", "-1") else noun + "s"
