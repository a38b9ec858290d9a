"""The covering report's text kept with each meeting: the conclusion and what is asked
(of DfE, or of the board), which the secretariat writes for the meeting's pack and the
pack prints as written.

:func:`set_text` refuses a role without ``Permission.EDIT_MEETINGS`` (only the
secretariat; the board server's grants say the same: only the secretariat's group may
write the meeting table) with the sentence the window shows, and checks the text
before it writes. The change goes through the ORM, so the audit log (store/audit.py)
and the board server's outbox (store/outbox.py) record it in the same flush, and the
next sync carries it to the server and every other copy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from boardapp.domain.permissions import Identity, Permission
from boardapp.store.edits import EditError
from boardapp.store.models import Meeting

# An Excel cell holds 32,767 characters; the pack writes each text whole in one cell.
MAX_TEXT = 32_000
FIELDS = {"conclusion": "Conclusion", "asks": "Asks"}


class MeetingTextError(EditError):
    """Text that cannot be kept as given; ``str()`` names the field and says why."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{FIELDS.get(field_name, field_name)}: {message}")
        self.field = field_name


@dataclass(frozen=True)
class MeetingText:
    """What the covering report says for one meeting ("" where nothing is written yet)."""

    conclusion: str = ""
    asks: str = ""


def text_of(session: Session, meeting_uuid: uuid.UUID) -> MeetingText:
    """The meeting's text as it stands now (what the dialog starts from)."""
    meeting = _meeting(session, meeting_uuid)
    return MeetingText(meeting.conclusion or "", meeting.asks or "")


def check_text(who: Identity, text: MeetingText) -> MeetingText:
    """Refuse (``NotAllowed``, :class:`MeetingTextError`) what :func:`set_text` would,
    writing nothing; returns the text as it would be kept."""
    who.require(Permission.EDIT_MEETINGS)
    return MeetingText(*(_clean(name, getattr(text, name)) for name in FIELDS))


def set_text(session: Session, who: Identity, meeting_uuid: uuid.UUID, text: MeetingText) -> MeetingText:
    """Keep ``text`` as the meeting's conclusion and asks; returns what they were (for undo)."""
    kept = check_text(who, text)
    meeting = _meeting(session, meeting_uuid)
    before = MeetingText(meeting.conclusion or "", meeting.asks or "")
    meeting.conclusion = kept.conclusion
    meeting.asks = kept.asks
    session.flush()
    return before


def _clean(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise MeetingTextError(name, f"text; got {type(value).__name__}")
    # As written, less blank lines and spaces around it, with one kind of line break.
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in value:
        raise MeetingTextError(name, "text without NUL characters (pasted from a binary file?)")
    if len(value) > MAX_TEXT:
        raise MeetingTextError(
            name, f"at most {MAX_TEXT:,} characters, so that the pack holds it whole in one cell; it has {len(value):,}"
        )
    return value


def _meeting(session: Session, meeting_uuid: uuid.UUID) -> Meeting:
    meeting = session.scalars(select(Meeting).where(Meeting.uuid == meeting_uuid)).one_or_none()
    if meeting is None:
        raise EditError("that meeting is not in this database (it may have been removed by a sync)")
    return meeting
