"""The board server and change-file commands: ``sync``, ``server init``, ``server
add-member``, ``export-changes``, ``import-changes``.

The sync code (and psycopg) is imported when one of these commands runs, not when the
parser is built, so that ``boardapp check`` and the window do not pay for it.
"""

from __future__ import annotations

import getpass
import sys
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path
from typing import Any

from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.domain.terms import Role
from boardapp.store.locations import default_database

SYNC_COMMANDS = ("sync", "server", "export-changes", "import-changes")


def add_parsers(commands: Any) -> None:
    """Add this module's commands to the ``boardapp`` subparsers."""
    sync = commands.add_parser("sync", help="sync this copy with the board server (asks for your password)")
    sync.add_argument("--server", required=True, metavar="URL", help="postgresql+psycopg://LOGIN@HOST/BOARD")
    sync.add_argument("--db", type=Path, dest="command_db", help="the database file")

    server = commands.add_parser("server", help="set up a board server (for the board's IT)")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create or migrate the board server's schema, roles and policies")
    init.add_argument("--url", required=True, help="an administrator's postgresql+psycopg://USER@HOST/BOARD")
    init.add_argument("--from-db", type=Path, help="load this database's board data into the new, empty server")
    init.add_argument(
        "--after-restore", action="store_true",
        help="the database was restored from a backup: every laptop downloads everything at its next sync",
    )
    init.add_argument(
        "--forget-deletions-after", type=int, default=180, metavar="DAYS",
        help="forget deletions older than this; a copy away longer downloads everything again (default 180)",
    )
    member = actions.add_parser("add-member", help="give a person their own login (or change their role)")
    member.add_argument("name", metavar="NAME", help="the person's name as the board knows it")
    member.add_argument("--role", required=True, choices=[r.value for r in Role])
    member.add_argument("--url", required=True, help="an administrator's postgresql+psycopg://USER@HOST/BOARD")
    member.add_argument(
        "--password-stdin", action="store_true",
        help="read the person's password from standard input (default: make one and print it once)",
    )
    remove = actions.add_parser(
        "remove-member",
        help="withdraw a person from the board: their login reads nothing more, their laptop empties at its next sync",
    )
    remove.add_argument("name", metavar="NAME", help="the person's name as the board knows it")
    remove.add_argument("--url", required=True, help="an administrator's postgresql+psycopg://USER@HOST/BOARD")

    export = commands.add_parser("export-changes", help="write this copy's unsent changes to a file")
    export.add_argument("--out", type=Path, required=True, help="the change file to write")
    export.add_argument(
        "--publication", action="store_true", help="write all the board's data instead (the secretariat's publication)"
    )
    export.add_argument("--without-exempt", action="store_true", help="leave exempt items out of a publication")
    export.add_argument("--db", type=Path, dest="command_db", help="the database file")

    imported = commands.add_parser("import-changes", help="apply a change file (importing it twice changes nothing)")
    imported.add_argument("file", type=Path, metavar="FILE", help="a file written by export-changes")
    # Signed change files (issue 13, helper D): a new copy takes its first publication on this confirmation.
    imported.add_argument(
        "--trust-key", default="", metavar="HEX",
        help="a publication's signing key, as its secretariat gave it to you (a copy no one has signed in on yet)",
    )
    imported.add_argument("--db", type=Path, dest="command_db", help="the database file")


def _database(args: Namespace) -> Path:
    return getattr(args, "command_db", None) or args.db or default_database()


def ask_password(prompt: str) -> str:
    """From the terminal without echo; from standard input's first line when piped."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _with_password(url: str, work: Callable[[str | None], Any]) -> Any:
    """Run ``work`` with the password in ``url`` or none; if the server wants one, ask once."""
    from boardapp.store.sync.connect import ServerAddress, password_in
    from boardapp.store.sync.errors import WrongPassword

    given = password_in(url)
    try:
        return work(given)
    except WrongPassword:
        if given is not None:
            raise
    login = ServerAddress.parse(url).login
    return work(ask_password(f"Password for {login}: ") or None)


def _failing(run: Callable[[Namespace], int]) -> Callable[[Namespace], int]:
    def guarded(args: Namespace) -> int:
        from boardapp.exchange.change_files import ChangeFileError
        from boardapp.store.sync.errors import SyncError

        try:
            return run(args)
        except (SyncError, ChangeFileError) as exc:
            print(f"boardapp {args.command}: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT

    guarded.__name__ = run.__name__
    return guarded


@_failing
def run_sync(args: Namespace) -> int:
    from boardapp.store.connection import open_database
    from boardapp.store.sync.errors import Withdrawn
    from boardapp.store.sync.service import sync_now

    path = _database(args)
    try:
        # A laptop syncing for the first time may start from nothing: the server fills it.
        with open_database(path, create=True) as database:
            result = _with_password(args.server, lambda password: sync_now(database, args.server, password))
    except Withdrawn as withdrawn:
        print(f"boardapp sync: {withdrawn}", file=sys.stderr)
        print(f"boardapp sync: {empty_withdrawn_copy(path)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if result.acting_as:
        print(f"this copy now acts as {result.acting_as}, as the board server's login says")
    print(
        f"synced: {result.uploaded} change(s) sent, {result.already_there} already there, "
        f"{result.downloaded} row(s) received{' (full download)' if result.full_download else ''}, "
        f"{result.conflicts_recorded} conflict(s) recorded"
    )
    for line in result.refused:
        print(f"refused: {line}", file=sys.stderr)
    return EXIT_DONE


def empty_withdrawn_copy(database_path: Path) -> str:
    """Remove the board's data from a copy whose member the server has withdrawn, keeping
    its unsent changes sealed for the secretariat beside it; returns what to tell them."""
    from boardapp.exchange.withdrawal import empty_this_copy
    from boardapp.store.connection import open_database
    from boardapp.store.sync.service import unsent_notes, withdrawn_words

    with open_database(database_path) as database:
        notes = unsent_notes(database)
    sealed = empty_this_copy(database_path, database_path.parent)
    return withdrawn_words(notes, sealed)


@_failing
def run_server(args: Namespace) -> int:
    from boardapp.store.sync.connect import ServerAddress
    from boardapp.store.sync.seed import seed_server
    from boardapp.store.sync.server_schema import add_member, init_server, prune_tombstones, remove_member

    address = ServerAddress.parse(args.url)
    if args.server_command == "init":
        revision = _with_password(
            args.url, lambda password: init_server(address, password, after_restore=args.after_restore)
        )
        print(f"board server {address.shown} is at schema revision {revision}; roles and policies applied")
        if args.from_db:
            counts = _with_password(args.url, lambda password: seed_server(address, password, args.from_db))
            print(f"loaded {sum(counts.values())} rows from {args.from_db}")
        horizon = _with_password(
            args.url, lambda password: prune_tombstones(address, password, args.forget_deletions_after)
        )
        print(f"deletions older than {args.forget_deletions_after} days forgotten (horizon {horizon})")
        return EXIT_DONE
    if args.server_command == "remove-member":
        login = _with_password(args.url, lambda password: remove_member(address, password, args.name))
        print(
            f"{args.name} is withdrawn from the board"
            + (f": the login {login} can still log in but reads nothing of the board" if login else "")
            + "; their laptop removes the board's data at its next sync. Their notes keep their name."
        )
        return EXIT_DONE
    member_password = ask_password("Their password: ") if args.password_stdin else None
    made = _with_password(
        args.url, lambda password: add_member(address, password, args.name, Role(args.role), member_password)
    )
    print(f"{made.name} ({made.role.value}) logs in as: {made.login}")
    print(f"their address: {address.url.set(username=made.login).render_as_string(hide_password=True)}")
    if made.password:
        print(f"their one-time password (hand it over in person; it is not kept anywhere): {made.password}")
    return EXIT_DONE


@_failing
def run_export_changes(args: Namespace) -> int:
    from boardapp.domain.permissions import NotAllowed
    from boardapp.exchange.change_files import export_changes
    from boardapp.store import identity
    from boardapp.store.connection import open_database

    try:
        with open_database(_database(args), read_only=True) as database:
            count = export_changes(database, args.out, publication=args.publication, without_exempt=args.without_exempt)
            who = identity.acting(database)
    except (NotAllowed, identity.NoIdentity) as exc:
        print(f"boardapp {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {count} {'rows' if args.publication else 'changes'} to {args.out}, signed as {who.label}")
    return EXIT_DONE


@_failing
def run_import_changes(args: Namespace) -> int:
    from boardapp.domain.permissions import Identity
    from boardapp.exchange.change_files import import_changes
    from boardapp.store import identity
    from boardapp.store.connection import open_database

    # The copy's own user imports (the secretariat, for members' files); a copy no one
    # has signed in on takes only a publication whose key the person confirms (--trust-key).
    who: Identity | None
    with open_database(_database(args), read_only=True) as database:
        try:
            who = identity.acting(database)
        except identity.NoIdentity:
            who = None
    report = import_changes(args.file, _database(args), who, trust_key=args.trust_key)
    print(
        f"imported {args.file.name} ({report.kind}, signed by {report.signer}): {report.records} records, "
        f"{report.applied} changed something here"
    )
    return EXIT_DONE


COMMANDS = {
    "sync": run_sync,
    "server": run_server,
    "export-changes": run_export_changes,
    "import-changes": run_import_changes,
}
