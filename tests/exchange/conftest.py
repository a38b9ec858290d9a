from __future__ import annotations

from pathlib import Path

import pytest

from boardapp.domain.terms import Role
from boardapp.store.connection import open_database
from boardapp.store.reading_edits import IndicatorFacts, indicator_facts
from tests.exchange.workbooks import copy_database, demo_database
from tests.people import SETTER, sign_in_at


@pytest.fixture(scope="session")
def pristine_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, made once with create_database, its first user (the test
    secretariat, tests/people.py) signed in on it; tests work on copies."""
    path = demo_database(tmp_path_factory.mktemp("pristine"))
    sign_in_at(path, SETTER, Role.SECRETARIAT)
    return path


@pytest.fixture
def demo_db(pristine_demo: Path, tmp_path: Path) -> Path:
    return copy_database(pristine_demo, tmp_path)


@pytest.fixture(scope="session")
def demo_facts(pristine_demo: Path) -> dict[str, IndicatorFacts]:
    with open_database(pristine_demo, read_only=True) as database, database.session() as session:
        return indicator_facts(session)
