"""Figures for the meeting pack (issue 5): exporting the pack of a synthetic database,
against openpyxl writing the same cell values and the same charts with no logic (no
styles, no page set-up, no queries, no judging), measured in the same run, in turns;
and the peak memory (tracemalloc) of one run of each.

``pack_typical(runs)`` and ``pack_large(runs)`` each make their database first
(``create_database(..., synthetic_size=...)``), outside the timings.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import DateAxis

from boardapp.domain.terms import Role
from boardapp.exchange.pack import Audience, export_pack
from boardapp.exchange.pack.builder import build_workbook
from boardapp.exchange.pack.content import gather
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from tests.people import SETTER, sign_in_at
from tests.perf.harness import MemoryFigure, median_seconds, peak_bytes

AS_AT = date(2026, 9, 30)  # the synthetic data's last month
PRODUCED = datetime(2026, 10, 1, tzinfo=UTC)
BASELINE = "openpyxl writing the same values and charts, no logic"


@dataclass(frozen=True)
class _Plain:
    """What the baseline writes: each sheet's rows of values, and the charts' ranges."""

    sheets: list[tuple[str, list[tuple[object, ...]]]]
    charts: list[tuple[str, list[str], object]]  # a chart's dates, its series' values (references); its anchor


def pack_typical(runs: int) -> MemoryFigure:
    return _pack_figure("typical", runs)


def pack_large(runs: int) -> MemoryFigure:
    return _pack_figure("large", runs)


def _pack_figure(size: str, runs: int) -> MemoryFigure:
    with tempfile.TemporaryDirectory(prefix="boardapp-pack-") as name:
        folder = Path(name)
        database = folder / f"{size}.sqlite"
        create_database(database, synthetic_size=size)
        sign_in_at(database, SETTER, Role.SECRETARIAT)  # exports act as the copy's signed-in user
        plain = _plain_contents(database)

        def ours() -> None:
            with open_database(database, read_only=True) as db:
                export_pack(db, folder / "pack.xlsx", who=identity.acting(db), as_at=AS_AT, produced=PRODUCED)

        def baseline() -> None:
            _write_plain(plain, folder / "plain.xlsx")

        ours_seconds, baseline_seconds = _interleaved(ours, baseline, runs)
        cells = sum(len(row) for _title, rows in plain.sheets for row in rows)
        return MemoryFigure(
            f"meeting pack, synthetic {size} ({cells:,} cells, {len(plain.charts)} charts)",
            ours_seconds,
            baseline_seconds,
            BASELINE,
            ours_peak=peak_bytes(ours),
            baseline_peak=peak_bytes(baseline),
        )


def _plain_contents(database: Path) -> _Plain:
    """The pack's cell values and chart ranges, taken from the pack itself (not timed)."""
    with open_database(database, read_only=True) as db, db.session() as session:
        content = gather(session, database=database, as_at=AS_AT, meeting=None, audience=Audience.BOARD,
                         reader=Role.SECRETARIAT, produced=PRODUCED)
    workbook = build_workbook(content)
    sheets = [(ws.title, [tuple(row) for row in ws.iter_rows(values_only=True)]) for ws in workbook.worksheets]
    charts = []
    for chart in workbook["Indicators"]._charts:
        dates = chart.series[0].cat.numRef.f  # 'Indicators'!$J$7:$J$10: the chart-figures table
        charts.append((dates, [series.val.numRef.f for series in chart.series], chart.anchor))
    return _Plain(sheets, charts)


def _write_plain(plain: _Plain, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in plain.sheets:
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title == "Indicators":
            for dates, series_refs, anchor in plain.charts:
                # The same charts: one series per column of figures, on a date axis.
                chart = LineChart()
                for reference in series_refs:
                    chart.series.append(Series(Reference(range_string=reference), title="Series"))
                chart.set_categories(Reference(range_string=dates))
                chart.x_axis = DateAxis(crossAx=100)
                chart.x_axis.number_format = "mmm yyyy"
                chart.x_axis.baseTimeUnit = "days"
                chart.y_axis.crossAx = 500
                chart.anchor = anchor
                ws.add_chart(chart)
    workbook.save(path)


def _interleaved(ours: Callable[[], None], baseline: Callable[[], None], runs: int) -> tuple[float, float]:
    """Medians of ``runs`` runs of each, taken in turns (ours, baseline, ours, ...), so
    that a machine busier in one half of the measurement does not favour either side."""
    ours_times, baseline_times = [], []
    for _ in range(runs):
        ours_times.append(median_seconds(ours, 1))
        baseline_times.append(median_seconds(baseline, 1))
    return statistics.median(ours_times), statistics.median(baseline_times)
