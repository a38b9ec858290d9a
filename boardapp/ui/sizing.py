"""How large a dialog opens: roomy where there is room, never larger than the screen
it opens on (1024x576 logical pixels on a 1280x720 laptop at 125% scaling), less a
task bar and the dialog's own title bar."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

TASK_AND_TITLE_BARS = 72
SIDE_MARGIN = 16


def resize_within_screen(dialog: QWidget, parent: QWidget | None, width: int, height: int) -> None:
    room = (parent.screen() if parent is not None else dialog.screen()).availableGeometry()
    dialog.resize(min(width, room.width() - SIDE_MARGIN), min(height, room.height() - TASK_AND_TITLE_BARS))
