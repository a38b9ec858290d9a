"""Everything a pack shows, gathered from the store and judged as at one date, as plain
records: the sheets only lay these out. Exempt items are dropped here (for DfE and
public packs) and counted, so no sheet can leak one by forgetting to filter."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from boardapp.domain.as_at import view_as_at
from boardapp.domain.changes import ChangeList
from boardapp.domain.evaluation import evaluate_view
from boardapp.domain.model import Indicator, IndicatorData, Reading, Target
from boardapp.domain.narrative import narrate
from boardapp.domain.permissions import Permission, allows
from boardapp.domain.terms import LEVEL_BASES, AnnotatedKind, MeetingKind, RagStatus, RequirementStatus, Role
from boardapp.exchange.pack.audience import Audience, role_of, unnamed
from boardapp.exchange.pack.requirement_sections import RequirementSection, build_sections
from boardapp.exchange.pack.scoring import ScoreLine, score_line, standing_targets
from boardapp.store import board, changes, dataset_info, pack_data, pack_sections, questions
from boardapp.store.annotations import NoteRow
from boardapp.store.board import ActionRow, InspectionRow, MeetingRow, RecommendationRow
from boardapp.store.dataset_info import About
from boardapp.store.indicator_data import load_indicator_data
from boardapp.store.overview import Overview, build_overview
from boardapp.store.pack_data import NoticeHeading, ReadingText
from boardapp.store.questions import QuestionLog


@dataclass(frozen=True)
class IndicatorBlock:
    """One indicator's readings as known on the date, each with the target it stands against."""

    indicator: Indicator
    readings: tuple[Reading, ...]  # in time order, of one measure (what the chart draws)
    targets: tuple[Target | None, ...]  # one per reading
    narrative: str
    others: tuple[Reading, ...] = ()  # readings of the indicator's other measures (forecasts, changes over other spans)
    level_targets: tuple[Target, ...] = ()  # every level target known on the date (what the chart draws)


@dataclass(frozen=True)
class ActionLine:
    plan: str
    area: str  # "P1.2 Focus area title"
    action: ActionRow
    requirements: tuple[str, ...]  # the linked requirements this pack shows
    plan_key: str = ""  # the plan's short key: plan_key and ref name an action across plans


@dataclass(frozen=True)
class Withheld:
    requirements: int = 0
    actions: int = 0
    notes: int = 0

    @property
    def total(self) -> int:
        return self.requirements + self.actions + self.notes

    def words(self) -> str:
        parts = [(self.requirements, "requirement"), (self.actions, "action"), (self.notes, "note")]
        listed = [f"{n:,} {noun}{'' if n == 1 else 's'}" for n, noun in parts if n]
        return ", ".join(listed) if listed else "none"


@dataclass(frozen=True)
class Earlier:
    """Where the requirements stood as at the last Improvement Board before the pack's
    date, judged again as at that board's own as-at date: what "changed since the last
    meeting" is measured from."""

    meeting: MeetingRow
    judged: dict[uuid.UUID, RequirementStatus | None]  # by requirement
    rag: dict[uuid.UUID, RagStatus | None]


@dataclass(frozen=True)
class PackContent:
    about: About
    notice: NoticeHeading | None
    database: Path
    as_at: date
    meeting: MeetingRow | None
    audience: Audience
    produced: datetime
    scorecard: tuple[ScoreLine, ...]
    judged_counts: dict[RequirementStatus | None, int]
    rag_counts: dict[RagStatus, int]
    indicators: tuple[IndicatorBlock, ...]
    reading_texts: dict[tuple[str, str], ReadingText]
    actions: tuple[ActionLine, ...]
    notes: tuple[NoteRow, ...]
    inspections: tuple[InspectionRow, ...]
    recommendations: tuple[RecommendationRow, ...]
    withheld: Withheld
    names_members: bool = True  # False: the notes' authors and answerers are given by their role (audience.py)
    meetings: tuple[MeetingRow, ...] = ()  # every meeting recorded, newest first (the covering report's background)
    earlier: Earlier | None = None  # the requirements as at the last Improvement Board before the date
    sections: tuple[RequirementSection, ...] = ()  # the Requirements sheet: one per requirement shown
    # The questions from earlier meetings still open at the pack's meeting (or date), and
    # those answered at it (store/questions.py), as this audience may read them.
    questions: QuestionLog | None = None
    changes: ChangeList | None = None  # what changed since ``earlier`` (the "What changed" sheet)

    @property
    def synthetic(self) -> bool:
        return self.about.is_synthetic

    @property
    def board_name(self) -> str:
        return self.about.board_name


def gather(
    session: Session,
    *,
    database: Path,
    as_at: date,
    meeting: MeetingRow | None,
    audience: Audience,
    reader: Role,
    produced: datetime,
    name_members: bool | None = None,
) -> PackContent:
    """Read and judge everything the pack shows, as at ``as_at``, for ``audience``, made
    by someone in ``reader``'s role: exempt items are kept only when the audience takes
    them AND the role may read them (an observer's pack has none, whatever the audience);
    ``name_members`` None: as the audience does by default (audience.py)."""
    data = load_indicator_data(session.connection())
    meetings = board.meetings(session)
    views = {d.code: view_as_at(d, as_at) for d in data}
    series = {code: view.series for code, view in views.items()}
    evaluations = {code: evaluate_view(view, series) for code, view in views.items()}

    overview = build_overview(session, as_at, include_exempt=True, data=data)
    keep_all = audience.includes_exempt and allows(reader, Permission.SEE_EXEMPT)
    rows = [row for row in overview.rows if keep_all or not row.exempt]
    withheld_requirements = {row.uuid for row in overview.rows if row.exempt and not keep_all}
    withheld_refs = {row.ref for row in overview.rows if row.uuid in withheld_requirements}
    scorecard = tuple(score_line(row, views) for row in rows)
    judged_counts: dict[RequirementStatus | None, int] = {}
    for row in rows:
        judged_counts[row.judged] = judged_counts.get(row.judged, 0) + 1
    rag_counts = dict.fromkeys((RagStatus.RED, RagStatus.AMBER, RagStatus.GREEN, RagStatus.DUE_NO_READING,
                                RagStatus.NO_DATA, RagStatus.NOT_YET_DUE), 0)
    for row in rows:
        if row.rag is not None:
            rag_counts[row.rag] += 1

    blocks = tuple(
        IndicatorBlock(
            indicator=view.indicator,
            readings=view.series.in_order,
            targets=tuple(standing_targets(view.targets, view.series.in_order)),
            narrative=narrate(view, evaluations[code], series),
            others=tuple(r for other in view.measures.values() for r in other.in_order),
            level_targets=tuple(t for t in view.targets if t.basis in LEVEL_BASES),
        )
        for code, view in views.items()
    )

    actions, withheld_actions = _actions(session, as_at, keep_all, withheld_refs)
    shown_action_refs = {line.action.ref for line in actions}
    dropped_action_refs = {ref for ref in withheld_actions.values()} - shown_action_refs
    notes, withheld_notes = _notes(session, as_at, keep_all, withheld_requirements | set(withheld_actions))
    names_members = audience.names_members if name_members is None else name_members
    if not names_members:
        notes = unnamed(notes, pack_data.member_roles(session.connection()))
    recommendations = tuple(
        replace(r, actions=tuple(a for a in r.actions if a not in dropped_action_refs))
        for r in board.recommendations(session, as_at=as_at)
    )
    earlier = _earlier(session, data, as_at, meetings)
    return PackContent(
        about=dataset_info.read(session),
        notice=pack_data.notice_heading(session),
        database=database,
        as_at=as_at,
        meeting=meeting,
        audience=audience,
        produced=produced,
        scorecard=scorecard,
        judged_counts=judged_counts,
        rag_counts=rag_counts,
        indicators=blocks,
        reading_texts=pack_data.reading_texts(session.connection()),
        actions=actions,
        notes=notes,
        inspections=tuple(board.inspections(session, as_at=as_at)),
        recommendations=recommendations,
        withheld=Withheld(len(withheld_requirements), len(withheld_actions), withheld_notes),
        names_members=names_members,
        meetings=tuple(meetings),
        earlier=earlier,
        sections=build_sections(rows, views, evaluations, overview.judgements or {},
                                pack_sections.requirement_texts(session.connection(), as_at),
                                {block.indicator.code: block.narrative for block in blocks}),
        questions=question_log(session, meeting or as_at, keep_all, withheld_requirements | set(withheld_actions),
                               names_members),
        changes=_changes(session, earlier, as_at, keep_all, names_members, data, overview),
    )


def _earlier(session: Session, data: list[IndicatorData], as_at: date, meetings: list[MeetingRow]) -> Earlier | None:
    """The requirements judged again as at the last Improvement Board whose as-at date
    comes before ``as_at`` (one more overview: a fraction of a second for 300 indicators)."""
    boards = [m for m in meetings if m.kind is MeetingKind.BOARD and m.as_at < as_at]
    if not boards:
        return None
    last = max(boards, key=lambda m: (m.as_at, m.held_on))
    overview = build_overview(session, last.as_at, include_exempt=True, data=data)
    return Earlier(last, {r.uuid: r.judged for r in overview.rows}, {r.uuid: r.rag for r in overview.rows})


def _changes(session: Session, earlier: Earlier | None, as_at: date, keep_all: bool, names_members: bool,
             data: list[IndicatorData], overview: Overview) -> ChangeList | None:
    """What changed since the last Improvement Board before the date (None: no board
    before it), for this pack's audience: exempt items only where it keeps them, and
    the members who made the changes by their role where it names nobody."""
    if earlier is None:
        return None
    found = changes.changes_between(session, earlier.meeting.as_at, as_at, include_exempt=keep_all, data=data,
                                    rag_before=earlier.rag, overview_until=overview)
    if names_members:
        return found
    roles = pack_data.member_roles(session.connection())
    return replace(found, lines=tuple(replace(line, who=role_of(line.who, roles)) for line in found.lines))


def _actions(
    session: Session, as_at: date, keep_all: bool, withheld_refs: set[str]
) -> tuple[tuple[ActionLine, ...], dict[uuid.UUID, str]]:
    """The actions of the plans adopted by the date; and the withheld ones (uuid -> ref)."""
    lines = []
    withheld: dict[uuid.UUID, str] = {}
    for row in pack_data.plan_actions(session.connection(), as_at):
        action = row.action
        if action.exempt and not keep_all:
            withheld[action.uuid] = action.ref
            continue
        requirements = tuple(r for r in action.requirements if r not in withheld_refs)
        lines.append(ActionLine(row.plan, row.area, action, requirements, row.plan_key))
    return tuple(lines), withheld


def _notes(
    session: Session, as_at: date, keep_all: bool, withheld_items: set[uuid.UUID]
) -> tuple[tuple[NoteRow, ...], int]:
    """The notes written by the date; for a wider audience, none that is exempt or is on
    a withheld item. Returns them and how many were left out."""
    every = pack_data.notes_as_at(session.connection(), as_at)
    if keep_all:
        return tuple(every), 0
    shown = tuple(
        n for n in every
        if not n.exempt and not (n.target_kind is not AnnotatedKind.INDICATOR and n.target_uuid in withheld_items)
    )
    return shown, len(every) - len(shown)


def question_log(
    session: Session, at: MeetingRow | date, keep_all: bool, withheld_items: set[uuid.UUID], names_members: bool
) -> QuestionLog:
    """The question log as at the pack's meeting (or date), kept to what the audience may
    read as the challenge log is (:func:`_notes`): no exempt question, nor one on a
    withheld item, outside a board pack; members given by their role where the pack
    names none."""
    log = questions.question_log(session, at, include_exempt=keep_all)

    def shown(kept: tuple[questions.Question, ...]) -> tuple[questions.Question, ...]:
        kept = tuple(q for q in kept if keep_all or not (
            q.note.target_kind is not AnnotatedKind.INDICATOR and q.note.target_uuid in withheld_items))
        if names_members:
            return kept
        notes = unnamed((q.note for q in kept), pack_data.member_roles(session.connection()))
        return tuple(replace(q, note=note) for q, note in zip(kept, notes, strict=True))

    return replace(log, carried=shown(log.carried), answered=shown(log.answered))
