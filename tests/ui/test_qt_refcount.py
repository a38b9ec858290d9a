"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every call that returns
nothing, until the interpreter dies painting (``Fatal Python error: none_dealloc``).
We pin 6.11; this fails if an upgrade brings the bug back."""

from __future__ import annotations

import sys

import pyqtgraph as pg
from PySide6.QtWidgets import QLabel

PAINTS = 3000


def test_painting_thousands_of_times_leaves_none_refcount_alone(qtbot):
    label = QLabel("NI 59: 80.5%")
    plot = pg.PlotWidget()
    plot.plot([1, 2, 3], [72.0, 80.1, 80.5])
    for widget in (label, plot):
        qtbot.addWidget(widget)
        widget.show()
    label.repaint()
    plot.repaint()
    before = sys.getrefcount(None)
    for n in range(PAINTS):
        label.setText(f"NI 59: {n}")  # a call that returns nothing
        label.repaint()
        if n % 10 == 0:
            plot.repaint()
    after = sys.getrefcount(None)
    # A leak or an over-release would move the count by about PAINTS; ordinary
    # bookkeeping moves it by a handful.
    assert abs(after - before) < PAINTS // 10, (before, after)
