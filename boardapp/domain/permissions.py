"""Who may do what: the board's editing rule, in one place below the window.

The store refuses what this forbids, and the window disables the control and shows
:func:`why_not` as its tooltip. (A board server enforces the same rule in the database
itself; this copy is for a laptop working alone.)
"""

from __future__ import annotations

from enum import StrEnum

from boardapp.domain.terms import Role


class Permission(StrEnum):
    ANNOTATE = "annotate"
    ANSWER_NOTES = "answer notes"
    EDIT_READINGS = "edit readings"
    EDIT_TARGETS = "edit targets"
    EDIT_ACTIONS = "edit action status and RAG"
    EDIT_PLAN = "add and change the plan's actions"
    EDIT_REQUIREMENTS = "edit requirement status"
    EDIT_MEETINGS = "write a meeting's conclusion and asks"
    SEE_EXEMPT = "see exempt items"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.SECRETARIAT: frozenset(Permission),
    Role.CHAIR: frozenset({Permission.ANNOTATE, Permission.ANSWER_NOTES, Permission.SEE_EXEMPT}),
    Role.MEMBER: frozenset({Permission.ANNOTATE, Permission.SEE_EXEMPT}),
    Role.OBSERVER: frozenset(),
}

_WHO = {
    Permission.ANNOTATE: "board members, the chair and the secretariat",
    Permission.ANSWER_NOTES: "the chair and the secretariat",
    Permission.EDIT_READINGS: "the secretariat",
    Permission.EDIT_TARGETS: "the secretariat",
    Permission.EDIT_ACTIONS: "the secretariat",
    Permission.EDIT_PLAN: "the secretariat",
    Permission.EDIT_REQUIREMENTS: "the secretariat",
    Permission.EDIT_MEETINGS: "the secretariat",
    Permission.SEE_EXEMPT: "board members",
}


class NotAllowed(PermissionError):
    """A change the person's role does not allow; ``str()`` says who may make it."""


def allows(role: Role, permission: Permission) -> bool:
    return permission in _GRANTS[role]


def why_not(role: Role, permission: Permission) -> str:
    """Empty when allowed; otherwise a sentence for a disabled control's tooltip."""
    if allows(role, permission):
        return ""
    return f"Only {_WHO[permission]} can {permission.value}; you are signed in as {role.value}."


def require(role: Role, permission: Permission) -> None:
    if not allows(role, permission):
        raise NotAllowed(why_not(role, permission))


class Identity:
    """The person using this copy: a name and a role, asked for on first run."""

    __slots__ = ("name", "role")

    def __init__(self, name: str, role: Role) -> None:
        if not name.strip():
            raise ValueError("a name is needed")
        self.name = name.strip()
        self.role = role

    def allows(self, permission: Permission) -> bool:
        return allows(self.role, permission)

    def require(self, permission: Permission) -> None:
        require(self.role, permission)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role.value})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Identity) and (self.name, self.role) == (other.name, other.role)

    def __hash__(self) -> int:
        return hash((self.name, self.role))

    def __repr__(self) -> str:
        return f"Identity({self.name!r}, {self.role!r})"
