"""The charts of the demo pack's Indicators sheet, read from the saved file's XML:
a title and alternative text on every chart, a real date axis, a cumulative figure
apart from the monthly line, targets across their periods, and an axis that starts at
zero or says where it starts."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from boardapp.domain.model import Indicator, Reading
from boardapp.domain.periods import Period
from boardapp.domain.terms import Polarity, Unit
from boardapp.exchange.pack.chart_plan import plan_chart
from boardapp.exchange.pack.content import IndicatorBlock
from tests.exchange.test_pack_indicators import dfe_pack, sheet  # noqa: F401 (fixtures)

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
}


@pytest.fixture(scope="module")
def charts(dfe_pack: Path) -> dict[str, ElementTree.Element]:  # noqa: F811
    """Every chart's XML, by the text of its title."""
    found = {}
    with zipfile.ZipFile(dfe_pack) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"xl/charts/chart\d+\.xml", name):
                root = ElementTree.fromstring(archive.read(name))
                title = "".join(t.text or "" for t in root.findall("c:chart/c:title//a:t", NS))
                found[title or name] = root
    return found


def frames(path: Path) -> list[ElementTree.Element]:
    with zipfile.ZipFile(path) as archive:
        drawings = [n for n in archive.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)]
        return [p for n in drawings for p in ElementTree.fromstring(archive.read(n)).iter(f"{{{NS['xdr']}}}cNvPr")]


def test_every_chart_has_a_title_and_alternative_text(dfe_pack, charts):  # noqa: F811
    described = frames(dfe_pack)
    assert len(described) == len(charts) >= 20
    for properties in described:
        assert re.fullmatch(r"Chart of \S.*", properties.get("name")), properties.get("name")
        assert not re.fullmatch(r"Chart \d+", properties.get("name"))
        assert len(properties.get("descr", "")) > 60 and properties.get("descr").startswith("Line chart of ")
    assert all(not re.fullmatch(r"xl/charts/.*", title) for title in charts)  # every one has a title
    ni59 = next(p.get("descr") for p in described if p.get("name") == "Chart of NI 59")
    assert "NI 59" in ni59 and "80.5% for August 2011 against the 80% target (met)" in ni59
    assert "March 2010 to October 2010, 80.1%" in ni59 and "not on the line" in ni59


def test_charts_draw_on_a_date_axis(charts):
    for root in charts.values():
        axis = root.find("c:chart/c:plotArea/c:dateAx", NS)
        assert axis is not None and root.find("c:chart/c:plotArea/c:catAx", NS) is None
        assert axis.find("c:baseTimeUnit", NS).get("val") == "days"
        assert axis.find("c:auto", NS).get("val") == "0"


def values(sheet, reference: str) -> list[object]:  # noqa: F811
    cells = sheet[reference.split("!")[1].replace("$", "")]
    return [row[0].value for row in cells]


def test_the_cumulative_figure_is_not_a_point_of_the_monthly_line(charts, sheet):  # noqa: F811
    root = next(r for title, r in charts.items() if title.startswith("NI 59:"))
    series = root.findall("c:chart/c:plotArea/c:lineChart/c:ser", NS)
    days = values(sheet, series[0].find("c:cat/c:numRef/c:f", NS).text)
    monthly, cumulative = (values(sheet, s.find("c:val/c:numRef/c:f", NS).text) for s in series[:2])
    assert 80.1 not in monthly and sorted(v for v in monthly if v is not None) == [78.3, 80.5]
    assert [(d, v) for d, v in zip(days, cumulative) if v is not None] == [(datetime(2010, 10, 31), 80.1)]
    assert series[1].find("c:spPr/a:ln/a:noFill", NS) is not None  # a point, joined to nothing
    assert series[1].find("c:marker/c:symbol", NS).get("val") == "diamond"
    # The 72% target for June 2010 is a segment across June, not a dash at one point.
    def heading(ser: ElementTree.Element) -> str:  # the grid column's heading, above its first figure
        column, row = re.match(r"\$([A-Z]+)\$(\d+)", ser.find("c:val/c:numRef/c:f", NS).text.split("!")[1]).groups()
        return sheet[f"{column}{int(row) - 1}"].value

    june = next(s for s in series if heading(s) == "Target 72% for June 2010")
    points = [(d, v) for d, v in zip(days, values(sheet, june.find("c:val/c:numRef/c:f", NS).text)) if v is not None]
    assert points == [(datetime(2010, 6, 1), 72), (datetime(2010, 6, 30), 72)]


def test_the_value_axis_starts_at_zero_or_the_title_says_where(charts):
    truncated = 0
    for title, root in charts.items():
        scaling = root.find("c:chart/c:plotArea/c:valAx/c:scaling/c:min", NS)
        start = None if scaling is None else float(scaling.get("val"))
        if start is not None and start > 0:
            truncated += 1
            assert re.search(r"\(axis starts at [\d,.]+(%| [a-z ]+)?\)$", title), title
        else:
            assert "axis starts" not in title
    assert 0 < truncated < len(charts)
    assert "(axis starts at 65%)" in next(t for t in charts if t.startswith("NI 59:"))


def block(values: list[tuple[str, float]], unit: Unit = Unit.PERCENT) -> IndicatorBlock:
    indicator = Indicator("X 1", "Something measured", unit, Polarity.HIGHER_IS_BETTER)
    readings = tuple(Reading("X 1", Period.parse(code), value) for code, value in values)
    return IndicatorBlock(indicator, readings, (None,) * len(readings), "")


def test_axis_rules_on_plain_figures():
    wide = plan_chart(block([("2010-01", 10.0), ("2010-02", 90.0)]))
    assert wide.axis_min == 0 and wide.axis_note == "" and "starts at zero" in wide.description
    narrow = plan_chart(block([("2010-01", 78.3), ("2010-02", 80.5)]))
    assert 0 < narrow.axis_min < 78.3 and narrow.axis_note == f"axis starts at {narrow.axis_min:g}%"
    assert narrow.title.endswith(f"({narrow.axis_note})")
    below = plan_chart(block([("2010-01", -3.0), ("2010-02", 2.0)], Unit.PERCENTAGE_POINTS))
    assert below.axis_min is None and below.axis_note == ""
    assert plan_chart(block([("2010-01", 5.0)])) is None  # one figure: no chart


def test_yearly_figures_are_the_line_when_most_figures_are_yearly():
    plan = plan_chart(block([("2009", 5.0), ("2010", 1.0), ("2011-03", 2.0)], Unit.COUNT))
    assert [s.kind for s in plan.series] == ["line", "points"]
    assert plan.series[0].values == {date(2009, 12, 31): 5.0, date(2010, 12, 31): 1.0}
