"""Figures for sync (issue 6), against a real PostgreSQL board server.

``first_full_sync``: a new, empty copy downloads the whole board (the large synthetic
database loaded into the server), against copying the same tables out of PostgreSQL
with COPY into raw sqlite3. ``upload_notes``: 5,000 notes written offline, sent in one
sync, against COPY of the same 5,000 rows into PostgreSQL. Each with the peak memory
(tracemalloc) of one more run of each side.

The server is ``BOARDAPP_TEST_PG`` (an administrator's URL; default the local one). Each
figure makes its own board database and drops it afterwards.
"""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from psycopg import sql
from sqlalchemy import select, text

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.store import identity
from boardapp.store.annotations import add_note
from boardapp.store.connection import open_database
from boardapp.store.models import Action
from boardapp.store.sync import tables
from boardapp.store.sync.seed import seed_server
from boardapp.store.sync.service import sync_now
from tests.perf.harness import MemoryFigure, median_seconds, peak_bytes
from tests.sync.conftest import Board, drop_board, make_board

NOTES = 5000


@contextmanager
def _board(database: Path) -> Iterator[tuple[Board, str]]:
    board = make_board()
    try:
        seed_server(board.admin, None, database)
        _, url = board.add("Perf Member", Role.MEMBER)
        yield board, url
    finally:
        drop_board(board)


def first_full_sync(database: Path, runs: int) -> MemoryFigure:
    with _board(database) as (board, url), tempfile.TemporaryDirectory(prefix="boardapp-sync-") as folder:
        made = iter(range(runs + 2))

        def ours() -> None:
            with open_database(Path(folder) / f"client{next(made)}.sqlite", create=True) as client:
                sync_now(client, url, None)

        rows = board.scalar("SELECT count(*) FROM reading")
        ours_s = median_seconds(ours, runs)
        names = [t.name for t in tables.ROW_TABLES] + list(tables.LINKS)
        copies = iter(range(runs + 2))

        def baseline() -> None:
            _copy_into_raw_sqlite(board, names, Path(folder) / f"raw{next(copies)}.sqlite")

        base_s = median_seconds(baseline, runs)
        ours_peak, base_peak = peak_bytes(ours), peak_bytes(baseline)  # one more new copy of each
    return MemoryFigure(f"first full sync ({database.stem}, {rows} readings)", ours_s, base_s,
                        "psycopg COPY into raw sqlite3, same tables", ours_peak=ours_peak, baseline_peak=base_peak)


def _copy_into_raw_sqlite(board: Board, names: list[str], path: Path) -> None:
    raw = sqlite3.connect(path)
    try:
        with board.admin_connection() as pg:
            for name in names:
                columns = [r[0] for r in pg.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
                    [name]).fetchall()]
                raw.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
                marks = ", ".join("?" * len(columns))
                with pg.cursor().copy(sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(name))) as copy:
                    raw.executemany(f"INSERT INTO {name} VALUES ({marks})", copy.rows())
        raw.commit()
    finally:
        raw.close()


def upload_notes(database: Path, runs: int) -> MemoryFigure:
    with _board(database) as (board, url), tempfile.TemporaryDirectory(prefix="boardapp-sync-") as folder:
        template = Path(folder) / "synced.sqlite"
        with open_database(template, create=True) as client:
            sync_now(client, url, None)
            with client.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        timings = []
        ours_peak = 0
        for n in range(runs + 1):  # the last run: the peak memory of one sync, traced
            path = Path(folder) / f"client{n}.sqlite"
            path.write_bytes(template.read_bytes())
            with open_database(path) as client:
                # The copy's user since its first sync: the login's member, as the board server vouches.
                who = identity.acting(client)
                assert (who.name, who.role) == ("Perf Member", Role.MEMBER), who
                with client.session(who.label) as session:
                    targets = list(session.scalars(select(Action.uuid).limit(50)))
                    for i in range(NOTES):
                        add_note(session, who, AnnotatedKind.ACTION, targets[i % 50], AnnotationKind.COMMENT,
                                 f"note {i} of run {n}: " + "x" * 150)
                if n < runs:
                    timings.append(median_seconds(lambda c=client: sync_now(c, url, None), 1))
                else:
                    ours_peak = peak_bytes(lambda c=client: sync_now(c, url, None))
                with client.engine.connect() as connection:
                    assert connection.execute(text("SELECT count(*) FROM sync_outbox")).scalar() == 0
        ours_s = sorted(timings)[len(timings) // 2]

        def baseline() -> None:
            with board.admin_connection() as pg, pg.transaction():
                pg.execute("CREATE TEMP TABLE notes_copy (LIKE annotation INCLUDING DEFAULTS) ON COMMIT DROP")
                now = datetime.now(UTC).replace(tzinfo=None)
                with pg.cursor().copy(
                    "COPY notes_copy (id, uuid, target_kind, target_uuid, kind, text, author_name, written_at, status,"
                    " answer, answered_by, exempt, created_at, updated_at) FROM STDIN"
                ) as copy:
                    for i in range(NOTES):
                        copy.write_row([i, uuid.uuid4(), "action", uuid.uuid4(), "comment", "x" * 170, "Perf Member",
                                        now, "open", "", "", False, now, now])

        base_s = median_seconds(baseline, runs)
        base_peak = peak_bytes(baseline)
    return MemoryFigure(f"upload {NOTES:,} notes in one sync", ours_s, base_s, "psycopg COPY of the same rows",
                        ours_peak=ours_peak, baseline_peak=base_peak)
