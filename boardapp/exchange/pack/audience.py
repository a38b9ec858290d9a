"""Who a pack is for, and what that decides: the protective marking, exempt items and
whether members are named.

A board pack carries everything, exempt items marked as such; a pack for DfE or the
public leaves out every item marked exempt (requirements, actions, notes, and notes on
withheld items), and its cover says how many were withheld.

A public pack names no member: the challenge log gives each note's author and answerer
by their role on the board ("Chair", "Board member"), unless the board decides
otherwise (``export_pack(..., name_members=True)``, ``--name-members``). Board and DfE
packs name them.

The audiences follow the role (:func:`audiences_for`): a Board pack carries exempt
items, so only those who may read them (``Permission.SEE_EXEMPT``) may make one; an
observer chooses among DfE and public, and :func:`check_audience`, called by
``export_pack``, refuses any other choice with words, whichever client asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from enum import StrEnum

from boardapp.domain.permissions import Identity, NotAllowed, Permission, allows
from boardapp.domain.terms import Role
from boardapp.store.annotations import NoteRow

ROLE_WORDS = {Role.CHAIR: "Chair", Role.SECRETARIAT: "Secretariat", Role.MEMBER: "Board member",
              Role.OBSERVER: "Observer"}
NOT_A_MEMBER = "Not named (not a board member)"


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

    @property
    def names_members(self) -> bool:
        """Whether a pack for this audience names members unless told otherwise."""
        return self is not Audience.PUBLIC


def audiences_for(role: Role) -> tuple[Audience, ...]:
    """The audiences someone in ``role`` may export a pack for, in the order a choice
    lists them: without ``SEE_EXEMPT`` (an observer) no Board pack, which carries exempt items."""
    return tuple(a for a in Audience if not a.includes_exempt or allows(role, Permission.SEE_EXEMPT))


def check_audience(who: Identity, audience: Audience | str) -> Audience:
    """The audience, if ``who`` may export a pack for it; :class:`NotAllowed`, saying why
    and what they may choose, if not (and for an identity not established on this copy)."""
    who.require(Permission.EXPORT)
    chosen = Audience(audience)
    allowed = audiences_for(who.role)
    if chosen not in allowed:
        raise NotAllowed(
            f"{who.label} may not export a {chosen.label} pack: it carries the exempt items, which only board "
            f"members, the chair and the secretariat may read; choose a "
            f"{' or '.join(a.label for a in allowed)} pack (exempt items left out)"
        )
    return chosen


def unnamed(notes: Iterable[NoteRow], roles: Mapping[str, Role]) -> tuple[NoteRow, ...]:
    """The notes with each author and answerer given by their role on the board (a name
    that is no member's is not given either)."""

    def role(name: str) -> str:
        if not name:
            return ""
        found = roles.get(name)
        return ROLE_WORDS[found] if found is not None else NOT_A_MEMBER

    return tuple(replace(note, author=role(note.author), answered_by=role(note.answered_by)) for note in notes)


def role_of(who: str, roles: Mapping[str, Role]) -> str:
    """``who`` (a member's name, or "Name (role)" as a revision names the person who
    made it) given by their role on the board; "" for nobody."""
    if not who:
        return ""
    found = roles.get(who)
    if found is None and who.endswith(")") and " (" in who:
        found = roles.get(who.rsplit(" (", 1)[0])
    return ROLE_WORDS[found] if found is not None else NOT_A_MEMBER


class PackError(Exception):
    """A pack that cannot be written as asked; ``str()`` says why, for the person who asked."""


class PackCancelled(Exception):
    """Raise this from a progress callback to stop an export (any exception does)."""
