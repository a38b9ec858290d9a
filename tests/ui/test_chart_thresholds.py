"""The chart draws a threshold as what it is: a thin grey dotted line across the chart,
tagged at its right end, in the legend as "Thresholds (not targets)", taken into the
view when it is near the data and left out, and said to be, when it is far off."""

from datetime import date

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt

from boardapp.domain.model import Threshold
from boardapp.domain.terms import TargetBasis, ThresholdKind, Unit
from boardapp.ui.chart import (
    TARGET,
    THRESHOLD,
    THRESHOLDS_LEGEND,
    middle,
    thresholds_in_view,
)
from tests.domain.builders import LOWER, data, indicator, reading, target
from tests.ui.charts import series_as_at, shown_chart

CASELOAD = indicator("CASELOAD", unit=Unit.NUMBER, polarity=LOWER, decimals=0, title="Average social worker caseload")
ADVPRAC = indicator("ADVPRAC", unit=Unit.COUNT, decimals=0, title="Advanced Practitioners recruited")
ALERT = "senior managers monitor where individual caseloads exceed 25"


def series_of(ind, readings, targets=(), thresholds=()):
    return series_as_at(data(ind, readings, targets, thresholds=thresholds), date(2011, 11, 30))


def caseload(last=21.0):
    return series_of(
        CASELOAD,
        [reading("2011-06", 23, "CASELOAD"), reading("2011-09", last, "CASELOAD")],
        [target("2011-09", 20.0, TargetBasis.STANDING, "CASELOAD")],
        [Threshold("CASELOAD", 25.0, ThresholdKind.ALERT, ALERT)],
    )


@pytest.fixture
def chart(qtbot):
    return shown_chart(qtbot)


def lines_of(chart):
    return [item for item in chart.items["thresholds"] if isinstance(item, pg.InfiniteLine)]


def test_a_threshold_is_a_dotted_grey_line_at_its_value_with_its_tag_words_and_legend(chart, qtbot):
    series = caseload()
    chart.set_series(series)
    [line] = lines_of(chart)
    assert line.value() == 25.0 and line.angle == 0  # horizontal, across the whole chart
    assert line.pen.style() == Qt.PenStyle.DotLine
    assert line.pen.color().name() == THRESHOLD != TARGET
    assert line.toolTip() == series.thresholds[0].label
    assert line.toolTip() == f"alert at 25: {ALERT} (not a target)"
    [tag] = chart.items["threshold_tags"]
    assert tag.textItem.toPlainText() == "Alert 25"
    assert tag.toolTip() == line.toolTip()
    legend = [label.text for _, label in chart.plot.plotItem.legend.items]
    assert legend.count(THRESHOLDS_LEGEND) == 1
    # Not drawn as a target: the only target marks are the redesign's 20.
    assert [t.value for t in chart.series.targets] == [20.0]


def test_a_threshold_near_the_readings_is_brought_into_view(chart, qtbot):
    """Readings 21 and 23 against a target of 20: the alert at 25 is on the chart."""
    chart.set_series(caseload())
    qtbot.wait(50)
    low, high = chart.plot.getViewBox().viewRange()[1]
    assert low <= 20 and 25 <= high < 26
    [tag] = chart.items["threshold_tags"]
    assert tag.textItem.toPlainText() == "Alert 25"
    # The tag sits at the line's right end.
    (x0, x1), _ = chart.plot.getViewBox().viewRange()
    assert tag.pos().x() > x0 + 0.9 * (x1 - x0)
    assert tag.pos().y() == 25.0


def test_a_far_threshold_is_left_out_of_the_view_and_its_tag_says_so(chart, qtbot):
    """A goal of 56 against readings of 9 and 24 would squeeze them into a third of the
    height: the view keeps to the data, and the tag says the goal is above."""
    series = series_of(
        ADVPRAC, [reading("2009-12", 9, "ADVPRAC"), reading("2011-11", 24, "ADVPRAC")],
        thresholds=[Threshold("ADVPRAC", 56.0, ThresholdKind.GOAL, "towards a higher number of 56")],
    )
    assert thresholds_in_view(series) == set()
    chart.set_series(series)
    qtbot.wait(50)
    assert chart.plot.getViewBox().viewRange()[1][1] < 30
    [line] = lines_of(chart)
    assert line.value() == 56.0
    [tag] = chart.items["threshold_tags"]
    assert tag.textItem.toPlainText() == "Goal 56, above the chart ▲"
    # Zoomed out to take it in, the tag is the plain one again.
    chart.plot.setYRange(0, 60)
    qtbot.wait(50)
    assert tag.textItem.toPlainText() == "Goal 56"


def test_the_tag_does_not_sit_on_a_reading_at_the_lines_right_end(chart, qtbot):
    """Two years of monthly readings, the last on the line itself: its tag moves off it."""
    months = [f"{year}-{month:02d}" for year in (2010, 2011) for month in range(1, 13)]
    series = series_of(
        CASELOAD, [reading(m, 22 + (n % 3), "CASELOAD") for n, m in enumerate(months[:-1])]
        + [reading(months[-1], 25.0, "CASELOAD")],
        thresholds=[Threshold("CASELOAD", 25.0, ThresholdKind.KEY_THRESHOLD, "a long way to say it")],
    )
    chart.set_series(series)
    qtbot.wait(50)
    view = chart.plot.getViewBox()
    [tag] = chart.items["threshold_tags"]
    box = tag.sceneBoundingRect()
    for point in series.points:
        mark = view.mapViewToScene(QPointF(middle(point.period), point.value))
        assert not box.adjusted(-4, -4, 4, 4).contains(mark), point.period.code


def test_which_thresholds_the_view_takes_in():
    near = Threshold("CASELOAD", 25.0, ThresholdKind.ALERT, ALERT)
    far = Threshold("CASELOAD", 60.0, ThresholdKind.KEY_THRESHOLD, "far off")
    series = series_of(
        CASELOAD, [reading("2011-06", 23, "CASELOAD"), reading("2011-09", 21, "CASELOAD")],
        [target("2011-09", 20.0, TargetBasis.STANDING, "CASELOAD")], [near, far],
    )
    assert {t.value for t in thresholds_in_view(series)} == {25.0}
    # With nothing else drawn there is nothing to squeeze: all are taken in.
    alone = series_of(CASELOAD, [], thresholds=[near, far])
    assert {t.value for t in thresholds_in_view(alone)} == {25.0, 60.0}


def test_a_chart_with_no_thresholds_has_no_threshold_legend(chart):
    series = series_of(CASELOAD, [reading("2011-06", 23, "CASELOAD")])
    chart.set_series(series)
    assert chart.items["thresholds"] == []
    assert THRESHOLDS_LEGEND not in [label.text for _, label in chart.plot.plotItem.legend.items]


def test_the_legend_covers_no_reading_or_target(chart, qtbot):
    """The caseload: September's 21 and the standing 20 sit in the bottom right corner,
    where the legend used to cover them; it goes to a free corner."""
    series = series_of(
        CASELOAD, [reading("2011-06", 23, "CASELOAD"), reading("2011-09", 21, "CASELOAD")],
        [target("2011-09", 20.0, TargetBasis.STANDING, "CASELOAD")],
        [Threshold("CASELOAD", 25.0, ThresholdKind.ALERT, ALERT)],
    )
    chart.set_series(series)
    qtbot.wait(50)
    view = chart.plot.getViewBox()
    legend = chart.plot.plotItem.legend.sceneBoundingRect()
    for start, end, value in chart._mark_positions():
        for x in (start, end):
            assert not legend.contains(view.mapViewToScene(QPointF(x, value))), (x, value)
    for tag in chart.items["threshold_tags"]:
        assert not legend.intersects(tag.sceneBoundingRect())
