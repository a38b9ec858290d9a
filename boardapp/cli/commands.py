"""Which module runs which command. Each command's module is imported only when that
command runs, so ``boardapp check`` loads neither Excel nor the board server's code."""

from __future__ import annotations

import sys
from argparse import Namespace

from boardapp.cli.exit_codes import EXIT_UNEXPECTED


def run(args: Namespace) -> int:
    """Run the command ``args`` names; its exit code."""
    name = args.command
    if name in ("demo", "check"):
        from boardapp.cli.database_commands import COMMANDS
    elif name in ("template", "import-readings"):
        from boardapp.cli.readings_commands import COMMANDS
    elif name == "export-pack":
        from boardapp.cli.pack_export import COMMANDS
    elif name in ("status", "meetings"):
        from boardapp.cli.status_command import COMMANDS
    elif name == "questions":
        from boardapp.cli.questions_command import COMMANDS
    elif name in ("whoami", "sign-in", "members"):
        from boardapp.cli.identity_commands import COMMANDS
    elif name == "target":
        from boardapp.cli.target_commands import COMMANDS
    else:
        from boardapp.cli.sync_commands import COMMANDS
    command = COMMANDS.get(name)
    if command is None:
        print(f"boardapp {name}: not yet available in this version", file=sys.stderr)
        return EXIT_UNEXPECTED
    return command(args)
