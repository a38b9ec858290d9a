"""An indicator's chart: readings against targets on a date axis (pyqtgraph).

Readings are a line with markers (provisional points hollow, revised points ringed);
a reading over several months (a cumulative figure, a quarter, a year) is a bar across
its months. Every target is drawn where it applies: a diamond for one month, a step
across a run of months, with its amber band beside it on the side that misses.
Comparators are crosses; a trajectory is dashed to the target's date. Hovering a mark
shows what it is. Zoom and pan with the mouse; Reset, Copy, Save PNG / SVG below.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter, SVGExporter
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.chart_series import ChartSeries
from boardapp.domain.periods import Period
from boardapp.domain.terms import Polarity

READING = "#1f4e9a"
TARGET = "#2e7d32"
BAND = (230, 160, 0, 60)
COMPARATOR = "#6d4c41"
TRAJECTORY = "#7b1fa2"


def stamp(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def middle(period: Period) -> float:
    return (stamp(period.start) + stamp(period.end + timedelta(days=1))) / 2


def span(period: Period) -> tuple[float, float]:
    return stamp(period.start), stamp(period.end + timedelta(days=1))


class IndicatorChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom", utcOffset=0)})
        self.plot.setAccessibleName("Indicator chart")
        self.plot.setBackground(None)
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.plot.addLegend(offset=(-10, -10))
        self.plot.setMouseEnabled(x=True, y=True)
        self.empty = QLabel("No readings or targets to draw.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.series: ChartSeries | None = None
        self.items: dict[str, list[pg.GraphicsObject]] = {}
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

    def set_series(self, series: ChartSeries) -> None:
        self.series = series
        self.plot.clear()
        self.items = {"points": [], "spans": [], "targets": [], "bands": [], "comparators": [], "trajectories": []}
        self.plot.setTitle(f"{series.code}: {series.title}")
        self.plot.setLabel("left", series.unit.value.replace("_", " "))
        self.empty.setVisible(series.empty)
        self._draw_targets(series)
        self._draw_spans(series)
        self._draw_points(series)
        self._draw_comparators(series)
        self._draw_trajectories(series)
        self.reset_view()

    def _draw_points(self, series: ChartSeries) -> None:
        if not series.points:
            return
        xs = [middle(p.period) for p in series.points]
        ys = [p.value for p in series.points]
        # Join only neighbouring months: a line across a gap would draw readings nobody took.
        joined = np.array([b.period.first - a.period.last == 1 for a, b in zip(series.points, series.points[1:])] + [False])
        line = self.plot.plot(xs, ys, pen=pg.mkPen(READING, width=2), connect=joined, name="Readings")
        brushes = [pg.mkBrush("#ffffff" if p.provisional else READING) for p in series.points]
        pens = [pg.mkPen("#d32f2f" if p.revised else READING, width=2.5 if p.revised else 1.5) for p in series.points]
        scatter = pg.ScatterPlotItem(
            x=xs, y=ys, data=[p.label for p in series.points], size=9, brush=brushes, pen=pens,
            hoverable=True, tip=lambda x, y, data: data,
        )
        self.plot.addItem(scatter)
        self.items["points"] += [line, scatter]

    def _draw_spans(self, series: ChartSeries) -> None:
        for reading in series.spans:
            x0, x1 = span(reading.period)
            bar = self.plot.plot([x0, x1], [reading.value, reading.value], pen=pg.mkPen(READING, width=4))
            marker = pg.ScatterPlotItem(
                x=[(x0 + x1) / 2], y=[reading.value], data=[reading.label], size=10, symbol="s",
                brush=pg.mkBrush("#ffffff" if reading.provisional else READING), pen=pg.mkPen(READING, width=1.5),
                hoverable=True, tip=lambda x, y, data: data,
            )
            self.plot.addItem(marker)
            self.items["spans"] += [bar, marker]

    def _draw_targets(self, series: ChartSeries) -> None:
        for n, target in enumerate(series.targets):
            x0, x1 = span(target.period)
            if target.band:
                low, high = (target.value - target.band, target.value) if series.polarity is Polarity.HIGHER_IS_BETTER \
                    else (target.value, target.value + target.band)
                rect = QGraphicsRectItem(x0, low, x1 - x0, high - low)
                rect.setBrush(pg.mkBrush(*BAND))
                rect.setPen(pg.mkPen(None))
                rect.setZValue(-10)
                rect.setToolTip(f"Amber band: {series.value_text(low)} to {series.value_text(high)}")
                self.plot.addItem(rect)
                self.items["bands"].append(rect)
            name = "Targets" if n == 0 else None
            if target.period.month_count == 1:
                mark = pg.ScatterPlotItem(
                    x=[middle(target.period)], y=[target.value], data=[target.label], symbol="d", size=13,
                    brush=pg.mkBrush(TARGET), pen=pg.mkPen("#ffffff"), hoverable=True, tip=lambda x, y, data: data,
                    name=name,
                )
                self.plot.addItem(mark)
                self.items["targets"].append(mark)
            else:
                step = self.plot.plot([x0, x1], [target.value, target.value],
                                      pen=pg.mkPen(TARGET, width=2, style=Qt.PenStyle.DashDotLine), name=name)
                mark = pg.ScatterPlotItem(
                    x=[x0, x1], y=[target.value, target.value], data=[target.label] * 2, symbol="t1", size=9,
                    brush=pg.mkBrush(TARGET), pen=pg.mkPen(TARGET), hoverable=True, tip=lambda x, y, data: data,
                )
                self.plot.addItem(mark)
                self.items["targets"] += [step, mark]

    def _draw_comparators(self, series: ChartSeries) -> None:
        if not series.comparators:
            return
        scatter = pg.ScatterPlotItem(
            x=[middle(c.period) for c in series.comparators], y=[c.value for c in series.comparators],
            data=[c.label for c in series.comparators], symbol="x", size=11, pen=pg.mkPen(COMPARATOR, width=2),
            brush=pg.mkBrush(COMPARATOR), hoverable=True, tip=lambda x, y, data: data, name="Comparators",
        )
        self.plot.addItem(scatter)
        self.items["comparators"].append(scatter)

    def _draw_trajectories(self, series: ChartSeries) -> None:
        for n, trajectory in enumerate(series.trajectories):
            xs = [middle(trajectory.start), span(trajectory.end)[1]]
            ys = [trajectory.start_value, trajectory.end_value]
            line = self.plot.plot(xs, ys, pen=pg.mkPen(TRAJECTORY, width=2, style=Qt.PenStyle.DashLine),
                                  name="Trajectory" if n == 0 else None)
            end = pg.ScatterPlotItem(x=[xs[1]], y=[ys[1]], data=[trajectory.label], symbol="o", size=8,
                                     brush=pg.mkBrush(QColor(TRAJECTORY)), hoverable=True, tip=lambda x, y, data: data)
            self.plot.addItem(end)
            self.items["trajectories"] += [line, end]

    def reset_view(self) -> None:
        self.plot.enableAutoRange()
        self.plot.autoRange(padding=0.08)

    def copy(self) -> None:
        QGuiApplication.clipboard().setImage(ImageExporter(self.plot.plotItem).export(toBytes=True))

    def save(self, path: Path) -> Path:
        """Write the chart as PNG or SVG, by the file's suffix."""
        exporter = SVGExporter(self.plot.plotItem) if path.suffix.lower() == ".svg" else ImageExporter(self.plot.plotItem)
        if isinstance(exporter, ImageExporter):
            exporter.parameters()["width"] = max(1200, int(self.plot.width()))
        exporter.export(str(path))
        return path

    def save_dialog(self, kind: str) -> None:
        name = f"{self.series.code if self.series else 'chart'}.{kind}".replace(" ", "_")
        path, _ = QFileDialog.getSaveFileName(self, f"Save chart as {kind.upper()}", name, f"{kind.upper()} (*.{kind})")
        if path:
            self.save(Path(path))
