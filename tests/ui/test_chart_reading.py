"""A chart a lay member reads correctly: every kind of mark and band in the legend and
nothing else, overlapping amber bands no darker where they overlap, figures for several
months drawn as spans, an axis that says it does not start at zero, the whole title,
and the palette's own text colour on its background, light or dark."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QPalette

from boardapp.domain.model import Revision, Threshold
from boardapp.domain.terms import (
    ComparatorKind,
    ReadingStatus,
    TargetBasis,
    ThresholdKind,
)
from boardapp.ui.chart import THRESHOLDS_LEGEND, colours_for, span
from tests.domain.builders import comparator, data, indicator, reading, target
from tests.ui.charts import series_as_at, shown_chart

NI59 = indicator("NI 59", decimals=1, tolerance=2.0,
                 title="Initial assessments for children's social care carried out within timescale")


def everything():
    """Every kind of mark: readings (one provisional, one revised), a figure for several
    months, targets for a month, for several months and standing, bands, a comparator,
    a projection and a threshold."""
    revised = replace(reading("2011-07", 79.0), revisions=(
        Revision(datetime(2011, 8, 20, tzinfo=UTC), 77.0, 79.0, None, None),))
    records = data(
        NI59,
        [reading("2010-03..2010-10", 80.1), reading("2010-08", 78.3), reading("2011-06", 79.5), revised,
         reading("2011-08", 80.5, status=ReadingStatus.PROVISIONAL)],
        [target("2010-06", 72.0), target("2010-03..2010-10", 80.0, TargetBasis.CUMULATIVE),
         target("2011-04..2012-03", 82.0, TargetBasis.CUMULATIVE), target("2010-03", 80.0, TargetBasis.STANDING)],
        comparators=[comparator("2010-08", ComparatorKind.NATIONAL, 75.0)],
        thresholds=[Threshold("NI 59", 85.0, ThresholdKind.BENCHMARK, "benchmark of 85%")],
    )
    return series_as_at(records, date(2011, 11, 30))


@pytest.fixture
def chart(qtbot):
    return shown_chart(qtbot)


def legend_words(chart):
    return [label.text for _, label in chart.plot.plotItem.legend.items]


def test_every_kind_of_mark_and_band_is_in_the_legend(chart, qtbot):
    series = everything()
    assert series.trajectories and series.comparators and any(p.revised for p in series.points)
    chart.set_series(series)
    assert legend_words(chart) == [
        "Readings", "Provisional reading", "Revised reading", "Figure for several months", "Target for a month",
        "Target for several months", "Standing target (from ▲)", "Amber band", "Comparators", "Projection",
        THRESHOLDS_LEGEND,
    ]
    # The readings' sample is a dot on a line, as the readings are drawn, not a bare line.
    readings = chart.plot.plotItem.legend.items[0][0]
    assert readings.symbol == "o" and readings.pen is not None


def test_the_legend_names_only_what_is_drawn(chart):
    series = everything()
    chart.set_series(replace(series, points=(), comparators=(), trajectories=(), thresholds=(),
                             targets=tuple(t for t in series.targets if t.period.month_count > 1 and not t.band)))
    assert legend_words(chart) == ["Figure for several months"] + (
        ["Target for several months"] if any(t.basis is not TargetBasis.STANDING for t in chart.series.targets)
        else []) + (["Standing target (from ▲)"] if any(t.basis is TargetBasis.STANDING for t in chart.series.targets)
                    else [])


def test_overlapping_amber_bands_are_one_shape_no_darker_where_they_overlap(chart):
    series = everything()
    banded = [t for t in series.targets if t.band]
    assert len(banded) >= 2
    chart.set_series(series)
    [bands] = chart.items["bands"]
    shape = bands.path()
    # One fill: the overlap of the cumulative and the standing target's bands is inside
    # the one shape, painted once.
    x0, x1 = span(banded[0].period)
    inside = pg.QtCore.QPointF((x0 + x1) / 2, banded[0].value - 1)
    assert shape.contains(inside)
    assert "Amber band" in bands.toolTip()


def test_a_figure_for_several_months_is_a_bar_with_caps_at_its_ends_not_a_point_at_its_middle(chart):
    series = everything()
    chart.set_series(series)
    bar, caps = chart.items["spans"]
    x0, x1 = span(series.spans[0].period)
    assert list(caps.data["x"]) == [x0, x1]
    assert list(bar.xData) == [x0, x1]


def test_the_axis_says_when_it_does_not_start_at_zero(chart, qtbot):
    chart.set_series(everything())
    qtbot.wait(20)
    assert chart.plot.getViewBox().viewRange()[1][0] > 0
    assert chart.axis_label() == "percent (the axis does not start at zero)"
    chart.plot.setYRange(0, 100, padding=0)
    qtbot.wait(20)
    assert chart.axis_label() == "percent"


def test_on_a_short_chart_the_axis_note_is_shortened_not_cut(chart, qtbot):
    from PySide6.QtGui import QFontMetrics

    chart.resize(700, 230)  # the chart at 1280x720 with 125% scaling
    chart.set_series(everything())
    qtbot.wait(20)
    label = chart.axis_label()
    assert label.startswith("percent") and "zero" in label or "not from 0" in label
    room = chart.plot.getViewBox().sceneBoundingRect().height()
    assert QFontMetrics(chart.plot.getAxis("left").label.font()).horizontalAdvance(label) <= room
    chart.resize(700, 600)
    qtbot.wait(20)
    assert chart.axis_label() == "percent (the axis does not start at zero)"


def test_a_long_title_is_wrapped_whole_not_cut(chart, qtbot):
    chart.resize(420, 400)
    qtbot.wait(20)
    series = everything()
    chart.set_series(series)
    lines = chart.title_lines()
    assert len(lines) >= 2
    assert " ".join(lines) == f"{series.code}: {series.title}"
    assert "…" not in " ".join(lines)
    assert chart.plot.plotItem.titleLabel.sceneBoundingRect().width() <= chart.plot.width()


def dark_palette():
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2d2d2d"), (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.WindowText, "#e6e6e6")):
        palette.setColor(role, QColor(colour))
    return palette


def contrast(a: str, b: str) -> float:
    def luminance(name: str) -> float:
        channels = [c / 255 for c in QColor(name).getRgb()[:3]]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("palette", [QPalette(), dark_palette()], ids=["light", "dark"])
def test_axis_text_and_marks_read_on_the_background_in_light_and_dark(palette):
    colours = colours_for(palette)
    assert contrast(colours.text, colours.background) >= 7  # WCAG AAA for the words
    for mark in (colours.reading, colours.target, colours.threshold, colours.revised, colours.trajectory):
        assert contrast(mark, colours.background) >= 3, mark  # WCAG's least for graphics


def test_the_chart_follows_a_change_to_a_dark_palette(chart, qtbot):
    chart.set_series(everything())
    chart.setPalette(dark_palette())
    qtbot.wait(20)
    axis = chart.plot.getAxis("left")
    assert axis.textPen().color().name() == "#e6e6e6"
    assert chart.colours.background == "#1e1e1e"
    assert legend_words(chart)[0] == "Readings"
