"""A large import writes its new readings a batch at a time, each batch with its outbox
entries, under a larger SQLite page cache (issue 15): the entries are still exactly
those the per-row path queues, in its order, and the connection's own page cache is
back afterwards."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from boardapp.domain.terms import Role
from boardapp.store import bulk, outbox, reading_edits
from boardapp.store.connection import open_database
from boardapp.store.models import OutboxEntry, Reading
from boardapp.store.reading_edits import Outcome, apply_readings, plan_readings
from tests.people import person
from tests.sync import test_outbox_bulk_import as per_row


def test_batches_of_new_readings_queue_what_the_per_row_path_queues(tmp_path, demo_file, monkeypatch):
    monkeypatch.setattr(reading_edits, "NEW_READINGS_BATCH", 1_000)  # several batches of the demo's archive
    monkeypatch.setattr(bulk, "LARGE_BATCH", 500)  # and the larger page cache in use
    per_row.test_an_import_queues_exactly_what_the_per_row_path_queued(tmp_path, demo_file)


def test_the_page_cache_is_the_connections_own_again_after_a_large_import(tmp_path, demo_file, monkeypatch):
    monkeypatch.setattr(bulk, "LARGE_BATCH", 500)
    path = tmp_path / "copy.sqlite"
    path.write_bytes(demo_file.read_bytes())
    with open_database(path) as database:
        sam = person(database, "Sam Secretariat", Role.SECRETARIAT)
        with database.session(sam.label) as session:
            changes = per_row._changes(session)
            plan = plan_readings(session, changes, date(2011, 10, 20))
            new = [item.change for item in plan.items if item.outcome is Outcome.NEW]
            assert len(new) > bulk.LARGE_BATCH
            connection = session.connection()
            own = connection.exec_driver_sql("PRAGMA cache_size").scalar()
            assert own != -bulk.PAGE_CACHE_KIB
            before = connection.execute(select(func.count()).select_from(Reading)).scalar()
            outbox.discard_all(connection)
            apply_readings(session, sam, new, source="archive.xlsx", today=date(2011, 10, 20))
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == own
        with database.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(Reading)).scalar() == before + len(new)
            assert connection.execute(select(func.count()).select_from(OutboxEntry)).scalar() == len(new)
