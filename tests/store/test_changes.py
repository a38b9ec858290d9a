"""What changed between two dates or meetings (store/changes.py), on the synthetic typical
board with a history made through the store's services: exactly the changes worked
out apart from the app from the revision, reading, reading_revision and annotation
tables (tests/history_changes.py), each with what it is about, from and to, who and why."""

from __future__ import annotations

from datetime import date

import pytest

from boardapp.domain.changes import ItemKind, Section
from boardapp.store import board, changes, history
from boardapp.store.connection import open_database
from tests.history_changes import AUGUST, LATER, SEPTEMBER, expected, lines_of, make_board, rag_moves


@pytest.fixture(scope="module")
def typical(tmp_path_factory):
    path = tmp_path_factory.mktemp("changes") / "typical.sqlite"
    return path, make_board(path)


def between(path, after, until, **options):
    with open_database(path, read_only=True) as db, db.session() as session:
        return changes.changes_between(session, after, until, **options)


def by_source(found):
    return {line.source: line for line in found.lines if line.source is not None}


WINDOWS = [(AUGUST, SEPTEMBER), (date(2025, 1, 1), SEPTEMBER), (SEPTEMBER, history.today()), (LATER, date(2030, 1, 1))]


@pytest.mark.parametrize("include_exempt", [True, False], ids=["board", "observer"])
@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w[0]}..{w[1]}")
def test_for_any_two_dates_exactly_the_changes_the_tables_hold(typical, window, include_exempt):
    path, _made = typical
    after, until = window
    found = between(path, after, until, include_exempt=include_exempt)
    assert lines_of(found) == (expected(path, after, until, include_exempt=include_exempt)
                               + rag_moves(path, after, until, include_exempt=include_exempt))
    if after.year == 2025:
        assert found.counts()[Section.RAG] >= 5 and found.counts()[Section.TARGETS] >= 40


def test_between_two_meetings_each_line_says_what_who_and_why(typical):
    path, made = typical
    found = between(path, AUGUST, SEPTEMBER)
    assert (found.after, found.until) == (AUGUST, SEPTEMBER)
    assert lines_of(found) == expected(path, AUGUST, SEPTEMBER) + rag_moves(path, AUGUST, SEPTEMBER)
    counts = found.counts()
    for section in (Section.ACTIONS_COMPLETED, Section.ACTIONS_STARTED, Section.ACTIONS_SLIPPED,
                    Section.ACTIONS_OVERDUE, Section.TARGETS, Section.JUDGEMENTS, Section.NEW_READINGS,
                    Section.REVISED_READINGS, Section.OTHER):
        assert counts.get(section), section
    # Each line says what it is about, so the window can go to it.
    about = {line.about.uuid: line for line in found.lines}
    completed = about[made.completed]
    assert completed.section is Section.ACTIONS_COMPLETED and completed.about.kind is ItemKind.ACTION
    assert completed.about.label.startswith("Action A") and completed.about.key == completed.about.label[7:]
    assert (completed.on, completed.before, completed.after) == (date(2026, 9, 1), "In progress", "Complete")
    assert completed.why == "signed off at the August board" and completed.who == "Sam Secretariat (secretariat)"
    assert "Status: In progress → Complete" in completed.what and "RAG:" in completed.what
    assert about[made.started].section is Section.ACTIONS_STARTED
    slipped = [line for line in found.lines if line.about.uuid == made.slipped]
    assert [(s.section, s.after, s.why) for s in slipped] == [
        (Section.ACTIONS_SLIPPED, "31 Dec 2026", "waiting for the new case system")]  # and no longer overdue
    [overdue] = [line for line in found.lines if line.about.uuid == made.now_overdue]
    assert (overdue.section, overdue.on, overdue.after) == (Section.ACTIONS_OVERDUE, date(2026, 9, 2), "Overdue")
    assert about[made.rag_only].section is Section.OTHER and about[made.rag_only].what.startswith("RAG: ")
    assert about[made.rag_only].what.endswith("→ Red") and about[made.rag_only].why == "slower than planned"
    [target] = [line for line in found.lines if line.item == made.target]
    assert target.about.kind is ItemKind.INDICATOR and target.about.key == "SYN 001"
    assert target.about.label == "SYN 001 target for 2026/27" and target.after == "88%"
    assert (target.section, target.why) == (Section.TARGETS, "agreed with DfE")
    judged = about[made.judged]
    assert judged.section is Section.JUDGEMENTS and judged.why == "evidence accepted by the board"
    assert judged.about.kind is ItemKind.REQUIREMENT and judged.about.label == "Requirement 1"
    assert made.judged_later not in about  # its revision takes effect in November
    exempt = about[made.exempt_action]
    assert exempt.exempt and exempt.section is Section.ACTIONS_COMPLETED


def test_an_observer_sees_no_exempt_item(typical):
    path, made = typical
    found = between(path, AUGUST, SEPTEMBER, include_exempt=False)
    assert lines_of(found) == (expected(path, AUGUST, SEPTEMBER, include_exempt=False)
                               + rag_moves(path, AUGUST, SEPTEMBER, include_exempt=False))
    assert made.exempt_action not in {line.about.uuid for line in found.lines}
    assert not any(line.exempt for line in found.lines)
    later = between(path, LATER, history.today(), include_exempt=False)
    assert made.exempt_note not in {line.about.uuid for line in later.lines}


def test_any_two_dates_readings_and_notes_made_today(typical):
    path, made = typical
    today = history.today()
    if today <= date(2026, 11, 10):
        pytest.skip("this machine's clock is before the history this test makes")
    found = between(path, LATER, today)
    assert lines_of(found) == expected(path, LATER, today) + rag_moves(path, LATER, today)
    notes = {(line.section, line.about.uuid): line for line in found.lines if line.about.kind is ItemKind.NOTE}
    assert notes[(Section.NOTES_ANSWERED, made.answered_note)].why == "The service will report in October."
    assert notes[(Section.NOTES_ANSWERED, made.answered_note)].what == "Answered"
    assert (Section.NOTES_CLOSED, made.closed_note) in notes
    opened = notes[(Section.NOTES_OPENED, made.new_note)]
    assert opened.about.label == "Question on Requirement 1" and opened.what == "Why did this change?"
    assert opened.who == "Mo Member"
    assert notes[(Section.NOTES_OPENED, made.exempt_note)].exempt
    new = {line.about.label: line for line in found.lines if line.section is Section.NEW_READINGS}
    assert len(new) == 41  # September's 40 known on 20 October, and ours
    assert (new["SYN 003 · October 2026"].on, new["SYN 003 · October 2026"].after) == (date(2026, 11, 10), "55.0%")
    [revised] = [line for line in found.lines if line.section is Section.REVISED_READINGS and line.on == today]
    assert revised.about.label == "SYN 002 · August 2026" and revised.why == "corrected by the service"
    assert revised.what.startswith("Value: ") and revised.what.endswith("→ 61.0%")
    assert revised.about.kind is ItemKind.INDICATOR and revised.about.key == "SYN 002"
    judged = [line for line in found.lines if line.about.uuid == made.judged_later]
    assert [(j.section, j.on, j.why) for j in judged] == [(Section.JUDGEMENTS, date(2026, 11, 2), "the audit came back")]


def test_the_dates_given_either_way_round_and_an_empty_window(typical):
    path, _made = typical
    assert lines_of(between(path, SEPTEMBER, AUGUST)) == lines_of(between(path, AUGUST, SEPTEMBER))
    assert between(path, SEPTEMBER, SEPTEMBER).empty


def test_since_the_last_board_counts_from_the_board_before_the_date(typical):
    path, _made = typical
    with open_database(path, read_only=True) as db, db.session() as session:
        meetings = board.meetings(session)
        assert changes.last_board_before(meetings, SEPTEMBER).as_at == AUGUST  # not the meeting of that day
        assert changes.last_board_before(meetings, date(2026, 9, 16)).as_at == SEPTEMBER
        assert changes.last_board_before(meetings, date(2020, 1, 1)) is None
        since, found = changes.since_last_board(session, SEPTEMBER)
    assert since.as_at == AUGUST
    assert lines_of(found) == lines_of(between(path, AUGUST, SEPTEMBER))
