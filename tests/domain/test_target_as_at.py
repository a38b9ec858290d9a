"""A target as at a day: its revisions after the day undone, the judgement made against
the target as it then stood, and its history in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boardapp.domain.as_at import target_as_at, view_as_at
from boardapp.domain.evaluation import evaluate_view
from boardapp.domain.model import Target
from boardapp.domain.target_history import change_line, history_lines
from boardapp.domain.terms import RagStatus, TargetBasis
from tests.domain.builders import data, indicator, reading, target
from tests.domain.builders import target_change as change


def revised() -> Target:
    """NI 59's target for October 2010: 72% until 1 Nov 2010, 80% from then."""
    return replace(target("2010-10", 80.0, known=date(2010, 3, 1)),
                   revisions=(change(date(2010, 11, 1), "revised by the board", value=(72.0, 80.0)),))


def test_before_the_change_the_target_is_its_old_value_and_after_it_the_new():
    then = target_as_at(revised(), date(2010, 10, 31))
    now = target_as_at(revised(), date(2010, 11, 1))
    assert (then.value, then.revisions) == (72.0, ())
    assert now.value == 80.0 and len(now.revisions) == 1
    assert target_as_at(revised(), date(2010, 2, 28)) is None  # not yet set: its known-on day says so


def test_several_changes_are_undone_newest_first_and_every_field_comes_back():
    t = replace(
        target("2011-03", 80.0, basis=TargetBasis.PERIOD, set_by="the improvement plan"),
        revisions=(
            change(date(2011, 1, 10), value=(70.0, 75.0)),
            change(date(2011, 2, 10), value=(75.0, 80.0), period=("2011-02", "2011-03"),
                   basis=("cumulative", "period"), set_by=("the notice", "the improvement plan")),
        ),
    )
    first = target_as_at(t, date(2011, 1, 9))
    assert (first.value, first.basis, first.period.code, first.set_by) == (70.0, TargetBasis.CUMULATIVE, "2011-02",
                                                                         "the notice")
    middle = target_as_at(t, date(2011, 1, 31))
    assert (middle.value, middle.basis, len(middle.revisions)) == (75.0, TargetBasis.CUMULATIVE, 1)
    assert target_as_at(t, date(2011, 2, 10)) is t


def test_the_view_judges_against_the_target_as_it_stood():
    """78% in October 2010 misses 80% (red: no band) but met the 72% it was before."""
    d = data(indicator(), readings=[reading("2010-10", 78.0)], targets=[revised()])
    assert [t.value for t in view_as_at(d, date(2010, 10, 31)).targets] == [72.0]
    [old] = evaluate_view(view_as_at(d, date(2010, 10, 31)), {})
    [new] = evaluate_view(view_as_at(d, date(2010, 11, 30)), {})
    assert (old.target.value, old.status) == (72.0, RagStatus.GREEN)
    assert (new.target.value, new.status) == (80.0, RagStatus.RED)


def test_history_in_words_says_the_new_and_old_value_when_who_and_why():
    percent = "{:g}%".format
    assert change_line(revised().revisions[0], percent) == (
        "80% from 1 Nov 2010, was 72%: revised by the board — Sam Secretariat (secretariat)")
    t = replace(revised(), revisions=(*revised().revisions, change(date(2011, 2, 1), by="", note=("", "agreed"))))
    assert history_lines(t, percent) == [
        "Note: none → agreed from 1 Feb 2011",
        "80% from 1 Nov 2010, was 72%: revised by the board — Sam Secretariat (secretariat)",
    ]


def test_history_is_no_part_of_what_a_target_is():
    """A target with its history is the same target: it keys the chart's spans and the
    judgement's maps as before."""
    plain = target("2010-10", 80.0, known=date(2010, 3, 1))
    assert revised() == plain and hash(revised()) == hash(plain)
