"""Choosing a meeting from a drop-down, as the "as at" bar and the changes view's
pickers do: each meeting's label ("Improvement Board · 9 May 2011") with its title as
the tool tip, and choosing a row by the start of its label (for scripts and tests)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from boardapp.domain.terms import MeetingKind
from boardapp.store.board import MeetingRow
from boardapp.ui.words import long_day

MEETING_KINDS = {
    MeetingKind.BOARD: "Improvement Board",
    MeetingKind.DFE_REVIEW: "DfE progress review",
    MeetingKind.EXECUTIVE_BOARD: "Executive Board",
    MeetingKind.SCRUTINY: "Scrutiny Board",
}


def meeting_when(meeting: MeetingRow) -> str:
    return f"{meeting.held_on:%B %Y}" if meeting.month_only else long_day(meeting.held_on)


def meeting_labels(meetings: list[MeetingRow]) -> list[str]:
    """"Improvement Board · 9 May 2011", "DfE progress review · 20 May 2011": the kind
    and the date, one label a meeting and no two alike (the title tells two apart)."""
    labels = []
    for meeting in meetings:
        kind = MEETING_KINDS.get(meeting.kind) or meeting.title.split(":")[0].split(" (")[0].strip()
        planned = " (planned)" if "(planned)" in meeting.title else ""
        labels.append(f"{kind} · {meeting_when(meeting)}{planned}")
    for n, label in enumerate(labels):
        if labels.count(label) > 1:
            title = meetings[n].title.split(" (")[0]
            labels[n] = f"{label} · {title}"
    return labels


def add_meetings(box: QComboBox, meetings: list[MeetingRow]) -> None:
    """A row a meeting after the rows ``box`` has: its label, the meeting as its data,
    its title as its tool tip."""
    for meeting, label in zip(meetings, meeting_labels(meetings), strict=True):
        box.addItem(label, meeting)
        box.setItemData(box.count() - 1, meeting.title, Qt.ItemDataRole.ToolTipRole)


class ChoosesMeetings:
    """For a widget with a ``meetings`` drop-down whose ``_meeting_chosen(index)`` acts on
    the row the person chose: choosing a row as the person would."""

    meetings: QComboBox

    def _meeting_chosen(self, index: int) -> None:
        raise NotImplementedError

    def choose_meeting(self, index: int) -> None:
        self.meetings.setCurrentIndex(index)
        self._meeting_chosen(index)

    def meeting_index(self, label_start: str) -> int:
        """The drop-down's row whose label starts with ``label_start`` (-1: none)."""
        return next((i for i in range(self.meetings.count()) if self.meetings.itemText(i).startswith(label_start)), -1)
