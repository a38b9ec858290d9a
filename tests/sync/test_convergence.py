"""Many copies working offline and syncing in any order, some syncs cut short: in the
end every copy holds what the server holds, every note exists exactly once, and every
crossed edit is a conflict row. (Hypothesis state machine, bounded so the file runs in
well under a minute against a real PostgreSQL.)"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test
from psycopg import sql
from sqlalchemy import text

from boardapp.domain.permissions import Identity, Permission
from boardapp.domain.terms import ActionStatus, Rag, Role
from boardapp.store.connection import open_database
from boardapp.store.sync import download, service, tables
from boardapp.store.sync.service import sync_now
from tests.sync.conftest import Board, drop_board, make_board
from tests.sync.helpers import actions, answer, first_sync, local_state, note, server_state, set_status

CUTS = [None, "upload: server committed", "download: fetched", "download: applied"]


class Cut(Exception):
    pass


def _cut_at(stage: str | None):  # type: ignore[no-untyped-def]
    def step(at: str) -> None:
        if at == stage:
            raise Cut(at)

    return step


class Board_Of(RuleBasedStateMachine):
    """Copies of one board; ``roles`` says who each is."""

    roles: list[Role] = []
    template = ""
    folder = Path()
    first_copy = Path()

    def __init__(self) -> None:
        super().__init__()
        self.board: Board = make_board(self.template)
        self.people: list[tuple[Identity, str]] = []
        self.copies = []
        here = self.folder / uuid.uuid4().hex
        here.mkdir()
        for n, role in enumerate(self.roles):
            _, url = self.board.add(f"Person {n}", role)
            path = here / f"copy{n}.sqlite"
            shutil.copy(self.first_copy, path)
            database = open_database(path)
            # The copy becomes Person n's at its first sync with their login (a full download
            # against this run's board), before they change anything on it: a copy holding
            # one member's unsent changes does not sync under another's login.
            self.people.append((first_sync(database, url), url))
            self.copies.append(database)
        self.typed: set[uuid.UUID] = set()
        self.conflicts_expected = 0
        self.sent: set[str] = set()
        self.conflicts_reported = 0
        self.targets = actions(self.copies[0])[:3]

    # --- what people do offline ----------------------------------------------------

    @rule(n=st.integers(0, 63), words=st.text(min_size=1, max_size=20).filter(str.strip))
    def write_a_note(self, n: int, words: str) -> None:
        who, _ = self.people[n % len(self.people)]
        if who.allows(Permission.ANNOTATE):
            self.typed.add(note(self.copies[n % len(self.copies)], who, words, target=self.targets[n % 3]))

    @rule(n=st.integers(0, 63), item=st.integers(0, 2), status=st.sampled_from(list(ActionStatus)),
          rag=st.sampled_from([None, *Rag]))
    def edit_an_action(self, n: int, item: int, status: ActionStatus, rag: Rag | None) -> None:
        who, _ = self.people[n % len(self.people)]
        if who.allows(Permission.EDIT_ACTIONS):
            set_status(self.copies[n % len(self.copies)], who, self.targets[item], status, rag)

    @precondition(lambda self: self.typed)
    @rule(n=st.integers(0, 63), pick=st.integers(0, 10_000), words=st.sampled_from(["Noted", "Done", "See plan"]))
    def answer_a_note(self, n: int, pick: int, words: str) -> None:
        who, _ = self.people[n % len(self.people)]
        database = self.copies[n % len(self.copies)]
        with database.engine.connect() as connection:
            here = [uuid.UUID(r[0]) for r in connection.execute(text("SELECT uuid FROM annotation ORDER BY id"))]
        if who.allows(Permission.ANSWER_NOTES) and here:
            answer(database, who, here[pick % len(here)], words)

    @rule(n=st.integers(0, 63), cut=st.sampled_from(CUTS))
    def sync(self, n: int, cut: str | None) -> None:
        self._sync(n % len(self.copies), cut)

    # --- checking ------------------------------------------------------------------

    def _expect_conflicts(self, index: int) -> None:
        """The server's rule, worked out beforehand from this copy's outbox."""
        with self.copies[index].engine.connect() as connection:
            entries = connection.execute(
                text("SELECT op_id, table_name, row_uuid, payload, operation FROM sync_outbox"
                     " WHERE operation != 'delete' ORDER BY id")
            ).all()
        values: dict[tuple[str, str, str], object] = {}
        with self.board.admin_connection() as admin:
            for op_id, table, row_uuid, payload, operation in entries:
                if op_id in self.sent:
                    continue  # a retry: the server has it already
                self.sent.add(op_id)
                row = str(uuid.UUID(row_uuid))
                if operation == "insert":
                    values.update({(table, row, c): v for c, v in json.loads(payload).items()})
                    continue
                for column, (old, new) in json.loads(payload).items():
                    key = (table, row, column)
                    pointed = tables.foreign_keys(tables.TABLES[table]).get(column)
                    if key not in values:
                        if pointed:  # a link travels as the uuid of the row it points at
                            query = sql.SQL("SELECT p.uuid FROM {} t LEFT JOIN {} p ON p.id = t.{} WHERE t.uuid = %s")\
                                .format(sql.Identifier(table), sql.Identifier(pointed), sql.Identifier(column))
                        else:
                            query = sql.SQL("SELECT {} FROM {} WHERE uuid = %s").format(
                                sql.Identifier(column), sql.Identifier(table))
                        found = admin.execute(query, [row]).fetchone()
                        values[key] = tables.to_json(found[0]) if found else None
                    kind = tables.column_type(table, column)

                    def plain(value, kind=kind, pointed=pointed):
                        if pointed:
                            return None if value is None else str(value)
                        return tables.from_json(kind, value)

                    now = values[key]
                    same = plain(now) == plain(new)
                    if not same and plain(now) != plain(old):
                        self.conflicts_expected += 1
                    values[key] = new

    def _sync(self, index: int, cut: str | None) -> None:
        self._expect_conflicts(index)
        _, url = self.people[index]
        service.upload_step, download.step = _cut_at(cut), _cut_at(cut)
        try:
            self.conflicts_reported += sync_now(self.copies[index], url, None).conflicts_recorded
        except Cut:
            pass
        finally:
            service.upload_step, download.step = _cut_at(None), _cut_at(None)

    def teardown(self) -> None:
        try:
            for index in range(len(self.copies)):
                self._sync(index, None)
            for index in range(len(self.copies)):
                self._sync(index, None)
            on_server = server_state(self.board)
            for database in self.copies:
                assert local_state(database) == on_server
            notes = self.board.scalar("SELECT count(*) FROM annotation")
            distinct = self.board.scalar("SELECT count(DISTINCT uuid) FROM annotation")
            assert notes == distinct == len(self.typed)
            assert {uuid.UUID(row[0]) for row in on_server["annotation"]} == self.typed
            assert self.board.scalar("SELECT count(*) FROM sync_conflict") == self.conflicts_expected
        finally:
            for database in self.copies:
                database.close()
            drop_board(self.board)


@pytest.fixture
def first_copy(seeded_template: str, tmp_path: Path) -> Path:
    """A copy that has had its first full download (copied for each person, whose first
    sync, with their own login, is then a full download again against the board made for
    the run, and makes the copy theirs)."""
    board = make_board(seeded_template)
    try:
        _, url = board.add("First", Role.OBSERVER)
        path = tmp_path / "first.sqlite"
        with open_database(path, create=True) as database:
            sync_now(database, url, None)
            with database.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return path
    finally:
        drop_board(board)


def _run(roles: list[Role], template: str, folder: Path, first: Path, examples: int, steps: int) -> None:
    machine = type("Machine", (Board_Of,), {"roles": roles, "template": template, "folder": folder, "first_copy": first})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=True,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


def test_two_copies_converge(seeded_template: str, tmp_path: Path, first_copy: Path):
    _run([Role.SECRETARIAT, Role.SECRETARIAT], seeded_template, tmp_path, first_copy, examples=5, steps=20)


def test_twenty_copies_converge(seeded_template: str, tmp_path: Path, first_copy: Path):
    roles = [Role.SECRETARIAT] * 3 + [Role.CHAIR] * 2 + [Role.MEMBER] * 13 + [Role.OBSERVER] * 2
    _run(roles, seeded_template, tmp_path, first_copy, examples=2, steps=30)
