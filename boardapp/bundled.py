"""The one door to bundled files: the demo dataset, icons, styles, and the Alembic
environment with its migrations.

In the repository they live at its top level, beside the package: ``resources/`` and
``db/``. A wheel (pyproject.toml maps them as ``boardapp.resources`` and ``boardapp.db``)
and the PyInstaller bundle (pyinstaller.spec's data) carry them inside the package, as
``boardapp/resources`` and ``boardapp/db``. So each folder is looked for from the
package's own folder, as ``importlib.resources`` gives it: inside it (a wheel install,
the bundle), else beside it (a source checkout: an editable install, or
``PYTHONPATH=<checkout>``).

They are never imported as the packages ``boardapp.resources`` / ``boardapp.db``: from
``PYTHONPATH=<checkout>`` those do not exist, and an editable install's import finder
would answer a run of another checkout (a worktree on ``PYTHONPATH`` beside an editable
install of the main tree) with the installed tree's files instead of its own.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

DEMO_DATASET = "leeds.toml"
RESOURCES = "resources"
MIGRATIONS = "db"

# A file each folder always holds: a folder that only looks right (an old checkout's
# boardapp/db holding nothing but __pycache__) is not taken for it.
_HOLDS = {RESOURCES: ("demo", DEMO_DATASET), MIGRATIONS: ("env.py",)}


@cache
def top(name: str) -> Traversable:
    """``resources`` or ``db``: inside the installed package, or beside it in a checkout."""
    package = resources.files("boardapp")
    places = [package / name]
    if isinstance(package, Path):
        places.append(package.parent / name)
    for place in places:
        held = place
        for part in _HOLDS[name]:
            held = held / part
        if held.is_file():
            return place
    raise FileNotFoundError(
        f"Board App's {name!r} folder is missing (looked in {', '.join(str(p) for p in places)}); "
        "reinstall the app, or run it from a complete source checkout"
    )


def folder(name: str) -> Traversable:
    """A folder of bundled data: ``demo``, ``icons``, ``styles``."""
    return top(RESOURCES) / name


def migrations() -> Traversable:
    """The Alembic environment (``env.py``, ``alembic.ini``) with its ``versions``."""
    return top(MIGRATIONS)


def icon_bytes() -> bytes:
    """The app's icon, a PNG (packaging/make_icons.py draws it)."""
    return (folder("icons") / "boardapp.png").read_bytes()


def demo_dataset_text() -> str:
    return (folder("demo") / DEMO_DATASET).read_text(encoding="utf-8")


def demo_dataset() -> dict[str, Any]:
    """The bundled demo dataset, parsed (see docs/demo-data-format.md)."""
    return tomllib.loads(demo_dataset_text())
