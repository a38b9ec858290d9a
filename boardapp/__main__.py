"""The entry point: ``boardapp`` and ``python -m boardapp``.

Start-up cost decides the imports here. Commands run without loading Qt; opening the
window (no command, or ``--smoke``) imports the ``ui`` package and none of the
commands' modules (Excel, sync), so the window paints as early as it can: its few
options are read without building the commands' parser (which imports the store), and
the window paints the board as it last looked before the rest loads (ui/launch.py).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import SimpleNamespace

from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE, EXIT_UNEXPECTED
from boardapp.store.errors import StoreError


def main(argv: list[str] | None = None) -> int:
    args = window_arguments(sys.argv[1:] if argv is None else argv)
    if args is None:
        from boardapp.cli.parser import build_parser

        args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            # Before Qt is imported: a missing system library would abort the process.
            from boardapp.ui.platform_check import platform_problem

            problem = platform_problem()
            if problem:
                print(f"boardapp: {problem}", file=sys.stderr)
                return EXIT_BAD_INPUT
            from boardapp.ui.launch import run_window

            return run_window(args.db, smoke=args.smoke, explicit=args.db is not None)
        from boardapp.cli.commands import run

        ask_in_terminal()
        return run(args)
    except StoreError as exc:
        print(f"boardapp: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("boardapp: interrupted", file=sys.stderr)
        return EXIT_UNEXPECTED
    except BrokenPipeError:
        # The reader went away (`boardapp status | head`): what it read was whole. Point
        # stdout at nowhere so the flush at exit does not fail again (Python's advice).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_DONE
    except OSError as exc:
        words = file_fault_words(exc)
        if words is None:
            return unexpected()
        print(f"boardapp: {words}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        words = database_fault_words(args, exc)
        if words is None:
            return unexpected()
        print(f"boardapp: {words}", file=sys.stderr)
        return EXIT_BAD_INPUT


def window_arguments(argv: list[str]) -> SimpleNamespace | None:
    """The options of opening the window (``--smoke``, ``--db FILE``), read without the
    commands' parser; None for anything else (a command, ``--help``, a mistake), which
    the full parser reads and answers."""
    smoke, db = False, None
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--smoke" and not smoke:
            smoke = True
        elif word == "--db" and db is None and rest and not rest[0].startswith("-"):
            db = Path(rest.pop(0))
        elif word.startswith("--db=") and db is None and len(word) > len("--db="):
            db = Path(word[len("--db="):])
        else:
            return None
    return SimpleNamespace(command=None, db=db, smoke=smoke)


def unexpected() -> int:
    print("boardapp: unexpected error; please report it with the text below", file=sys.stderr)
    traceback.print_exc()
    return EXIT_UNEXPECTED


def ask_in_terminal() -> None:
    """On a terminal: ask for the database passphrase where there is no keyring, and
    confirm before a plain database is encrypted (BOARDAPP_ENCRYPT=yes confirms without asking)."""
    from boardapp.store import database_key

    def passphrase(new: bool) -> str | None:
        import getpass

        first = getpass.getpass("Database passphrase (no keyring on this computer): ")
        if new and first and getpass.getpass("The same passphrase again: ") != first:
            raise StoreError("the two passphrases were not the same; nothing was written.")
        return first

    def confirm(path) -> bool:  # type: ignore[no-untyped-def]
        if os.environ.get("BOARDAPP_ENCRYPT", "").lower() in ("yes", "1", "true"):
            return True
        if not sys.stdin.isatty():
            return False
        answer = input(f"{path} is not encrypted. Encrypt it now (an encrypted backup is made first)? [y/N] ")
        return answer.strip().lower() in ("y", "yes")

    if sys.stdin.isatty():
        database_key.ask_with(passphrase)
    database_key.confirm_encrypting_with(confirm)


def file_fault_words(exc: OSError) -> str | None:
    """Words for a file the command could not write or read (permission, read-only disk), or None."""
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = exc.filename or "a file"
        why = "the disk is read-only" if exc.errno == errno.EROFS else "permission denied: it or its folder is read-only for you"
        return f"cannot write {what} ({why}). Choose a folder you can write to, or ask IT to make it writable."
    if exc.errno == errno.ENOSPC:
        return f"the disk is full writing {exc.filename or 'a file'}. Free some space, then try again."
    return None


def database_fault_words(args, exc: Exception) -> str | None:  # type: ignore[no-untyped-def]
    """Words for an error SQLite gave on the command's database (busy, read-only, disk), or None."""
    from sqlalchemy.exc import OperationalError

    from boardapp.store.encryption import Error

    if not isinstance(exc, (OperationalError, Error)):
        return None
    from boardapp.cli.database_commands import database_path
    from boardapp.store.connection import failure_words

    failure = failure_words(database_path(args), exc)
    return None if failure is None else str(failure)


if __name__ == "__main__":
    sys.exit(main())
