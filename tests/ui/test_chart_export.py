"""Save PNG and Save SVG write files another program can open: the SVG is well-formed
XML whose closed paths (Qt writes them with "Z") survive pyqtgraph's exporter."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from PySide6.QtGui import QImage

from boardapp.domain.model import Threshold
from boardapp.domain.terms import TargetBasis, ThresholdKind
from tests.domain.builders import data, indicator, reading, target
from tests.ui.charts import series_as_at, shown_chart

SVG = "{http://www.w3.org/2000/svg}"
NI59 = indicator("NI 59", decimals=1, title="Initial assessments for children's social care carried out within timescale")


def ni59():
    records = data(
        NI59,
        [reading("2010-03..2010-10", 80.1, "NI 59"), reading("2010-08", 78.3, "NI 59"),
         reading("2011-08", 80.5, "NI 59")],
        [target("2010-06", 72.0, code="NI 59"), target("2010-03..2010-10", 80.0, TargetBasis.CUMULATIVE, "NI 59"),
         target("2010-03", 80.0, TargetBasis.STANDING, "NI 59")],
        thresholds=[Threshold("NI 59", 85.0, ThresholdKind.BENCHMARK, "benchmark of 85%")],
    )
    return series_as_at(records, date(2011, 11, 30))


@pytest.fixture
def chart(qtbot):
    widget = shown_chart(qtbot)
    widget.set_series(ni59())
    qtbot.wait(20)
    return widget


def test_save_svg_writes_xml_with_the_charts_marks_and_words(chart, tmp_path):
    path = chart.save(tmp_path / "NI_59.svg")
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    words = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "NI 59" in words and "Readings" in words
    paths = [p.get("d", "") for p in root.iter(f"{SVG}path")]
    assert len(paths) > 10
    # A closed path keeps its "Z", and every other word is a point the exporter moved.
    assert any(d.split() and d.split()[-1] == "Z" for d in paths)
    for d in paths:
        for word in d.split():
            assert word == "Z" or len(word.lstrip("MLCZ").split(",")) == 2, word


def test_save_svg_leaves_pyqtgraphs_exporter_as_it_was(chart, tmp_path):
    import sys

    from pyqtgraph.exporters import SVGExporter

    module = sys.modules[SVGExporter.__module__]
    before = module.correctCoordinates
    chart.save(tmp_path / "a.svg")
    assert module.correctCoordinates is before


def test_save_png_writes_an_image_at_least_1200_wide(chart, tmp_path):
    path = chart.save(tmp_path / "NI_59.png")
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 1200
