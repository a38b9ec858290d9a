"""Who uses this copy, and how that is known: never from a dialog alone.

A copy learns its user in one of three ways, kept in ``laptop_identity``:

- **server**: the board server's login used to sync says whose it is (the server's
  member list gives the name and role; :func:`from_server`);
- **passphrase**: a board without a server keeps its members and their passphrase
  hashes in the database (set by its secretariat); taking a member's identity needs
  that member's passphrase (:func:`sign_in`);
- **first user**: a new board (no member has a passphrase or a login yet) is set up by
  its first user, who becomes its secretariat (:func:`first_user`).

Only identities that come from here are *established* (``Identity.how``); every
service that changes or exports data refuses any other (domain/permissions.py). The
command line acts as the copy's identity (:func:`acting`), or as another member with
that member's passphrase (:func:`verify`, for ``--as``).

Each established copy also gets its own key pairs: Ed25519 to sign change files and
X25519 to receive sealed exports; the secretariat registers their public halves on the
member (:func:`register_keys`), and a secretariat's own are registered as it signs in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import Connection, Row, delete, select, update
from sqlalchemy.orm import Session

from boardapp.domain import passphrases
from boardapp.domain.permissions import Identity, NotAllowed, Permission
from boardapp.domain.terms import Role
from boardapp.store.connection import Database
from boardapp.store.errors import StoreError
from boardapp.store.models import LaptopIdentity, Member

SERVER = "server"
PASSPHRASE = "passphrase"
FIRST_USER = "first user"
# --as NAME with NAME's passphrase: for one command, not kept.
VERIFIED = "verified passphrase"

HOW_WORDS = {
    SERVER: "the board server's login",
    PASSPHRASE: "your passphrase",
    FIRST_USER: "you set up this board as its first user",
    VERIFIED: "the member's passphrase, for this command only",
}

# A copy that has not reached its board server for this long asks for the server login
# again before it shows data (issue 13, item 4); the window's setting may shorten it.
DEFAULT_SERVER_DAYS = 30


class NoIdentity(StoreError):
    """No one is established on this copy yet; ``str()`` says how to sign in."""


class SignInRefused(StoreError):
    """A sign-in the rules do not allow (wrong passphrase, unknown or withdrawn member,
    not a new board); ``str()`` says why, without saying which of name or passphrase
    was wrong where that would help a guesser."""


@dataclass(frozen=True)
class Established:
    """This copy's user, as kept: the identity, how and when it was established."""

    identity: Identity
    member_uuid: uuid.UUID
    how: str
    detail: str
    established_at: datetime
    server_login: str
    last_server_contact: datetime | None
    # This copy's private keys (hex): their public halves are worked out when asked for,
    # not on every read of who the copy is (the window asks after every change).
    signing_private: str = field(default="", repr=False)
    receiving_private: str = field(default="", repr=False)

    @property
    def public_key(self) -> str:
        return _public(Ed25519PrivateKey, self.signing_private)

    @property
    def receiving_key(self) -> str:
        return _public(X25519PrivateKey, self.receiving_private)

    @property
    def how_words(self) -> str:
        return HOW_WORDS.get(self.how, self.how)


@dataclass(frozen=True)
class MemberRow:
    """A member as a sign-in list shows them."""

    uuid: uuid.UUID
    name: str
    role: Role
    has_passphrase: bool
    login: str
    public_key: str
    withdrawn: bool


# --- Reading -----------------------------------------------------------------------------


def laptop_identity(database: Database) -> Established | None:
    """The copy's established user, or None on a copy no one has signed in on."""
    with database.engine.connect() as connection:
        return _established(connection)


def _established(connection: Connection) -> Established | None:
    row = connection.execute(select(LaptopIdentity.__table__).where(LaptopIdentity.__table__.c.id == 1)).first()
    if row is None:
        return None
    members = Member.__table__
    member = connection.execute(
        select(members.c.role, members.c.withdrawn).where(members.c.uuid == row.member_uuid)
    ).first()
    if member is not None and member.withdrawn:
        return None  # withdrawn since: no longer anyone this copy may act as
    # The role the board gives the member now (the secretariat may have changed it since).
    role = Role(member.role) if member is not None else Role(row.role)
    return Established(
        identity=Identity(row.name, role, row.how),
        member_uuid=row.member_uuid,
        how=row.how,
        detail=row.detail,
        established_at=_utc(row.established_at),
        server_login=row.server_login,
        last_server_contact=None if row.last_server_contact is None else _utc(row.last_server_contact),
        signing_private=row.signing_key,
        receiving_private=row.receiving_key,
    )


def acting(database: Database) -> Identity:
    """The identity this copy acts as (the command line's, and the window's); raises
    :class:`NoIdentity`, saying how to sign in, on a copy with none."""
    return _kept(database).identity


def _kept(database: Database) -> Established:
    established = laptop_identity(database)
    if established is None:
        raise NoIdentity(
            f"{database.path}: no one has signed in on this copy yet. Open it in the window, or run "
            "`boardapp sign-in NAME` (a member's passphrase) or `boardapp sync --url …` (the board server's login)"
            + ("; on a new board, `boardapp sign-in NAME --first-user` makes you its secretariat."
               if is_new_board(database) else ".")
        )
    return established


def members(database: Database, *, include_withdrawn: bool = False) -> list[MemberRow]:
    """The board's members, by name: whom a sign-in on this copy may offer."""
    table = Member.__table__
    with database.engine.connect() as connection:
        rows = connection.execute(select(table).order_by(table.c.name)).all()
    return [_row(r) for r in rows if include_withdrawn or not r.withdrawn]


def is_new_board(database: Database) -> bool:
    """No one is established here and no member has a passphrase or a server login:
    the board is being set up, and its first user becomes its secretariat."""
    if laptop_identity(database) is not None:
        return False
    return not any(m.has_passphrase or m.login for m in members(database, include_withdrawn=True))


def signing_key(database: Database) -> Ed25519PrivateKey:
    """This copy's private signing key (for change files); NoIdentity on a copy with none."""
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(_kept(database).signing_private))


def receiving_key(database: Database) -> X25519PrivateKey:
    """This copy's private key for opening exports sealed to it; NoIdentity on a copy with none."""
    return X25519PrivateKey.from_private_bytes(bytes.fromhex(_kept(database).receiving_private))


def server_login_due(database: Database, days: int = DEFAULT_SERVER_DAYS, now: datetime | None = None) -> bool:
    """True when a copy whose identity came from the board server has not reached it for
    ``days``: it must log in to the server again before it shows data."""
    established = laptop_identity(database)
    if established is None or established.how != SERVER:
        return False
    last = established.last_server_contact or established.established_at
    return (now or datetime.now(UTC)) - last > timedelta(days=days)


# --- Establishing --------------------------------------------------------------------------


def first_user(database: Database, name: str, passphrase: str) -> Established:
    """Make ``name`` the new board's secretariat and this copy's user. Refused unless
    :func:`is_new_board`. An existing member of that name (the demo's secretariat, say)
    is taken; otherwise one is added."""
    if not is_new_board(database):
        raise SignInRefused(
            "this board is already set up: sign in as one of its members with your passphrase, "
            "or ask its secretariat to add you"
        )
    passphrases.check_strength(passphrase)
    name = _clean(name)
    stored = passphrases.hash_passphrase(passphrase)
    with database.session(actor=name) as session:
        member = session.scalars(select(Member).where(Member.name == name)).first()
        if member is None:
            member = Member(name=name, role=Role.SECRETARIAT, source="first user of this board")
            session.add(member)
        member.role = Role.SECRETARIAT
        member.passphrase_hash = stored
        session.flush()
        return _keep(session, member, FIRST_USER, "the first user of this board", unlock_hash=stored)


def sign_in(database: Database, name: str, passphrase: str) -> Established:
    """Take the identity of the member ``name`` on this copy, with their passphrase."""
    _verified_member(database, name, passphrase)
    with database.session(actor=name) as session:
        member = session.scalars(select(Member).where(Member.name == name.strip())).one()
        return _keep(session, member, PASSPHRASE, f"signed in with {member.name}'s passphrase",
                     unlock_hash=member.passphrase_hash)


def verify(database: Database, name: str, passphrase: str) -> Identity:
    """The identity of ``name`` for one command (``--as``), with their passphrase; the
    copy's own user is unchanged."""
    member = _verified_member(database, name, passphrase)
    return Identity(member.name, member.role, VERIFIED)


def from_server(
    database: Database, *, name: str, role: Role, member_uuid: uuid.UUID, login: str, where: str, password: str
) -> Established:
    """Keep what the board server said of its login: this copy is ``name``'s, in ``role``.
    Called by sync once the server has accepted the login. The password's slow hash
    unlocks the window later; the password itself is not kept."""
    with database.session(actor=name) as session:
        member = session.scalars(select(Member).where(Member.uuid == member_uuid)).first()
        if member is None:  # the member list has not come down yet
            member = session.scalars(select(Member).where(Member.name == name)).first()
        if member is None:
            member = Member(uuid=member_uuid, name=name, role=role, login=login, source="board server")
            session.add(member)
            session.flush()
        member.role = role
        return _keep(session, member, SERVER, f"login {login} on {where}", unlock_hash=passphrases.hash_passphrase(password),
                     server_login=login, contact=datetime.now(UTC))


def record_server_contact(database: Database, when: datetime | None = None) -> None:
    with database.engine.begin() as connection:
        connection.execute(
            update(LaptopIdentity.__table__).values(last_server_contact=when or datetime.now(UTC))
        )


def unlock(database: Database, secret: str) -> bool:
    """True when ``secret`` is the one that established this copy's user (the passphrase,
    or the server password): what the locked window asks for."""
    with database.engine.connect() as connection:
        stored = connection.execute(select(LaptopIdentity.__table__.c.unlock_hash)).scalar()
    return bool(stored) and passphrases.matches(secret, stored)


def forget(connection: Connection) -> None:
    """No one is signed in on this copy any more (its data is being removed)."""
    connection.execute(delete(LaptopIdentity.__table__))


# --- The secretariat's member list ---------------------------------------------------------


def add_member(database: Database, who: Identity, name: str, role: Role, passphrase: str = "") -> MemberRow:
    """Add ``name`` to the board in ``role`` (the secretariat only), with a passphrase to
    sign in with on a board without a server (it can be set later)."""
    who.require(Permission.EDIT_MEMBERS)
    name = _clean(name)
    if passphrase:
        passphrases.check_strength(passphrase)
    with database.session(actor=who.name) as session:
        if session.scalars(select(Member).where(Member.name == name)).first() is not None:
            raise StoreError(f"{name} is already a member of this board")
        member = Member(name=name, role=role, source=f"added by {who.name}",
                        passphrase_hash=passphrases.hash_passphrase(passphrase) if passphrase else "")
        session.add(member)
        session.flush()
        return _row(member)


def set_role(database: Database, who: Identity, name: str, role: Role) -> None:
    who.require(Permission.EDIT_MEMBERS)
    with database.session(actor=who.name) as session:
        _member(session, name).role = role


def withdraw(database: Database, who: Identity, name: str) -> None:
    """``name`` is no longer a member: they cannot sign in here, and a copy signed in as
    them is emptied at its next contact with the board server."""
    who.require(Permission.EDIT_MEMBERS)
    if name.strip() == who.name:
        raise NotAllowed("you cannot withdraw yourself; another secretariat member can")
    with database.session(actor=who.name) as session:
        member = _member(session, name)
        member.withdrawn = True
        member.passphrase_hash = ""


def set_passphrase(database: Database, who: Identity, name: str, passphrase: str) -> None:
    """Set ``name``'s passphrase: a member sets their own, the secretariat anyone's."""
    if name.strip() != who.name or not who.established:
        who.require(Permission.EDIT_MEMBERS)  # another's, or a claim: refused saying how to sign in
    passphrases.check_strength(passphrase)
    stored = passphrases.hash_passphrase(passphrase)
    with database.session(actor=who.name) as session:
        _member(session, name).passphrase_hash = stored
        if name.strip() == who.name:
            session.execute(update(LaptopIdentity).values(unlock_hash=stored))


def register_keys(database: Database, who: Identity, name: str, public_key: str, receiving_key: str = "") -> None:
    """Register the public halves of ``name``'s laptop keys (hex, as `boardapp whoami`
    shows them): change files signed with it are then accepted as theirs."""
    who.require(Permission.EDIT_MEMBERS)
    public_key, receiving_key = _hex_key(public_key, "signing"), _hex_key(receiving_key, "receiving", optional=True)
    with database.session(actor=who.name) as session:
        member = _member(session, name)
        member.public_key = public_key
        if receiving_key:
            member.receiving_key = receiving_key


# --- Inside ----------------------------------------------------------------------------------


def _verified_member(database: Database, name: str, passphrase: str) -> Member:
    refused = SignInRefused(f"{name.strip() or 'that name'}: no member of this board has that name and passphrase")
    with database.sessions() as session:
        member = session.scalars(select(Member).where(Member.name == name.strip())).first()
        if member is None or member.withdrawn:
            passphrases.matches(passphrase, passphrases.hash_passphrase("a passphrase nobody has"))  # same time
            raise refused
        if not member.passphrase_hash:
            raise SignInRefused(
                f"{member.name} has no passphrase on this board yet: the secretariat sets one"
                + (", or sign in with the board server's login (sync)" if member.login else "")
            )
        if not passphrases.matches(passphrase, member.passphrase_hash):
            raise refused
        session.expunge(member)
        return member


def _keep(session: Session, member: Member, how: str, detail: str, *, unlock_hash: str,
          server_login: str = "", contact: datetime | None = None) -> Established:
    """Write ``laptop_identity`` for ``member`` (new keys when the member changes)."""
    table = LaptopIdentity.__table__
    before = session.execute(select(table)).first()
    if before is not None and before.member_uuid == member.uuid:
        signing, receiving = before.signing_key, before.receiving_key
    else:
        signing, receiving = _new_private(Ed25519PrivateKey), _new_private(X25519PrivateKey)
    session.execute(delete(table))
    session.execute(
        table.insert().values(
            id=1, member_uuid=member.uuid, name=member.name, role=member.role, how=how, detail=detail,
            established_at=datetime.now(UTC), server_login=server_login,
            last_server_contact=contact,
            unlock_hash=unlock_hash, signing_key=signing, receiving_key=receiving,
        )
    )
    if member.role == Role.SECRETARIAT:
        # A secretariat registers its own keys (they go up at its next sync, so a withdrawn
        # member's laptop can seal its unsent notes to them); a member's are registered by
        # the secretariat.
        member.public_key = _public(Ed25519PrivateKey, signing)
        member.receiving_key = _public(X25519PrivateKey, receiving)
    session.flush()
    found = _established(session.connection())
    assert found is not None
    return found


def _member(session: Session, name: str) -> Member:
    member = session.scalars(select(Member).where(Member.name == name.strip())).first()
    if member is None:
        raise StoreError(f"{name.strip()}: no member of this board has that name")
    return member


def _row(member: Member | Row[Any]) -> MemberRow:
    """A member, from the ORM or a row of the member table."""
    return MemberRow(member.uuid, member.name, Role(member.role), bool(member.passphrase_hash), member.login or "",
                     member.public_key, member.withdrawn)


def _clean(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SignInRefused("a name is needed")
    if len(name) > 120:
        raise SignInRefused("a name can be at most 120 characters")
    return name


def _hex_key(text: str, kind: str, *, optional: bool = False) -> str:
    text = text.strip().lower()
    if optional and not text:
        return ""
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise StoreError(f"a {kind} key is 64 hexadecimal characters, as `boardapp whoami` shows it")
    return text


def _new_private(kind: type[Ed25519PrivateKey] | type[X25519PrivateKey]) -> str:
    return kind.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()


def _public(kind: type[Ed25519PrivateKey] | type[X25519PrivateKey], private_hex: str) -> str:
    if not private_hex:
        return ""
    key = kind.from_private_bytes(bytes.fromhex(private_hex))
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
