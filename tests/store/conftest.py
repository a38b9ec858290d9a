from __future__ import annotations

from pathlib import Path

import pytest

from boardapp.store.connection import Database, open_database


@pytest.fixture
def database(tmp_path: Path):
    with open_database(tmp_path / "board.sqlite", create=True) as db:
        yield db
