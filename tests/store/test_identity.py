"""Who uses a copy (store/identity.py): established only by the board's own rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from boardapp.domain.passphrases import WeakPassphrase
from boardapp.domain.permissions import Identity, NotAllowed, Permission
from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.identity import NoIdentity, SignInRefused
from boardapp.store.models import AuditEntry, OutboxEntry
from tests.people import SETTER, passphrase_of, person


def test_a_new_boards_first_user_becomes_its_secretariat_and_no_one_else_can(db):
    assert identity.is_new_board(db)
    with pytest.raises(NoIdentity, match="--first-user"):
        identity.acting(db)
    with pytest.raises(WeakPassphrase, match="at least 8 characters"):
        identity.first_user(db, "Sam Secretary", "short")
    made = identity.first_user(db, "Sam Secretary", "a long passphrase")
    assert (made.identity.name, made.identity.role, made.how) == ("Sam Secretary", Role.SECRETARIAT, identity.FIRST_USER)
    assert identity.acting(db).established
    # The copy keeps its public keys on the secretariat's member row, for others to check.
    sam = {m.name: m for m in identity.members(db)}["Sam Secretary"]
    assert sam.public_key == made.public_key and len(made.public_key) == 64
    assert not identity.is_new_board(db)
    with pytest.raises(SignInRefused, match="already set up"):
        identity.first_user(db, "Eve", "another long passphrase")


def test_taking_a_members_identity_needs_their_passphrase(db):
    mo = person(db, "Mo Member", Role.MEMBER)
    assert mo.established and mo.how == identity.VERIFIED
    with pytest.raises(SignInRefused, match="no member of this board has that name and passphrase"):
        identity.sign_in(db, "Mo Member", "not Mo's passphrase")
    with pytest.raises(SignInRefused, match="no member of this board has that name and passphrase"):
        identity.sign_in(db, "Nobody Known", passphrase_of("Mo Member"))
    kept = identity.sign_in(db, "Mo Member", passphrase_of("Mo Member"))
    assert (kept.identity.name, kept.identity.role, kept.how) == ("Mo Member", Role.MEMBER, identity.PASSPHRASE)
    assert identity.unlock(db, passphrase_of("Mo Member")) and not identity.unlock(db, "guess")


def test_a_claimed_identity_is_refused_whatever_role_it_claims(db):
    claimed = Identity("Mallory", Role.SECRETARIAT)
    with pytest.raises(NotAllowed, match="has not signed in on this copy"):
        claimed.require(Permission.EDIT_READINGS)
    with pytest.raises(NotAllowed, match="has not signed in"):
        identity.add_member(db, claimed, "Mallory's friend", Role.SECRETARIAT, "a long passphrase")
    assert "Mallory's friend" not in {m.name for m in identity.members(db)}


def test_only_the_secretariat_keeps_the_member_list(db):
    mo = person(db, "Mo Member", Role.MEMBER)
    with pytest.raises(NotAllowed, match="Only the secretariat can add members"):
        identity.add_member(db, mo, "Mo's friend", Role.CHAIR, "a long passphrase")
    with pytest.raises(NotAllowed):
        identity.set_role(db, mo, "Mo Member", Role.SECRETARIAT)
    identity.set_passphrase(db, mo, "Mo Member", "Mo's own new passphrase")  # one's own: allowed
    assert identity.verify(db, "Mo Member", "Mo's own new passphrase").name == "Mo Member"
    with pytest.raises(NotAllowed):
        identity.set_passphrase(db, mo, SETTER, "taking over the secretariat")


def test_the_copy_acts_in_the_role_the_board_gives_now_and_not_at_all_once_withdrawn(db):
    person(db, "Mo Member", Role.MEMBER)
    identity.sign_in(db, "Mo Member", passphrase_of("Mo Member"))
    boss = identity.verify(db, SETTER, passphrase_of(SETTER))
    identity.set_role(db, boss, "Mo Member", Role.CHAIR)
    assert identity.acting(db).role is Role.CHAIR
    identity.withdraw(db, boss, "Mo Member")
    with pytest.raises(NoIdentity):
        identity.acting(db)
    with pytest.raises(SignInRefused):
        identity.sign_in(db, "Mo Member", passphrase_of("Mo Member"))
    assert "Mo Member" not in {m.name for m in identity.members(db)}


def test_no_passphrase_hash_reaches_the_audit_log_or_the_outbox(db):
    person(db, "Mo Member", Role.MEMBER)
    with db.sessions() as session:
        logged = " ".join(session.scalars(select(AuditEntry.changes)))
        queued = [json.loads(p) for p in session.scalars(select(OutboxEntry.payload))]
    assert "scrypt$" not in logged and "(secret: not recorded)" in logged
    assert all("passphrase_hash" not in p and "scrypt$" not in json.dumps(p) for p in queued)


def test_a_copy_signed_in_through_the_server_asks_for_the_login_again_after_30_days(db):
    member = identity.members(db)[0]
    identity.from_server(db, name=member.name, role=member.role, member_uuid=member.uuid, login="bt_x",
                         where="127.0.0.1:5432/board", password="the server password")
    assert not identity.server_login_due(db)
    identity.record_server_contact(db, datetime.now(UTC) - timedelta(days=31))
    assert identity.server_login_due(db)
    assert identity.server_login_due(db, days=40) is False
    assert identity.unlock(db, "the server password")
