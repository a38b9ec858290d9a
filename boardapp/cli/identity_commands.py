"""``boardapp whoami``, ``sign-in`` and ``members``: who this copy acts as, and the
secretariat's member list (arguments: identity_parsers.py).

Every rule is the store's (boardapp/store/identity.py): these commands only read
passphrases (never from an argument) and print. A refusal (a wrong passphrase, a role
that may not edit members, a weak passphrase) is printed in the store's words with
exit 2, and nothing is changed.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from collections.abc import Callable
from datetime import datetime

from boardapp.cli.acting import acting_identity, new_passphrase, passphrase
from boardapp.cli.as_option import PASSPHRASE_VARIABLE
from boardapp.cli.database_commands import database_path
from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.domain.passphrases import WeakPassphrase
from boardapp.domain.permissions import NotAllowed, Permission
from boardapp.domain.terms import Role
from boardapp.store import identity
from boardapp.store.connection import Database, open_database


def run_whoami(args: Namespace) -> int:
    with open_database(database_path(args), read_only=True) as database:
        established = identity.laptop_identity(database)
        new_board = established is None and identity.is_new_board(database)
    if established is None:
        print("no one has signed in on this copy"
              + ("; this is a new board: `boardapp sign-in NAME --first-user` makes you its secretariat" if new_board
                 else "; `boardapp sign-in NAME` with your passphrase, or `boardapp sync --url …` with the board "
                      "server's login"))
        return EXIT_DONE
    who = established.identity
    lines = [
        f"Name: {who.name}",
        f"Role: {who.role.value}",
        f"Established by: {established.how_words} ({established.detail}), {_when(established.established_at)}",
        f"Server login: {established.server_login or 'none (this copy has not signed in with a board server)'}",
        f"Last contact with the board server: "
        f"{_when(established.last_server_contact) if established.last_server_contact else 'never'}",
        f"Public signing key: {established.public_key}",
        f"Public receiving key: {established.receiving_key}",
        "(the secretariat registers these two keys: "
        f"`boardapp members key \"{who.name}\" SIGNING_HEX RECEIVING_HEX`)",
    ]
    print("\n".join(lines))
    return EXIT_DONE


def run_sign_in(args: Namespace) -> int:
    with open_database(database_path(args)) as database:
        try:
            if args.first_user:
                if not identity.is_new_board(database):
                    # Before asking for a passphrase that would not be used.
                    raise identity.SignInRefused(
                        "this board is already set up: sign in as one of its members with your passphrase, "
                        "or ask its secretariat to add you")
                secret = new_passphrase(args.name.strip(), variable=PASSPHRASE_VARIABLE)
                established = identity.first_user(database, args.name, secret)
            else:
                established = identity.sign_in(database, args.name, passphrase(f"{args.name.strip()}'s passphrase: "))
        except WeakPassphrase as exc:
            return _refused(str(exc))
    who = established.identity
    print(f"signed in on this copy as {who.label}: {established.how_words}")
    return EXIT_DONE


def run_members(args: Namespace) -> int:
    action = getattr(args, "members_action", None)
    if action is None:
        return _list(args)
    with open_database(database_path(args)) as database:
        try:
            return _ACTIONS[action](database, args)
        except (NotAllowed, WeakPassphrase) as exc:
            return _refused(str(exc))


def _list(args: Namespace) -> int:
    with open_database(database_path(args), read_only=True) as database:
        rows = identity.members(database, include_withdrawn=True)
    if not rows:
        print("This board has no members yet.")
        return EXIT_DONE
    header = ("Name", "Role", "Passphrase", "Server login", "Key registered", "Withdrawn")
    table = [header] + [
        (m.name, m.role.value, "yes" if m.has_passphrase else "no", m.login or "-",
         "yes" if m.public_key else "no", "withdrawn" if m.withdrawn else "-")
        for m in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return EXIT_DONE


def _add(database: Database, args: Namespace) -> int:
    who = acting_identity(database, args)
    # Refused before a passphrase is asked for, in the store's words, if who may not.
    who.require(Permission.EDIT_MEMBERS)
    secret = new_passphrase(args.name.strip(), required=False)
    row = identity.add_member(database, who, args.name, Role(args.role), secret)
    print(f"added {row.name} to the board as {row.role.value}"
          + ("" if row.has_passphrase else "; no passphrase yet: set one with `boardapp members passphrase`"))
    return EXIT_DONE


def _role(database: Database, args: Namespace) -> int:
    who = acting_identity(database, args)
    identity.set_role(database, who, args.name, Role(args.role))
    print(f"{args.name.strip()} is now {Role(args.role).value}")
    return EXIT_DONE


def _passphrase(database: Database, args: Namespace) -> int:
    who = acting_identity(database, args)
    if args.name.strip() != who.name:
        who.require(Permission.EDIT_MEMBERS)
    identity.set_passphrase(database, who, args.name, new_passphrase(args.name.strip()))
    print(f"set a new passphrase for {args.name.strip()}")
    return EXIT_DONE


def _key(database: Database, args: Namespace) -> int:
    who = acting_identity(database, args)
    identity.register_keys(database, who, args.name, args.signing, args.receiving)
    print(f"registered {args.name.strip()}'s public key{'s' if args.receiving else ''}: change files they sign "
          "are accepted as theirs")
    return EXIT_DONE


def _withdraw(database: Database, args: Namespace) -> int:
    who = acting_identity(database, args)
    identity.withdraw(database, who, args.name)
    print(f"withdrew {args.name.strip()}: they can no longer sign in on this board")
    return EXIT_DONE


_ACTIONS: dict[str, Callable[[Database, Namespace], int]] = {
    "add": _add, "role": _role, "passphrase": _passphrase, "key": _key, "withdraw": _withdraw,
}


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y, %H:%M %Z}".strip()


def _refused(message: str) -> int:
    print(f"boardapp: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


COMMANDS = {"whoami": run_whoami, "sign-in": run_sign_in, "members": run_members}
