"""The entry point: ``boardapp`` and ``python -m boardapp``.

Commands run without loading Qt; only opening the window (no command, or ``--smoke``)
imports the ``ui`` package, so ``boardapp check`` starts as fast as SQLAlchemy allows.
"""

from __future__ import annotations

import sys
import traceback

from boardapp.cli.commands import COMMANDS, EXIT_BAD_INPUT, EXIT_UNEXPECTED, run_not_yet
from boardapp.cli.parser import build_parser
from boardapp.store.errors import StoreError


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            # Qt is imported here, not at the top, so that commands never pay for it.
            from boardapp.ui.app import run_window

            return run_window(args.db, smoke=args.smoke, explicit=args.db is not None)
        return COMMANDS.get(args.command, run_not_yet)(args)
    except StoreError as exc:
        print(f"boardapp: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("boardapp: interrupted", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception:
        print("boardapp: unexpected error; please report it with the text below", file=sys.stderr)
        traceback.print_exc()
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
