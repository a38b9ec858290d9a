from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database


@pytest.fixture
def database(tmp_path: Path):
    with open_database(tmp_path / "board.sqlite", create=True) as db:
        yield db


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The bundled demo database, made once for the whole run."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    create_database(path)
    return path


@pytest.fixture
def db(demo_template, tmp_path):
    """A fresh, open copy of the demo database for each test."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    with open_database(path) as database:
        yield database
