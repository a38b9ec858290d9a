"""The arguments of ``boardapp target`` (what it does is in target_commands.py, imported
only when it runs).

    boardapp target set CODE PERIOD VALUE --reason TEXT [--basis BASIS] [--from DATE] [--as NAME] [--db PATH]
    boardapp target list CODE [--as-at DATE] [--as NAME] [--db PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from boardapp.cli.as_option import add_as_option
from boardapp.cli.pack_command import day_or_month

BASES = ("period", "cumulative", "academic_year", "count", "gap_change", "trend", "standing")  # domain.terms.TargetBasis


def number(text: str) -> float:
    """A target as typed: "80", "80.5", "80%"."""
    try:
        return float(text.strip().rstrip("%").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def add_parsers(commands: Any) -> None:
    target = commands.add_parser("target", help="change an indicator's target, saying why; list its targets and changes")
    actions = target.add_subparsers(dest="target_action", metavar="ACTION")

    change = actions.add_parser(
        "set", help="change a target's value (the secretariat), with the reason its history keeps",
        description="Change a target's value. The change is kept as a revision naming who made it, when it took "
                    "effect and why; as at an earlier day the target shows its old value.")
    change.add_argument("code", metavar="CODE", help="the indicator's code (NI 117)")
    change.add_argument("period", metavar="PERIOD",
                        help="the target's period, as `boardapp target list CODE` shows it (2010-11..2011-01) or in "
                             "words (Nov 2010 to Jan 2011)")
    change.add_argument("value", type=number, metavar="VALUE", help="the new target (8.5, or 8.5%%)")
    change.add_argument("--reason", required=True, metavar="TEXT", help="why the target changes (required)")
    change.add_argument("--basis", choices=BASES, help="which target, when two share the period")
    change.add_argument("--from", dest="effective_on", type=day_or_month, metavar="DATE",
                        help="the day the change takes effect (2011-11-15), if earlier than today")

    listed = actions.add_parser("list", help="an indicator's targets as they stood, each with its changes: "
                                             "when, who and why")
    listed.add_argument("code", metavar="CODE", help="the indicator's code (NI 117)")
    listed.add_argument("--as-at", type=day_or_month, metavar="DATE",
                        help="as they stood at the end of this day (2011-11-30) or month (2011-11); default: today")
    for action in (change, listed):
        add_as_option(action)
        action.add_argument("--db", type=Path, dest="command_db", help="the database file")
