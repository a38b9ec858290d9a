"""People for tests, signed in the way the app signs them in (store/identity.py).

:func:`person` gives an *established* identity of ``name`` in ``role`` on a database:
it makes the board's first user (a secretariat) when the board is new, adds ``name``
as a member with a passphrase through the secretariat's own service, and verifies that
passphrase, exactly as ``--as NAME`` does. Nothing is forged: an identity a test makes
with ``Identity(name, role)`` is refused by every service that changes or exports data.
"""

from __future__ import annotations

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.connection import Database

# The first user of every test board, and everyone's passphrase (their name, twice).
SETTER = "Test Secretariat"


def passphrase_of(name: str) -> str:
    return f"{name} / {name}"


def setter(database: Database) -> Identity:
    """The board's first user (its secretariat), made on a new board."""
    if identity.is_new_board(database):
        return identity.first_user(database, SETTER, passphrase_of(SETTER)).identity
    return identity.verify(database, SETTER, passphrase_of(SETTER))


def person(database: Database, name: str, role: Role) -> Identity:
    """``name`` in ``role``, a member with a passphrase, verified as ``--as`` does."""
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
    return identity.verify(database, name, passphrase_of(name))


def sign_in(database: Database, name: str, role: Role) -> Identity:
    """``name`` in ``role`` as this copy's own user (what the window and the command line act as)."""
    person(database, name, role)
    return identity.sign_in(database, name, passphrase_of(name)).identity
