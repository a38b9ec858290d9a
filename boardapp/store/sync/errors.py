"""What can go wrong talking to the board server, each with a message for the person syncing."""

from __future__ import annotations


class SyncError(Exception):
    """Syncing failed; ``str()`` says why in words for the person at the laptop."""


class WrongPassword(SyncError):
    """The server refused the login or the password."""


class NoRoute(SyncError):
    """The server could not be reached (no network, wrong address, server down)."""


class ServerTooOld(SyncError):
    """The server's schema is older than this app's: the board's IT must run ``server init``."""


class ServerTooNew(SyncError):
    """The server's schema is newer than this app knows: install the newer Board App."""


class NotABoardServer(SyncError):
    """The database answers but holds no board (``server init`` was never run on it)."""


class Interrupted(SyncError):
    """Syncing stopped part way (cancelled, or the connection dropped); run it again."""


class ServerLayerTooOld(SyncError):
    """The server's schema is this app's but its roles and policies are older: ``server init`` again."""


class Withdrawn(SyncError):
    """The board server says this login's member has been withdrawn from the board: the
    caller removes the board's data from this copy (exchange/withdrawal.py), keeping
    unsent notes sealed for the secretariat. Nothing was sent or received."""

    def __init__(self, member: str, message: str) -> None:
        super().__init__(message)
        self.member = member
