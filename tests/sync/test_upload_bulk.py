"""Many new notes go up in one statement: each lands once, in the order written, with its
ledger row, its place in the change feed and its audit entry (the chain intact); sent
again they change nothing; one the server refuses is refused alone, the others land."""

from __future__ import annotations

import uuid
from dataclasses import replace

from boardapp.domain.terms import Role
from boardapp.store.sync import service, upload_bulk
from boardapp.store.sync.upload import RELAYED, apply_operation, apply_operations
from tests.sync.conftest import Board
from tests.sync.helpers import copy, first_sync, note

NOTES = 40


def _written_offline(board: Board, tmp_path, name: str, role: Role):  # type: ignore[no-untyped-def]
    _, url = board.add(name, role)
    database = copy(tmp_path, name.split()[0].lower())
    who = first_sync(database, url)
    made = [note(database, who, f"note {n} from {name}") for n in range(NOTES)]
    return database, url, made, service._operations(database.engine)


def _in_server_order(board: Board, query: str, made: list[uuid.UUID]) -> list[uuid.UUID]:
    with board.admin_connection() as admin:
        return [row[0] for row in admin.execute(query, [made]).fetchall()]


def test_many_notes_land_in_one_statement_in_order_each_fed_and_audited_once(seeded_board: Board, tmp_path):
    database, url, made, ops = _written_offline(seeded_board, tmp_path, "Mo Member", Role.MEMBER)
    try:
        assert [op.row_uuid for op in ops] == made
        with seeded_board.connect_as(url) as pg:
            with pg.transaction():
                applied = upload_bulk.insert_together(pg, "annotation", False, ops)
            with pg.transaction():
                again = upload_bulk.insert_together(pg, "annotation", False, ops)
    finally:
        database.close()
    assert applied == {op.op_id for op in ops}
    assert again == set()  # every one is in the ledger: nothing changes
    assert _in_server_order(seeded_board, "SELECT uuid FROM annotation WHERE uuid = ANY(%s) ORDER BY id", made) == made
    assert _in_server_order(
        seeded_board, "SELECT row_uuid FROM sync_change WHERE table_name = 'annotation' AND row_uuid = ANY(%s)"
        " ORDER BY seq", made) == made
    assert _in_server_order(
        seeded_board, "SELECT row_uuid FROM audit_log WHERE table_name = 'annotation' AND operation = 'insert'"
        " AND row_uuid = ANY(%s) ORDER BY id", made) == made
    assert seeded_board.scalar("SELECT count(DISTINCT author_name) FROM annotation WHERE uuid = ANY(%s)", made) == 1
    assert seeded_board.scalar("SELECT min(author_name) FROM annotation WHERE uuid = ANY(%s)", made) == "Mo Member"
    assert seeded_board.scalar("SELECT min(actor) FROM audit_log WHERE row_uuid = ANY(%s)", made) == "Mo Member"
    assert seeded_board.scalar(
        "SELECT count(*) FROM sync_operation WHERE op_id = ANY(%s)", [op.op_id for op in ops]) == NOTES
    assert seeded_board.scalar(
        "SELECT count(*) FROM audit_log WHERE hash IS DISTINCT FROM board_audit_hash(prev_hash, id, uuid, at, actor,"
        " table_name, row_uuid, operation, changes)") == 0


def test_notes_relayed_by_the_secretariat_land_together_in_their_authors_names(seeded_board: Board, tmp_path):
    database, _, made, ops = _written_offline(seeded_board, tmp_path, "Mo Member", Role.MEMBER)
    database.close()
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    relayed = [replace(op, payload=op.payload | {RELAYED: True, "author_name": "Mo Member"}) for op in ops]
    with seeded_board.connect_as(sam_url) as pg, pg.transaction():
        applied = upload_bulk.insert_together(pg, "annotation", True, relayed)
    assert applied == {op.op_id for op in ops}
    assert _in_server_order(
        seeded_board, "SELECT a.uuid FROM annotation a JOIN member m ON m.id = a.author_id"
        " WHERE m.name = 'Mo Member' AND a.author_name = 'Mo Member' AND a.uuid = ANY(%s) ORDER BY a.id", made) == made


def test_a_note_the_server_refuses_is_refused_alone_in_the_same_words_and_the_others_land(seeded_board: Board, tmp_path):
    database, url, made, ops = _written_offline(seeded_board, tmp_path, "Mo Member", Role.MEMBER)
    database.close()
    bad = NOTES // 2
    ops[bad] = replace(ops[bad], payload=ops[bad].payload | {"kind": "shouting"})  # no such kind of note
    with seeded_board.connect_as(url) as pg:
        with pg.transaction():
            alone = apply_operation(pg, ops[bad])
            pg.execute("SELECT 1")
        outcomes = apply_operations(pg, ops)
    assert alone.refused.startswith("the server refused this change (")
    assert [o.refused for o in outcomes] == ["" if n != bad else alone.refused for n in range(NOTES)]
    assert all(o.applied for n, o in enumerate(outcomes) if n != bad)
    landed = [u for n, u in enumerate(made) if n != bad]
    assert _in_server_order(seeded_board, "SELECT uuid FROM annotation WHERE uuid = ANY(%s) ORDER BY id", made) == landed
    assert seeded_board.scalar("SELECT count(*) FROM sync_operation WHERE op_id = %s", ops[bad].op_id) == 0
