"""The entry point: ``boardapp`` and ``python -m boardapp``.

Start-up cost decides the imports here. Commands run without loading Qt; opening the
window (no command, or ``--smoke``) imports the ``ui`` package and none of the
commands' modules (Excel, sync), so the window paints as early as it can.
"""

from __future__ import annotations

import os
import sys
import traceback

from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE, EXIT_UNEXPECTED
from boardapp.cli.parser import build_parser
from boardapp.store.errors import StoreError


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            # Before Qt is imported: a missing system library would abort the process.
            from boardapp.ui.platform_check import platform_problem

            problem = platform_problem()
            if problem:
                print(f"boardapp: {problem}", file=sys.stderr)
                return EXIT_BAD_INPUT
            from boardapp.ui.app import run_window

            return run_window(args.db, smoke=args.smoke, explicit=args.db is not None)
        from boardapp.cli.commands import run

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
    except Exception:
        print("boardapp: unexpected error; please report it with the text below", file=sys.stderr)
        traceback.print_exc()
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
