"""A board without a server, as the tests of signed change files need it: the
secretariat's copy (its first user), its members, and a member's laptop that got the
board from the secretariat's publication and signed in with the member's passphrase."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from boardapp.domain.terms import Role
from boardapp.exchange.change_files import export_changes, import_changes
from boardapp.store import identity
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.models import Action
from tests import people
from tests.sync.signing import acting, keys_of, offline_laptop, register

MEMBERS = {"Mo Member": Role.MEMBER, "Olu Observer": Role.OBSERVER, "Pat Clerk": Role.SECRETARIAT}
CHAIR = "Bill McCarthy"  # the demo board's chair


@dataclass
class OfflineBoard:
    tmp: Path
    secretariat: Path  # the secretariat's copy (its first user, people.SETTER)
    publication: Path

    def republish(self) -> None:
        """The secretariat publishes the board again (with the keys registered since)."""
        with open_database(self.secretariat, read_only=True) as database:
            export_changes(database, self.publication, publication=True)

    def laptop(self, name: str, *, registered: bool = True) -> Path:
        """``name``'s laptop: a new copy, the board from the publication, signed in with
        their passphrase; its key registered by the secretariat unless ``registered`` is False."""
        path = self.tmp / f"{name.split()[0].lower()}.sqlite"
        create_database(path, synthetic_size="typical")
        import_changes(self.publication, path, None, trust_key=keys_of(self.secretariat)[0])
        with open_database(path) as database:
            identity.sign_in(database, name, people.passphrase_of(name))
        if registered:
            register(self.secretariat, name, path)
        return path


def offline_board(tmp_path: Path, demo_file: Path) -> OfflineBoard:
    secretariat, _ = offline_laptop(tmp_path, demo_file, people.SETTER, Role.SECRETARIAT, "secretariat")
    with open_database(secretariat) as database:
        for name, role in MEMBERS.items():
            people.person(database, name, role)
        boss = identity.acting(database)
        identity.set_passphrase(database, boss, CHAIR, people.passphrase_of(CHAIR))
        export_changes(database, tmp_path / "board.publication", publication=True)
    return OfflineBoard(tmp_path, secretariat, tmp_path / "board.publication")


def first_action(path: Path) -> uuid.UUID:
    with open_database(path, read_only=True) as database, database.sessions() as session:
        return session.scalars(select(Action.uuid).order_by(Action.ref)).first()  # type: ignore[return-value]


__all__ = ["CHAIR", "OfflineBoard", "acting", "first_action", "offline_board"]
