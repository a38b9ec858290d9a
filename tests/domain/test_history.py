"""An item as at a day, from its state now and its dated revisions (domain/history.py)."""

from datetime import date

from boardapp.domain.history import Change, as_at, between
from boardapp.domain.terms import RevisionKind, TrackedKind

MAY, NOV = date(2011, 5, 20), date(2011, 11, 1)


def _change(day, kind=RevisionKind.CHANGED, **fields):
    return Change(TrackedKind.REQUIREMENT, "r1", day, {k: tuple(v) for k, v in fields.items()}, kind)


def test_revisions_after_the_day_are_undone_newest_first():
    now = {"status": "met", "evidence": "Nov text"}
    changes = [_change(NOV, evidence=("May text", "Nov text")),
               _change(MAY, status=("not_assessed", "met"), evidence=("", "May text"))]
    assert as_at(now, changes, date(2011, 5, 19)) == {"status": "not_assessed", "evidence": ""}
    assert as_at(now, changes, MAY) == {"status": "met", "evidence": "May text"}
    assert as_at(now, changes, date(2011, 10, 31)) == {"status": "met", "evidence": "May text"}
    assert as_at(now, changes, NOV) == now


def test_an_item_created_after_the_day_did_not_exist():
    assert as_at({"status": "open"}, [_change(NOV, RevisionKind.CREATED)], MAY) is None
    assert as_at({"status": "open"}, [_change(NOV, RevisionKind.CREATED)], NOV) == {"status": "open"}


def test_between_takes_what_came_after_the_first_day_up_to_the_second():
    changes = [_change(MAY, status=("a", "b")), _change(NOV, status=("b", "c"))]
    assert between(changes, MAY, NOV) == [changes[1]]
    assert between(changes, date(2011, 5, 19), NOV) == changes


def test_a_revision_in_words():
    from boardapp.domain.history_words import change_words

    change = Change(TrackedKind.ACTION, "a1", NOV, {"rag": ("amber", "green"), "status": ("in_progress", "complete"),
                                                     "due_on": ("2011-09-30", "2011-12-31")})
    assert change_words(change) == "Status: In progress → Complete; RAG: Amber → Green; Due: 30 Sep 2011 → 31 Dec 2011"
    target = Change(TrackedKind.TARGET, "t1", MAY, {"value": (72.0, 80.0)})
    assert change_words(target, "{:g}%".format) == "Target: 72% → 80%"
    assert change_words(Change(TrackedKind.PLAN, "p", MAY, {}, RevisionKind.CREATED)) == "Added"
