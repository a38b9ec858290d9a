"""Which permission a change to each table needs: one table for every path that checks a
change after the fact (a change file's records on import; the board server's grants say
the same in SQL: store/sync/server_schema.py).

The store's services check the same permissions as they make a change (store/edits.py,
store/annotations.py...); this says it by table and column, for a change that arrives
as rows rather than as a call.
"""

from __future__ import annotations

import json

from boardapp.domain.permissions import Permission

# Every change of these tables needs this permission (inserts, updates, deletes).
WRITES: dict[str, Permission] = {
    "reading": Permission.EDIT_READINGS,
    "reading_revision": Permission.EDIT_READINGS,
    "comparator": Permission.EDIT_READINGS,
    "indicator": Permission.EDIT_READINGS,
    "target": Permission.EDIT_TARGETS,
    "threshold": Permission.EDIT_TARGETS,
    "requirement": Permission.EDIT_REQUIREMENTS,
    "notice": Permission.EDIT_REQUIREMENTS,
    "action": Permission.EDIT_PLAN,
    "milestone": Permission.EDIT_PLAN,
    "plan": Permission.EDIT_PLAN,
    "priority": Permission.EDIT_PLAN,
    "focus_area": Permission.EDIT_PLAN,
    "inspection": Permission.EDIT_PLAN,
    "judgement": Permission.EDIT_PLAN,
    "recommendation": Permission.EDIT_PLAN,
    "action_requirement": Permission.EDIT_PLAN,
    "action_indicator": Permission.EDIT_PLAN,
    "action_recommendation": Permission.EDIT_PLAN,
    "requirement_indicator": Permission.EDIT_PLAN,
    "meeting": Permission.EDIT_MEETINGS,
    "member": Permission.EDIT_MEMBERS,
}

# An update of only these columns of an action is a status change (store/edits.py).
ACTION_STATUS_COLUMNS = frozenset({"status", "rag", "updated_at"})
# The columns of a note that answering, closing and reopening change (store/annotations.py:
# the answer, who gave it, when, and the meeting it was answered at); nobody edits a
# note's text or author once written.
NOTE_ANSWER_COLUMNS = frozenset(
    {"answer", "answered_by", "answered_at", "answered_meeting_id", "status", "updated_at"}
)
# Settling a conflict (store/sync/service.py resolve_conflict); the board server lets only
# the secretariat write these.
CONFLICT_RESOLVE_COLUMNS = frozenset({"resolved", "resolution", "resolved_by", "resolved_at", "updated_at"})


# A revision (store/models/history.py) records a change of an item whose kind is named by
# its ``item_kind``: the table the item is in.
REVISED_TABLES = ("action", "milestone", "plan", "recommendation", "requirement", "target", "indicator")


class NobodyMay(ValueError):
    """A change no role may make (a note's text edited after it was written...); ``str()`` says what."""


def needed(table: str, operation: str, columns: frozenset[str] = frozenset()) -> Permission:
    """The permission a change of ``table`` needs: ``operation`` is insert, update, delete
    or replace (a link set); ``columns`` the columns an update changes. Raises
    :class:`NobodyMay` for a change no role may make, and for a table not listed."""
    if table == "annotation":
        if operation == "insert":
            return Permission.ANNOTATE
        if operation == "update" and columns <= NOTE_ANSWER_COLUMNS:
            return Permission.ANSWER_NOTES
        if operation == "update":
            changed = ", ".join(sorted(columns - NOTE_ANSWER_COLUMNS))
            raise NobodyMay(f"a note's {changed} cannot be changed once written (only answered, closed or reopened)")
        raise NobodyMay("a note cannot be deleted")
    if table == "sync_conflict":
        if operation == "insert":
            return Permission.ANSWER_NOTES  # recorded by the chair's or the secretariat's copy as it syncs
        if operation == "update" and columns <= CONFLICT_RESOLVE_COLUMNS:
            return Permission.EDIT_ACTIONS  # settled by the secretariat
        raise NobodyMay("a recorded conflict can only be settled, not changed or deleted")
    if table == "revision":
        if operation == "insert":
            raise NobodyMay("what a new revision needs depends on its item: ask revision_needed()")
        raise NobodyMay("a revision cannot be changed or deleted once written (history is append-only)")
    if table == "action" and operation == "update" and columns and columns <= ACTION_STATUS_COLUMNS:
        return Permission.EDIT_ACTIONS
    if table in WRITES:
        return WRITES[table]
    raise NobodyMay(f"the {table} table is not changed by change files")


def revision_needed(item_kind: str, revision_kind: str, fields: frozenset[str] = frozenset()) -> Permission:
    """The permission writing a revision needs: what the change it records needs, a
    ``created`` one an insert of its item, a ``changed`` one an update of ``fields``
    (an action's status and RAG alone: the status right; anything else of it: the plan's)."""
    if item_kind not in REVISED_TABLES:
        raise NobodyMay(f"a revision of {item_kind or 'nothing'}: no such kind of item keeps a history")
    return needed(item_kind, "insert" if revision_kind == "created" else "update", fields)


def revised_fields(changes: object) -> frozenset[str]:
    """The fields a revision's ``changes`` (JSON text ``{field: [old, new]}``) names."""
    try:
        found = json.loads(changes) if isinstance(changes, str) and changes else {}
    except ValueError:
        return frozenset()
    return frozenset(found) if isinstance(found, dict) else frozenset()
