"""The window of someone who has not signed in (they cancelled the sign-in): a guest
who reads what an observer reads, sees no exempt item, and changes or exports nothing.

The store refuses any change or export by an identity it did not establish
(``Identity.require``); :class:`GuestContext` makes the window say so before anyone
tries, in the same way as for a read-only database: every editing control disabled,
with the reason, and a banner above the views.
"""

from __future__ import annotations

from boardapp.domain.permissions import Identity
from boardapp.domain.terms import Role
from boardapp.store.connection import Database
from boardapp.store.identity import Established
from boardapp.ui.banner_words import NOT_SIGNED_IN
from boardapp.ui.context import BoardContext

GUEST = Identity("Guest", Role.OBSERVER)


class GuestContext(BoardContext):
    """A board context for a guest: read-only whatever the file allows."""

    def __init__(self, database: Database) -> None:
        super().__init__(database, GUEST)

    @property
    def read_only(self) -> bool:
        return True

    @property
    def read_only_reason(self) -> str:
        return NOT_SIGNED_IN if not self.database.read_only else super().read_only_reason

    @property
    def read_only_banner(self) -> str:
        if self.database.read_only:
            return super().read_only_banner
        return NOT_SIGNED_IN


def context_for(database: Database, established: Established | None) -> BoardContext:
    """The context of a window on ``database``: its established user's, or a guest's."""
    if established is None:
        return GuestContext(database)
    return BoardContext(database, established.identity)
