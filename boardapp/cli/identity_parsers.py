"""The arguments of ``boardapp whoami``, ``sign-in`` and ``members`` (what they do is in
identity_commands.py, imported only when one of them runs).

    boardapp whoami [--db PATH]
    boardapp sign-in NAME [--first-user] [--db PATH]
    boardapp members [--db PATH]
    boardapp members add NAME --role ROLE [--as NAME] [--db PATH]
    boardapp members role NAME ROLE [--as NAME] [--db PATH]
    boardapp members passphrase NAME [--as NAME] [--db PATH]
    boardapp members key NAME SIGNING_HEX [RECEIVING_HEX] [--as NAME] [--db PATH]
    boardapp members withdraw NAME [--as NAME] [--db PATH]

A passphrase is never an argument (it would be left in the shell's history): a member's
own comes from ``BOARDAPP_PASSPHRASE`` or is asked on the terminal; a new one from
``BOARDAPP_NEW_PASSPHRASE`` (``sign-in --first-user``: ``BOARDAPP_PASSPHRASE``) or is
asked twice.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from boardapp.cli.as_option import add_as_option

ROLES = ("secretariat", "chair", "member", "observer")  # the values of domain.terms.Role


def add_parsers(commands: Any) -> None:
    whoami = commands.add_parser(
        "whoami", help="who is signed in on this copy, how that was established, and this copy's public keys")
    _db(whoami)

    sign_in = commands.add_parser(
        "sign-in", help="make this copy a member's, with their passphrase (a new board: its first user, --first-user)")
    sign_in.add_argument("name", metavar="NAME", help="the member's name, as `boardapp members` lists it")
    sign_in.add_argument("--first-user", action="store_true",
                         help="on a new board: become its secretariat, choosing a passphrase (asked twice)")
    _db(sign_in)

    members = commands.add_parser(
        "members", help="list the board's members; the secretariat adds them and sets roles, passphrases and keys")
    _db(members)
    actions = members.add_subparsers(dest="members_action", metavar="ACTION")
    add = actions.add_parser("add", help="add a member (a passphrase from BOARDAPP_NEW_PASSPHRASE, or asked twice)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=ROLES, required=True, help="their role on the board")
    role = actions.add_parser("role", help="set a member's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=ROLES, metavar="ROLE", help=" / ".join(ROLES))
    passphrase = actions.add_parser(
        "passphrase", help="set a member's passphrase (your own, or anyone's as the secretariat)")
    passphrase.add_argument("name", metavar="NAME")
    key = actions.add_parser("key", help="register a member's public keys, as their `boardapp whoami` shows them")
    key.add_argument("name", metavar="NAME")
    key.add_argument("signing", metavar="SIGNING_HEX", help="their copy's public signing key (64 hex characters)")
    key.add_argument("receiving", metavar="RECEIVING_HEX", nargs="?", default="",
                     help="their copy's public receiving key (64 hex characters)")
    withdraw = actions.add_parser("withdraw", help="withdraw a member: they can no longer sign in")
    withdraw.add_argument("name", metavar="NAME")
    for action in (add, role, passphrase, key, withdraw):
        add_as_option(action)
        # SUPPRESS: `members --db X add …` keeps the X given before the action.
        _db(action, default=argparse.SUPPRESS)


def _db(parser: Any, default: Any = None) -> None:
    parser.add_argument("--db", type=Path, dest="command_db", default=default, help="the database file")
