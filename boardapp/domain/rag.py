"""RAG: red, amber or green, from an actual, a target, a polarity and a declared band.

The rule (docs/domain-rules.md, "RAG"): the *shortfall* is how far the actual falls
short of the target in the bad direction (target - actual when higher is better,
actual - target when lower is better). Green when the shortfall is zero or less (the
target is met or beaten). A missed target is red, unless a plan, the notice or a
report declares an amber band for the indicator: then a shortfall within the band is
amber. The band is the indicator's tolerance (in its unit when absolute, a share of
the target when relative); with none declared there is no band and no amber. The
engine never invents one.

The actual is rounded to the indicator's decimals first: the board sees "80.0%", and
"80.0%" against an 80% target is met.
"""

from __future__ import annotations

from boardapp.domain.model import Indicator
from boardapp.domain.terms import Polarity, Rag, ToleranceKind, Unit
from boardapp.domain.units import format_difference, format_number, rounded

# Float arithmetic makes 0.05 * 75.2 = 3.7600000000000002; a shortfall this close to a
# boundary is on it.
_EPSILON = 1e-9


def has_band(indicator: Indicator) -> bool:
    """True when an amber band is declared for ``indicator`` (a width above zero)."""
    return indicator.tolerance is not None and indicator.tolerance > 0


def amber_band(indicator: Indicator, target: float) -> float:
    """How far short of ``target`` an actual may fall and still be amber: zero when no
    band is declared."""
    if indicator.tolerance is None:
        return 0.0
    if indicator.tolerance_kind is ToleranceKind.RELATIVE:
        return indicator.tolerance * abs(target)
    return indicator.tolerance


def band_words(indicator: Indicator) -> str:
    """The band in words, with who set it: "amber: within 2 percentage points of the
    target, set by the improvement plan", or "no amber band declared" (a missed target
    is then red)."""
    if not has_band(indicator):
        return "no amber band is set for this indicator"
    assert indicator.tolerance is not None
    if indicator.tolerance_kind is ToleranceKind.RELATIVE:
        width = f"{format_number(indicator.tolerance * 100, 1, trim=True)}% of the target"
    else:
        unit = indicator.unit if indicator.unit is not Unit.NUMBER else Unit.COUNT
        width = f"{format_difference(indicator.tolerance, unit, max(indicator.decimals, 1))} of the target"
    who = f", set by {indicator.tolerance_set_by}" if indicator.tolerance_set_by else ""
    return f"amber: within {width}{who}"


def shortfall(actual: float, target: float, polarity: Polarity) -> float:
    """How far ``actual`` falls short of ``target``; zero or less means met."""
    return target - actual if polarity is Polarity.HIGHER_IS_BETTER else actual - target


def side(actual: float, target: float) -> int:
    """-1, 0 or 1 as ``actual`` is below, at or above ``target``, with the same float
    slack the RAG allows, so a sentence never says "below" beside a green."""
    slack = _EPSILON * max(1.0, abs(target))
    if abs(actual - target) <= slack:
        return 0
    return 1 if actual > target else -1


def rag_for(actual: float, target: float, polarity: Polarity, band: float) -> Rag:
    """The RAG of an exact ``actual``: green if met, amber within ``band``, red beyond."""
    short = shortfall(actual, target, polarity)
    slack = _EPSILON * max(1.0, abs(target))
    if short <= slack:
        return Rag.GREEN
    if band > 0 and short <= band + slack:
        return Rag.AMBER
    return Rag.RED


def judge(actual: float, target: float, indicator: Indicator) -> Rag:
    """The RAG of ``actual`` as the board sees it: rounded to the indicator's decimals."""
    return rag_for(rounded(actual, indicator.decimals), target, indicator.polarity, amber_band(indicator, target))
