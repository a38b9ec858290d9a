"""The bundled demo dataset loads, and holds the figures the reports state, exactly."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from boardapp import resources
from boardapp.domain.periods import Period
from boardapp.store import board, dataset_info
from boardapp.store.connection import open_database
from boardapp.store.demo import DemoDataError, load_demo
from boardapp.store.first_run import create_database
from boardapp.store.models import Comparator, Indicator, Meeting, Reading, Requirement, Target

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_database(path)
    with open_database(path, read_only=True) as db:
        yield db


def reading(session, code, period):
    return session.scalars(
        select(Reading).join(Indicator).where(Indicator.code == code, Reading.period == period)
    ).one()


def target(session, code, period):
    return session.scalars(select(Target).join(Indicator).where(Indicator.code == code, Target.period == period)).one()


@pytest.mark.parametrize(
    ("code", "period", "value", "source", "known"),
    [
        ("NI 59", "2010-03..2010-10", 80.1, "003", date(2011, 5, 20)),
        ("NI 59", "2010-08", 78.3, "003", date(2011, 11, 1)),
        ("NI 59", "2011-08", 80.5, "003", date(2011, 11, 1)),
        ("NI 60", "2010-03..2010-10", 90.1, "003", date(2011, 5, 20)),
        ("NI 60", "2010-08", 81.4, "003", date(2011, 11, 1)),
        ("NI 60", "2011-08", 90.2, "003", date(2011, 11, 1)),
        ("NI 117", "2009-11..2010-01", 8.2, "003", date(2011, 11, 1)),
        ("NI 117", "2010-11..2011-01", 8.3, "003", date(2011, 11, 1)),
        ("NI 79", "AY2009/10", 73.7, "003", date(2011, 11, 1)),
        ("ICPC15", "2011-08", 68.9, "003", date(2011, 11, 1)),
        ("CASELOAD", "2011-09", 21.0, "003", date(2011, 11, 1)),
        ("LACREV", "2007-03", 34.0, "001", date(2007, 11, 8)),
        ("LACREV", "2007-Q3", 63.0, "001", date(2007, 11, 8)),
        ("DP", "2007-09", 61.58, "001", date(2007, 11, 8)),
        ("BREEZE", "2009-Q3", 121650.0, "002", date(2009, 12, 10)),
    ],
)
def test_readings_the_reports_state(demo, code, period, value, source, known):
    with demo.session() as session:
        found = reading(session, code, period)
        assert (found.value, found.known_on) == (value, known)
        assert found.source.startswith(source)
        assert found.period_start == Period.parse(period).start


@pytest.mark.parametrize(
    ("code", "period", "value", "basis"),
    [
        ("NI 59", "2010-06", 72.0, "period"),
        ("NI 59", "2010-10", 80.0, "period"),
        ("NI 59", "2010-10..2011-03", 80.0, "cumulative"),
        ("NI 60", "2010-10", 84.0, "period"),
        ("NI 60", "2010-10..2011-03", 85.0, "cumulative"),
        ("NI 117", "2010-11..2011-01", 6.8, "period"),
        ("NI 79", "AY2009/10", 75.2, "academic_year"),
        ("DP", "FY2007/08", 95.0, "period"),
        ("BREEZE", "FY2009/10", 116000.0, "count"),
    ],
)
def test_targets_the_notice_and_reports_set(demo, code, period, value, basis):
    with demo.session() as session:
        found = target(session, code, period)
        assert (found.value, found.basis.value) == (value, basis)


def test_every_requirement_of_the_notice_in_order_with_its_words(demo):
    report = (SEEDS / "003_4a18b8f42906d39d.txt").read_text(encoding="utf-8")
    with demo.session() as session:
        requirements = session.scalars(select(Requirement).order_by(Requirement.position)).all()
        assert len(requirements) == 23
        first = requirements[0]
        assert [i.code for i in first.indicators] == ["NI 59", "NI59-VOL"]
        assert first.kind.value == "target" and first.status.value == "met"
        assert first.text.startswith("NI 59 - whilst maintaining high quality, increase the percentage of initial")
        flat = re.sub(r"\s+", " ", report)
        for requirement in requirements:
            assert re.sub(r"\s+", " ", requirement.text)[:80] in flat, requirement.ref
            assert requirement.evidence and requirement.source.startswith("003")


def test_inspection_judgements_and_the_2019_plan(demo):
    with demo.session() as session:
        grades = {i.key: i.grades for i in board.inspections(session)}
        plans = {p.key: p for p in board.plans(session)}
        recommendations = board.recommendations(session)
    assert grades["APA2007"]["Stay Safe"] == "2" and grades["APA2008"]["Be Healthy"] == "2"
    assert grades["APA2008"]["Enjoy and Achieve"] == "3" and grades["SE2008"]["Positive Contribution"] == "4"
    plan = plans["cyp2019"]
    assert len(plan.priorities) == 2 and sum(len(p.focus_areas) for p in plan.priorities) == 8
    assert plan.deadline == date(2021, 3, 31)
    ofsted = [r for r in recommendations if r.ref.startswith("OFSTED2018")]
    assert len(ofsted) == 4 and all(r.actions for r in ofsted)


def test_the_meetings_the_reports_name(demo):
    with demo.session() as session:
        held = {(m.kind.value, m.held_on) for m in session.scalars(select(Meeting))}
        monthly = [m for m in board.meetings(session) if m.kind.value == "board"]
    for meeting in [("board", date(2011, 5, 9)), ("dfe_review", date(2011, 5, 20)),
                    ("executive_board", date(2011, 6, 22)), ("executive_board", date(2011, 11, 2))]:
        assert meeting in held
    months = {(m.held_on.year, m.held_on.month) for m in monthly}
    assert {(2010, 1), (2010, 12), (2011, 11)} <= months and len(months) >= 23


def test_every_figure_names_its_source_and_when_it_became_known(demo):
    with demo.session() as session:
        for model in (Reading, Target, Comparator):
            for row in session.scalars(select(model)):
                assert re.match(r"00[0-4] ", row.source), (model.__name__, row.source)
                assert row.known_on is not None
        about = dataset_info.read(session)
    assert not about.is_synthetic and "demo" in about.name


def test_a_mistake_in_the_file_is_named_and_nothing_is_written(tmp_path):
    data = resources.demo_dataset()
    data["readings"][3]["indicator"] = "NI 999"
    with open_database(tmp_path / "x.sqlite", create=True) as db:
        with pytest.raises(DemoDataError, match=r"\[\[readings\]\] #4: no indicator 'NI 999'"):
            load_demo(db, data)
        with db.session() as session:
            assert session.scalars(select(Indicator)).first() is None
