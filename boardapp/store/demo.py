"""Loading the bundled demo dataset (docs/demo-data-format.md) into a new database.

The file is checked as it is read: an unknown indicator code, a period that is not a
period, a vocabulary word that is not one, a missing source. Each problem is a
:class:`DemoDataError` naming the table, the row and the key, and nothing is written.
Items load as they stand; the earlier states the reports give them (``[[...history]]``)
become dated revisions (store/demo_history.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from boardapp.domain.terms import (
    ActionStatus,
    ComparatorKind,
    DatePrecision,
    Frequency,
    InspectionKind,
    MeetingKind,
    MilestoneStatus,
    Polarity,
    Rag,
    ReadingStatus,
    RecommendationStatus,
    RequirementKind,
    RequirementStatus,
    Role,
    TargetBasis,
    ThresholdKind,
    TrackedKind,
    Unit,
)
from boardapp.store import dataset_info, history
from boardapp.store.connection import Database
from boardapp.store.demo_history import Histories
from boardapp.store.demo_rows import DemoDataError, Row, rows
from boardapp.store.models import (
    Action,
    Comparator,
    FocusArea,
    Indicator,
    Inspection,
    Judgement,
    Meeting,
    Member,
    Milestone,
    Notice,
    Plan,
    Priority,
    Reading,
    Recommendation,
    Requirement,
    Target,
    Threshold,
    requirement_indicator,
)

ACTOR = "demo dataset"

__all__ = ["ACTOR", "DemoDataError", "load_demo", "load_into"]


def load_demo(database: Database, data: Mapping[str, Any]) -> None:
    """Load a parsed demo dataset into an empty database, in one transaction."""
    with database.session(ACTOR) as session:
        load_into(session, data)


def load_into(session: Session, data: Mapping[str, Any]) -> None:
    # The reports' items are loaded as they stand; no revision is written for loading them
    # (their earlier states, where the reports give them, are written below as revisions).
    session.info[history.RECORDING] = False
    dataset = Row(data.get("dataset", {}), "[dataset]")
    histories = Histories(data)
    indicators = _load_indicators(session, data)
    _load_notice(session, data, indicators, histories)
    _load_figures(session, data, indicators, histories)
    recommendations = _load_inspections(session, data, histories)
    _load_plans(session, data, indicators, recommendations, histories)
    _load_board(session, data)
    session.flush()
    # The reports' earlier states of the items, as dated revisions (store/demo_history.py).
    histories.write(session)
    dataset_info.write(
        session,
        name=dataset.text("name"),
        council=dataset.text("council", ""),
        description=dataset.text("description", ""),
        synthetic="",
        origin="demo",
    )
    session.flush()
    session.info[history.RECORDING] = None


def _load_indicators(session: Session, data: Mapping[str, Any]) -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    for row in rows(data, "indicators"):
        code = row.text("code")
        if code in indicators:
            raise DemoDataError(f"{row.where}: indicator {code!r} appears twice")
        indicators[code] = Indicator(
            code=code,
            title=row.text("title"),
            unit=row.word("unit", Unit),
            polarity=row.word("polarity", Polarity),
            frequency=row.word("frequency", Frequency),
            decimals=int(row.get("decimals", 1)),
            tolerance=row.number("tolerance"),
            tolerance_set_by=row.text("tolerance_set_by", "", limit=200),
            narrative_phrase=row.text("narrative_phrase", "", limit=200),
            volume_phrase=row.text("volume_phrase", "", limit=120),
            description=row.text("description", ""),
            source=row.source(),
        )
    session.add_all(indicators.values())
    return indicators


def _indicator(row: Row, indicators: Mapping[str, Indicator], key: str = "indicator") -> Indicator:
    code = row.text(key)
    if code not in indicators:
        raise DemoDataError(f"{row.where}: no indicator {code!r} in [[indicators]]")
    return indicators[code]


def _load_notice(
    session: Session, data: Mapping[str, Any], indicators: Mapping[str, Indicator], histories: Histories
) -> None:
    if "notice" not in data:
        return
    head = Row(data["notice"], "[notice]")
    notice = Notice(
        title=head.text("title"),
        issuer=head.text("issuer"),
        issued_on=head.day("issued", required=True),
        issued_precision=head.word("issued_precision", DatePrecision, DatePrecision.DAY),
        ends_on=head.day("ends"),
        source=head.source(),
    )
    for position, row in enumerate(rows(data, "requirements"), start=1):
        codes = row.get("indicators", [])
        notice.requirements.append(
            Requirement(
                ref=row.text("ref"),
                position=position,
                kind=row.word("kind", RequirementKind),
                title=row.text("title"),
                text=row.text("text"),
                status=row.word("status", RequirementStatus, RequirementStatus.NOT_ASSESSED),
                evidence=row.text("evidence", ""),
                exempt=bool(row.get("exempt", False)),
                source=row.source(),
                known_on=row.day("known"),
                indicators=[_indicator(Row({"indicator": c}, row.where), indicators) for c in codes],
            )
        )
    session.add(notice)
    session.flush()
    for requirement, row in zip(notice.requirements, rows(data, "requirements")):
        histories.add(TrackedKind.REQUIREMENT, requirement, row)
        for position, code in enumerate(row.get("indicators", [])):
            session.execute(
                update(requirement_indicator)
                .where(requirement_indicator.c.requirement_id == requirement.id)
                .where(requirement_indicator.c.indicator_id == indicators[code].id)
                .values(position=position)
            )


def _load_figures(
    session: Session, data: Mapping[str, Any], indicators: Mapping[str, Indicator], histories: Histories
) -> None:
    for row in rows(data, "targets"):
        period = row.period()
        target = Target(
                indicator=_indicator(row, indicators),
                value=row.number("value"),
                basis=row.word("basis", TargetBasis),
                period=period.code,
                period_start=period.start,
                period_end=period.end,
                known_on=row.day("known", required=True),
                note=row.text("note", ""),
                set_by=row.text("set_by", "", limit=120),
                source=row.source(),
            )
        session.add(target)
        histories.add(TrackedKind.TARGET, target, row)
    seen: set[tuple[str, str]] = set()
    for row in rows(data, "readings"):
        period = row.period()
        indicator = _indicator(row, indicators)
        if (indicator.code, period.code) in seen:
            raise DemoDataError(f"{row.where}: a second reading of {indicator.code} for {period.code}")
        seen.add((indicator.code, period.code))
        session.add(
            Reading(
                indicator=indicator,
                period=period.code,
                period_start=period.start,
                period_end=period.end,
                value=row.number("value"),
                numerator=row.number("numerator"),
                denominator=row.number("denominator"),
                status=row.word("status", ReadingStatus),
                known_on=row.day("known", required=True),
                source=row.source(),
                commentary=row.text("commentary", ""),
                entered_by=ACTOR,
                measure=row.text("measure", "", limit=80),
            )
        )
    for row in rows(data, "comparators"):
        period = row.period()
        session.add(
            Comparator(
                indicator=_indicator(row, indicators),
                kind=row.word("kind", ComparatorKind),
                period=period.code,
                period_start=period.start,
                period_end=period.end,
                value=row.number("value"),
                known_on=row.day("known", required=True),
                source=row.source(),
            )
        )
    for row in rows(data, "thresholds"):
        label = row.text("label")
        if not label.strip():
            raise DemoDataError(f"{row.where}: 'label' must say what the line is")
        session.add(
            Threshold(
                indicator=_indicator(row, indicators),
                value=row.number("value", required=True),
                kind=row.word("kind", ThresholdKind),
                label=label,
                known_on=row.day("known"),
                source=row.source(),
            )
        )


def _load_inspections(
    session: Session, data: Mapping[str, Any], histories: Histories
) -> dict[str, Recommendation]:
    inspections: dict[str, Inspection] = {}
    for row in rows(data, "inspections"):
        inspection = Inspection(
            key=row.text("key"),
            kind=row.word("kind", InspectionKind),
            title=row.text("title"),
            held_on=row.day("date", required=True),
            date_precision=row.word("date_precision", DatePrecision, DatePrecision.DAY),
            scale=row.text("scale", "1-4"),
            source=row.source(),
        )
        for position, item in enumerate(row.get("judgements", []), start=1):
            judgement = Row(item, f"{row.where} judgement #{position}")
            grade = judgement.get("grade")
            inspection.judgements.append(
                Judgement(
                    position=position,
                    outcome=judgement.text("outcome"),
                    grade=grade if isinstance(grade, int) and not isinstance(grade, bool) else None,
                    grade_word=judgement.text("grade_word", grade if isinstance(grade, str) else ""),
                    source=judgement.source(),
                )
            )
        inspections[inspection.key] = inspection
    session.add_all(inspections.values())

    recommendations: dict[str, Recommendation] = {}
    for position, row in enumerate(rows(data, "recommendations"), start=1):
        key = row.get("inspection")
        if key is not None and key not in inspections:
            raise DemoDataError(f"{row.where}: no inspection {key!r} in [[inspections]]")
        recommendation = Recommendation(
            inspection=inspections.get(key) if key else None,
            ref=row.text("ref"),
            position=position,
            text=row.text("text"),
            due_on=row.day("due"),
            status=row.word("status", RecommendationStatus, RecommendationStatus.OPEN),
            source=row.source(),
        )
        recommendations[recommendation.ref] = recommendation
        histories.add(TrackedKind.RECOMMENDATION, recommendation, row)
    session.add_all(recommendations.values())
    return recommendations


def _load_plans(
    session: Session,
    data: Mapping[str, Any],
    indicators: Mapping[str, Indicator],
    recommendations: Mapping[str, Recommendation],
    histories: Histories,
) -> None:
    # The notice's requirements are flushed already (_load_notice), so no longer in
    # ``session.new``: look them up.
    requirements = {r.ref: r for r in session.scalars(select(Requirement))}
    for row in rows(data, "plans"):
        plan = Plan(
            key=row.text("key"),
            title=row.text("title"),
            adopted_on=row.day("adopted"),
            owner=row.text("owner", ""),
            deadline=row.day("deadline"),
            source=row.source(),
        )
        histories.add(TrackedKind.PLAN, plan, row)
        for p, item in enumerate(row.get("priorities", []), start=1):
            prow = Row(item, f"{row.where} priority #{p}")
            priority = Priority(ref=prow.text("ref"), position=p, title=prow.text("title"), source=prow.source())
            for f, fitem in enumerate(prow.get("focus_areas", []), start=1):
                frow = Row(fitem, f"{prow.where} focus area #{f}")
                area = FocusArea(ref=frow.text("ref"), position=f, title=frow.text("title"), source=frow.source())
                for a, aitem in enumerate(frow.get("actions", []), start=1):
                    action_row = Row(aitem, f"{frow.where} action #{a}")
                    area.actions.append(
                        _action(action_row, a, indicators, recommendations, requirements, histories)
                    )
                priority.focus_areas.append(area)
            plan.priorities.append(priority)
        session.add(plan)


def _action(
    row: Row,
    position: int,
    indicators: Mapping[str, Indicator],
    recommendations: Mapping[str, Recommendation],
    requirements: Mapping[str, Requirement],
    histories: Histories,
) -> Action:
    def lookup(key: str, known: Mapping[str, Any], what: str) -> list[Any]:
        found = []
        for ref in row.get(key, []):
            if ref not in known:
                raise DemoDataError(f"{row.where}: no {what} {ref!r}")
            found.append(known[ref])
        return found

    action = Action(
        ref=row.text("ref"),
        position=position,
        title=row.text("title"),
        owner=row.text("owner", ""),
        due_on=row.day("due"),
        status=row.word("status", ActionStatus, ActionStatus.NOT_ASSESSED),
        rag=row.word("rag", Rag) if row.get("rag") else None,
        evidence=row.text("evidence", ""),
        exempt=bool(row.get("exempt", False)),
        source=row.source(),
        requirements=lookup("requirements", requirements, "requirement"),
        indicators=lookup("indicators", indicators, "indicator"),
        recommendations=lookup("recommendations", recommendations, "recommendation"),
    )
    histories.add(TrackedKind.ACTION, action, row)
    for m, item in enumerate(row.get("milestones", []), start=1):
        mrow = Row(item, f"{row.where} milestone #{m}")
        milestone = Milestone(
            position=m,
            title=mrow.text("title"),
            due_on=mrow.day("due"),
            done_on=mrow.day("done"),
            status=mrow.word("status", MilestoneStatus, MilestoneStatus.OPEN),
            source=mrow.source(),
        )
        action.milestones.append(milestone)
        histories.add(TrackedKind.MILESTONE, milestone, mrow)
    return action


def _load_board(session: Session, data: Mapping[str, Any]) -> None:
    for row in rows(data, "members"):
        session.add(Member(name=row.text("name"), role=row.word("role", Role), source=row.source()))
    for row in rows(data, "meetings"):
        held = row.day("date", required=True)
        session.add(
            Meeting(
                kind=row.word("kind", MeetingKind),
                title=row.text("title"),
                held_on=held,
                date_precision=row.word("date_precision", DatePrecision, DatePrecision.DAY),
                as_at=row.day("as_at") or held,
                source=row.source(),
            )
        )
