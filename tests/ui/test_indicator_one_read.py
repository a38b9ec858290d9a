"""Opening an indicator reads its readings once, with one query for both the readings
table and the engine, and draws its readings as one line and one set of points on the
plot it already has (issue 15)."""

from __future__ import annotations

import re

import pyqtgraph as pg
import pytest
from sqlalchemy import event

from boardapp.domain.terms import Role
from boardapp.store.connection import open_database
from boardapp.ui.context import BoardContext
from boardapp.ui.main_window import INDICATORS, MainWindow
from tests.people import SETTER, person
from tests.ui.conftest import settle

READINGS_QUERY = re.compile(r"\bFROM reading\b", re.IGNORECASE)  # not reading_revision


@pytest.fixture
def window(qtbot, demo_db):
    database = open_database(demo_db)
    window = MainWindow(BoardContext(database, person(database, SETTER, Role.SECRETARIAT)))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    yield window
    window.close()
    database.close()


def test_opening_an_indicator_reads_its_readings_once_and_reuses_the_plot(qtbot, window):
    window.show_view(INDICATORS)
    view = window.indicators
    settle(qtbot, window)
    codes = [view.list.item(row).text().split("  ")[0] for row in range(view.list.count())]
    first, second = "NI 59", next(code for code in codes if code != "NI 59")
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = window.context.database.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert view.show_indicator(first)
        settle(qtbot, window)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len([s for s in statements if READINGS_QUERY.search(s)]) == 1, statements
    assert view.detail is not None and view.detail.code == first
    assert view.readings_model.rowCount() == len(view.detail.readings) >= 3

    chart = view.chart
    assert chart is not None
    plot = chart.plot
    points = view.detail.chart.points
    line, scatter = chart.items["points"]  # one line and one set of marks for every reading
    assert isinstance(line, pg.PlotDataItem) and isinstance(scatter, pg.ScatterPlotItem)
    assert len(line.xData) == len(points) == len(scatter.data) >= 2
    marks = [item for item in plot.listDataItems() if isinstance(item, pg.ScatterPlotItem)]
    assert sum(len(item.data) == 1 for item in marks) <= len(view.detail.targets) + len(view.detail.chart.trajectories)

    assert view.show_indicator(second)
    settle(qtbot, window)
    assert view.detail.code == second
    assert view.chart is chart and chart.plot is plot
    assert chart.series.code == second
