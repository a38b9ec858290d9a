"""Sparklines in a table, painted by an item delegate with QPainter (STYLE.md: 300 live
plots cost seconds and a gigabyte; a delegate costs nothing until a row is on screen)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

SPARKLINE_WIDTH = 64


class SparklineDelegate(QStyledItemDelegate):
    def __init__(self, role: int, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.role = role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        values = index.data(self.role) or ()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        if len(values) < 2:
            if len(values) == 1:
                painter.save()
                painter.setPen(option.palette.text().color())
                painter.drawText(option.rect, Qt.AlignmentFlag.AlignCenter, "•")
                painter.restore()
            return
        rect = option.rect.adjusted(4, 5, -4, -5)
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = rect.width() / (len(values) - 1)
        points = QPolygonF(
            [QPointF(rect.left() + i * step, rect.bottom() - (v - low) / span * rect.height()) for i, v in enumerate(values)]
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(option.palette.text().color())
        pen.setWidthF(1.3)
        painter.setPen(pen)
        painter.drawPolyline(points)
        painter.setBrush(option.palette.text())
        painter.drawEllipse(points[len(points) - 1], 2.2, 2.2)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        return QSize(SPARKLINE_WIDTH, max(22, option.fontMetrics.height() + 6))
