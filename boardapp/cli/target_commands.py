"""``boardapp target``: change a target, saying why, and list an indicator's targets with
their changes (the arguments: target_parsers.py).

``set`` acts as the copy's identity (or ``--as NAME`` with NAME's passphrase); only the
secretariat may change a target. The change is a revision with the reason, who made it
and the day it took effect (today, or ``--from`` an earlier day), and an entry in the
audit log with the old and new value. ``list`` prints the targets as they stood at a day
(default today), each with its changes by then, newest first. Exit 0; 2 for a refusal
(role, no reason, a day after today), an indicator or target that is not there, or a
database that cannot be read.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from datetime import date

from boardapp.cli.acting import acting_identity
from boardapp.cli.database_commands import database_path
from boardapp.cli.exit_codes import EXIT_BAD_INPUT, EXIT_DONE
from boardapp.domain.permissions import NotAllowed, Permission
from boardapp.domain.target_history import day_words
from boardapp.domain.terms import TargetBasis
from boardapp.domain.units import format_value
from boardapp.store import edits, history
from boardapp.store.connection import open_database
from boardapp.store.targets import find_target, targets_on


def run_target(args: Namespace) -> int:
    action = getattr(args, "target_action", None)
    if action is None:
        print("boardapp target: name an action: set (change a target) or list (its targets and changes)",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    return _set(args) if action == "set" else _list(args)


def _set(args: Namespace) -> int:
    basis = TargetBasis(args.basis) if args.basis else None
    with open_database(database_path(args)) as database:
        who = acting_identity(database, args)
        try:
            who.require(Permission.EDIT_TARGETS)  # refused before anything is read or said
            if not args.reason.strip():
                raise edits.EditError(edits.NO_REASON)
            with database.session(who.label) as session:
                found = find_target(session, args.code, args.period, basis)
                indicator, _ = targets_on(session, found.code, history.today())
                if found.value == args.value:
                    print(f"{found.code}'s {found.basis.value.replace('_', ' ')} target for {found.period.label} is "
                          f"already {_shown(args.value, indicator)}: nothing was changed")
                    return EXIT_DONE
                edits.set_target_value(session, who, found.uuid, args.value, reason=args.reason,
                                       effective_on=args.effective_on)
        except (NotAllowed, edits.EditError) as exc:
            print(f"boardapp target set: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    day = day_words(args.effective_on or history.today())
    print(f"{found.code}'s {found.basis.value.replace('_', ' ')} target for {found.period.label}: "
          f"{_shown(args.value, indicator)} from {day}, was {_shown(found.value, indicator)}: "
          f"{args.reason.strip()} — {who.label}")
    return EXIT_DONE


def _list(args: Namespace) -> int:
    day: date = args.as_at or date.today()
    with open_database(database_path(args), read_only=True) as database:
        who = acting_identity(database, args)
        try:
            who.require(Permission.EXPORT)  # printing the board's data, as `status` does
        except NotAllowed as exc:
            print(f"boardapp target list: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        with database.session() as session:
            indicator, targets = targets_on(session, args.code, day)
    lines = [f"{indicator.code}: {indicator.title}", f"Targets as at {day.day} {day:%B %Y}"]
    if not targets:
        lines.append("  none set by then")
    for target in targets:
        revised = f" (revised {day_words(target.revised_on)})" if target.revised_on else ""
        set_by = f", set by {target.set_by}" if target.set_by else ""
        lines.append(f"  {_shown(target.value, indicator)} {target.basis.replace('_', ' ')}, {target.period.label} "
                     f"[{target.period.code}]{set_by}{revised}")
        lines += [f"      {line}" for line in target.history] or ["      not changed since it was set"]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_DONE


def _shown(value: float, indicator) -> str:  # type: ignore[no-untyped-def]
    return format_value(value, indicator.unit, indicator.decimals, trim=True)


COMMANDS = {"target": run_target}
