"""For the tests of the demo file's format: a small file loaded into a new database,
and a malformed one refused by name with nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from boardapp.store.connection import Database, open_database
from boardapp.store.demo import DemoDataError, load_demo


def loaded(tmp_path, data: dict) -> Database:
    """A new database with ``data`` loaded (closed again if the load fails)."""
    db = open_database(tmp_path / "small.sqlite", create=True)
    try:
        load_demo(db, data)
    except BaseException:
        db.close()
        raise
    return db


def assert_refused(tmp_path, data: dict, message: str, *unwritten: type) -> None:
    """Loading ``data`` into a new database is refused with ``message`` (a regular
    expression), and no row of the models ``unwritten`` is there afterwards."""
    with open_database(tmp_path / "bad.sqlite", create=True) as db:
        with pytest.raises(DemoDataError, match=message):
            load_demo(db, data)
        with db.session() as session:
            for model in unwritten:
                assert session.scalars(select(model)).first() is None
