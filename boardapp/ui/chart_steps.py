"""A revised target on the indicator's chart (ui/chart.py): its line as it stood at each
date, stepping on the day of each revision (domain/chart_series.ChartStep), a square at
each step whose hover text says what it was before, when, who and why, and its amber
band following it. Here because the chart's module is long enough."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt

from boardapp.domain.chart_series import ChartSeries, ChartStep, ChartTarget
from boardapp.domain.target_history import day_words
from boardapp.domain.terms import Polarity, TargetBasis


def stamp(day: date) -> float:
    """A day as the chart's time axis holds it: seconds since 1970, at its UTC midnight."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def step_span(step: ChartStep) -> tuple[float, float]:
    return stamp(step.start), stamp(step.end + timedelta(days=1))


def step_bands(series: ChartSeries, target: ChartTarget) -> list[tuple[QRectF, str]]:
    """Each step's amber band and its hover text, as the chart's bands are."""
    bands = []
    for step in target.steps:
        if not step.band:
            continue
        x0, x1 = step_span(step)
        low, high = (step.value - step.band, step.value) if series.polarity is Polarity.HIGHER_IS_BETTER \
            else (step.value, step.value + step.band)
        bands.append((QRectF(x0, low, x1 - x0, high - low), f"{series.value_text(low)} to "
                      f"{series.value_text(high)}, {day_words(step.start)} to {day_words(step.end)}"))
    return bands


def draw_steps(plot: pg.PlotWidget, colour: str, background: str, target: ChartTarget) -> list[pg.GraphicsObject]:
    """The stepped line, a triangle at each end as for any target (a standing target's at
    its start only), and a hollow square at each step; the items drawn."""
    standing = target.basis is TargetBasis.STANDING
    xs: list[float] = []
    ys: list[float] = []
    for step in target.steps:
        xs += step_span(step)
        ys += [step.value, step.value]
    pen = pg.mkPen(colour, width=2, style=Qt.PenStyle.SolidLine if standing else Qt.PenStyle.DashDotLine)
    line = plot.plot(xs, ys, pen=pen)
    line.curve.setToolTip(target.label)
    ends = [(xs[0], ys[0], target.steps[0].label)]
    if not standing:
        ends.append((xs[-1], ys[-1], target.steps[-1].label))
    mark = pg.ScatterPlotItem(
        x=[x for x, _, _ in ends], y=[y for _, y, _ in ends], data=[t for _, _, t in ends], symbol="t1", size=9,
        brush=pg.mkBrush(colour), pen=pg.mkPen(colour), hoverable=True, tip=lambda x, y, data: data,
    )
    changed = target.steps[1:]
    squares = pg.ScatterPlotItem(
        x=[step_span(s)[0] for s in changed], y=[s.value for s in changed], data=[s.label for s in changed],
        symbol="s", size=8, brush=pg.mkBrush(background), pen=pg.mkPen(colour, width=2), hoverable=True,
        tip=lambda x, y, data: data,
    )
    plot.addItem(mark)
    plot.addItem(squares)
    return [line, mark, squares]
