"""The native Excel chart of an indicator, built from a :class:`ChartPlan` whose figures
are in the sheet's cells (so the chart reads cells, and LibreOffice as well as Excel
draws a real time axis: it does so only for dates it finds in cells).

Alternative text. openpyxl 3.1 has no way to give a chart a description: the drawing
part is made when the workbook is saved, and its ``_chart_frame`` writes only an id
and "Chart N". The frame is handed to the chart's anchor (``anchor.graphicFrame =
...``) just before it is written, so the anchor here is a :class:`DescribedAnchor`
that names the frame and sets its ``descr`` (the attribute Excel's accessibility
checker and screen readers read) as the frame is attached. Nothing else of openpyxl
is changed, and nothing is rewritten after saving.
"""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import ChartLines, DateAxis
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from boardapp.domain.terms import Unit
from boardapp.exchange.pack.chart_plan import ChartPlan
from boardapp.exchange.pack.styles import unit_format

TEXT_POINTS = 10  # every text in a chart: at least 10 point printed (the sheet prints at 100%)
TITLE_POINTS = 10.5
READING_COLOUR = "1F4E79"
POINTS_COLOUR = "7030A0"
TARGET_COLOUR = "C00000"
DATE_AXIS_FORMAT = "mmm yyyy"


class DescribedAnchor(OneCellAnchor):
    """A one-cell anchor that gives the chart frame attached to it a name and a
    description (``xdr:cNvPr`` ``name`` and ``descr``) as the drawing is written."""

    tagname = "oneCellAnchor"
    __elements__ = OneCellAnchor.__elements__
    __attrs__ = OneCellAnchor.__attrs__

    def __init__(self, *args: object, name: str = "", description: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        object.__setattr__(self, "_frame_name", name)
        object.__setattr__(self, "_frame_description", description)

    def __setattr__(self, name: str, value: object) -> None:
        if name == "graphicFrame" and value is not None:
            properties = value.nvGraphicFramePr.cNvPr  # type: ignore[attr-defined]
            properties.name = self._frame_name
            properties.descr = self._frame_description
            properties.title = self._frame_name
        super().__setattr__(name, value)


def anchor(column: int, row: int, width_emu: int, height_emu: int, row_offset_emu: int, *, name: str,
           description: str) -> DescribedAnchor:
    """A chart's place: its top left corner in ``column``/``row`` (1-based), its size."""
    return DescribedAnchor(
        _from=AnchorMarker(col=column - 1, colOff=0, row=row - 1, rowOff=row_offset_emu),
        ext=XDRPositiveSize2D(width_emu, height_emu),
        name=name,
        description=description,
    )


def build_chart(ws: Worksheet, plan: ChartPlan, *, date_column: int, first_row: int, unit: Unit) -> LineChart:
    """The chart of ``plan``, reading the grid written at ``date_column``: a heading row
    at ``first_row - 1``, then one row per date, one column per series."""
    last_row = first_row + len(plan.dates) - 1
    sheet = quote_sheetname(ws.title)
    chart = LineChart()
    chart.title = _title(plan.title)
    chart.style = 2
    chart.legend.position = "r"
    chart.legend.txPr = _text(TEXT_POINTS)
    chart.display_blanks = "span"  # a series' line joins its own points across the other series' dates
    dates = Reference(ws, min_col=date_column, min_row=first_row, max_row=last_row)
    targets = [index for index, planned in enumerate(plan.series) if planned.kind == "target"]
    for offset, planned in enumerate(plan.series, start=1):
        column = date_column + offset
        series = Series(Reference(ws, min_col=column, min_row=first_row, max_row=last_row))
        series.tx = SeriesLabel(strRef=StrRef(f"{sheet}!${get_column_letter(column)}${first_row - 1}"))
        if targets and offset - 1 == targets[0]:
            # One legend entry stands for every target segment (the others are left out of
            # the legend; each column's heading says which target it is).
            series.tx = SeriesLabel(v="Target, across its period" if len(targets) == 1
                                    else "Targets, each across its period")
        series.smooth = False
        line = series.graphicalProperties.line
        if planned.kind == "line":
            _line(line, READING_COLOUR, 22225)
            series.marker.symbol = "circle"
            series.marker.size = 6
            _marker(series, READING_COLOUR)
        elif planned.kind == "points":
            line.noFill = True
            series.marker.symbol = "diamond"
            series.marker.size = 9
            _marker(series, POINTS_COLOUR)
        else:
            _line(line, TARGET_COLOUR, 19050)
            line.dashStyle = "dash"
            series.marker.symbol = "none"
        chart.series.append(series)
    chart.legend.legendEntry = [LegendEntry(idx=index, delete=True) for index in targets[1:]]
    chart.set_categories(dates)
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.axPos = "b"
    chart.x_axis.auto = False  # a date axis, whatever the cells look like
    chart.x_axis.baseTimeUnit = "days"  # a target for one month spans that month's days
    unit, step = _major_unit(plan)
    chart.x_axis.majorTimeUnit = unit
    chart.x_axis.majorUnit = step
    chart.x_axis.number_format = DATE_AXIS_FORMAT if unit == "months" else "yyyy"
    chart.x_axis.majorTickMark = "out"
    chart.x_axis.txPr = _text(TEXT_POINTS)
    chart.y_axis.crossAx = 500
    chart.y_axis.number_format = unit_format(unit, 0)
    chart.y_axis.majorGridlines = ChartLines()
    chart.y_axis.txPr = _text(TEXT_POINTS)
    if plan.axis_min is not None:
        chart.y_axis.scaling.min = plan.axis_min
    chart.x_axis.delete = False  # openpyxl 3.1 otherwise leaves the axes hidden in Excel
    chart.y_axis.delete = False
    return chart


def _major_unit(plan: ChartPlan) -> tuple[str, int]:
    """Label every month, quarter or half year over three years or less; every year,
    two or five beyond: about six labels across."""
    months = (plan.dates[-1].year - plan.dates[0].year) * 12 + plan.dates[-1].month - plan.dates[0].month
    if months <= 36:
        return "months", next(step for step in (1, 3, 6) if months / step <= 4 or step == 6)
    years = months / 12
    return "years", next((step for step in (1, 2, 5, 10) if years / step <= 6), 20)


def _line(line: LineProperties, colour: str, width: int) -> None:
    line.solidFill = colour
    line.width = width


def _marker(series: Series, colour: str) -> None:
    series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
    series.marker.graphicalProperties.line.solidFill = colour


def _text(points: float, bold: bool = False) -> RichText:
    size = int(points * 100)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size, b=bold)),
                                 endParaRPr=CharacterProperties(sz=size, b=bold))])


def _title(text: str) -> Title:
    size = int(TITLE_POINTS * 100)
    run = RegularTextRun(rPr=CharacterProperties(sz=size, b=True), t=text)
    rich = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size, b=True)), r=[run])])
    return Title(tx=Text(rich=rich), overlay=False)
