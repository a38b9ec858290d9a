"""People for tests, signed in the way the app signs them in (store/identity.py).

:func:`person` gives an *established* identity of ``name`` in ``role`` on a database:
it makes the board's first user (a secretariat) when the board is new, adds ``name``
as a member with a passphrase through the secretariat's own service, and verifies that
passphrase, exactly as ``--as NAME`` does. Nothing is forged: an identity a test makes
with ``Identity(name, role)`` is refused by every service that changes or exports data.

A passphrase check costs a slow hash (scrypt, some 65 ms), so what is made is kept: by
(database file, name, role) while the member's row there is unchanged, and by the
member's stored hash, so that copies of one prepared database (each test's copy of the
demo) verify each person once per test session. A kept answer is the one
``identity.verify`` gave for that same stored hash, name and role.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

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
        return identity.first_user(database, SETTER, passphrase_of(SETTER)).identity
    return person(database, SETTER, Role.SECRETARIAT)


# (name, role, stored passphrase hash) -> the identity identity.verify gave for it.
_VERIFIED: dict[tuple[str, Role, str], Identity] = {}


def _row(database: Database, name: str) -> tuple[Role, str, bool] | None:
    with database.engine.connect() as connection:
        row = connection.execute(
            select(Member.role, Member.passphrase_hash, Member.withdrawn).where(Member.name == name)
        ).first()
    return None if row is None else (Role(row.role), row.passphrase_hash or "", bool(row.withdrawn))


def person(database: Database, name: str, role: Role) -> Identity:
    """``name`` in ``role``, a member with a passphrase, verified as ``--as`` does."""
    found = _row(database, name)
    if found is not None and found[0] is role and found[1] and not found[2]:
        key = (name, role, found[1])
        if key not in _VERIFIED:
            _VERIFIED[key] = identity.verify(database, name, passphrase_of(name))
        return _VERIFIED[key]
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
    """:func:`person` on the database file at ``path`` (opened for the moment)."""
    with open_database(path) as database:
        return person(database, name, role)


def sign_in_at(path: Path, name: str, role: Role) -> Identity:
    """:func:`sign_in` on the database file at ``path``: the command line then acts as them."""
    with open_database(path) as database:
        return sign_in(database, name, role)


def sign_in(database: Database, name: str, role: Role) -> Identity:
    """``name`` in ``role`` as this copy's own user (what the window and the command line act as)."""
    person(database, name, role)
    return identity.sign_in(database, name, passphrase_of(name)).identity
