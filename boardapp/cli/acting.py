"""Who a command acts as, for every command that changes or exports data.

A command acts as the person signed in on this copy (``boardapp whoami``;
:func:`boardapp.store.identity.acting`), never as the operating system's user. ``--as
NAME`` acts as another member of the board for that one command, and only with that
member's passphrase: taken from ``BOARDAPP_PASSPHRASE`` (for automation) or asked on the
terminal. A wrong passphrase, an unknown or withdrawn name, or no passphrase to be had
is refused with words (exit 2; the store's errors are StoreErrors).
"""

from __future__ import annotations

import getpass
import os
import sys
from argparse import Namespace

from boardapp.cli.as_option import NEW_PASSPHRASE_VARIABLE, PASSPHRASE_VARIABLE
from boardapp.domain.passphrases import WeakPassphrase, check_strength
from boardapp.domain.permissions import Identity
from boardapp.store import identity
from boardapp.store.connection import Database


def acting_identity(database: Database, args: Namespace) -> Identity:
    """The identity the command acts as: ``--as NAME`` verified with NAME's passphrase,
    else this copy's own (``NoIdentity``, saying how to sign in, when there is none)."""
    name = (getattr(args, "actor", None) or "").strip()
    if not name:
        return identity.acting(database)
    return identity.verify(database, name, passphrase(f"{name}'s passphrase: "))


def passphrase(prompt: str) -> str:
    """A member's passphrase: ``BOARDAPP_PASSPHRASE``, else asked (not echoed) on a terminal."""
    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given is not None:
        return given
    if not _terminal():
        raise identity.SignInRefused(
            f"a passphrase is needed: set {PASSPHRASE_VARIABLE} or run the command on a terminal to be asked"
        )
    return getpass.getpass(prompt)


def new_passphrase(whose: str, *, variable: str = NEW_PASSPHRASE_VARIABLE, required: bool = True) -> str:
    """A passphrase being set: ``variable`` from the environment, else asked twice on a
    terminal. Empty when it is not ``required`` and there is no terminal to ask on."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    if not _terminal():
        if not required:
            return ""
        raise identity.SignInRefused(
            f"a new passphrase for {whose} is needed: set {variable} or run the command on a terminal to be asked"
        )
    first = getpass.getpass(f"New passphrase for {whose}: ")
    try:
        check_strength(first)
    except WeakPassphrase as exc:
        raise identity.SignInRefused(str(exc)) from None
    if getpass.getpass("The same passphrase again: ") != first:
        raise identity.SignInRefused("the two passphrases differ; nothing was changed")
    return first


def _terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()
