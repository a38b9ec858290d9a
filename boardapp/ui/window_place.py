"""Where the window opens and how large: the screen's free area, the saved geometry if it
still fits. The main window and the first paint (ui/first_paint.py) open in the same place,
so the one takes over from the other without a jump; this module imports only Qt."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# The window opens at this share of the screen's free area, and never larger than
# DEFAULT_SIZE (a 1366x768 laptop, or 1280x720 at 125%, gets a window that fits).
SCREEN_SHARE = 0.92
DEFAULT_SIZE = QSize(1280, 800)


def available_area(window: QWidget) -> QRect:
    """The free area (less task bars and docks) of the screen the window is on."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def default_size(area: QRect) -> QSize:
    return QSize(min(DEFAULT_SIZE.width(), int(area.width() * SCREEN_SHARE)),
                 min(DEFAULT_SIZE.height(), int(area.height() * SCREEN_SHARE)))


def place(window: QWidget, area: QRect, size: QSize, geometry: QByteArray | None) -> None:
    """Centre ``window`` at ``size`` in ``area``, then restore ``geometry`` (saved by
    QWidget.saveGeometry) if it fits: one saved on a larger screen (or by a window an old
    banner widened) is dropped, not squeezed."""
    window.resize(size)
    window.move(area.center() - QRect(0, 0, size.width(), size.height()).center())
    if geometry is not None and fits(saved_frame(geometry), area):
        window.restoreGeometry(geometry)


def saved_frame(geometry: QByteArray) -> QRect | None:
    """The window's frame as QWidget.saveGeometry() recorded it (None: not readable)."""
    stream = QDataStream(geometry, QIODevice.OpenModeFlag.ReadOnly)
    if stream.readUInt32() != 0x1D9D0CB:
        return None
    stream.readUInt16()
    stream.readUInt16()
    frame = QRect()
    stream >> frame
    return frame if stream.status() == QDataStream.Status.Ok else None


def fits(frame: QRect | None, area: QRect) -> bool:
    return frame is not None and frame.isValid() and area.contains(frame)
