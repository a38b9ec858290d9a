"""RAG: met is green, within the amber band amber, beyond it red; by polarity."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from boardapp.domain.rag import amber_band, band_words, judge, rag_for
from boardapp.domain.terms import Polarity, Rag, ToleranceKind, Unit
from tests.domain.builders import HIGHER, LOWER, indicator

ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
values = st.floats(-1e6, 1e6, allow_nan=False)
bands = st.floats(0, 1e4, allow_nan=False)
polarities = st.sampled_from(list(Polarity))


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "band", "rag"),
    [
        (80.0, 80.0, HIGHER, 2.0, Rag.GREEN),
        (81.0, 80.0, HIGHER, 2.0, Rag.GREEN),
        (78.0, 80.0, HIGHER, 2.0, Rag.AMBER),
        (77.9, 80.0, HIGHER, 2.0, Rag.RED),
        (6.8, 6.8, LOWER, 0.5, Rag.GREEN),
        (7.3, 6.8, LOWER, 0.5, Rag.AMBER),
        (8.3, 6.8, LOWER, 0.5, Rag.RED),
        (1.0, 0.0, LOWER, 0.0, Rag.RED),
    ],
)
def test_met_is_green_within_the_band_amber_beyond_it_red(actual, target, polarity, band, rag):
    assert rag_for(actual, target, polarity, band) is rag


def test_with_no_band_declared_a_missed_target_is_red_never_amber():
    """No invented default band: 73.7% against 75.2% "was not achieved" (003), and an
    average caseload of 21 against 20 is over its target."""
    assert amber_band(indicator(tolerance=None), 80.0) == 0.0
    assert judge(73.7, 75.2, indicator(tolerance=None)) is Rag.RED
    assert judge(79.99, 80.0, indicator(decimals=2, tolerance=None)) is Rag.RED
    assert judge(21, 20.0, indicator(unit=Unit.NUMBER, decimals=0, polarity=LOWER, tolerance=None)) is Rag.RED
    assert judge(20, 20.0, indicator(unit=Unit.NUMBER, decimals=0, polarity=LOWER, tolerance=None)) is Rag.GREEN


def test_the_band_is_said_with_who_set_it():
    declared = indicator(tolerance=2.0, tolerance_kind=ToleranceKind.ABSOLUTE)
    declared = type(declared)(**{**{f: getattr(declared, f) for f in declared.__slots__},
                                 "tolerance_set_by": "the improvement plan"})
    assert band_words(declared) == "amber: within 2 percentage points of the target, set by the improvement plan"
    assert band_words(indicator(tolerance=None)) == "no amber band is set for this indicator"
    relative = indicator(tolerance=0.05, tolerance_kind=ToleranceKind.RELATIVE)
    assert band_words(relative) == "amber: within 5% of the target"


def test_an_absolute_tolerance_is_in_the_unit_and_a_relative_one_a_share_of_the_target():
    assert amber_band(indicator(tolerance=2.0, tolerance_kind=ToleranceKind.ABSOLUTE), 80.0) == 2.0
    assert amber_band(indicator(tolerance=0.1, tolerance_kind=ToleranceKind.RELATIVE), 80.0) == pytest.approx(8.0)
    assert amber_band(indicator(tolerance=0.1, tolerance_kind=ToleranceKind.RELATIVE), -5.0) == pytest.approx(0.5)


def test_the_board_is_judged_on_the_figure_it_sees():
    """79.96% shows as "80.0%": against an 80% target that is met, not amber."""
    assert judge(79.96, 80.0, indicator(decimals=1, tolerance=1.0)) is Rag.GREEN
    assert judge(79.94, 80.0, indicator(decimals=1, tolerance=1.0)) is Rag.AMBER


def test_a_float_on_the_band_edge_is_on_it():
    """0.05 * 75.2 is 3.7600000000000002 in floats; 71.44 is exactly on the edge."""
    band = indicator(decimals=2, tolerance=0.05, tolerance_kind=ToleranceKind.RELATIVE)
    assert judge(71.44, 75.2, band) is Rag.AMBER


def test_a_negative_tolerance_is_refused():
    with pytest.raises(ValueError, match="tolerance"):
        indicator(tolerance=-1.0)


@given(values, values, values, polarities, bands)
def test_rag_is_monotone_in_the_value(a, b, target, polarity, band):
    low, high = sorted((a, b))
    better, worse = (high, low) if polarity is HIGHER else (low, high)
    assert ORDER[rag_for(better, target, polarity, band)] >= ORDER[rag_for(worse, target, polarity, band)]


@given(values, values, polarities, bands)
def test_flipping_the_polarity_mirrors_the_rag(actual, target, polarity, band):
    flipped = LOWER if polarity is HIGHER else HIGHER
    assert rag_for(actual, target, polarity, band) is rag_for(-actual, -target, flipped, band)


@given(values, values, st.integers(0, 3), st.floats(0, 100, allow_nan=False))
def test_judging_is_monotone_and_mirrors_after_rounding_too(a, b, decimals, tolerance):
    assume(abs(a) < 1e6 and abs(b) < 1e6)
    target = 50.0
    up = indicator(unit=Unit.NUMBER, decimals=decimals, tolerance=tolerance, polarity=HIGHER)
    down = indicator(unit=Unit.NUMBER, decimals=decimals, tolerance=tolerance, polarity=LOWER)
    low, high = sorted((a, b))
    assert ORDER[judge(high, target, up)] >= ORDER[judge(low, target, up)]
    assert ORDER[judge(low, target, down)] >= ORDER[judge(high, target, down)]
    assert judge(a, target, up) is judge(-a, -target, down)
