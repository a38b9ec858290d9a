"""A target's history in words, the same in the window, the chart and the command line:
"80% from 1 Nov 2011, was 72%: revised by the board — Sam Secretariat (secretariat)".

The values and fields are said as domain/history_words.py says them; this adds the day a
change took effect, the reason and who made it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from boardapp.domain.history import Change
from boardapp.domain.history_words import change_words, value_words
from boardapp.domain.model import Target
from boardapp.domain.terms import TrackedKind

Number = Callable[[float], str]
# Said with the period: a revision of the period changes its first and last day too.
_WITH_PERIOD = ("period_start", "period_end")


def day_words(day: date) -> str:
    """"1 Nov 2011", as the history's other dates are said."""
    return value_words(TrackedKind.TARGET, "effective_on", day)


def value_revisions(target: Target) -> tuple[Change, ...]:
    """The revisions that changed the target's value, oldest first."""
    return tuple(r for r in target.revisions if "value" in r.changes)


def change_summary(change: Change, number: Number = "{:g}".format) -> str:
    """What changed and from when, without who or why: "80% from 1 Nov 2011, was 72%";
    any other field as the history says it: "Period: June 2010 → July 2010 from 1 Nov 2011"."""
    target = TrackedKind.TARGET
    day = day_words(change.effective_on)
    parts = []
    if "value" in change.changes:
        old, new = change.changes["value"]
        parts.append(f"{value_words(target, 'value', new, number)} from {day}, "
                     f"was {value_words(target, 'value', old, number)}")
    others = {name: pair for name, pair in change.changes.items()
              if name != "value" and not (name in _WITH_PERIOD and "period" in change.changes)}
    if others:
        words = change_words(replace(change, changes=others), number)
        parts.append(words if parts else f"{words} from {day}")
    return "; ".join(parts) or f"changed from {day}"


def change_line(change: Change, number: Number = "{:g}".format) -> str:
    """The whole revision: "80% from 1 Nov 2011, was 72%: revised by the board — Sam
    Secretariat (secretariat)"."""
    line = change_summary(change, number)
    if change.reason:
        line += f": {change.reason}"
    if change.changed_by:
        line += f" — {change.changed_by}"
    return line


def history_lines(target: Target, number: Number = "{:g}".format) -> list[str]:
    """Every revision of the target, newest first, one line each."""
    return [change_line(change, number) for change in reversed(target.revisions)]
