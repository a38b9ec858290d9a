"""What a signed change file may carry, judged by the importing board.

The signer is the member of *this* board whose registered key signed the file (not
whoever the header claims), in the role *this* board gives them; every record must be
something that role may do (domain/change_rights.py: a revision, what the change it
records needs; never a change or deletion of one), made by the signer (its actor, a
note's author, an answer's, a settlement's or a revision's name), and touch no exempt
item unless the role may see exempt items (a revision: of an exempt item). Any record that fails refuses the whole file, naming its
line and why, before anything is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from boardapp.domain import change_rights
from boardapp.domain.permissions import Permission, allows
from boardapp.domain.terms import AnnotatedKind, Role
from boardapp.exchange.change_file_format import ChangeFileError, Signer
from boardapp.store.models import Member
from boardapp.store.sync import tables

KEY_COMMAND = "boardapp members key"
NOTHING = "nothing was imported"


@dataclass(frozen=True)
class BoardSigner:
    """The file's signer as this board knows them."""

    member_uuid: uuid.UUID
    name: str
    role: Role

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role.value})"


def board_signer(connection: Connection, path: Path, signer: Signer, *, withdrawn_too: bool = False) -> BoardSigner:
    """The member of this board who signed the file; refused unless the board has that
    member, not withdrawn (``withdrawn_too``: a withdrawn member's sealed last changes),
    with the file's key registered for them."""
    table = Member.__table__
    row = connection.execute(select(table).where(table.c.uuid == signer.member_uuid)).first()
    if row is None:
        row = connection.execute(select(table).where(table.c.name == signer.name)).first()
    if row is None:
        raise ChangeFileError(
            f"{path}: signed by {signer.name}'s laptop key {signer.short_key}, but {signer.name} is not a member "
            f"of this board; {NOTHING}"
        )
    if row.withdrawn and not withdrawn_too:
        raise ChangeFileError(
            f"{path}: signed by {row.name}, who has been withdrawn from this board (only their sealed last changes "
            f"are imported); {NOTHING}"
        )
    if (row.public_key or "").lower() != signer.public_key:
        also = f" (it has {row.public_key[:8]}…{row.public_key[-8:]} for them)" if row.public_key else ""
        raise ChangeFileError(
            f"{path}: signed by {row.name}'s laptop key {signer.short_key}, which this board has not registered "
            f"for {row.name}{also}: the secretariat registers it with `{KEY_COMMAND}`; {NOTHING}"
        )
    return BoardSigner(row.uuid, row.name, Role(row.role))


def check_operations(connection: Connection, path: Path, signer: BoardSigner, records: list[dict[str, Any]]) -> None:
    """Refuse the file at the first record ``signer`` may not make (records begin on line 2)."""
    checker = _Checker(connection, path, signer)
    for line, record in enumerate(records, start=2):
        checker.check(line, record)


def touches_exempt(connection: Connection, record: dict[str, Any]) -> bool:
    """Whether an outbox record touches an exempt item or a row under one (as this copy holds it)."""
    checker = _Checker(connection, Path(), BoardSigner(uuid.uuid4(), "", Role.OBSERVER))
    return checker.exempt(record["table"], record["operation"], uuid.UUID(record["row_uuid"]), record["payload"])


class _Checker:
    def __init__(self, connection: Connection, path: Path, signer: BoardSigner) -> None:
        self.connection, self.path, self.signer = connection, path, signer

    def refuse(self, line: int, why: str) -> ChangeFileError:
        return ChangeFileError(f"{self.path}, line {line}: {why}; {NOTHING}")

    def check(self, line: int, record: dict[str, Any]) -> None:
        table, operation, payload = record["table"], record["operation"], record["payload"]
        row_uuid = uuid.UUID(record["row_uuid"])
        signer = self.signer
        actor = _actor_name(str(record.get("actor", "")))
        if actor != signer.name:
            raise self.refuse(line, f"a change made by {actor or 'no one named'}, but the file is signed by {signer.name}")
        if not allows(signer.role, Permission.SEE_EXEMPT) and self.exempt(table, operation, row_uuid, payload):
            raise self.refuse(line, f"a change to an exempt item, which {signer.label} may not see")
        columns = frozenset(payload) if operation == "update" else frozenset()
        try:
            if table == "revision" and operation == "insert":
                columns = change_rights.revised_fields(payload.get("changes"))
                needed = change_rights.revision_needed(
                    str(payload.get("item_kind", "")), str(payload.get("kind", "")), columns
                )
            else:
                needed = change_rights.needed(table, operation, columns)
        except change_rights.NobodyMay as exc:
            raise self.refuse(line, str(exc)) from exc
        if not allows(signer.role, needed):
            what = _what(table, operation, columns)
            if table == "revision":
                what = f"a revision in the history of {str(payload.get('item_kind', '')).replace('_', ' ')}s"
            raise self.refuse(
                line, f"{what} needs the right to {needed.value}, which "
                f"{signer.name}'s role on this board ({signer.role.value}) does not have",
            )
        if table == "annotation" and operation == "insert":
            self.check_author(line, payload)
        if table == "revision" and _actor_name(str(payload.get("changed_by", ""))) not in ("", signer.name):
            raise self.refuse(line, f"a revision made by {payload['changed_by']}, but the file is signed by {signer.name}")
        for column in ("answered_by", "resolved_by"):
            if operation == "update" and column in payload and payload[column][1] not in ("", None, signer.name):
                raise self.refuse(
                    line, f"{column.replace('_', ' ')} {payload[column][1]!r}, but the file is signed by {signer.name}"
                )

    def check_author(self, line: int, payload: dict[str, Any]) -> None:
        claimed = str(payload.get("author_name", ""))
        if claimed != self.signer.name:
            raise self.refuse(line, f"a note \"by\" {claimed or 'no one'}, but the file is signed by {self.signer.name}")
        author = payload.get("author_id")
        if author:
            table = Member.__table__
            found = self.connection.execute(select(table.c.name).where(table.c.uuid == uuid.UUID(str(author)))).scalar()
            if found is not None and found != self.signer.name:
                raise self.refuse(line, f"a note whose author is {found}, but the file is signed by {self.signer.name}")

    # --- Exempt -----------------------------------------------------------------------------

    def exempt(self, table: str, operation: str, row_uuid: uuid.UUID, payload: dict[str, Any]) -> bool:
        """Whether the record touches an exempt item, or a row under one (its note,
        milestone or links), as this copy holds it or as the record makes it."""
        new = _new_values(operation, payload)
        if new.get("exempt"):
            return True
        if operation == tables.REPLACE:
            link = tables.LINKS.get(table)
            if link is None:
                return False
            others = [uuid.UUID(str(u)) for u in payload.get("new", [])]
            return self.row_exempt(link.owner_table, row_uuid) or any(
                self.row_exempt(link.other_table, other) for other in others
            )
        if self.row_exempt(table, row_uuid):
            return True
        if table == "annotation" and new.get("target_uuid"):
            return self.item_exempt(str(new.get("target_kind", "")), uuid.UUID(str(new["target_uuid"])))
        if table == "milestone" and new.get("action_id"):
            return self.row_exempt("action", uuid.UUID(str(new["action_id"])))
        if table == "revision" and new.get("item_uuid"):
            return self.revised_exempt(str(new.get("item_kind", "")), uuid.UUID(str(new["item_uuid"])))
        return False

    def row_exempt(self, table_name: str, row_uuid: uuid.UUID) -> bool:
        table = tables.TABLES.get(table_name)
        if table is None:
            return False
        row = self.connection.execute(select(table).where(table.c.uuid == row_uuid)).mappings().first()
        if row is None:
            return False
        if row.get("exempt"):
            return True
        if table_name == "annotation":
            return self.item_exempt(str(row["target_kind"]), row["target_uuid"])
        if table_name == "revision":
            return self.revised_exempt(str(row["item_kind"]), row["item_uuid"])
        if table_name == "milestone" and row["action_id"] is not None:
            action = tables.TABLES["action"]
            return bool(self.connection.execute(select(action.c.exempt).where(action.c.id == row["action_id"])).scalar())
        return False

    def item_exempt(self, kind: str, item: uuid.UUID) -> bool:
        table = {AnnotatedKind.REQUIREMENT.value: "requirement", AnnotatedKind.ACTION.value: "action"}.get(kind)
        return table is not None and self.row_exempt(table, item)


    def revised_exempt(self, kind: str, item: uuid.UUID) -> bool:
        """Whether the item a revision records is exempt (a milestone: with its action)."""
        return kind in ("requirement", "action", "milestone") and self.row_exempt(kind, item)


def _new_values(operation: str, payload: dict[str, Any]) -> dict[str, Any]:
    if operation == "insert":
        return payload
    if operation == "update":
        return {column: pair[1] for column, pair in payload.items() if isinstance(pair, list) and len(pair) == 2}
    return {}


def _actor_name(actor: str) -> str:
    """The name in an outbox actor: ``Name`` or the window's ``Name (role)``."""
    for role in Role:
        suffix = f" ({role.value})"
        if actor.endswith(suffix):
            return actor.removesuffix(suffix).strip()
    return actor.strip()


def _what(table: str, operation: str, columns: frozenset[str]) -> str:
    if table == "action" and operation == "update" and columns <= change_rights.ACTION_STATUS_COLUMNS:
        return "a change of an action's status"
    noun = table.replace("_", " ")
    return {"insert": f"a new {noun}", "update": f"a change to a {noun}", "delete": f"deleting a {noun}"}.get(
        operation, f"a change to the {noun} links"
    )
