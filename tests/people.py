"""People for tests, signed in the way the app signs them in (store/identity.py).

:func:`person` gives an *established* identity of ``name`` in ``role`` on a database:
it makes the board's first user (a secretariat) when the board is new, adds ``name``
as a member with a passphrase through the secretariat's own service, and verifies that
passphrase, exactly as ``--as NAME`` does. Nothing is forged: an identity a test makes
with ``Identity(name, role)`` is refused by every service that changes or exports data.

A passphrase check costs a slow hash (scrypt, 65-150 ms), so what is made is kept:
each test passphrase is hashed once per test session (the store's services store that
same real scrypt hash, salt and all, on every test database), and an identity verified
once is kept by (name, role, the member's stored hash), the three things
``identity.verify``'s answer depends on. A test's fresh copy of the demo then costs no
slow hash at all, and a member whose row changed is verified again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

from sqlalchemy import select

from boardapp.domain import passphrases
from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.connection import Database, open_database
from boardapp.store.models import Member

# The first user of every test board, and everyone's passphrase (their name, twice).
SETTER = "Test Secretariat"


def passphrase_of(name: str) -> str:
    return f"{name} / {name}"


def setter(database: Database) -> Identity:
    """The board's first user (its secretariat), made on a new board."""
    if identity.is_new_board(database):
        with _hashing_once():
            identity.first_user(database, SETTER, passphrase_of(SETTER))
    elif _row(database, SETTER) is None:
        raise RuntimeError(f"{database.path}: this board was set up without the test secretariat ({SETTER}); "
                           "make its people with the store's services directly")
    return person(database, SETTER, Role.SECRETARIAT)


# (name, role, stored passphrase hash) -> the identity identity.verify gave for it.
_VERIFIED: dict[tuple[str, Role, str], Identity] = {}


def _row(database: Database, name: str) -> tuple[Role, str, bool] | None:
    with database.engine.connect() as connection:
        row = connection.execute(
            select(Member.role, Member.passphrase_hash, Member.withdrawn).where(Member.name == name)
        ).first()
    return None if row is None else (Role(row.role), row.passphrase_hash or "", bool(row.withdrawn))


_HASHES: dict[str, str] = {}
_real_hash = passphrases.hash_passphrase


def _kept_hash(passphrase: str, *, salt: bytes | None = None) -> str:
    if salt is not None:
        return _real_hash(passphrase, salt=salt)
    if passphrase not in _HASHES:
        _HASHES[passphrase] = _real_hash(passphrase)
    return _HASHES[passphrase]


@contextmanager
def _hashing_once() -> Iterator[None]:
    """While the store's services make test people, each passphrase is hashed once."""
    with patch.object(passphrases, "hash_passphrase", _kept_hash):
        yield


def person(database: Database, name: str, role: Role) -> Identity:
    """``name`` in ``role``, a member with a passphrase, verified as ``--as`` does."""
    found = _row(database, name)
    if found is not None and found[0] is role and found[1] and not found[2]:
        key = (name, role, found[1])
        if key not in _VERIFIED:
            _VERIFIED[key] = identity.verify(database, name, passphrase_of(name))
        return _VERIFIED[key]
    with _hashing_once():
        return _make(database, name, role)


def _make(database: Database, name: str, role: Role) -> Identity:
    boss = setter(database)
    if name == SETTER:
        return boss
    existing = {m.name: m for m in identity.members(database)}
    if name not in existing:
        identity.add_member(database, boss, name, role, passphrase_of(name))
    else:
        if existing[name].role is not role:
            identity.set_role(database, boss, name, role)
        if not existing[name].has_passphrase:
            identity.set_passphrase(database, boss, name, passphrase_of(name))
    return person(database, name, role)


def person_at(path: Path, name: str, role: Role) -> Identity:
    """:func:`person` on the database file at ``path`` (opened for the moment; read-only
    when ``name`` is already a member in ``role`` with a passphrase)."""
    with open_database(path, read_only=True) as database:
        found = _row(database, name)
        if found is not None and found[0] is role and found[1] and not found[2]:
            return person(database, name, role)
    with open_database(path) as database:
        return person(database, name, role)


def acting_at(path: Path) -> Identity:
    """The identity the copy at ``path`` acts as (its signed-in user), as the command line finds it."""
    with open_database(path, read_only=True) as database:
        return identity.acting(database)


def sign_in_at(path: Path, name: str, role: Role) -> Identity:
    """:func:`sign_in` on the database file at ``path``: the command line then acts as them."""
    with open_database(path) as database:
        return sign_in(database, name, role)


def sign_in(database: Database, name: str, role: Role) -> Identity:
    """``name`` in ``role`` as this copy's own user (what the window and the command line act as)."""
    person(database, name, role)
    return identity.sign_in(database, name, passphrase_of(name)).identity
