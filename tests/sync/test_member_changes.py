"""Member changes made on the secretariat's laptop go up (a new member, a role, a
withdrawal), and the member's login follows on the server; nobody else's laptop may
change a member; a passphrase hash never reaches the server."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from boardapp.domain.terms import Role
from boardapp.store import identity, outbox
from boardapp.store.models import Member, OutboxEntry
from boardapp.store.sync.errors import Withdrawn
from boardapp.store.sync.server_schema import BoardRoles
from boardapp.store.sync.service import sync_now, sync_status
from tests.people import passphrase_of
from tests.sync.conftest import Board
from tests.sync.helpers import copy, first_sync


def _in_group(board: Board, name: str, role: Role) -> bool:
    roles = BoardRoles.of(board.database)
    login = board.scalar("SELECT login FROM member WHERE name = %s", name)
    return bool(board.scalar("SELECT pg_has_role(%s, %s, 'MEMBER')", login, roles.group(role)))


def test_the_secretariats_member_changes_go_up_and_the_login_follows(seeded_board: Board, tmp_path):
    _, sam_url = seeded_board.add("Sam Secretariat", Role.SECRETARIAT)
    _, mia_url = seeded_board.add("Mia Member", Role.MEMBER)
    with copy(tmp_path, "sam") as sams, copy(tmp_path, "mia") as mias:
        sam = first_sync(sams, sam_url)
        first_sync(mias, mia_url)
        identity.add_member(sams, sam, "Nia New", Role.OBSERVER, passphrase_of("Nia New"))
        with sams.engine.connect() as connection:
            sent = [json.loads(p) for p in connection.execute(
                select(OutboxEntry.payload).where(OutboxEntry.table_name == "member")).scalars()]
            kept = connection.execute(select(Member.passphrase_hash).where(Member.name == "Nia New")).scalar_one()
        assert kept and [p["name"] for p in sent] == ["Nia New"]  # kept on the laptop's member row...
        assert not any("passphrase_hash" in p for p in sent)  # ...never queued to go up
        identity.set_role(sams, sam, "Mia Member", Role.CHAIR)
        result = sync_now(sams, sam_url, None)
        assert result.refused == [] and result.uploaded == 2
        assert seeded_board.scalar("SELECT role FROM member WHERE name = 'Nia New'") == "observer"
        assert seeded_board.scalar("SELECT login FROM member WHERE name = 'Nia New'") is None  # IT makes logins
        assert seeded_board.scalar("SELECT count(*) FROM member WHERE passphrase_hash <> ''") == 0  # ...never sent
        assert seeded_board.scalar("SELECT role FROM member WHERE name = 'Mia Member'") == "chair"
        assert _in_group(seeded_board, "Mia Member", Role.CHAIR)
        assert not _in_group(seeded_board, "Mia Member", Role.MEMBER)
        assert sync_now(mias, mia_url, None).acting_as == "Mia Member (chair)"

        identity.withdraw(sams, sam, "Mia Member")
        sync_now(sams, sam_url, None)
        assert seeded_board.scalar("SELECT withdrawn FROM member WHERE name = 'Mia Member'") is True
        assert not any(_in_group(seeded_board, "Mia Member", role) for role in Role)
        with pytest.raises(Withdrawn):
            sync_now(mias, mia_url, None)


def test_no_one_but_the_secretariat_changes_a_member_on_the_server(seeded_board: Board, tmp_path):
    _, cal_url = seeded_board.add("Cal Chair", Role.CHAIR)
    with copy(tmp_path, "cal") as cals:
        sync_now(cals, cal_url, None)
        me = seeded_board.scalar("SELECT uuid FROM member WHERE name = 'Cal Chair'")
        with cals.engine.begin() as connection:  # a crafted change, as a doctored copy would queue it
            outbox.record(connection, [("member", me, "update", {"role": ["chair", "secretariat"]})], "Cal Chair")
        result = sync_now(cals, cal_url, None)
        assert len(result.refused) == 1 and "for your role" in result.refused[0]
        assert sync_status(cals).refused == 1
    assert seeded_board.scalar("SELECT role FROM member WHERE name = 'Cal Chair'") == "chair"
    assert _in_group(seeded_board, "Cal Chair", Role.CHAIR)
    assert not _in_group(seeded_board, "Cal Chair", Role.SECRETARIAT)
