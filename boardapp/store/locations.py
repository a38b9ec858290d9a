"""Where a user's database lives when nobody names one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "BoardApp"
DATABASE_NAME = "board.sqlite"


def data_folder() -> Path:
    """The per-user data folder: ``BOARDAPP_DATA_DIR`` if set, else the platform's own."""
    override = os.environ.get("BOARDAPP_DATA_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_FOLDER


def default_database() -> Path:
    return data_folder() / DATABASE_NAME
