"""One search over requirements, indicators, actions, recommendations and notes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from boardapp.store.models import Action, Annotation, Indicator, Recommendation, Requirement


class HitKind(StrEnum):
    REQUIREMENT = "requirement"
    INDICATOR = "indicator"
    ACTION = "action"
    RECOMMENDATION = "recommendation"
    NOTE = "note"


@dataclass(frozen=True)
class SearchHit:
    kind: HitKind
    key: str  # what the window selects by: a ref, a code, or a note's uuid
    label: str
    snippet: str


def search(session: Session, text: str, *, limit: int = 50, include_exempt: bool = True) -> list[SearchHit]:
    """Items whose reference, title or text contains ``text`` (case-insensitive), best first:
    requirements, indicators, actions, recommendations, then notes."""
    needle = text.strip()
    if len(needle) < 2:
        return []
    like = f"%{_escape(needle)}%"
    hits: list[SearchHit] = []

    def matching(model, *columns):  # type: ignore[no-untyped-def]
        query = select(model).where(or_(*(c.ilike(like, escape="\\") for c in columns))).limit(limit)
        if not include_exempt and hasattr(model, "exempt"):
            query = query.where(model.exempt.is_(False))
        return session.scalars(query)

    for r in matching(Requirement, Requirement.ref, Requirement.title, Requirement.text):
        hits.append(SearchHit(HitKind.REQUIREMENT, r.ref, f"Requirement {r.ref}: {r.title}", _snippet(r.text, needle)))
    for i in matching(Indicator, Indicator.code, Indicator.title, Indicator.description):
        hits.append(SearchHit(HitKind.INDICATOR, i.code, f"{i.code}: {i.title}", _snippet(i.description, needle)))
    for a in matching(Action, Action.ref, Action.title, Action.evidence, Action.owner):
        hits.append(SearchHit(HitKind.ACTION, a.ref, f"Action {a.ref}: {a.title}", _snippet(a.evidence or a.title, needle)))
    for c in matching(Recommendation, Recommendation.ref, Recommendation.text):
        hits.append(SearchHit(HitKind.RECOMMENDATION, c.ref, f"Recommendation {c.ref}", _snippet(c.text, needle)))
    for n in matching(Annotation, Annotation.text, Annotation.answer, Annotation.author_name):
        hits.append(SearchHit(HitKind.NOTE, str(n.uuid), f"Note by {n.author_name} ({n.kind.value})", _snippet(n.text, needle)))
    return hits[:limit]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _snippet(text: str, needle: str, width: int = 90) -> str:
    at = text.lower().find(needle.lower())
    if at < 0:
        return text[:width]
    start = max(0, at - width // 3)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
