"""The sections of "what changed" and the section each revision falls into (domain/changes.py)."""

from __future__ import annotations

import uuid
from datetime import date

from boardapp.domain.changes import (
    ChangeLine,
    ChangeList,
    ItemKind,
    ItemRef,
    Section,
    in_window,
    natural,
    overdue,
    section_of,
)
from boardapp.domain.history import Change
from boardapp.domain.terms import RevisionKind, TrackedKind

DAY = date(2026, 9, 1)


def change(kind: TrackedKind, revision: RevisionKind = RevisionKind.CHANGED, **fields) -> Change:
    return Change(kind, uuid.uuid4(), DAY, {k: tuple(v) for k, v in fields.items()}, revision)


def test_an_actions_revision_is_completed_then_started_then_slipped_else_other():
    action = TrackedKind.ACTION
    assert section_of(change(action, status=("in_progress", "complete"), rag=("amber", "green"),
                             due_on=("2026-09-01", "2026-12-31"))) is Section.ACTIONS_COMPLETED
    assert section_of(change(action, status=("not_started", "in_progress"),
                             due_on=("2026-09-01", "2026-12-31"))) is Section.ACTIONS_STARTED
    assert section_of(change(action, status=("not_assessed", "in_progress"))) is Section.ACTIONS_STARTED
    assert section_of(change(action, due_on=("2026-09-01", "2026-12-31"))) is Section.ACTIONS_SLIPPED
    assert section_of(change(action, due_on=("2026-12-31", "2026-09-01"))) is Section.OTHER  # brought forward
    assert section_of(change(action, due_on=(None, "2026-09-01"))) is Section.OTHER
    assert section_of(change(action, status=("overdue", "in_progress"))) is Section.OTHER
    assert section_of(change(action, rag=("amber", "red"))) is Section.OTHER
    assert section_of(change(action, RevisionKind.CREATED)) is Section.OTHER


def test_judgements_targets_and_recommendations():
    assert section_of(change(TrackedKind.REQUIREMENT, status=("not_met", "met"))) is Section.JUDGEMENTS
    assert section_of(change(TrackedKind.REQUIREMENT, evidence=("a", "b"))) is Section.OTHER
    assert section_of(change(TrackedKind.TARGET, value=(80, 85))) is Section.TARGETS
    assert section_of(change(TrackedKind.TARGET, RevisionKind.CREATED)) is Section.TARGETS
    assert section_of(change(TrackedKind.RECOMMENDATION, status=("open", "complete"))) is Section.RECOMMENDATIONS_CLOSED
    assert section_of(change(TrackedKind.RECOMMENDATION, status=("open", "in_progress"))) is Section.OTHER
    assert section_of(change(TrackedKind.INDICATOR, tolerance=(1, 2))) is Section.OTHER


def test_overdue_is_past_its_due_date_and_not_complete_on_the_day():
    assert overdue({"due_on": "2026-09-01", "status": "in_progress"}, date(2026, 9, 2))
    assert not overdue({"due_on": "2026-09-01", "status": "in_progress"}, date(2026, 9, 1))
    assert not overdue({"due_on": "2026-09-01", "status": "complete"}, date(2026, 10, 1))
    assert not overdue({"due_on": None, "status": "in_progress"}, date(2026, 10, 1))
    assert not overdue(None, date(2026, 10, 1))


def test_the_window_is_after_the_first_day_up_to_and_including_the_second():
    assert not in_window(date(2026, 8, 15), date(2026, 8, 15), date(2026, 9, 15))
    assert in_window(date(2026, 8, 16), date(2026, 8, 15), date(2026, 9, 15))
    assert in_window(date(2026, 9, 15), date(2026, 8, 15), date(2026, 9, 15))
    assert not in_window(None, date(2026, 8, 15), date(2026, 9, 15))


def test_sections_come_in_a_fixed_order_and_lines_by_day_then_label():
    def line(section, day, label):
        return ChangeLine(section, ItemRef(ItemKind.ACTION, uuid.uuid4(), label, label), day, "changed")

    listed = ChangeList(date(2026, 8, 15), date(2026, 9, 15), (
        line(Section.NOTES_OPENED, date(2026, 9, 1), "Question on Action A1"),
        line(Section.ACTIONS_COMPLETED, date(2026, 9, 2), "Action A10"),
        line(Section.ACTIONS_COMPLETED, date(2026, 9, 2), "Action A9"),
        line(Section.ACTIONS_COMPLETED, date(2026, 8, 20), "Action A11"),
        line(Section.JUDGEMENTS, date(2026, 9, 3), "Requirement 2"),
    ))
    assert [s.section for s in listed.sections] == [Section.JUDGEMENTS, Section.ACTIONS_COMPLETED,
                                                    Section.NOTES_OPENED]
    assert [x.about.label for x in listed.sections[1].lines] == ["Action A11", "Action A9", "Action A10"]
    assert listed.counts() == {Section.JUDGEMENTS: 1, Section.ACTIONS_COMPLETED: 3, Section.NOTES_OPENED: 1}
    assert listed.count == 5 and not listed.empty
    assert listed.sections[1].title == "Actions completed"
    assert sorted(["NI 117", "NI 59", "CASELOAD"], key=natural) == ["CASELOAD", "NI 59", "NI 117"]
