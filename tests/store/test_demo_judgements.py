"""The domain engine, run on the bundled demo dataset, says what the reports say."""

from __future__ import annotations

from datetime import date

import pytest

from boardapp.domain.as_at import view_as_at
from boardapp.domain.evaluation import evaluate_view
from boardapp.domain.narrative import narrate
from boardapp.domain.terms import RagStatus
from boardapp.store.connection import open_database
from boardapp.store.first_run import create_database
from boardapp.store.indicator_data import load_indicator_data

NOVEMBER_2011 = date(2011, 11, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_database(path)
    with open_database(path, read_only=True) as db, db.engine.connect() as connection:
        yield {d.code: d for d in load_indicator_data(connection)}


def judged(demo, code, period, day=NOVEMBER_2011):
    view = view_as_at(demo[code], day)
    [evaluation] = [e for e in evaluate_view(view) if e.target.period.code == period]
    return evaluation


@pytest.mark.parametrize(
    ("code", "period", "actual", "status"),
    [
        ("NI 59", "2010-03..2010-10", 80.1, RagStatus.GREEN),  # 80.1% against 80%: met
        ("NI 60", "2010-03..2010-10", 90.1, RagStatus.GREEN),  # 90.1% against 85%: met
        ("NI 117", "2010-11..2011-01", 8.3, RagStatus.RED),  # 8.3% against 6.8%, lower is better
        ("NI 79", "AY2009/10", 73.7, RagStatus.AMBER),  # 73.7% against 75.2%: missed, within 5%
        ("CASELOAD", "2011-09", 21.0, RagStatus.AMBER),  # 21 against 20: within the 5% band
    ],
)
def test_the_facts_the_reports_state(demo, code, period, actual, status):
    evaluation = judged(demo, code, period)
    assert evaluation.status is status
    assert evaluation.actual is not None and evaluation.actual.value == actual


def test_the_reported_cumulative_is_used_and_said_to_be_reported(demo):
    evaluation = judged(demo, "NI 59", "2010-03..2010-10")
    assert "report" in evaluation.reason.lower()


def test_as_at_the_board_of_9_may_2011_the_cumulative_was_not_yet_known(demo):
    evaluation = judged(demo, "NI 59", "2010-03..2010-10", date(2011, 5, 9))
    assert evaluation.status is RagStatus.NO_DATA
    assert judged(demo, "NI 59", "2010-03..2010-10", date(2011, 5, 20)).status is RagStatus.GREEN


def test_the_august_2011_sentences(demo):
    for code, sentence in (
        ("NI 59", "August 2011: Initial assessments for children's social care carried out within timescale at 80.5%, "
                  "above the 80% target and up from 78.3% in August 2010."),
        ("NI 60", "August 2011: Core assessments for children's social care carried out within 35 working days of "
                  "their commencement at 90.2%, above the 85% target and up from 81.4% in August 2010."),
    ):
        assert narrate(view_as_at(demo[code], NOVEMBER_2011)) == sentence
