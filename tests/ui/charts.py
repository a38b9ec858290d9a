"""For the chart's tests: a chart on screen at a laptop's size, and the series the
indicator page would give it for some records as at a day."""

from __future__ import annotations

from datetime import date

from boardapp.domain.as_at import view_as_at
from boardapp.domain.chart_series import chart_series
from boardapp.domain.evaluation import evaluate_view
from boardapp.ui.chart import IndicatorChart


def series_as_at(records, day: date):
    view = view_as_at(records, day)
    return chart_series(view, evaluate_view(view))


def shown_chart(qtbot) -> IndicatorChart:
    widget = IndicatorChart()
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
