"""A readings import queues its outbox entries in bulk (issue 15): exactly the entries,
payloads and order the per-row path (``outbox.record_rows``, reading each row back)
gives for the same rows."""

from __future__ import annotations

import json
import uuid
from datetime import date

from sqlalchemy import select, text

from boardapp.domain.periods import Period, month_index, month_of
from boardapp.domain.terms import ReadingStatus, Role
from boardapp.store import outbox
from boardapp.store.connection import open_database
from boardapp.store.models import Reading, ReadingRevision
from boardapp.store.reading_edits import Outcome, ReadingChange, apply_readings, plan_readings
from tests.people import person

QUERY = text("SELECT table_name, row_uuid, operation, payload, actor FROM sync_outbox ORDER BY id")


def _changes(session) -> list[ReadingChange]:  # type: ignore[no-untyped-def]
    """New readings for the months 1990-01..2011-09 of each monthly indicator of the demo
    that have none (a reading of the indicator copied, its counts given as whole numbers,
    as a caller may), and the first monthly readings as they are, their status turned."""
    rows = session.execute(
        select(Reading.period, Reading.value, Reading.numerator, Reading.denominator, Reading.status,
               Reading.indicator.property.mapper.class_.code)
        .join(Reading.indicator)
        .order_by(Reading.id)
    ).all()
    months = [(r, int(r.period[:4]), int(r.period[5:])) for r in rows if len(r.period) == 7 and r.period[5:].isdigit()]
    taken = {(r.code, r.period) for r in rows}
    new, revised, done = [], [], set()
    for row, year, month in months:
        turned = ReadingStatus.VALIDATED if row.status != ReadingStatus.VALIDATED else ReadingStatus.PROVISIONAL
        revised.append(ReadingChange(row.code, Period.month(year, month), row.value, None, None, turned))
        if row.code in done:
            continue
        done.add(row.code)
        whole = row.numerator is not None and row.numerator == int(row.numerator) and row.denominator == int(row.denominator)
        counts = (int(row.numerator), int(row.denominator)) if whole else (row.numerator, row.denominator)
        for index in range(month_index(1990, 1), month_index(2011, 10)):
            period = Period.month(*month_of(index))
            if (row.code, period.code) not in taken:
                new.append(ReadingChange(row.code, period, row.value, *counts, None, "", "from the archive"))
    return new + revised[:40]


def test_an_import_queues_exactly_what_the_per_row_path_queued(tmp_path, demo_file):
    path = tmp_path / "copy.sqlite"
    path.write_bytes(demo_file.read_bytes())
    with open_database(path) as database:
        sam = person(database, "Sam Secretariat", Role.SECRETARIAT)
        with database.engine.begin() as connection:
            outbox.discard_all(connection)
            last_reading = connection.execute(select(Reading.id).order_by(Reading.id.desc())).scalar()
        with database.session(sam.label) as session:
            changes = _changes(session)
            plan = plan_readings(session, changes, date(2011, 10, 20))
            keep = [item.change for item in plan.items if item.outcome in (Outcome.NEW, Outcome.REVISED)]
            revised = plan.counts[Outcome.REVISED]
            assert revised >= 20 and plan.counts[Outcome.NEW] > 1_000  # more than a batch of 500
            apply_readings(session, sam, keep, source="archive.xlsx", today=date(2011, 10, 20))
        with database.engine.begin() as connection:
            queued = connection.execute(QUERY).all()
            new_uuids = list(connection.execute(
                select(Reading.uuid).where(Reading.id > last_reading).order_by(Reading.id)).scalars())
            revision_uuids = list(connection.execute(select(ReadingRevision.uuid).order_by(ReadingRevision.id))
                                  .scalars())[-revised:]
            updates = [row for row in queued if row.operation == "update"]
            # The per-row path, in a transaction rolled back: each row read back and its payload made from it.
            transaction = connection.begin_nested()
            outbox.discard_all(connection)
            outbox.record_rows(connection, "reading", new_uuids, sam.name)
            outbox.record(connection, [(r.table_name, uuid.UUID(r.row_uuid), "update", _loads(r.payload)) for r in updates],
                          sam.name)
            outbox.record_rows(connection, "reading_revision", revision_uuids, sam.name)
            per_row = connection.execute(QUERY).all()
            transaction.rollback()
    assert len(updates) == revised and len(queued) == len(new_uuids) + 2 * revised
    assert [tuple(row) for row in queued] == [tuple(row) for row in per_row]  # the same text, in the same order
    payloads = [_loads(row.payload) for row in queued if row.operation == "insert" and row.table_name == "reading"]
    assert {p["commentary"] for p in payloads} == {"from the archive"} and {p["source"] for p in payloads} == {
        "archive.xlsx"}


def _loads(payload: str):  # type: ignore[no-untyped-def]
    return json.loads(payload)
