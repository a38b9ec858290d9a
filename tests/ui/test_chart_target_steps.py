"""A target revised within its months is drawn as it stood at each date: the line steps
on the day it changed, a square at the step says what it was and why, and the legend
says "Target revised 1 Nov 2011"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QPointF

from boardapp.domain.terms import TargetBasis
from boardapp.ui.chart import data_values, stamp
from tests.domain.builders import data, indicator, reading, target
from tests.domain.builders import target_change as change
from tests.ui.charts import series_as_at, shown_chart

NI59 = indicator("NI 59", decimals=1, tolerance=2.0, title="Initial assessments within timescale")
NOVEMBER = date(2011, 11, 1)


def revised_series(day: date = date(2011, 12, 31)):
    raised = change(NOVEMBER, "revised by the board", value=(72.0, 80.0))
    annual = replace(target("2011-04..2012-03", 80.0, TargetBasis.CUMULATIVE), revisions=(raised,))
    records = data(NI59, [reading("2011-09", 74.0), reading("2011-10", 75.0), reading("2011-11", 79.0)], [annual])
    return series_as_at(records, day)


@pytest.fixture
def chart(qtbot):
    return shown_chart(qtbot)


def target_line(chart):
    return next(item for item in chart.items["targets"] if hasattr(item, "getData"))


def test_the_target_line_steps_on_the_day_it_was_revised(chart, qtbot):
    chart.set_series(revised_series())
    xs, ys = target_line(chart).getData()
    assert [(float(x), float(y)) for x, y in zip(xs, ys)] == [
        (stamp(date(2011, 4, 1)), 72.0), (stamp(NOVEMBER), 72.0), (stamp(NOVEMBER), 80.0), (stamp(date(2012, 4, 1)), 80.0)]
    [square] = [item for item in chart.items["targets"] if getattr(item, "opts", {}).get("symbol") == "s"]
    [spot] = square.points()
    assert (spot.pos().x(), spot.pos().y()) == (stamp(NOVEMBER), 80.0)
    assert "Revised: 80.0% from 1 Nov 2011, was 72.0%: revised by the board" in spot.data()
    # The amber band follows the target: under 72% before the step, under 80% after it.
    [band] = chart.items["bands"]
    assert band.shape().contains(QPointF(stamp(date(2011, 6, 15)), 71.0))
    assert not band.shape().contains(QPointF(stamp(date(2011, 6, 15)), 79.0))
    assert band.shape().contains(QPointF(stamp(date(2011, 12, 15)), 79.0))
    # The view takes in the old value and its band as well as the new.
    assert {70.0, 72.0, 78.0, 80.0} <= set(data_values(chart.series))
    chart.grab()  # the legend's stepped sample paints


def test_the_legend_says_when_the_target_was_revised(chart):
    chart.set_series(revised_series())
    words = [label.text for _, label in chart.plot.plotItem.legend.items]
    assert "Target revised 1 Nov 2011" in words and "Target for several months" in words


def test_as_at_before_the_revision_the_line_is_flat_at_the_old_value(chart):
    chart.set_series(revised_series(date(2011, 10, 31)))
    _, ys = target_line(chart).getData()
    assert set(ys) == {72.0}
    assert not any("revised" in label.text for _, label in chart.plot.plotItem.legend.items)
