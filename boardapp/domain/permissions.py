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
    EDIT_MEMBERS = "add members and set their roles, passphrases and keys"
    SEE_EXEMPT = "see exempt items"
    EXPORT = "export or print the board's data"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.SECRETARIAT: frozenset(Permission),
    Role.CHAIR: frozenset({Permission.ANNOTATE, Permission.ANSWER_NOTES, Permission.SEE_EXEMPT, Permission.EXPORT}),
    Role.MEMBER: frozenset({Permission.ANNOTATE, Permission.SEE_EXEMPT, Permission.EXPORT}),
    # An observer exports too, but only what an observer may read (exchange/pack/audience.py).
    Role.OBSERVER: frozenset({Permission.EXPORT}),
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
    Permission.EDIT_MEMBERS: "the secretariat",
    Permission.SEE_EXEMPT: "board members",
    Permission.EXPORT: "everyone on the board",
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
    """The person acting: a name, a role, and how this copy knows it is them.

    ``how`` is empty for a name and role merely claimed; the store gives an identity a
    ``how`` only when it was established (store/identity.py: the board server's login,
    the member's passphrase, or a new board's first user). :meth:`require` refuses a
    claimed identity whatever its role, so no client acts on a claim alone;
    :meth:`allows` answers for the role (a window greys its controls with it).
    """

    __slots__ = ("how", "name", "role")

    def __init__(self, name: str, role: Role, how: str = "") -> None:
        if not name.strip():
            raise ValueError("a name is needed")
        self.name = name.strip()
        self.role = role
        self.how = how

    @property
    def established(self) -> bool:
        return bool(self.how)

    def allows(self, permission: Permission) -> bool:
        return allows(self.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.established:
            raise NotAllowed(
                f"{self.name} has not signed in on this copy: sign in with your passphrase or your board "
                "server login (File > Who am I, or `boardapp sign-in`) before changing or exporting anything."
            )
        require(self.role, permission)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role.value})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Identity) and (self.name, self.role) == (other.name, other.role)

    def __hash__(self) -> int:
        return hash((self.name, self.role))

    def __repr__(self) -> str:
        return f"Identity({self.name!r}, {self.role!r}{', ' + repr(self.how) if self.how else ''})"
