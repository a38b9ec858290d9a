"""Exempt items for the tests that check no observer can write one to a file: a copy of
the demo with an exempt requirement, an exempt action and an exempt note (and a note
on the exempt action), and every text a file could give them away by."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from boardapp.domain.terms import AnnotatedKind, AnnotationKind, Role
from boardapp.store import annotations
from boardapp.store.connection import open_database
from boardapp.store.models import Action, Requirement
from tests.people import person_at

EXEMPT_NOTE = "Private: the named social worker's caseload"
NOTE_ON_EXEMPT_ACTION = "Who owns this exempt action now?"


@dataclass(frozen=True)
class Exempt:
    requirement_ref: str
    requirement_title: str
    action_ref: str
    action_title: str

    @property
    def giveaways(self) -> tuple[str, ...]:
        """Texts that appear in a file only if an exempt item is in it (the requirement's
        ref alone, "2", is in many cells, so its title stands for it)."""
        return (self.requirement_title, self.action_title, EXEMPT_NOTE, NOTE_ON_EXEMPT_ACTION, "[EXEMPT]")


def make_exempt(path: Path, requirement_ref: str = "2") -> Exempt:
    """Mark requirement ``requirement_ref`` and the plan's first action exempt, and add the
    notes (by a member, through the store's services)."""
    member = person_at(path, "Ann Member", Role.MEMBER)
    with open_database(path) as database, database.session("test") as session:
        requirement = session.scalars(select(Requirement).where(Requirement.ref == requirement_ref)).one()
        requirement.exempt = True
        action = session.scalars(select(Action).order_by(Action.id)).first()
        action.exempt = True
        found = Exempt(requirement.ref, requirement.title, action.ref, action.title)
        ni59 = session.scalars(select(Requirement).where(Requirement.ref == "1")).one()
        annotations.add_note(session, member, AnnotatedKind.REQUIREMENT, ni59.uuid, AnnotationKind.CHALLENGE,
                             EXEMPT_NOTE, exempt=True)
        annotations.add_note(session, member, AnnotatedKind.ACTION, action.uuid, AnnotationKind.QUESTION,
                             NOTE_ON_EXEMPT_ACTION)
    return found


def cell_texts(path: Path) -> list[str]:
    """Every cell of every sheet of an .xlsx file as text, read by openpyxl and by calamine,
    and the document's properties."""
    texts = []
    book = load_workbook(path)
    for ws in book.worksheets:
        texts += [str(cell) for row in ws.iter_rows(values_only=True) for cell in row if cell is not None]
    props = book.properties
    texts += [str(v) for v in (props.title, props.subject, props.description, props.keywords) if v]
    calamine = CalamineWorkbook.from_path(str(path))
    for name in calamine.sheet_names:
        texts += [str(cell) for row in calamine.get_sheet_by_name(name).to_python() for cell in row if cell != ""]
    return texts


def leaks(path: Path, exempt: Exempt) -> set[str]:
    """The giveaways found anywhere in the file (empty when it holds no exempt item)."""
    texts = cell_texts(path)
    found = {word for word in exempt.giveaways if any(word in text for text in texts)}
    if any(text.strip() == exempt.action_ref for text in texts):  # the action's ref, a cell of its own
        found.add(exempt.action_ref)
    return found
