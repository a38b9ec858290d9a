"""The ``--as NAME`` option, shared by every command that changes or exports data (what
it does is in acting.py, imported only when a command runs: building the parser stays
free of the store and of cryptography)."""

from __future__ import annotations

from argparse import ArgumentParser

PASSPHRASE_VARIABLE = "BOARDAPP_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "BOARDAPP_NEW_PASSPHRASE"


def add_as_option(parser: ArgumentParser) -> None:
    """The one ``--as NAME`` option every changing or exporting command takes."""
    parser.add_argument(
        "--as", dest="actor", metavar="NAME",
        help=f"act as this member of the board for this command, with their passphrase ({PASSPHRASE_VARIABLE}, "
             "or asked on the terminal); default: whoever is signed in on this copy (`boardapp whoami`)",
    )
