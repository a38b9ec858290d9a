"""Comparisons: same period last year, volume change, comparator gaps."""

from datetime import date

import pytest

from boardapp.domain.as_at import view_as_at
from boardapp.domain.comparisons import comparator_gaps, percent_change, volume_change, year_on_year
from boardapp.domain.terms import ComparatorKind
from tests.domain.builders import LOWER, comparator, data, indicator, reading

DAY = date(2011, 11, 15)


def test_same_period_last_year_in_points_and_per_cent():
    """NI 59: 80.5% in August 2011 against 78.3% in August 2010."""
    view = view_as_at(data(indicator(), [reading("2010-08", 78.3), reading("2011-08", 80.5)]), DAY)
    yoy = year_on_year(view, view.series.latest())
    assert yoy is not None and not yoy.from_comparator
    assert yoy.previous_period.code == "2010-08"
    assert yoy.change == pytest.approx(2.2)
    assert yoy.change_percent == pytest.approx(2.2 / 78.3 * 100)
    assert yoy.better is True


def test_volume_change_comes_from_the_denominators():
    """A constructed pair: the report gives no counts, only "a 42% increase"."""
    before = reading("2010-08", 78.3, denominator=300)
    now = reading("2011-08", 80.5, denominator=426)
    assert volume_change(now, before) == pytest.approx(42.0)
    assert volume_change(now, reading("2010-08", 78.3)) is None
    assert volume_change(now, reading("2010-08", 78.3, denominator=0)) is None


def test_last_year_can_come_from_a_stated_comparator():
    """NI 117: 8.3% for November to January, 8.2% "the previous year" (no reading)."""
    neet = indicator("NI 117", polarity=LOWER)
    view = view_as_at(
        data(neet, [reading("2010-11..2011-01", 8.3, "NI 117")],
             comparators=[comparator("2010-11..2011-01", ComparatorKind.LAST_YEAR, 8.2, "NI 117")]),
        DAY,
    )
    yoy = year_on_year(view, view.series.latest())
    assert yoy.from_comparator and yoy.previous_value == 8.2 and yoy.volume_change_percent is None
    assert yoy.better is False  # higher NEET is worse


def test_no_last_year_no_comparison():
    view = view_as_at(data(indicator(), [reading("2011-08", 80.5)]), DAY)
    assert year_on_year(view, view.series.latest()) is None


def test_unchanged_as_shown_is_neither_better_nor_worse():
    view = view_as_at(data(indicator(), [reading("2010-08", 78.31), reading("2011-08", 78.34)]), DAY)
    assert year_on_year(view, view.series.latest()).better is None


def test_comparator_gaps_for_the_readings_period_by_polarity():
    neet = indicator("NI 117", polarity=LOWER)
    view = view_as_at(
        data(
            neet,
            [reading("2011-07", 7.8, "NI 117")],
            comparators=[
                comparator("2011-07", ComparatorKind.NATIONAL, 10.4, "NI 117"),
                comparator("2011-07", ComparatorKind.STATISTICAL_NEIGHBOURS, 7.1, "NI 117"),
                comparator("2011-06", ComparatorKind.NATIONAL, 1.0, "NI 117"),
            ],
        ),
        DAY,
    )
    gaps = comparator_gaps(view, view.series.latest())
    assert [(g.kind, round(g.gap, 1), g.better) for g in gaps] == [
        (ComparatorKind.NATIONAL, -2.6, True),
        (ComparatorKind.STATISTICAL_NEIGHBOURS, 0.7, False),
    ]


def test_a_change_from_zero_has_no_percentage():
    assert percent_change(5.0, 0.0) is None
    assert percent_change(-2.0, -4.0) == pytest.approx(50.0)
