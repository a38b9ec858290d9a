"""The one door to bundled files: the demo dataset, icons, styles.

Works from a source checkout, an installed wheel and a PyInstaller bundle alike,
because every path is asked of ``importlib.resources``.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

DEMO_DATASET = "leeds.toml"


def folder(name: str) -> Traversable:
    return resources.files(__name__) / name


def icon_bytes() -> bytes:
    """The app's icon, a PNG (packaging/make_icons.py draws it)."""
    return (folder("icons") / "boardapp.png").read_bytes()


def demo_dataset_text() -> str:
    return (folder("demo") / DEMO_DATASET).read_text(encoding="utf-8")


def demo_dataset() -> dict[str, Any]:
    """The bundled demo dataset, parsed (see docs/demo-data-format.md)."""
    return tomllib.loads(demo_dataset_text())
