"""The demo file's history entries (docs/demo-data-format.md, "History"): each earlier
state becomes a revision dated the day the state after it was reported, changed by the
report that stated it; a malformed entry is refused by name and nothing is written."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from boardapp.domain.terms import TrackedKind
from boardapp.store import history
from boardapp.store.models import Action, Indicator, Milestone, Recommendation, Requirement, Revision, Target
from tests.store.demo_files import assert_refused, loaded

SMALL = """
[dataset]
name = "small"

[[sources]]
key = "000"
name = "Executive Board report, January 2009"
date = 2009-01-01

[[sources]]
key = "002"
name = "Scrutiny Board update, December 2009"
date = 2009-12-10

[[sources]]
key = "003"
name = "November 2011 update to DfE"
date = 2011-11-01

[[indicators]]
code = "NI 59"
title = "Initial assessments within timescale"
unit = "percent"
polarity = "higher"
frequency = "monthly"
source = "003 ¶NI 59"

[notice]
title = "Notice"
issuer = "DfE"
issued = 2010-03-01
source = "003 ¶2"

[[requirements]]
ref = "1"
kind = "target"
title = "NI 59"
text = "NI 59 - increase initial assessments"
status = "met"
evidence = "November's words"
source = "003 ¶NI 59"
known = 2011-05-20

  [[requirements.history]]
  reported = 2011-05-20
  by = "interim update, May 2011"
  status = "met"
  evidence = "May's words"
  reason = "“November's words”"
  source = "003 ¶NI 59, para 1"

[[targets]]
indicator = "NI 59"
value = 80.0
basis = "period"
period = "2010-10"
known = 2010-03-01
source = "003 ¶NI 59"

  [[targets.history]]
  reported = 2010-03-01
  by = "the notice"
  value = 72.0
  period = "2010-06"
  reason = "raised for October"
  source = "003 ¶NI 59"

[[inspections]]
key = "APA2008"
kind = "APA"
title = "APA 2008"
date = 2008-12-01
source = "000 ¶3"

[[recommendations]]
ref = "APA2008-1"
inspection = "APA2008"
text = "Teenage conceptions"
status = "complete"
source = "002 ¶4"

  [[recommendations.history]]
  reported = 2009-01-01
  by = "Executive Board report, January 2009"
  status = "in_progress"
  reason = "taken forward in the plan"
  source = "000 ¶4.2"

[[plans]]
key = "apa2008"
title = "Response to the APA"
adopted = 2009-01-01
source = "000 ¶5"

  [[plans.priorities]]
  ref = "P1"
  title = "Be Healthy"
  source = "000 ¶4"

    [[plans.priorities.focus_areas]]
    ref = "P1.1"
    title = "Teenage conception"
    source = "000 ¶4.2"

      [[plans.priorities.focus_areas.actions]]
      ref = "P1.1.a"
      title = "Joint local plans"
      due = 2010-03-31
      status = "complete"
      rag = "green"
      source = "003 ¶X"

        [[plans.priorities.focus_areas.actions.history]]
        reported = 2009-01-01
        by = "Executive Board report, January 2009"
        status = "not_started"
        rag = ""
        due = ""
        reason = "started"
        source = "000 ¶4.2"

        [[plans.priorities.focus_areas.actions.history]]
        reported = 2009-12-10
        by = "Scrutiny Board update, December 2009"
        status = "in_progress"
        rag = "amber"
        reason = "finished"
        source = "002 ¶4.2"

        [[plans.priorities.focus_areas.actions.milestones]]
        title = "Plans agreed"
        due = 2009-06-30
        done = 2009-06-01
        status = "done"
        source = "002 ¶4.2"

          [[plans.priorities.focus_areas.actions.milestones.history]]
          reported = 2009-01-01
          by = "Executive Board report, January 2009"
          status = "open"
          done = ""
          reason = "agreed in June"
          source = "000 ¶4.2"
"""


def _changes(session, model, kind):
    item = session.scalars(select(model.uuid)).one()
    return history.changes_of(session.connection(), kind)[item]


def test_every_kind_of_history_becomes_dated_revisions(tmp_path):
    with loaded(tmp_path, tomllib.loads(SMALL)) as db, db.session() as session:
        [requirement] = _changes(session, Requirement, TrackedKind.REQUIREMENT)
        assert requirement.changes == {"evidence": ("May's words", "November's words")}
        assert (requirement.effective_on, requirement.changed_by, requirement.reason, requirement.source) == (
            date(2011, 11, 1), "November 2011 update to DfE", "“November's words”", "003 ¶NI 59, para 1")
        assert requirement.changed_at == datetime(2011, 11, 1, tzinfo=UTC)

        [target] = _changes(session, Target, TrackedKind.TARGET)
        assert target.changes == {"value": (72.0, 80.0), "period": ("2010-06", "2010-10"),
                                  "period_start": ("2010-06-01", "2010-10-01"),
                                  "period_end": ("2010-06-30", "2010-10-31")}
        assert (target.effective_on, target.changed_by) == (date(2011, 11, 1), "November 2011 update to DfE")

        [recommendation] = _changes(session, Recommendation, TrackedKind.RECOMMENDATION)
        assert recommendation.changes == {"status": ("in_progress", "complete")}
        assert (recommendation.effective_on, recommendation.changed_by) == (
            date(2009, 12, 10), "Scrutiny Board update, December 2009")

        first, second = _changes(session, Action, TrackedKind.ACTION)
        assert first.changes == {"status": ("not_started", "in_progress"), "rag": (None, "amber"),
                                 "due_on": (None, "2010-03-31")}
        assert (first.effective_on, first.changed_by, first.reason) == (
            date(2009, 12, 10), "Scrutiny Board update, December 2009", "started")
        assert second.changes == {"status": ("in_progress", "complete"), "rag": ("amber", "green")}
        assert (second.effective_on, second.changed_by) == (date(2011, 11, 1), "November 2011 update to DfE")

        [milestone] = _changes(session, Milestone, TrackedKind.MILESTONE)
        assert milestone.changes == {"status": ("open", "done"), "done_on": (None, "2009-06-01")}
        assert session.scalars(select(Milestone.done_on)).one() == date(2009, 6, 1)
        assert history.changes_of(session.connection(), TrackedKind.PLAN) == {}

        connection = session.connection()
        then = history.rows_as_at(connection, TrackedKind.ACTION, date(2009, 6, 30))
        assert [(s["status"], s["rag"], s["due_on"]) for s in then.values()] == [("not_started", None, None)]
        then = history.rows_as_at(connection, TrackedKind.ACTION, date(2010, 1, 1))
        assert [(s["status"], s["rag"], s["due_on"]) for s in then.values()] == [("in_progress", "amber", "2010-03-31")]


def _break(path: tuple, key: str, value: object) -> dict:
    """SMALL with one key of one history entry changed (None: removed); ``path`` walks
    from the top: ("requirements", 0, "history", 0)."""
    data = copy.deepcopy(tomllib.loads(SMALL))
    row = data
    for step in path:
        row = row[step]
    if value is None:
        row.pop(key)
    else:
        row[key] = value
    return data


REQ = ("requirements", 0, "history", 0)
ACTION = ("plans", 0, "priorities", 0, "focus_areas", 0, "actions", 0)
REQ_AT = r"\[\[requirements\]\] #1 history #1: "


@pytest.mark.parametrize(
    ("path", "key", "value", "message"),
    [
        (REQ, "status", "done", REQ_AT + r"'status' is 'done'; expected one of met, partly_met, not_met, in_progress"),
        (REQ, "source", None, REQ_AT + "every row must name its source"),
        (REQ, "reason", None, REQ_AT + "'reason' must be text"),
        (REQ, "reason", " ", REQ_AT + "'reason' must say why the state after it replaced it"),
        (REQ, "by", None, REQ_AT + "'by' must be text"),
        (REQ, "by", "x" * 121, REQ_AT + "'by' is 121 characters long; at most 120"),
        (REQ, "reported", None, REQ_AT + "'reported' must be a date such as 2011-08-31"),
        (REQ, "reported", date(2011, 11, 1), REQ_AT + r"'reported' is 2011-11-01, not before the state after it "
                                               r"\(reported 2011-11-01\)"),
        (REQ, "owner", "someone", REQ_AT + "'owner' is not kept in a requirement's history; expected some of status, "
                                  "evidence, exempt"),
        (REQ, "evidence", "November's words", REQ_AT + "nothing in it differs from the state after it"),
        (REQ, "exempt", "no", REQ_AT + "'exempt' must be true or false, found 'no'"),
        (("requirements", 0), "known", date(2011, 11, 1),
         r"\[\[requirements\]\] #1: 'known' is 2011-11-01, but its earliest state was reported on 2011-05-20"),
        (("requirements", 0), "source", "005 ¶1", (r"\[\[requirements\]\] #1: its source '005 ¶1' names no report in "
                                                  r"\[\[sources\]\] \(key '005'\)")),
        (("requirements", 0), "history", {"status": "met"}, (r"\[\[requirements\]\] #1: 'history' must be a list of "
                                                            r"tables")),
        (("sources", 2), "name", None, r"\[\[sources\]\] #3: 'name' must be text"),
        (("targets", 0, "history", 0), "period", "June 2010", r"\[\[targets\]\] #1 history #1: .*June 2010"),
        (("targets", 0, "history", 0), "value", "72", r"\[\[targets\]\] #1 history #1: 'value' must be a number"),
        (ACTION + ("history", 1), "reported", date(2009, 1, 1),
         (r"\[\[plans\]\] #1 priority #1 focus area #1 action #1 history #1: 'reported' is 2009-01-01, not before "
         r"the state after it \(reported 2009-01-01\)")),
        (ACTION + ("history", 0), "rag", "blue", r"action #1 history #1: 'rag' is 'blue'; expected one of red, amber"),
        (ACTION + ("history", 0), "due", "soon", r"action #1 history #1: 'due' must be a date"),
        (ACTION + ("milestones", 0, "history", 0), "status", "late",
         r"action #1 milestone #1 history #1: 'status' is 'late'; expected one of open, done"),
    ],
)
def test_a_malformed_history_entry_is_named_and_nothing_is_written(tmp_path, path, key, value, message):
    assert_refused(tmp_path, _break(path, key, value), message, Indicator, Revision)


def test_an_entry_with_no_earlier_value_is_refused(tmp_path):
    data = tomllib.loads(SMALL)
    entry = data["requirements"][0]["history"][0]
    for key in ("status", "evidence"):
        entry.pop(key)
    assert_refused(tmp_path, data, REQ_AT + "gives no earlier value; expected some of status, evidence, exempt")


def test_without_a_history_nothing_is_written_and_no_source_needs_a_name(tmp_path):
    data = tomllib.loads(SMALL)
    for table in (data["requirements"], data["targets"], data["recommendations"]):
        table[0].pop("history")
    data["plans"] = []
    for source in data["sources"]:
        source.pop("name")
    with loaded(tmp_path, data) as db, db.session() as session:
        assert session.scalars(select(Revision)).first() is None
