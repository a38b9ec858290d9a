"""Synthetic databases for benchmarks and scale tests: deterministic, and marked as such.

``large``: 300 indicators x 180 monthly readings, 2,000 actions, 20,000 notes of about
200 characters, revisions. ``typical``: 40 indicators x 24 months, 150 actions, 500
notes. Every tenth indicator has an alert threshold. Items have a history
(store/synthetic_history.py): a share of actions moved status (some slipped), a share
of targets were revised and of requirements re-judged, each on a day between two
meetings, with who and why. The same seed gives the same rows, byte for byte: ids, uuids and timestamps all
come from one :class:`random.Random`, never from the clock.

Rows are written with Core ``insert()`` and lists of dicts in one transaction.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert

from boardapp.domain.periods import Period, month_index, month_of
from boardapp.store import models, synthetic_history
from boardapp.store.audit import record_bulk_load
from boardapp.store.connection import Database
from boardapp.store.models import DatasetInfo

ACTOR = "synthetic generator"
LAST_MONTH = (2026, 9)
EPOCH = datetime(2026, 10, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Size:
    name: str
    indicators: int
    months: int
    requirements: int
    actions: int
    annotations: int
    revised_share: float = 0.05


SIZES = {
    "large": Size("large", indicators=300, months=180, requirements=60, actions=2000, annotations=20000),
    "typical": Size("typical", indicators=40, months=24, requirements=12, actions=150, annotations=500),
}

_WORDS = (
    "assessment timeliness caseload referral threshold audit quality practice partner agency "
    "school attendance placement stability review conference plan outcome evidence assurance "
    "challenge manager team recruitment training supervision data validation trend target"
).split()


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tick = 0

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def moment(self) -> datetime:
        self.tick += 1
        return EPOCH - timedelta(seconds=self.tick * 7)

    def sentence(self, length: int) -> str:
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < length:
            words.append(self.rng.choice(_WORDS))
        return (" ".join(words).capitalize())[:length].rstrip() + "."

    def synced(self, row_id: int) -> dict[str, Any]:
        when = self.moment()
        return {"id": row_id, "uuid": self.uuid(), "created_at": when, "updated_at": when}


def generate(database: Database, size_name: str, seed: int = 2011) -> None:
    """Fill an empty database with the synthetic dataset of that size."""
    size = SIZES[size_name]
    make = _Maker(seed)
    with database.engine.begin() as connection:
        counts: dict[str, int] = {}

        def put(table: Table, rows: list[dict[str, Any]]) -> None:
            if rows:
                connection.execute(insert(table), rows)
            counts[table.name] = counts.get(table.name, 0) + len(rows)

        indicators = list(_indicators(make, size))
        put(models.Indicator.__table__, indicators)
        targets = list(_targets(make, indicators))
        put(models.Target.__table__, targets)
        readings, revisions = _readings(make, size, indicators)
        put(models.Reading.__table__, readings)
        put(models.ReadingRevision.__table__, revisions)
        notice, requirements, links = _notice(make, size, indicators)
        put(models.Notice.__table__, [notice])
        put(models.Requirement.__table__, requirements)
        put(models.requirement_indicator, links)
        plan_rows = _plan(make, size, indicators, requirements)
        for table, rows in plan_rows:
            put(table, rows)
        members = _members(make)
        put(models.Member.__table__, members)
        meetings = list(_meetings(make, size))
        put(models.Meeting.__table__, meetings)
        actions = plan_rows[3][1]
        put(models.Annotation.__table__, list(_annotations(make, size, members, requirements, indicators, actions)))
        # Last, so that every row before it is the same as before thresholds existed.
        put(models.Threshold.__table__, list(_thresholds(make, indicators)))
        # After the thresholds, for the same reason: the items' history (their revisions).
        put(models.Revision.__table__, synthetic_history.revisions(
            make.rng, make.uuid, [m["held_on"] for m in meetings], members,
            actions=actions, targets=targets, requirements=requirements,
        ))
        for table_name, rows in sorted(counts.items()):
            record_bulk_load(
                connection,
                table_name,
                rows,
                ACTOR,
                f"synthetic {size.name}, seed {seed}",
                at=make.moment(),
                entry_uuid=make.uuid(),
            )
        connection.execute(
            insert(DatasetInfo.__table__),
            [
                {"key": "name", "value": f"Synthetic board ({size.name})"},
                {"key": "council", "value": "Synthetic Borough Council"},
                {"key": "origin", "value": "synthetic"},
                {"key": "synthetic", "value": size.name},
                {"key": "seed", "value": str(seed)},
                {"key": "created_by", "value": ACTOR},
            ],
        )


def _indicators(make: _Maker, size: Size) -> Iterator[dict[str, Any]]:
    for n in range(1, size.indicators + 1):
        percent = n % 4 != 0
        yield {
            **make.synced(n),
            "code": f"SYN {n:03d}",
            "title": f"Synthetic measure {n}: {make.sentence(40)}",
            "unit": "percent" if percent else "count",
            "polarity": "higher" if n % 3 else "lower",
            "frequency": "monthly",
            "decimals": 1 if percent else 0,
            "tolerance": None,
            "description": "",
            "source": "synthetic",
        }


def _thresholds(make: _Maker, indicators: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """An alert line on every tenth indicator: "managers act beyond 40"."""
    for n, indicator in enumerate(indicators[::10], start=1):
        percent = indicator["unit"] == "percent"
        value = float(make.rng.randint(40, 60) if percent else make.rng.randint(150, 250))
        yield {
            **make.synced(n),
            "indicator_id": indicator["id"],
            "value": value,
            "kind": "alert",
            "label": f"managers act {'below' if indicator['polarity'] == 'higher' else 'above'} {value:g}",
            "known_on": date(2024, 3, 1),
            "source": "synthetic",
        }


def _months(size: Size) -> list[Period]:
    last = month_index(*LAST_MONTH)
    return [Period.month(*month_of(i)) for i in range(last - size.months + 1, last + 1)]


def _targets(make: _Maker, indicators: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    row_id = 0
    for indicator in indicators:
        for year in (2024, 2025, 2026):
            row_id += 1
            period = Period.financial_year(year)
            yield {
                **make.synced(row_id),
                "indicator_id": indicator["id"],
                "value": round(make.rng.uniform(55, 90), 1) if indicator["unit"] == "percent" else float(make.rng.randint(20, 200)),
                "basis": "period" if year != 2025 else "cumulative",
                "period": period.code,
                "period_start": period.start,
                "period_end": period.end,
                "known_on": date(year, 3, 1),
                "note": "",
                "source": "synthetic",
            }


def _readings(
    make: _Maker, size: Size, indicators: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    months = _months(size)
    readings: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    rng = make.rng
    for indicator in indicators:
        percent = indicator["unit"] == "percent"
        level = rng.uniform(50, 90) if percent else rng.uniform(20, 200)
        for position, period in enumerate(months):
            level = min(99.0, max(1.0, level + rng.gauss(0, 1.5))) if percent else max(0.0, level + rng.gauss(0, 5))
            denominator = float(rng.randint(40, 600)) if percent else None
            numerator = float(round(denominator * level / 100)) if denominator else None
            value = round(100 * numerator / denominator, 1) if denominator else round(level)
            known = period.end + timedelta(days=20)
            row_id = len(readings) + 1
            readings.append(
                {
                    **make.synced(row_id),
                    "indicator_id": indicator["id"],
                    "period": period.code,
                    "period_start": period.start,
                    "period_end": period.end,
                    "value": value,
                    "numerator": numerator,
                    "denominator": denominator,
                    "status": "provisional" if position >= len(months) - 2 else "validated",
                    "known_on": known,
                    "source": "synthetic",
                    "commentary": "",
                    "entered_by": ACTOR,
                }
            )
            if rng.random() < size.revised_share:
                old = round(value + rng.choice((-1, 1)) * rng.uniform(0.5, 3), 1)
                revisions.append(
                    {
                        **make.synced(len(revisions) + 1),
                        "reading_id": row_id,
                        "old_value": old,
                        "new_value": value,
                        "old_status": "provisional",
                        "new_status": "validated",
                        "changed_by": ACTOR,
                        "changed_at": datetime.combine(known + timedelta(days=30), datetime.min.time(), UTC),
                        "reason": "validated figure",
                    }
                )
    return readings, revisions


def _notice(
    make: _Maker, size: Size, indicators: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    notice = {
        **make.synced(1),
        "title": "Synthetic improvement notice",
        "issuer": "Synthetic department",
        "issued_on": date(2024, 3, 1),
        "issued_precision": "day",
        "ends_on": date(2027, 3, 31),
        "source": "synthetic",
    }
    requirements = []
    links = []
    per = max(1, len(indicators) // size.requirements)
    for n in range(1, size.requirements + 1):
        target = n % 5 != 0
        requirements.append(
            {
                **make.synced(n),
                "notice_id": 1,
                "ref": str(n),
                "position": n,
                "kind": "target" if target else "process",
                "title": f"Requirement {n}: {make.sentence(50)}",
                "text": make.sentence(300),
                "status": make.rng.choice(["met", "partly_met", "not_met", "in_progress"]),
                "evidence": make.sentence(600),
                "exempt": n % 17 == 0,
                "source": "synthetic",
                "known_on": date(2024, 3, 1),
            }
        )
        if target:
            for k in range(per):
                links.append(
                    {
                        "requirement_id": n,
                        "indicator_id": indicators[((n - 1) * per + k) % len(indicators)]["id"],
                        "position": k,
                    }
                )
    return notice, requirements, links


def _plan(
    make: _Maker, size: Size, indicators: list[dict[str, Any]], requirements: list[dict[str, Any]]
) -> list[tuple[Table, list[dict[str, Any]]]]:
    plan = {
        **make.synced(1),
        "key": "synthetic",
        "title": "Synthetic improvement plan",
        "adopted_on": date(2024, 4, 1),
        "owner": "Synthetic director",
        "deadline": date(2027, 3, 31),
        "source": "synthetic",
    }
    priorities = [
        {**make.synced(p), "plan_id": 1, "ref": f"P{p}", "position": p, "title": make.sentence(60), "source": "synthetic"}
        for p in range(1, 6)
    ]
    areas = [
        {
            **make.synced(f),
            "priority_id": (f - 1) // 5 + 1,
            "ref": f"P{(f - 1) // 5 + 1}.{(f - 1) % 5 + 1}",
            "position": (f - 1) % 5 + 1,
            "title": make.sentence(80),
            "source": "synthetic",
        }
        for f in range(1, 26)
    ]
    actions, milestones, action_requirements, action_indicators = [], [], [], []
    for a in range(1, size.actions + 1):
        due = date(2024, 4, 1) + timedelta(days=make.rng.randint(0, 1000))
        actions.append(
            {
                **make.synced(a),
                "focus_area_id": (a - 1) % 25 + 1,
                "ref": f"A{a:04d}",
                "position": (a - 1) // 25 + 1,
                "title": make.sentence(120),
                "owner": f"Officer {make.rng.randint(1, 40)}",
                "due_on": due,
                "status": make.rng.choice(["not_started", "in_progress", "complete", "overdue"]),
                "rag": make.rng.choice(["red", "amber", "green"]),
                "evidence": make.sentence(200),
                "exempt": a % 50 == 0,
                "source": "synthetic",
            }
        )
        for m in (1, 2):
            milestones.append(
                {
                    **make.synced(len(milestones) + 1),
                    "action_id": a,
                    "position": m,
                    "title": make.sentence(60),
                    "due_on": due - timedelta(days=60 * (2 - m)),
                    "done_on": None,
                    "status": "open",
                    "source": "synthetic",
                }
            )
        action_requirements.append({"action_id": a, "requirement_id": requirements[a % len(requirements)]["id"]})
        action_indicators.append({"action_id": a, "indicator_id": indicators[a % len(indicators)]["id"]})
    return [
        (models.Plan.__table__, [plan]),
        (models.Priority.__table__, priorities),
        (models.FocusArea.__table__, areas),
        (models.Action.__table__, actions),
        (models.Milestone.__table__, milestones),
        (models.action_requirement, action_requirements),
        (models.action_indicator, action_indicators),
    ]


def _members(make: _Maker) -> list[dict[str, Any]]:
    roles = ["chair"] + ["secretariat"] * 2 + ["member"] * 8 + ["observer"]
    return [
        {**make.synced(n), "name": f"Synthetic {role} {n}", "role": role, "source": "synthetic"}
        for n, role in enumerate(roles, start=1)
    ]


def _meetings(make: _Maker, size: Size) -> Iterator[dict[str, Any]]:
    for n, period in enumerate(_months(size), start=1):
        held = period.start + timedelta(days=14)
        yield {
            **make.synced(n),
            "kind": "board",
            "title": "Improvement Board (synthetic)",
            "held_on": held,
            "date_precision": "day",
            "as_at": held,
            "source": "synthetic",
        }


def _annotations(
    make: _Maker,
    size: Size,
    members: list[dict[str, Any]],
    requirements: list[dict[str, Any]],
    indicators: list[dict[str, Any]],
    actions: list[dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    rng = make.rng
    targets = [("requirement", requirements), ("indicator", indicators), ("action", actions)]
    writers = [m for m in members if m["role"] != "observer"]
    for n in range(1, size.annotations + 1):
        kind, rows = targets[n % 3]
        author = rng.choice(writers)
        status = rng.choice(["open", "answered", "closed"])
        written = make.moment()
        yield {
            **make.synced(n),
            "target_kind": kind,
            "target_uuid": rng.choice(rows)["uuid"],
            "kind": rng.choice(["comment", "question", "challenge", "assurance"]),
            "text": make.sentence(200),
            "author_id": author["id"],
            "author_name": author["name"],
            "written_at": written,
            "status": status,
            "answer": make.sentence(120) if status != "open" else "",
            "answered_by": members[1]["name"] if status != "open" else "",
            "answered_at": written + timedelta(days=3) if status != "open" else None,
            "exempt": n % 40 == 0,
        }
