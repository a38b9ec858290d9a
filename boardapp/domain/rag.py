"""RAG: red, amber or green, from an actual, a target, a polarity and a tolerance.

The rule (docs/domain-rules.md, "RAG"): the *shortfall* is how far the actual falls
short of the target in the bad direction (target - actual when higher is better,
actual - target when lower is better). Green when the shortfall is zero or less (the
target is met or beaten); amber when it is no more than the amber band; red beyond.
The band is the indicator's tolerance: in its unit when absolute, a share of the
target when relative; with no tolerance set, 5% of the target.

The actual is rounded to the indicator's decimals first: the board sees "80.0%", and
"80.0%" against an 80% target is met.
"""

from __future__ import annotations

from boardapp.domain.model import Indicator
from boardapp.domain.terms import Polarity, Rag, ToleranceKind
from boardapp.domain.units import rounded

DEFAULT_TOLERANCE = 0.05
DEFAULT_TOLERANCE_KIND = ToleranceKind.RELATIVE

# Float arithmetic makes 0.05 * 75.2 = 3.7600000000000002; a shortfall this close to a
# boundary is on it.
_EPSILON = 1e-9


def amber_band(indicator: Indicator, target: float) -> float:
    """How far short of ``target`` an actual may fall and still be amber."""
    if indicator.tolerance is None:
        return DEFAULT_TOLERANCE * abs(target)
    if indicator.tolerance_kind is ToleranceKind.RELATIVE:
        return indicator.tolerance * abs(target)
    return indicator.tolerance


def shortfall(actual: float, target: float, polarity: Polarity) -> float:
    """How far ``actual`` falls short of ``target``; zero or less means met."""
    return target - actual if polarity is Polarity.HIGHER_IS_BETTER else actual - target


def rag_for(actual: float, target: float, polarity: Polarity, band: float) -> Rag:
    """The RAG of an exact ``actual``: green if met, amber within ``band``, red beyond."""
    short = shortfall(actual, target, polarity)
    slack = _EPSILON * max(1.0, abs(target))
    if short <= slack:
        return Rag.GREEN
    if short <= band + slack:
        return Rag.AMBER
    return Rag.RED


def judge(actual: float, target: float, indicator: Indicator) -> Rag:
    """The RAG of ``actual`` as the board sees it: rounded to the indicator's decimals."""
    return rag_for(rounded(actual, indicator.decimals), target, indicator.polarity, amber_band(indicator, target))
