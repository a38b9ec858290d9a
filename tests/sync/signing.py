"""Helpers for signed change files: laptops signed in as the app signs people in
(tests/people.py), a copy that takes its identity from the board server's login as sync
does, and the secretariat registering a laptop's keys."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role
from boardapp.store import identity, outbox
from boardapp.store.connection import open_database
from boardapp.store.models import Member
from boardapp.store.sync.service import sync_now, sync_status
from tests import people


def offline_laptop(tmp_path: Path, demo_file: Path, name: str, role: Role, file: str = "offline") -> tuple[Path, Identity]:
    """A copy of the demo that never connects, signed in as ``name`` (a member with a passphrase).

    The member rows and keys the sign-in wrote (tests/people.py makes the board's first
    user and ``name`` through the secretariat's services) are the test's setup, not a
    change of this laptop's: its outbox is emptied after, as a fresh copy's is."""
    path = tmp_path / f"{file}.sqlite"
    path.write_bytes(demo_file.read_bytes())
    with open_database(path) as database:
        who = people.sign_in(database, name, role)
        with database.engine.begin() as connection:
            outbox.discard_all(connection)
    return path, who


def keys_of(path: Path) -> tuple[str, str]:
    """A copy's public signing and receiving keys (hex), as `boardapp whoami` shows them."""
    with open_database(path, read_only=True) as database:
        found = identity.laptop_identity(database)
    assert found is not None
    return found.public_key, found.receiving_key


def server_copy(tmp_path: Path, file: str, url: str, name: str) -> Identity:
    """A copy synced from the board server with ``name``'s login, which keeps that
    identity as sync does (identity.from_server); a secretariat's copy syncs once more to
    send the keys it registered on its member row, so its outbox starts empty."""
    path = tmp_path / f"{file}.sqlite"
    with open_database(path, create=True) as database:
        sync_now(database, url, None)
    kept = keep_server_identity(path, url, name)
    with open_database(path) as database:
        if sync_status(database).pending_changes:
            sync_now(database, url, None)
    return kept


def keep_server_identity(path: Path, url: str, name: str) -> Identity:
    """What sync does once the server has accepted ``name``'s login: the copy keeps it."""
    with open_database(path) as database:
        with database.sessions() as session:
            member = session.scalars(select(Member).where(Member.name == name)).one()
            role, member_uuid, login = member.role, member.uuid, member.login or ""
        return identity.from_server(
            database, name=name, role=role, member_uuid=member_uuid, login=login, where=url, password="server password"
        ).identity


def register(path: Path, name: str, laptop: Path, *, role: Role | None = None) -> None:
    """The secretariat of the copy at ``path`` registers ``laptop``'s keys for ``name``
    (adding ``name`` in ``role`` first if the board does not have them)."""
    with open_database(path) as database:
        who = identity.acting(database)
        if role is not None and name not in {m.name for m in identity.members(database, include_withdrawn=True)}:
            identity.add_member(database, who, name, role)
        identity.register_keys(database, who, name, *keys_of(laptop))


def acting(path: Path) -> Identity:
    with open_database(path, read_only=True) as database:
        return identity.acting(database)
