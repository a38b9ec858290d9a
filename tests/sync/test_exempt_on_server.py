"""Exempt follows its item on the board server: a note (written before or after its item
was marked exempt), a milestone of an exempt action and the links of an exempt item are
hidden with it from an observer's own login and from the observer's synced copy; the
change feed names none of them, not even a deleted one; the member list is read by role."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import text

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.store import identity
from boardapp.store.annotations import add_note
from boardapp.store.connection import Database
from boardapp.store.sync.service import sync_now
from tests.sync.conftest import Board
from tests.sync.helpers import copy, note

ROW_TABLES = ("requirement", "action", "annotation", "milestone")


def _an_action_with_a_requirement(board: Board) -> tuple[uuid.UUID, uuid.UUID]:
    with board.admin_connection() as admin:
        row = admin.execute(
            "SELECT a.uuid, r.uuid FROM action_requirement l JOIN action a ON a.id = l.action_id"
            " JOIN requirement r ON r.id = l.requirement_id WHERE NOT a.exempt AND NOT r.exempt ORDER BY a.id LIMIT 1"
        ).fetchone()
    return row[0], row[1]


def _milestone(board: Board, action: uuid.UUID) -> uuid.UUID:
    made = uuid.uuid4()
    with board.admin_connection() as admin:
        admin.execute(
            "INSERT INTO milestone (uuid, action_id, position, title, status, source, created_at, updated_at)"
            " SELECT %s, id, 99, 'Audit of exempt cases', 'open', '', now(), now() FROM action WHERE uuid = %s",
            [made, action],
        )
    return made


def _set_exempt(board: Board, exempt: bool, *items: tuple[str, uuid.UUID]) -> None:
    with board.admin_connection() as admin:
        for table, item in items:
            admin.execute(f"UPDATE {table} SET exempt = %s WHERE uuid = %s", [exempt, item])


def _held(database: Database, uuids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``uuids`` this copy holds in any table."""
    found = set()
    with database.engine.connect() as connection:
        for table in ROW_TABLES:
            for (value,) in connection.execute(text(f"SELECT uuid FROM {table}")):
                if uuid.UUID(str(value)) in uuids:
                    found.add(uuid.UUID(str(value)))
    return found


def _visible(connection: psycopg.Connection, uuids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``uuids`` a login reads anywhere: rows, links, the change feed."""
    seen = set()
    wanted = list(uuids)
    for table in ROW_TABLES:
        seen.update(r[0] for r in connection.execute(f"SELECT uuid FROM {table} WHERE uuid = ANY(%s)", [wanted]))
    seen.update(r[0] for r in connection.execute("SELECT row_uuid FROM sync_change WHERE row_uuid = ANY(%s)", [wanted]))
    seen.update(r[0] for r in connection.execute(
        "SELECT a.uuid FROM action_requirement l JOIN action a ON a.id = l.action_id WHERE a.uuid = ANY(%s)", [wanted]))
    seen.update(r[0] for r in connection.execute(
        "SELECT r.uuid FROM action_requirement l JOIN requirement r ON r.id = l.requirement_id"
        " WHERE r.uuid = ANY(%s)", [wanted]))
    return seen


def test_notes_milestones_links_and_tombstones_of_an_exempt_item_reach_no_observer(seeded_board: Board, tmp_path):
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    _, olu_url = seeded_board.add("Olu Observer", Role.OBSERVER)
    action, requirement = _an_action_with_a_requirement(seeded_board)
    milestone = _milestone(seeded_board, action)
    with copy(tmp_path, "mia") as mine, copy(tmp_path, "olu") as olus:
        sync_now(mine, mia_url, None)
        mia = identity.acting(mine)  # established by the server's login
        before = {note(mine, mia, "Written before the action was exempt", target=action)}
        with mine.session(mia.label) as session:
            before.add(add_note(session, mia, AnnotatedKind.REQUIREMENT, requirement, AnnotationKind.COMMENT,
                                "Written before the requirement was exempt").uuid)
        sync_now(mine, mia_url, None)
        sync_now(olus, olu_url, None)
        hidden = {action, requirement, milestone, *before}
        assert _held(olus, hidden) == hidden  # not exempt yet: the observer has them all

        _set_exempt(seeded_board, True, ("action", action), ("requirement", requirement))
        after = note(mine, mia, "Written after it was exempt", target=action)
        sync_now(mine, mia_url, None)
        # A note on the exempt action, deleted again: its tombstone names it to no observer.
        gone = uuid.uuid4()
        with seeded_board.admin_connection() as admin:
            admin.execute(
                "INSERT INTO annotation (uuid, target_kind, target_uuid, kind, text, author_name, written_at, status,"
                " answer, answered_by, exempt, created_at, updated_at) VALUES (%s, 'action', %s, 'comment', 'soon gone',"
                " 'Mia Member', now(), 'open', '', '', false, now(), now())", [gone, action])
            admin.execute("DELETE FROM annotation WHERE uuid = %s", [gone])
        hidden |= {after, gone}

        with seeded_board.connect_as(olu_url) as observer:
            assert _visible(observer, hidden) == set()
            assert observer.execute("SELECT count(*) FROM annotation WHERE text LIKE 'Written%'").fetchone()[0] == 0
        with seeded_board.connect_as(mia_url) as member:
            assert _visible(member, hidden) == hidden  # the deleted note: as its tombstone
            assert member.execute("SELECT count(*) FROM sync_change WHERE row_uuid = %s AND deleted", [gone]).fetchone()[0] == 1

        result = sync_now(olus, olu_url, None)
        assert result.full_download  # its set of readable rows shrank: it starts again
        assert _held(olus, hidden) == set()
        assert _held(mine, hidden) == hidden - {gone}
        again = sync_now(olus, olu_url, None)
        assert not again.full_download and _held(olus, hidden) == set()

        # No longer exempt: everything of it comes back, the notes written meanwhile too.
        _set_exempt(seeded_board, False, ("action", action), ("requirement", requirement))
        sync_now(olus, olu_url, None)
        assert _held(olus, hidden) == hidden - {gone}


def test_the_member_list_is_read_by_role(seeded_board: Board):
    _, olu_url = seeded_board.add("Olu Observer", Role.OBSERVER)
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    _, cal_url = seeded_board.add("Cal Chair", Role.CHAIR)
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    everyone = {"Olu Observer", "Mia Member", "Cal Chair", "Sam Secretariat"}
    with seeded_board.connect_as(olu_url) as observer:
        assert {r[0] for r in observer.execute("SELECT name FROM member")} == {"Olu Observer"}
        assert observer.execute("SELECT name, role, withdrawn FROM board_whoami()").fetchone() == (
            "Olu Observer", "observer", False)
    for url in (mia_url, cal_url):
        with seeded_board.connect_as(url) as connection:
            assert everyone <= {r[0] for r in connection.execute("SELECT name FROM member")}
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("SELECT login FROM member")
    with seeded_board.connect_as(sam_url) as secretariat:
        logins = dict(secretariat.execute("SELECT name, login FROM member WHERE login IS NOT NULL").fetchall())
        assert set(logins) == everyone
    for url in (olu_url, mia_url, cal_url, sam_url):
        with seeded_board.connect_as(url) as connection:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("SELECT passphrase_hash FROM member")
