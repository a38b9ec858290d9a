"""Trajectory: a robust line through the recent readings, drawn to the target's period."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boardapp.domain.robust_line import theil_sen
from boardapp.domain.series import Series
from boardapp.domain.terms import TargetBasis, ToleranceKind, TrajectoryStatus, Unit
from boardapp.domain.trajectory import TRAJECTORY_POINTS, clamp, project
from tests.domain.builders import counts, indicator, reading, target

MONTHS = [f"2010-{m:02d}" for m in range(4, 13)]  # April to December 2010

# "At risk" needs a declared band (docs/domain-rules.md): these tests declare 5% of the target.
BANDED = indicator(tolerance=0.05, tolerance_kind=ToleranceKind.RELATIVE)


def _monthly(values, **kw):
    return Series.of("NI 59", [reading(month, value, **kw) for month, value in zip(MONTHS, values)])


def test_theil_sen_ignores_one_wild_point_that_least_squares_would_follow():
    points = [(0, 70.0), (1, 71.0), (2, 72.0), (3, 40.0), (4, 74.0), (5, 75.0)]
    line = theil_sen(points)
    assert line is not None and line.slope == pytest.approx(1.0)
    assert line.at(6) == pytest.approx(76.0)


def test_theil_sen_needs_two_distinct_x():
    assert theil_sen([(1, 2.0)]) is None
    assert theil_sen([(1, 2.0), (1, 3.0)]) is None


@given(st.floats(-10, 10, allow_nan=False), st.floats(-100, 100, allow_nan=False), st.integers(2, 12))
def test_theil_sen_recovers_a_straight_line(slope, intercept, count):
    line = theil_sen([(x, intercept + slope * x) for x in range(count)])
    assert line is not None
    assert line.slope == pytest.approx(slope, abs=1e-9)
    assert line.intercept == pytest.approx(intercept, abs=1e-6)


@pytest.mark.parametrize(
    ("values", "status"),
    [
        # April to September 2010, drawn on six months to March 2011; the band is 4 points.
        ([74.0, 75.0, 76.0, 77.0, 78.0, 79.0], TrajectoryStatus.ON_TRACK),  # 85
        ([73.0, 73.5, 74.0, 74.5, 75.0, 75.5], TrajectoryStatus.AT_RISK),  # 78.5
        ([76.0, 75.0, 74.0, 73.0, 72.0, 71.0], TrajectoryStatus.OFF_TRACK),  # 65
    ],
)
def test_a_monthly_target_is_projected_to_its_month(values, status):
    series = _monthly(values)
    trajectory = project(BANDED, target("2011-03", 80.0), series)
    assert trajectory is not None and trajectory.status is status
    assert trajectory.points == 6


def test_only_the_last_six_readings_are_drawn_through():
    series = _monthly([10.0, 10.0, 10.0, 74.0, 75.0, 76.0, 77.0, 78.0, 79.0])
    trajectory = project(BANDED, target("2011-03", 80.0), series)
    assert TRAJECTORY_POINTS == 6
    assert trajectory.points == 6 and trajectory.projected == pytest.approx(82.0)


def test_fewer_than_three_readings_are_too_few_to_project():
    trajectory = project(indicator(), target("2011-03", 80.0), _monthly([74.0, 75.0]))
    assert trajectory.status is TrajectoryStatus.TOO_FEW_READINGS and trajectory.projected is None


def test_a_projection_stays_inside_what_the_unit_allows():
    assert clamp(104.0, Unit.PERCENT) == 100.0
    assert clamp(-3.0, Unit.NUMBER) == 0.0
    assert clamp(-3.0, Unit.PERCENTAGE_POINTS) == -3.0


def test_a_cumulative_projection_banks_the_months_in_at_their_counts():
    """October to December are in (240 of 300 = 80%); the line through the last six
    months is flat at 80% and the volume 100 a month, so January to March add 240 of
    300: 80% cumulative, on track."""
    banked = [counts(m, 80, 100) for m in ("2010-07", "2010-08", "2010-09", "2010-10", "2010-11", "2010-12")]
    trajectory = project(indicator(), target("2010-10..2011-03", 80.0, TargetBasis.CUMULATIVE), Series.of("NI 59", banked))
    assert (trajectory.banked_months, trajectory.projected_months) == (3, 3)
    assert trajectory.projected == pytest.approx(80.0)
    assert trajectory.status is TrajectoryStatus.ON_TRACK


def test_a_busy_banked_month_outweighs_quiet_projected_ones():
    """August 90%, September 85%, October 80% (of 1,000): the line falls 5 points a
    month, so November and December project at 75% and 70%, at the median volume of
    100. Cumulative: (800 + 75 + 70) / 1,200 = 78.75%, not the 75% a mean of the
    three months would give; within the 4-point band, so at risk."""
    months = [counts("2010-08", 90, 100), counts("2010-09", 85, 100), counts("2010-10", 800, 1000)]
    target_range = target("2010-10..2010-12", 80.0, TargetBasis.CUMULATIVE)
    trajectory = project(BANDED, target_range, Series.of("NI 59", months))
    assert trajectory.projected == pytest.approx(78.75)
    assert trajectory.status is TrajectoryStatus.AT_RISK
    assert "weighted by counts" in trajectory.note


def test_without_counts_a_cumulative_projection_weighs_months_equally_and_says_so():
    series = _monthly([80.0, 80.0, 80.0, 80.0, 80.0, 80.0, 80.0])  # April to October
    trajectory = project(indicator(), target("2010-10..2011-03", 80.0, TargetBasis.CUMULATIVE), series)
    assert trajectory.projected == pytest.approx(80.0)
    assert "weighted equally" in trajectory.note


def test_gap_and_trend_targets_are_not_projected():
    series = _monthly([1.0, 2.0, 3.0])
    assert project(indicator(), target("2011", -5.0, TargetBasis.GAP_CHANGE), series) is None
    assert project(indicator(), target("2011", 0.0, TargetBasis.TREND), series) is None


def test_an_annual_target_is_projected_from_annual_readings():
    years = Series.of("NI 79", [reading(f"AY{y}/{(y + 1) % 100:02d}", v, "NI 79") for y, v in
                                 [(2006, 66.0), (2007, 68.0), (2008, 70.0), (2009, 72.0)]])
    trajectory = project(indicator("NI 79", tolerance=0.05, tolerance_kind=ToleranceKind.RELATIVE), target("AY2010/11", 75.2, TargetBasis.ACADEMIC_YEAR, "NI 79"), years)
    assert trajectory.projected == pytest.approx(74.0)
    assert trajectory.status is TrajectoryStatus.AT_RISK
    assert date(2011, 8, 31) == target("AY2010/11", 75.2).period.end
