"""The outbox: a change and its entry are written together or not at all (no server needed)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from boardapp.domain.terms import ActionStatus, Role
from boardapp.store import outbox
from boardapp.store.connection import open_database
from boardapp.store.edits import set_action_status
from boardapp.store.models import Reading
from tests.people import person
from tests.sync.helpers import actions, note, outbox_size, set_status


def _entries(database):  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        return connection.execute(
            text("SELECT table_name, operation, payload, device_id, id FROM sync_outbox ORDER BY id")
        ).all()


def test_a_new_database_has_nothing_to_send_and_each_change_queues_one_entry(tmp_path, demo_file):
    path = tmp_path / "copy.sqlite"
    path.write_bytes(demo_file.read_bytes())
    with open_database(path) as database:
        assert outbox_size(database) == 0
        sam = person(database, "Sam Secretariat", Role.SECRETARIAT)
        setup = len(_entries(database))  # the member rows and keys the sign-in queued (they go up too)
        action = actions(database)[0]
        note(database, sam, "a question")
        set_status(database, sam, action, ActionStatus.COMPLETE)
        entries = _entries(database)[setup:]
    # The status change is recorded in the action's history: its revision is queued right after it.
    assert [(e.table_name, e.operation) for e in entries] == [
        ("annotation", "insert"), ("action", "update"), ("revision", "insert")]
    assert json.loads(entries[1].payload)["status"][1] == "complete"
    revision = json.loads(entries[2].payload)
    assert (revision["item_uuid"], json.loads(revision["changes"])["status"][1]) == (str(action), "complete")
    assert entries[0].device_id == entries[1].device_id and entries[0].id < entries[1].id


def test_a_change_rolled_back_leaves_no_entry(tmp_path, demo_file):
    path = tmp_path / "copy.sqlite"
    path.write_bytes(demo_file.read_bytes())
    with open_database(path) as database:
        sam = person(database, "Sam Secretariat", Role.SECRETARIAT)
        with database.engine.begin() as connection:
            outbox.discard_all(connection)  # the sign-in's own entries: from here the copy is as fresh
        action = actions(database)[0]
        with pytest.raises(RuntimeError), database.session(sam.label) as session:
            set_action_status(session, sam, action, ActionStatus.COMPLETE, None)
            session.flush()
            raise RuntimeError("the window crashed")
        assert outbox_size(database) == 0
        with database.engine.begin() as connection:
            uuids = list(connection.execute(select(Reading.uuid).limit(3)).scalars())
            assert outbox.record_rows(connection, "reading", uuids, "import") == 3
        assert [e.operation for e in _entries(database)] == ["insert"] * 3
