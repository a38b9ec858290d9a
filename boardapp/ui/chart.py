"""An indicator's chart: readings against targets on a date axis (pyqtgraph).

Readings are a line with dots (provisional dots hollow, revised dots ringed in red); a
figure for several months (a cumulative figure, a quarter, a year) is a bar across its
months with a cap at each end: a span, not a point. Every target is drawn where it
applies: a diamond for one month, a dash-dotted step with a triangle at each end across
a run of months, a solid line from a triangle for a standing target; a target revised
within its months steps on the day it changed (its old value before, its new after, a
square at the step, the legend saying "Target revised 1 Nov 2011"); amber bands sit on
the side that misses, drawn as one shape so that two overlapping are no darker.
Comparators are crosses; a projection is dashed to the target's date. A threshold (a
line that is not a target: an alert, a key threshold, a band's edge, a benchmark, a goal)
is a thin grey dotted line across the whole chart, tagged at its right end ("Alert 25").
The view takes in a threshold near the data; one far off would squeeze the data flat,
so it is left out and its tag, pinned to the edge, says it is above or below the chart.
The legend names every kind of mark and band drawn, with a sample drawn as the mark is,
in the corner where it covers fewest marks. The time axis puts the year on its first
label and on every label that starts a year; the value axis says when it does not start
at zero. Text and background are the palette's own, marks coloured to read on it, light
or dark. The title wraps, never cut. Hovering a mark shows what it is. Zoom and pan with
the mouse; Reset, Copy, Save PNG / SVG below.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter, SVGExporter
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsPathItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.chart_series import ChartSeries, ChartThreshold
from boardapp.domain.periods import Period
from boardapp.domain.terms import Polarity, TargetBasis
from boardapp.ui.chart_steps import draw_steps, stamp, step_bands, step_span

READING = "#1f4e9a"
TARGET = "#2e7d32"
BAND = (230, 160, 0, 60)
COMPARATOR = "#6d4c41"
TRAJECTORY = "#7b1fa2"
THRESHOLD = "#616161"
REVISED = "#d32f2f"
TITLE_POINTS = 11
THRESHOLDS_LEGEND = "Thresholds (not targets)"
# A threshold joins the view only while the data still fill at least this share of its
# height; further off, it is left out and its tag says where it is.
DATA_SHARE = 0.5


# A period's place on the time axis, worked out once: the chart asks for each point's
# again every time it places the legend and the threshold tags.
@lru_cache(maxsize=4096)
def middle(period: Period) -> float:
    return (stamp(period.start) + stamp(period.end + timedelta(days=1))) / 2


@lru_cache(maxsize=4096)
def span(period: Period) -> tuple[float, float]:
    return stamp(period.start), stamp(period.end + timedelta(days=1))


def thresholds_in_view(series: ChartSeries) -> set[ChartThreshold]:
    """The thresholds the view takes in: nearest the data first, each while the data
    still fill at least DATA_SHARE of the height (caseloads 21 to 23 against a target
    of 20 take in the alert at 25). With no data to squeeze, all of them."""
    values = data_values(series)
    if not values:
        return set(series.thresholds)
    low, high = min(values), max(values)
    # A flat series still has a height worth keeping: a tenth of its size.
    height = max(high - low, 0.1 * max(abs(low), abs(high)), 1e-9)
    room = height / DATA_SHARE
    taken = set()
    for threshold in sorted(series.thresholds, key=lambda t: max(low - t.value, t.value - high, 0)):
        top, bottom = max(high, threshold.value), min(low, threshold.value)
        if top - bottom <= room:
            taken.add(threshold)
            low, high = bottom, top
    return taken


def data_values(series: ChartSeries) -> list[float]:
    """Every height the chart draws apart from thresholds: readings, targets and their
    amber bands, comparators, trajectories."""
    values = [p.value for p in (*series.points, *series.spans, *series.comparators)]
    for target in series.targets:
        for value, band in ((target.value, target.band), *((s.value, s.band) for s in target.steps)):
            values.append(value)
            if band:
                values.append(value + (-band if series.polarity is Polarity.HIGHER_IS_BETTER else band))
    for trajectory in series.trajectories:
        values += [trajectory.start_value, trajectory.end_value]
    return values


MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
DAY_STEPS = (1, 2, 5, 7, 14)


def _day(value: float) -> date:
    return datetime.fromtimestamp(value, UTC).date()


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def time_ticks(low: float, high: float, pixels: float, label_width: float) -> tuple[list[tuple[float, str]], list[float]]:
    """The labelled ticks between two instants, and the unlabelled ones between them, for
    an axis ``pixels`` long whose widest label is ``label_width``: months (every one, or
    every 2, 3, 6), years, or days on a short range, spaced so no two labels meet. The
    first label and every label that starts a year carry the year ("Feb 2010", "Jan
    2011"); a year tick is the year ("2010"); a day is "8 Sep", the first "3 Sep 2011"."""
    if not (high > low and pixels > 0):
        return [], []
    per_day = pixels / ((high - low) / 86400)
    first, last = _day(low), _day(high)
    step = next((m for m in MONTH_STEPS if m * 28 * per_day >= label_width), None)  # February is the shortest
    if step is None:  # centuries in a few pixels: nothing to say
        return [], []
    # A day's label ("30 Sep", the first "30 Sep 2011") is up to half as wide again.
    # Days only on a range of about two months or less: longer, months read better.
    if high - low <= 62 * 86400 and 14 * per_day >= 1.5 * label_width:
        days = next(d for d in DAY_STEPS if d * per_day >= 1.5 * label_width)
        ticks = []
        day = first
        while day <= last:
            # Not so near a month's end that its label meets the next month's first.
            if days == 1 or (day.day - 1) % days == 0 and day.day + days <= 29:
                ticks.append(day)
            day += timedelta(days=1)
        labels = []
        for n, day in enumerate(ticks):
            text = f"{day.day} {day:%b}"
            if n == 0 or (day.month, day.day) == (1, 1):
                text += f" {day.year}"
            labels.append((stamp(day), text))
        return [(v, t) for v, t in labels if low <= v <= high], []
    months = []
    month = date(first.year, first.month, 1)
    while stamp(month) <= high:
        if stamp(month) >= low:
            months.append(month)
        month = _add_months(month, 1)
    if step >= 12:
        years = step // 12
        major = [m for m in months if m.month == 1 and m.year % years == 0]
        minor = [stamp(m) for m in months if m.month == 1 and m not in major] if years > 1 else \
            [stamp(m) for m in months if m.month in (4, 7, 10)]
        return [(stamp(m), str(m.year)) for m in major], minor
    major = [m for m in months if (m.month - 1) % step == 0]
    labels = [(stamp(m), f"{m:%b} {m.year}" if n == 0 or m.month == 1 else f"{m:%b}") for n, m in enumerate(major)]
    return labels, [stamp(m) for m in months if m not in major]


class TimeAxis(pg.AxisItem):
    """The bottom axis: dates as months, years or days (``time_ticks``), the year on the
    first label and on every label that starts a year."""

    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        self._labels: dict[float, str] = {}

    def tickValues(self, minVal: float, maxVal: float, size: float):  # type: ignore[no-untyped-def]
        metrics = QFontMetrics(self.style["tickFont"] or self.font())
        width = metrics.horizontalAdvance("Sep 2010") + 16
        major, minor = time_ticks(minVal, maxVal, size, width)
        self._labels = dict(major)
        return [(0, [v for v, _ in major]), (0, minor)]

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]
        return [self._labels.get(v, "") for v in values]

    def labels(self) -> list[str]:
        """The labels as last drawn, left to right."""
        return [self._labels[v] for v in sorted(self._labels)]


@dataclass(frozen=True, slots=True)
class Colours:
    """The chart's colours on one palette: marks that read on its background, and the
    palette's own text and background."""

    reading: str
    target: str
    band: tuple[int, int, int, int]
    comparator: str
    trajectory: str
    threshold: str
    revised: str
    text: str
    background: str


LIGHT = Colours(READING, TARGET, BAND, COMPARATOR, TRAJECTORY, THRESHOLD, REVISED, "#000000", "#ffffff")
DARK = Colours("#8ab4f8", "#81c784", (255, 183, 77, 70), "#d7ccc8", "#ce93d8", "#bdbdbd", "#ff6e6e", "#ffffff", "#000000")


def colours_for(palette: QPalette) -> Colours:
    """Light marks on a dark palette, dark marks on a light one; text and background are
    the palette's own (Text on Base), so the axes read as well as the window's text."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    base = DARK if dark else LIGHT
    return Colours(
        base.reading, base.target, base.band, base.comparator, base.trajectory, base.threshold, base.revised,
        palette.color(QPalette.ColorRole.Text).name(), palette.color(QPalette.ColorRole.Base).name(),
    )


class LegendSample(ItemSample):
    """A legend's sample drawn from what it shows, not from a plotted item: a line, a
    symbol (at the middle, or at both ends), a filled box, end caps. Clicking it does
    nothing (pyqtgraph's would hide the item)."""

    def __init__(self, pen=None, symbol=None, brush=None, symbol_pen=None, box=None, caps=False, ends=False,  # type: ignore[no-untyped-def]
                 step=False):
        super().__init__(None)
        self.pen, self.symbol, self.brush, self.symbol_pen = pen, symbol, brush, symbol_pen
        self.box, self.caps, self.ends, self.step = box, caps, ends, step

    def paint(self, p, *args):  # type: ignore[no-untyped-def]
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.box is not None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.box)
            p.drawRect(QRectF(1, 3, 18, 16))
        if self.pen is not None and self.step:
            p.setPen(self.pen)
            p.drawPolyline(QPolygonF([QPointF(0, 16), QPointF(10, 16), QPointF(10, 6), QPointF(20, 6)]))
            if self.symbol is not None:
                p.save()
                p.translate(10, 6)
                drawSymbol(p, self.symbol, 7, self.symbol_pen or self.pen, self.brush)
                p.restore()
            return
        if self.pen is not None:
            p.setPen(self.pen)
            p.drawLine(QPointF(2 if self.caps else 0, 11), QPointF(18 if self.caps else 20, 11))
            if self.caps:
                p.drawLine(QPointF(2, 6), QPointF(2, 16))
                p.drawLine(QPointF(18, 6), QPointF(18, 16))
        if self.symbol is not None:
            for x in ((3, 17) if self.ends else (10,)):
                p.save()
                p.translate(x, 11)
                drawSymbol(p, self.symbol, 9 if self.ends else 11, self.symbol_pen or self.pen, self.brush)
                p.restore()

    def mouseClickEvent(self, event):  # type: ignore[no-untyped-def]
        event.accept()


# Corners as (right, bottom), in the order a tie is settled: bottom right first.
_CORNERS = ((True, True), (False, False), (True, False), (False, True))
# A legend of more entries than this many rows takes another column.
LEGEND_ROWS = 3


class IndicatorChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"bottom": TimeAxis()})
        self.plot.setAccessibleName("Indicator chart")
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.addLegend(offset=(-10, -10), sampleType=LegendSample)
        self.plot.getViewBox().sigRangeChanged.connect(self._place_legend_and_tags)
        self.plot.getViewBox().sigResized.connect(self._place_legend_and_tags)
        self.plot.setMouseEnabled(x=True, y=True)
        self.empty = QLabel("No readings or targets to draw.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.series: ChartSeries | None = None
        self.colours = colours_for(self.palette())
        self.items: dict[str, list[pg.GraphicsObject]] = {}
        self._legend_corner: tuple[tuple[int, int], tuple[int, int]] | None = None
        self._title_width = 0
        self._marks: list[tuple[float, float, float]] | None = None
        self._axis_label = ""
        buttons = QHBoxLayout()
        for text, name, slot in (
            ("&Reset view", "Reset chart view", self.reset_view),
            ("&Copy chart", "Copy chart", self.copy),
            ("Save PN&G…", "Save chart as PNG", lambda: self.save_dialog("png")),
            ("Save S&VG…", "Save chart as SVG", lambda: self.save_dialog("svg")),
        ):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self._apply_colours()

    def set_series(self, series: ChartSeries) -> None:
        self.series = series
        self.plot.clear()
        self.plot.plotItem.legend.clear()
        self.items = {"points": [], "spans": [], "targets": [], "bands": [], "comparators": [], "trajectories": [],
                      "thresholds": [], "threshold_tags": []}
        self._title_width = 0
        self._marks = None
        self._fit_title()
        self._axis_label = ""
        self.empty.setVisible(series.empty)
        self._draw_targets(series)
        self._draw_spans(series)
        self._draw_points(series)
        self._draw_comparators(series)
        self._draw_trajectories(series)
        self._draw_thresholds(series)
        self._fill_legend(series)
        self.reset_view()
        self._place_legend_and_tags()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.colours = colours_for(self.palette())
            self._apply_colours()
            if self.series is not None:
                self.set_series(self.series)

    def _apply_colours(self) -> None:
        """Axes, their words, the title and the legend in the palette's text colour on its
        background: pyqtgraph's grey on grey is hard to read."""
        c = self.colours
        self._point_styles: dict[tuple[bool, bool], tuple[QPen, QBrush]] = {}
        self.plot.setBackground(c.background)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(c.text, width=1))
            axis.setTextPen(pg.mkPen(c.text))
            axis.labelStyle = {"color": c.text}
        legend = self.plot.plotItem.legend
        background = QColor(c.background)
        background.setAlpha(230)
        frame = QColor(c.text)
        frame.setAlpha(90)
        legend.setBrush(pg.mkBrush(background))
        legend.setPen(pg.mkPen(frame))
        legend.setLabelTextColor(c.text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_title()

    def title_lines(self) -> list[str]:
        """The title as drawn, a line each: whole, wrapped at spaces to the chart's width."""
        label = self.plot.plotItem.titleLabel
        return [html.unescape(line) for line in label.text.split("<br>")] if label.text else []

    def _fit_title(self) -> None:
        """The whole title, wrapped onto as many lines as the chart's width needs: never
        cut, and never wider than the chart (a long title would widen the plot past the
        widget and hide its right end)."""
        if self.series is None:
            return
        width = max(80, self.plot.width() - 40)
        if width == self._title_width:
            return
        self._title_width = width
        whole = f"{self.series.code}: {self.series.title}"
        label = self.plot.plotItem.titleLabel
        font = QFont(label.item.font())
        font.setPointSizeF(TITLE_POINTS)
        metrics = QFontMetrics(font)
        lines: list[str] = []
        for word in whole.split():
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)  # a word wider than the chart has a line of its own
        height = metrics.lineSpacing() * len(lines) + 12
        self.plot.setTitle("<br>".join(html.escape(line) for line in lines), size=f"{TITLE_POINTS}pt",
                           color=self.colours.text)
        label.setMaximumHeight(height)
        self.plot.plotItem.layout.setRowFixedHeight(0, height)
        label.setToolTip(whole)

    def _draw_points(self, series: ChartSeries) -> None:
        if not series.points:
            return
        c = self.colours
        xs = [middle(p.period) for p in series.points]
        ys = [p.value for p in series.points]
        # Join only neighbouring months: a line across a gap would draw readings nobody took.
        joined = np.array([b.period.first - a.period.last == 1 for a, b in zip(series.points, series.points[1:])] + [False])
        line = self.plot.plot(xs, ys, pen=pg.mkPen(c.reading, width=2), connect=joined)
        # One pen and one brush a kind of point, kept from one indicator to the next:
        # pyqtgraph draws a symbol once a pen and brush it has not seen (by identity).
        brushes = [self._point_style(p.provisional, p.revised)[1] for p in series.points]
        pens = [self._point_style(p.provisional, p.revised)[0] for p in series.points]
        sizes = [11 if p.revised else 9 for p in series.points]
        scatter = pg.ScatterPlotItem(
            x=xs, y=ys, data=[p.label for p in series.points], size=sizes, brush=brushes, pen=pens,
            hoverable=True, tip=lambda x, y, data: data,
        )
        self.plot.addItem(scatter)
        self.items["points"] += [line, scatter]

    def _point_style(self, provisional: bool, revised: bool) -> tuple[QPen, QBrush]:
        style = self._point_styles.get((provisional, revised))
        if style is None:
            c = self.colours
            style = self._point_styles[provisional, revised] = (
                pg.mkPen(c.revised if revised else c.reading, width=2.5 if revised else 1.5),
                pg.mkBrush(c.background if provisional else c.reading))
        return style

    def _draw_spans(self, series: ChartSeries) -> None:
        """A figure for several months (a cumulative figure, a quarter, a year) is a bar
        across those months with a cap at each end: a span, not a point at its middle."""
        c = self.colours
        for reading in series.spans:
            x0, x1 = span(reading.period)
            colour = c.revised if reading.revised else c.reading
            style = Qt.PenStyle.DashLine if reading.provisional else Qt.PenStyle.SolidLine
            bar = self.plot.plot([x0, x1], [reading.value, reading.value],
                                 pen=pg.mkPen(c.reading, width=4, style=style, cap=Qt.PenCapStyle.FlatCap))
            bar.curve.setToolTip(reading.label)
            caps = pg.ScatterPlotItem(
                x=[x0, x1], y=[reading.value] * 2, data=[reading.label] * 2, size=14, symbol="|",
                pen=pg.mkPen(colour, width=2.5), brush=pg.mkBrush(colour), hoverable=True, tip=lambda x, y, data: data,
            )
            self.plot.addItem(caps)
            self.items["spans"] += [bar, caps]

    def _draw_targets(self, series: ChartSeries) -> None:
        c = self.colours
        bands = []
        for target in series.targets:
            x0, x1 = span(target.period)
            if target.steps:
                bands += step_bands(series, target)
                self.items["targets"] += draw_steps(self.plot, c.target, c.background, target)
                continue
            if target.band:
                low, high = (target.value - target.band, target.value) if series.polarity is Polarity.HIGHER_IS_BETTER \
                    else (target.value, target.value + target.band)
                bands.append((QRectF(x0, low, x1 - x0, high - low),
                              f"{series.value_text(low)} to {series.value_text(high)}, {target.period.label}"))
            if target.period.month_count == 1:
                mark = pg.ScatterPlotItem(
                    x=[middle(target.period)], y=[target.value], data=[target.label], symbol="d", size=13,
                    brush=pg.mkBrush(c.target), pen=pg.mkPen(c.background), hoverable=True,
                    tip=lambda x, y, data: data,
                )
                self.plot.addItem(mark)
                self.items["targets"].append(mark)
            else:
                standing = target.basis is TargetBasis.STANDING
                pen = pg.mkPen(c.target, width=2, style=Qt.PenStyle.SolidLine if standing else Qt.PenStyle.DashDotLine)
                step = self.plot.plot([x0, x1], [target.value, target.value], pen=pen)
                ends = [x0] if standing else [x0, x1]
                mark = pg.ScatterPlotItem(
                    x=ends, y=[target.value] * len(ends), data=[target.label] * len(ends), symbol="t1", size=9,
                    brush=pg.mkBrush(c.target), pen=pg.mkPen(c.target), hoverable=True, tip=lambda x, y, data: data,
                )
                self.plot.addItem(mark)
                self.items["targets"] += [step, mark]
        if bands:
            # One shape for all the bands: where two overlap it is no darker.
            shape = QPainterPath()
            for rect, _ in bands:
                one = QPainterPath()
                one.addRect(rect)
                shape = shape.united(one)
            item = QGraphicsPathItem(shape)
            item.setBrush(pg.mkBrush(*c.band))
            item.setPen(pg.mkPen(None))
            item.setZValue(-10)
            item.setToolTip("Amber band (a miss by no more than this is amber):\n" + "\n".join(t for _, t in bands))
            self.plot.addItem(item)
            self.items["bands"].append(item)

    def _draw_comparators(self, series: ChartSeries) -> None:
        if not series.comparators:
            return
        c = self.colours
        scatter = pg.ScatterPlotItem(
            x=[middle(c_.period) for c_ in series.comparators], y=[c_.value for c_ in series.comparators],
            data=[c_.label for c_ in series.comparators], symbol="x", size=11, pen=pg.mkPen(c.comparator, width=2),
            brush=pg.mkBrush(c.comparator), hoverable=True, tip=lambda x, y, data: data,
        )
        self.plot.addItem(scatter)
        self.items["comparators"].append(scatter)

    def _draw_trajectories(self, series: ChartSeries) -> None:
        c = self.colours
        for trajectory in series.trajectories:
            xs = [middle(trajectory.start), span(trajectory.end)[1]]
            ys = [trajectory.start_value, trajectory.end_value]
            line = self.plot.plot(xs, ys, pen=pg.mkPen(c.trajectory, width=2, style=Qt.PenStyle.DashLine))
            end = pg.ScatterPlotItem(x=[xs[1]], y=[ys[1]], data=[trajectory.label], symbol="o", size=8,
                                     pen=pg.mkPen(c.trajectory), brush=pg.mkBrush(QColor(c.trajectory)),
                                     hoverable=True, tip=lambda x, y, data: data)
            self.plot.addItem(end)
            self.items["trajectories"] += [line, end]

    def _draw_thresholds(self, series: ChartSeries) -> None:
        if not series.thresholds:
            return
        colour = self.colours.threshold
        pen = pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DotLine)
        fitted = thresholds_in_view(series)
        for threshold in series.thresholds:
            line = pg.InfiniteLine(pos=threshold.value, angle=0, pen=pen, movable=False)
            line.setZValue(-5)
            line.setToolTip(threshold.label)
            self.plot.addItem(line, ignoreBounds=threshold not in fitted)
            tag = pg.TextItem(threshold.tag, color=colour, anchor=(1, 1))
            tag.setToolTip(threshold.label)
            tag.setZValue(-4)
            self.plot.addItem(tag, ignoreBounds=True)
            self.items["thresholds"].append(line)
            self.items["threshold_tags"].append(tag)

    def legend_entries(self, series: ChartSeries) -> list[tuple[str, LegendSample]]:
        """What the legend says, for every kind of mark and band the chart draws and for
        nothing it does not: each with a sample drawn as the mark is."""
        c = self.colours
        reading = pg.mkPen(c.reading, width=2)
        target = pg.mkPen(c.target, width=2, style=Qt.PenStyle.DashDotLine)
        entries = []
        readings = (*series.points, *series.spans)
        if series.points:
            entries.append(("Readings", LegendSample(reading, "o", pg.mkBrush(c.reading), pg.mkPen(c.reading))))
        if any(p.provisional for p in series.points):
            entries.append(("Provisional reading", LegendSample(None, "o", pg.mkBrush(c.background),
                                                                  pg.mkPen(c.reading, width=1.5))))
        if any(p.revised for p in readings):
            entries.append(("Revised reading", LegendSample(None, "o", pg.mkBrush(c.reading),
                                                              pg.mkPen(c.revised, width=2.5))))
        if any(not p.provisional for p in series.spans):
            entries.append(("Figure for several months", LegendSample(pg.mkPen(c.reading, width=3), caps=True)))
        if any(p.provisional for p in series.spans):
            entries.append(("Provisional figure for several months",
                            LegendSample(pg.mkPen(c.reading, width=3, style=Qt.PenStyle.DashLine), caps=True)))
        if any(t.period.month_count == 1 for t in series.targets):
            entries.append(("Target for a month", LegendSample(None, "d", pg.mkBrush(c.target),
                                                                 pg.mkPen(c.background))))
        if any(t.period.month_count > 1 and t.basis is not TargetBasis.STANDING for t in series.targets):
            entries.append(("Target for several months", LegendSample(target, "t1", pg.mkBrush(c.target),
                                                                        pg.mkPen(c.target), ends=True)))
        if any(t.period.month_count > 1 and t.basis is TargetBasis.STANDING for t in series.targets):
            entries.append(("Standing target (from ▲)", LegendSample(pg.mkPen(c.target, width=2), "t1",
                                                                       pg.mkBrush(c.target), pg.mkPen(c.target))))
        if series.revised_words:
            entries.append((series.revised_words, LegendSample(pg.mkPen(c.target, width=2), "s",
                                                               pg.mkBrush(c.background), pg.mkPen(c.target, width=2),
                                                               step=True)))
        if any(t.band for t in series.targets):
            entries.append(("Amber band", LegendSample(box=pg.mkBrush(*c.band))))
        if series.comparators:
            entries.append(("Comparators", LegendSample(None, "x", pg.mkBrush(c.comparator),
                                                          pg.mkPen(c.comparator, width=2))))
        if series.trajectories:
            entries.append(("Projection", LegendSample(pg.mkPen(c.trajectory, width=2, style=Qt.PenStyle.DashLine))))
        if series.thresholds:
            entries.append((THRESHOLDS_LEGEND, LegendSample(pg.mkPen(c.threshold, width=1.5,
                                                                     style=Qt.PenStyle.DotLine))))
        return entries

    def _fill_legend(self, series: ChartSeries) -> None:
        legend = self.plot.plotItem.legend
        entries = self.legend_entries(series)
        legend.setColumnCount(max(1, -(-len(entries) // LEGEND_ROWS)))
        for name, sample in entries:
            legend.addItem(sample, name)
        legend.setVisible(bool(entries))
        self._legend_corner = None

    def _place_legend_and_tags(self) -> None:
        self._label_axis()
        self._place_legend()
        self._place_threshold_tags()

    def _label_axis(self) -> None:
        """The unit, and, when zero is not on the chart, that the axis does not start
        there: 78% against 80% on an axis from 72 looks a far bigger gap than it is. The
        note is said as fully as the axis's height allows (a short chart at 125% scaling
        cut "percent (the axis does not start at zero)" at both ends)."""
        if self.series is None:
            return
        (_, _), (y0, y1) = self.plot.getViewBox().viewRange()
        unit = self.series.unit.value.replace("_", " ")
        if y0 > 0:
            wordings = [f"{unit} (the axis does not start at zero)", f"{unit} (axis not from zero)",
                        f"{unit}, not from 0"]
        elif y1 < 0:
            wordings = [f"{unit} (the axis does not reach zero)", f"{unit} (axis not to zero)", f"{unit}, not to 0"]
        else:
            wordings = [unit]
        room = self.plot.getViewBox().sceneBoundingRect().height()
        metrics = QFontMetrics(self.plot.getAxis("left").label.font())
        text = next((w for w in wordings if metrics.horizontalAdvance(w) <= room), wordings[-1])
        if text != getattr(self, "_axis_label", None):
            self._axis_label = text
            self.plot.setLabel("left", text, color=self.colours.text)

    def axis_label(self) -> str:
        return self._axis_label

    def _place_legend(self) -> None:
        """The legend in the corner where it covers the fewest marks (readings, targets,
        threshold tags): bottom right unless that corner is busier than another."""
        legend = self.plot.plotItem.legend
        view = self.plot.getViewBox()
        if self.series is None or legend is None or not legend.items:
            return
        (x0, x1), (y0, y1) = view.viewRange()
        px, py = view.viewPixelSize()
        if not (px > 0 and py > 0):
            return
        size = legend.boundingRect()
        width, height = (size.width() + 20) * px, (size.height() + 20) * py
        # A threshold's tag sits near its line's right end, above or below: it counts
        # as marks over its width there, on both sides of the line.
        marks = list(self._mark_positions())
        for threshold, tag in zip(self.series.thresholds, self.items.get("threshold_tags", [])):
            box = tag.boundingRect()
            tag_width, tag_height = box.width() * px, box.height() * py
            for y in (threshold.value - tag_height, threshold.value, threshold.value + tag_height):
                marks.append((x1 - tag_width, x1, y))

        def covered(right: bool, bottom: bool) -> int:
            left, top = (x1 - width if right else x0), (y0 + height if bottom else y1)
            return sum(1 for a, b, y in marks if a <= left + width and b >= left and top - height <= y <= top)

        right, bottom = min(_CORNERS, key=lambda corner: (covered(*corner), _CORNERS.index(corner)))
        where = (1 if right else 0, 1 if bottom else 0)
        offset = (-10 if right else 10, -10 if bottom else 10)
        if self._legend_corner != (where, offset):
            self._legend_corner = (where, offset)
            legend.anchor(itemPos=where, parentPos=where, offset=offset)

    def _place_threshold_tags(self) -> None:
        """Each tag at its line's right end, above the line or below it, whichever covers
        no mark, no other tag and not the legend; a line out of view is tagged at the
        edge it is beyond ("Key threshold 90, above the chart")."""
        series = self.series
        tags = self.items.get("threshold_tags", [])
        if series is None or not tags:
            return
        view = self.plot.getViewBox()
        (x0, x1), (y0, y1) = view.viewRange()
        px, py = view.viewPixelSize()
        if not (px > 0 and py > 0):
            return
        inside = QRectF(x0, y0, x1 - x0, y1 - y0)
        marks = self._mark_positions()
        taken = []
        legend = self.plot.plotItem.legend
        if legend is not None and legend.isVisible() and legend.items:
            taken.append(view.mapSceneToView(legend.sceneBoundingRect()).boundingRect())
        for threshold, tag in zip(series.thresholds, tags):
            if threshold.value > y1:
                tag.setText(f"{threshold.tag}, above the chart ▲")
                heights = [(y1, False)]
            elif threshold.value < y0:
                tag.setText(f"{threshold.tag}, below the chart ▼")
                heights = [(y0, True)]
            else:
                tag.setText(threshold.tag)
                heights = [(threshold.value, True), (threshold.value, False)]  # above the line, below it
            size = tag.boundingRect()
            width, height = size.width() * px, size.height() * py
            # At the right end; failing that, just left of whatever is in the way there.
            rights = [x1 - 4 * px] + [t.left() - 4 * px for t in taken if t.right() > x1 - width - 4 * px]
            # ... or just left of a mark on or near the line at that end.
            rights += sorted(
                (a - 8 * px for a, b, my in marks
                 if x1 - 3 * width < b <= x1 and abs(my - threshold.value) <= 1.5 * height),
                reverse=True,
            )
            best = None
            for right in rights:
                for y, above in heights:
                    box = QRectF(right - width, y if above else y - height, width, height)
                    left, bottom = box.left() - 6 * px, box.top() - 6 * py  # y rises: top() is the lower edge
                    right_, top = box.right() + 6 * px, box.bottom() + 6 * py
                    clashes = sum(left <= b and a <= right_ and bottom <= my <= top for a, b, my in marks)
                    clashes += sum(box.intersects(t) for t in taken)
                    clashes += 0 if inside.contains(box) else 100
                    if best is None or clashes < best[0]:
                        best = (clashes, right, y, above, box)
                if best is not None and best[0] == 0:
                    break
            assert best is not None
            _, right, y, above, box = best
            tag.setAnchor((1, 1) if above else (1, 0))
            tag.setPos(right, y)
            taken.append(box)

    def _mark_positions(self) -> list[tuple[float, float, float]]:
        """Where a tag must not sit, as (from x, to x, y): a mark is a point, a bar or a
        target's step a run. Worked out once a series: the legend and the tags are placed
        again at every change of the view's range."""
        if self._marks is None:
            self._marks = self._find_mark_positions()
        return self._marks

    def _find_mark_positions(self) -> list[tuple[float, float, float]]:
        series = self.series
        assert series is not None
        marks = [(middle(p.period), middle(p.period), p.value) for p in (*series.points, *series.comparators)]
        marks += [(*span(p.period), p.value) for p in series.spans]
        for target in series.targets:
            if target.steps:
                marks += [(*step_span(step), step.value) for step in target.steps]
                continue
            x0, x1 = span(target.period) if target.period.month_count > 1 else (middle(target.period),) * 2
            marks.append((x0, x1, target.value))
        for trajectory in series.trajectories:
            end = span(trajectory.end)[1]
            marks.append((end, end, trajectory.end_value))
        return marks

    def reset_view(self) -> None:
        self.plot.enableAutoRange()
        self.plot.autoRange(padding=0.08)

    def copy(self) -> None:
        QGuiApplication.clipboard().setImage(ImageExporter(self.plot.plotItem).export(toBytes=True))

    def save(self, path: Path) -> Path:
        """Write the chart as PNG or SVG, by the file's suffix."""
        if path.suffix.lower() == ".svg":
            with _closed_paths_understood():
                SVGExporter(self.plot.plotItem).export(str(path))
            return path
        exporter = ImageExporter(self.plot.plotItem)
        exporter.parameters()["width"] = max(1200, int(self.plot.width()))
        exporter.export(str(path))
        return path

    def save_dialog(self, kind: str) -> None:
        name = f"{self.series.code if self.series else 'chart'}.{kind}".replace(" ", "_")
        path, _ = QFileDialog.getSaveFileName(self, f"Save chart as {kind.upper()}", name, f"{kind.upper()} (*.{kind})")
        if path:
            self.save(Path(path))


@contextmanager
def _closed_paths_understood() -> Iterator[None]:
    """Let pyqtgraph's SVG exporter read the paths Qt writes.

    Qt 6.11 (at least) ends a closed path with "Z" ("M0,0 L856,0 ... L0,0 Z": the view's
    frame, the legend's box). pyqtgraph 0.14's ``correctCoordinates`` reads every word of
    a path as "x,y" and fails on the "Z" with ``ValueError: not enough values to unpack``
    (pyqtgraph issue #3495). For the length of one export, its words are taken out of
    each path before the exporter moves the points and put back after, in place."""
    module = sys.modules[SVGExporter.__module__]
    original = module.correctCoordinates

    def correct(node, defs, item, options):  # type: ignore[no-untyped-def]
        closes = {}
        for number, path in enumerate(node.getElementsByTagName("path")):
            words = path.getAttribute("d").split()
            at = [(n, word) for n, word in enumerate(words) if "," not in word]
            if at:
                closes[number] = at
                path.setAttribute("d", " ".join(w for w in words if "," in w))
        result = original(node, defs, item, options)
        for number, path in enumerate(node.getElementsByTagName("path")):
            if number in closes:
                words = path.getAttribute("d").split()
                for n, word in closes[number]:
                    words.insert(n, word)
                path.setAttribute("d", " ".join(words))
        return result

    module.correctCoordinates = correct
    try:
        yield
    finally:
        module.correctCoordinates = original
