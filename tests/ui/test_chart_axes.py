"""The chart's time axis: a year on the first label and on every label that starts a
year, and labels that never run into each other, from days to decades."""

from datetime import date
from itertools import pairwise

import pytest

from boardapp.ui.chart import stamp, time_ticks

WIDTH = 70  # a label's width in pixels ("Sep 2010" and a gap)


def labels(first, last, pixels=900):
    major, _ = time_ticks(stamp(first), stamp(last), pixels, WIDTH)
    return [text for _, text in major]


def test_february_to_december_2010_says_2010_on_its_first_label():
    """The issue: February to December 2010 had no year anywhere."""
    shown = labels(date(2010, 1, 20), date(2010, 12, 20))
    assert shown[0] == "Feb 2010"
    assert all("2010" not in text for text in shown[1:])


def test_every_label_that_starts_a_year_carries_it():
    shown = labels(date(2010, 2, 1), date(2011, 10, 31), pixels=1400)
    assert shown[0].endswith(" 2010")
    assert "Jan 2011" in shown
    assert all(t.startswith("Jan") or not t[-4:].isdigit() for t in shown[1:])


def test_years_apart_are_labelled_by_year():
    shown = labels(date(2000, 1, 1), date(2012, 1, 1), pixels=600)
    assert shown and all(t.isdigit() and len(t) == 4 for t in shown)


def test_a_short_range_is_labelled_by_days_without_month_ends_meeting_month_starts():
    """The caseload's June to September 2011 at full zoom showed "30Jul" and "29 Sep03"."""
    major, _ = time_ticks(stamp(date(2011, 6, 10)), stamp(date(2011, 7, 10)), 900, WIDTH)
    texts = [t for _, t in major]
    assert texts[0].endswith("2011")
    assert all(" " in t for t in texts)
    assert not any(t.startswith(("29 ", "30 ", "31 ")) for t in texts)


@pytest.mark.parametrize("days", [3, 20, 45, 100, 400, 1000, 4000])
@pytest.mark.parametrize("pixels", [300, 600, 1200])
def test_labels_are_far_enough_apart_not_to_meet(days, pixels):
    low = stamp(date(2010, 3, 5))
    high = low + days * 86400
    major, minor = time_ticks(low, high, pixels, WIDTH)
    xs = [(v - low) / (high - low) * pixels for v, _ in major]
    assert major, (days, pixels)
    days_shown = major[0][1][0].isdigit() and not major[0][1].isdigit()  # "3 Sep 2010", not "2010"
    for a, b in pairwise(xs):
        assert b - a >= (1.5 if days_shown else 1) * WIDTH - 1e-6, (major, b - a)
    assert all(low <= v <= high for v, _ in major)
    assert not set(minor) & {v for v, _ in major}
