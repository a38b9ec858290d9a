"""Figures for the window (issue 4): first paint, an indicator's chart, the overview,
and the longest stall of the GUI thread while a large database loads."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from tests.perf.harness import Figure, command_seconds, median_seconds, python

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg
app = QApplication(sys.argv)
window = QMainWindow()
plot = pg.PlotWidget()
plot.plot([1, 2, 3, 4, 5], [72.0, 80.1, 78.3, 80.5, 81.0])
window.setCentralWidget(plot)
window.resize(1280, 800)
window.show()
window.repaint()
app.processEvents()
"""


def _gui_env(folder: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=folder, BOARDAPP_DATA_DIR=folder)
    return env


def first_paint(database: Path, runs: int) -> Figure:
    with tempfile.TemporaryDirectory() as folder:
        env = _gui_env(folder)
        ours = command_seconds(python("-m", "boardapp", "--smoke", "--db", str(database)), runs, env)
        baseline = command_seconds(python("-c", BARE_WINDOW), runs, env)
    return Figure(f"window painted with data ({database.stem})", ours, baseline,
                  "bare PySide6 window with one pyqtgraph plot")


def _app():  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _window(database_path: Path):  # type: ignore[no-untyped-def]
    from boardapp.domain.permissions import Identity
    from boardapp.domain.terms import Role
    from boardapp.store.connection import open_database
    from boardapp.ui.context import BoardContext
    from boardapp.ui.main_window import MainWindow

    database = open_database(database_path, read_only=True)
    window = MainWindow(BoardContext(database, Identity("Perf", Role.MEMBER)))
    window.resize(1280, 800)
    return window, database


def _settle(app, window) -> None:  # type: ignore[no-untyped-def]
    while window.context.tasks.busy:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()


def open_indicator(database: Path, runs: int) -> Figure:
    """Choosing an indicator with a full run of monthly readings, drawn."""
    import pyqtgraph as pg

    from boardapp.store.indicator_detail import indicator_detail
    from boardapp.ui.chart import middle
    from boardapp.ui.main_window import INDICATORS

    app = _app()
    window, database_handle = _window(database)
    try:
        window.show()
        _settle(app, window)
        window.show_view(INDICATORS)
        codes = [window.indicators.list.item(i).data(0x0100) for i in range(2)]
        with database_handle.session() as session:
            points = indicator_detail(session, codes[0], window.context.today).chart.points
        count = len(points)
        turn = iter(range(10**6))

        def ours() -> None:
            window.indicators.show_indicator(codes[next(turn) % 2])
            window.indicators.chart.plot.repaint()
            app.processEvents()

        ours()
        mine = median_seconds(ours, runs)
        xs = [middle(p.period) for p in points]
        ys = [p.value for p in points]
        plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        plot.resize(1000, 500)
        plot.show()

        def bare() -> None:
            plot.clear()
            plot.plot(xs, ys, symbol="o")
            plot.repaint()
            app.processEvents()

        bare()
        baseline = median_seconds(bare, runs)
        plot.close()
    finally:
        window.close()
        database_handle.close()
    return Figure(f"open an indicator with {count} readings", mine, baseline, "bare pyqtgraph plot of the same points")


def overview(database: Path, runs: int) -> Figure:
    """The overview of every requirement judged and shown, against a bare table of the
    latest readings read with raw sqlite3."""
    import sqlite3

    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from boardapp.store.readings import LATEST_READINGS_SQL

    app = _app()
    window, database_handle = _window(database)
    try:
        window.show()
        _settle(app, window)
        indicators = sum(len(r.indicators) for r in window.overview.model.rows)

        def ours() -> None:
            window.overview.refresh()
            _settle(app, window)
            window.overview.table.repaint()
            app.processEvents()

        mine = median_seconds(ours, runs)
    finally:
        window.close()
        database_handle.close()
    raw = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    table = QTableView()
    table.resize(1000, 600)
    table.show()

    def bare() -> None:
        model = QStandardItemModel()
        for row in raw.execute(LATEST_READINGS_SQL):
            model.appendRow([QStandardItem(str(v)) for v in row])
        table.setModel(model)
        table.repaint()
        app.processEvents()

    baseline = median_seconds(bare, runs)
    table.close()
    raw.close()
    return Figure(f"overview judged and shown ({indicators} indicators)", mine, baseline,
                  "raw sqlite3 latest readings in a bare table")


def longest_stall(database: Path, runs: int) -> Figure:
    """The longest the GUI thread goes without turning its event loop, from building the
    window to the first view having its data (a 2 ms timer measures the gaps)."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    app = _app()

    def measure(build) -> float:  # type: ignore[no-untyped-def]
        clock = QElapsedTimer()
        gaps = [0.0]
        last = [0]
        ticker = QTimer()
        ticker.setInterval(2)

        def tick() -> None:
            now = clock.elapsed()
            gaps.append((now - last[0]) / 1000)
            last[0] = now

        ticker.timeout.connect(tick)
        clock.start()
        ticker.start()
        done = build()
        deadline = time.perf_counter() + 60
        while not done() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        ticker.stop()
        return max(gaps)

    def with_window(opened):  # type: ignore[no-untyped-def]
        holder = {}

        def make() -> None:
            holder["window"], holder["db"] = _window(database)
            holder["window"].show()
            opened.append((holder["window"], holder["db"]))

        QTimer.singleShot(0, make)
        return lambda: "window" in holder and holder["window"].overview.loader.loads > 0 and not holder["window"].context.tasks.busy

    def bare():  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QMainWindow

        holder = {}

        def make() -> None:
            holder["window"] = QMainWindow()
            holder["window"].show()

        QTimer.singleShot(0, make)
        return lambda: "window" in holder and holder["window"].close()

    stalls = []
    opened: list = []
    try:
        for _ in range(max(1, runs // 2)):
            stalls.append(measure(lambda: with_window(opened)))
        baseline = measure(bare)
    finally:
        for window, db in opened:
            window.close()
            db.close()
    stalls.sort()
    return Figure(f"longest GUI stall opening ({database.stem})", stalls[len(stalls) // 2], baseline,
                  "bare window opening (budget: 100 ms)")
