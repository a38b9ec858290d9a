"""Who a pack is for, and what that decides: the protective marking and exempt items.

A board pack carries everything, exempt items marked as such; a pack for DfE or the
public leaves out every item marked exempt (requirements, actions, notes, and notes on
withheld items), and its cover says how many were withheld.
"""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    BOARD = "board"
    DFE = "dfe"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return {"board": "Board", "dfe": "DfE", "public": "Public"}[self.value]

    @property
    def marking(self) -> str:
        """The Government Security Classification marking the pack is printed under."""
        return "OFFICIAL" if self is Audience.PUBLIC else "OFFICIAL-SENSITIVE"

    @property
    def includes_exempt(self) -> bool:
        return self is Audience.BOARD


class PackError(Exception):
    """A pack that cannot be written as asked; ``str()`` says why, for the person who asked."""


class PackCancelled(Exception):
    """Raise this from a progress callback to stop an export (any exception does)."""
