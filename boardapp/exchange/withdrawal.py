"""A withdrawn member's laptop gives the board's data back: its unsent changes go out
sealed to the secretariat, and the board's data is removed from the copy.

Called when the board server says this copy's member has been withdrawn (the sync);
:func:`empty_this_copy` is the whole of it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from boardapp.domain.terms import Role
from boardapp.exchange import sealed_files
from boardapp.exchange.change_file_format import write_whole
from boardapp.exchange.change_files import signed_changes
from boardapp.store import identity, outbox
from boardapp.store.connection import Database, open_database
from boardapp.store.emptying import empty_board_data
from boardapp.store.models import Member


def empty_this_copy(database_path: Path, folder: Path) -> Path | None:
    """Write this copy's unsent changes into ``folder`` as a signed change file sealed to
    every secretariat member with a registered receiving key, then remove the board's
    data from the copy. Returns the sealed file, or None when nothing was unsent (or no
    one was signed in to sign it, or no secretariat member has a receiving key: then the
    changes cannot be kept safely and go with the rest)."""
    with open_database(database_path) as database:
        sealed = _seal_unsent(database, folder)
        who = identity.laptop_identity(database)
        because = f"the board withdrew {who.identity.name}" if who is not None else "the board withdrew this copy's member"
        empty_board_data(database, because)
    return sealed


def _seal_unsent(database: Database, folder: Path) -> Path | None:
    established = identity.laptop_identity(database)
    if established is None:
        return None
    with database.engine.connect() as connection:
        if not outbox.pending(connection, limit=1):
            return None
        table = Member.__table__
        rows = connection.execute(
            select(table.c.name, table.c.uuid, table.c.receiving_key)
            .where(table.c.role == Role.SECRETARIAT, table.c.withdrawn.is_(False), table.c.receiving_key != "")
            .order_by(table.c.name)
        ).all()
    recipients = [sealed_files.Recipient(r.name, r.uuid, r.receiving_key) for r in rows]
    if not recipients:
        return None
    content, count = signed_changes(database)
    if not count:
        return None
    name = re.sub(r"[^A-Za-z0-9]+", "-", established.identity.name).strip("-") or "member"
    out = folder / f"unsent-changes-{name}-{datetime.now(UTC):%Y-%m-%d}{sealed_files.SUFFIX}"
    folder.mkdir(parents=True, exist_ok=True)
    write_whole(out, sealed_files.seal(content, recipients))
    return out
