"""The covering report's words, written from the pack's content: its title, what the pack
is for, the background (the notice, the board's meetings, the earlier reports to DfE),
the main points (how many requirements are met, the reds and ambers by name with their
figure, target and cause, what is still without a figure, what changed since the last
Improvement Board), and the conclusion and asks the secretariat wrote for the meeting.

Pure data: :func:`covering_report` takes a :class:`PackContent` and returns sections of
paragraphs, so every sentence is tested without a workbook. The model is the real
November 2011 update to DfE (tests/seeds/003): Purpose, Background, Main Points,
Conclusion, Recommendations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from boardapp.domain.terms import MeetingKind, RagStatus, RequirementKind, TrajectoryStatus
from boardapp.domain.units import format_value
from boardapp.exchange.pack.audience import Audience
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import day_words
from boardapp.exchange.pack.scoring import ScoreLine, direction_words, level_target, why
from boardapp.exchange.pack.words import JUDGED_ORDER, RAG_STATUS, REQUIREMENT_STATUS
from boardapp.store.board import MeetingRow

NO_CONCLUSION = "[The secretariat has not written a conclusion for this meeting]"
NO_ASKS = "[The secretariat has not written what is asked for this meeting]"
NO_MEETING = ("[No meeting is chosen for this pack, so there is no {what} to give: export the pack for a "
              "meeting to include what the secretariat wrote for it]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs; ``missing`` is shown, as a warning, where the
    paragraphs are the secretariat's to write and none are written."""

    heading: str
    paragraphs: tuple[str, ...]
    missing: str = ""


def covering_report(content: PackContent) -> tuple[Section, ...]:
    meeting = content.meeting
    conclusion = written(meeting.conclusion) if meeting is not None else ()
    asks = written(meeting.asks) if meeting is not None else ()
    return (
        Section("Purpose", purpose(content)),
        Section("Background", background(content)),
        Section("Main points", main_points(content)),
        Section("Conclusion", conclusion, "" if conclusion else _missing(meeting, NO_CONCLUSION, "conclusion")),
        Section("What is asked", asks, "" if asks else _missing(meeting, NO_ASKS, "list of what is asked")),
    )


def report_title(content: PackContent) -> str:
    """"Leeds City Council Children's Services Improvement Notice: Improvement Board, November 2011 update"."""
    notice = content.notice
    name = notice.title if notice else f"{content.about.council or content.board_name} Children's Services Improvement Notice"
    meeting = content.meeting
    if meeting is None:
        return f"{name}: update as at {day_words(content.as_at)}"
    return f"{name}: {meeting.label}" + ("" if "update" in meeting.label.lower() else " update")


def heading_lines(content: PackContent) -> tuple[str, ...]:
    """What the report is for, under its title: the meeting, the date, the audience."""
    meeting = content.meeting
    audience = {
        Audience.BOARD: "the Improvement Board (board pack: exempt items included, marked [EXEMPT])",
        Audience.DFE: "the Department for Education (DfE pack: exempt items left out)",
        Audience.PUBLIC: "publication (public pack: exempt items left out)",
    }[content.audience]
    synthetic = " · SYNTHETIC DATA" if content.synthetic else ""
    return (
        (f"Meeting: {meeting.label}" if meeting else "Meeting: none chosen; the pack is as at the date below")
        + synthetic,
        f"As at: {day_words(content.as_at)} (every figure as it was known at the end of that day)",
        f"For: {audience} · {content.audience.marking}" + (" · SYNTHETIC DATA" if content.synthetic else ""),
    )


def purpose(content: PackContent) -> tuple[str, ...]:
    when = day_words(content.as_at)
    meeting = content.meeting
    kind = meeting.kind if meeting is not None else None
    audience = content.audience
    if audience is Audience.DFE:
        first = ("This is an update to the Department for Education (DfE) on progress against every requirement "
                 f"of the Improvement Notice, with the figures as they stood on {when}.")
    elif audience is Audience.PUBLIC:
        first = f"This is the published report of progress against the Improvement Notice, with the figures as they stood on {when}."
    elif kind is MeetingKind.DFE_REVIEW:
        first = (f"This is the board's copy of the update to DfE, with the figures as they stood on {when}; it "
                 "carries the exempt items, marked [EXEMPT], that the copy sent to DfE leaves out.")
    elif kind in (MeetingKind.BOARD, None):
        first = ("This pack reports progress against the Improvement Notice to the Improvement Board, for the board "
                 f"to monitor and challenge, with the figures as they stood on {when}.")
    else:
        first = f"This pack reports progress against the Improvement Notice, with the figures as they stood on {when}."
    if meeting is not None:
        first += f" It is written for: {meeting.label}."
    of_whom = " of DfE" if audience is Audience.DFE or kind is MeetingKind.DFE_REVIEW else (
        "" if audience is Audience.PUBLIC else " of the board")
    second = (f"It sets out where each of the notice's {_count(len(content.scorecard), 'requirement')} stands, on the "
              "secretariat's judgement and on the data, names those off target first, and ends with the conclusion "
              f"and what is asked{of_whom}. The Summary and Scorecard sheets give the figures; the sheets after them "
              "the detail.")
    paragraphs = [first, second]
    withheld = content.withheld
    if not audience.includes_exempt and withheld.total:
        paragraphs.append(f"Items marked as exempt information are left out of this pack ({withheld.words()}).")
    return tuple(paragraphs)


def background(content: PackContent) -> tuple[str, ...]:
    paragraphs = []
    notice = content.notice
    lines = content.scorecard
    targets = sum(line.row.kind is RequirementKind.TARGET for line in lines)
    shape = (f"It has {_count(len(lines), 'requirement')} in this pack: {targets} tied to indicators with targets and "
             f"{len(lines) - targets} process requirements judged on their evidence.")
    if notice is not None:
        issuer = notice.issuer if notice.issuer.lower().startswith("the ") else f"the {notice.issuer}"
        ends = f", to run until {day_words(notice.ends_on)}" if notice.ends_on else ""
        paragraphs.append(f"The {notice.title} was issued by {issuer} on {day_words(notice.issued_on)}{ends}. {shape}")
    else:
        paragraphs.append(f"This database records no Improvement Notice. {shape}")
    as_at = content.as_at
    boards = sorted((m for m in content.meetings if m.kind is MeetingKind.BOARD and m.held_on <= as_at),
                    key=lambda m: m.held_on)
    if boards:
        span = f"in {_when(boards[0])}" if len(boards) == 1 else f"from {_when(boards[0])} to {_when(boards[-1])}"
        paragraphs.append(f"The Improvement Board has met {_times(len(boards))} {span} to monitor and challenge "
                          "progress against the notice and the improvement plan.")
    else:
        paragraphs.append("No meeting of the Improvement Board is recorded by this date.")
    current = content.meeting.uuid if content.meeting is not None else None
    reviews = sorted((m for m in content.meetings if m.kind is MeetingKind.DFE_REVIEW and m.held_on <= as_at
                      and m.uuid != current), key=lambda m: m.held_on)
    if reviews:
        paragraphs.append(f"Progress was reported to DfE {_times(len(reviews))} before this: "
                          + "; ".join(m.label for m in reviews) + ".")
    else:
        paragraphs.append("No earlier report to DfE or DfE progress review is recorded by this date.")
    return tuple(paragraphs)


def main_points(content: PackContent) -> tuple[str, ...]:
    lines = content.scorecard
    points = [_judged_point(content), _data_point(content)]
    points += [_exception(line) for line in lines if line.row.rag in (RagStatus.RED, RagStatus.AMBER)]
    unjudged = [line for line in lines if line.row.rag in (RagStatus.DUE_NO_READING, RagStatus.NO_DATA)]
    if unjudged:
        points.append("Still without a figure to judge: " + "; ".join(_without(line) for line in unjudged) + ".")
    evidence = sum(line.row.rag is None for line in lines)
    if evidence:
        points.append(f"{_count(evidence, 'requirement')} {'has' if evidence == 1 else 'have'} no "
                      "indicator with a target and "
                      f"{'is' if evidence == 1 else 'are'} judged on the evidence alone.")
    points.append(changes(content))
    return tuple(points)


def changes(content: PackContent) -> str:
    """What changed since the last Improvement Board, each requirement judged again as at that board's date
    (the secretariat's judgement as it then stood, from its history)."""
    earlier = content.earlier
    if earlier is None:
        return "No earlier Improvement Board is recorded before this date, so no changes are listed."
    since = f"Since the Improvement Board of {_when(earlier.meeting)} (figures as at {day_words(earlier.meeting.as_at)})"
    on_data, judged, first_judged = [], [], []
    for line in content.scorecard:
        row = line.row
        if row.uuid not in earlier.rag:
            continue
        before = earlier.rag[row.uuid]
        if before != row.rag:
            on_data.append(f"requirement {row.ref} from {_rag_word(before)} to {_rag_word(row.rag)}")
        was = earlier.judged[row.uuid]
        if was is None and row.judged is not None:
            first_judged.append(row.ref)
        elif was != row.judged:
            judged.append(f"requirement {row.ref} {REQUIREMENT_STATUS[row.judged].lower()} "
                          f"(was {REQUIREMENT_STATUS[was].lower()})")
    if not on_data and not judged and not first_judged:
        return f"{since}, no requirement's status has changed, on the data or on the secretariat's judgement."
    parts = []
    if on_data:
        parts.append("on the data, " + "; ".join(on_data))
    if judged:
        parts.append("on the secretariat's judgement, " + "; ".join(judged))
    if first_judged:
        which = "every requirement" if len(first_judged) == len(content.scorecard) else (
            ("requirement " if len(first_judged) == 1 else "requirements ") + _and(first_judged))
        parts.append(f"{which} {'was' if len(first_judged) == 1 or which == 'every requirement' else 'were'} "
                     "judged for the first time")
    return f"{since}: " + "; and ".join(parts) + "."


def written(text: str) -> tuple[str, ...]:
    """The secretariat's text as written, one paragraph per blank-line-separated block."""
    return tuple(block.strip() for block in _BLANK_LINE.split(text.replace("\r\n", "\n")) if block.strip())


def _missing(meeting: MeetingRow | None, placeholder: str, what: str) -> str:
    return placeholder if meeting is not None else NO_MEETING.format(what=what)


def _judged_point(content: PackContent) -> str:
    counts = content.judged_counts
    total = len(content.scorecard)
    parts = [(counts.get(status, 0), REQUIREMENT_STATUS[status].lower()) for status in JUDGED_ORDER]
    listed = [f"{n} {words}" for n, words in parts if n]
    if not listed:
        return "The notice has no requirements in this pack."
    first = listed[0].split(" ", 1)
    verb = "is" if first[0] == "1" else "are"
    listed[0] = f"{first[0]} of the {total} requirements {verb} {first[1]}"
    return "On the secretariat's judgement, " + _and(listed) + "."


def _data_point(content: PackContent) -> str:
    lines = content.scorecard
    rag = content.rag_counts
    with_targets = sum(rag.values())
    if not with_targets:
        return "On the data, no requirement has an indicator with a target to judge it by."
    greens = [line for line in lines if line.row.rag is RagStatus.GREEN]
    if greens:
        named = "; ".join(f"requirement {line.row.ref}, {line.row.title}{_brief(line)}" for line in greens)
        first = f"On the data, {len(greens)} of the {with_targets} requirements with targets meet them: {named}."
    else:
        first = f"On the data, none of the {with_targets} requirements with targets meets them."
    red, amber = rag.get(RagStatus.RED, 0), rag.get(RagStatus.AMBER, 0)
    second = f" {red or 'None'} {'is' if red == 1 else 'are'} red and {amber or 'none'} amber"
    due = [line for line in lines if line.row.rag is RagStatus.NOT_YET_DUE]
    if due:
        on_course = sum(line.row.trajectory is TrajectoryStatus.ON_TRACK for line in due)
        second += f"; {len(due)} {'has a target' if len(due) == 1 else 'have targets'} not yet due, {on_course} on course"
    return first + second + "."


def _exception(line: ScoreLine) -> str:
    row = line.row
    direction = direction_words(line)
    return (f"Requirement {row.ref}, {row.title}, is {RAG_STATUS[row.rag].lower()}: {why(line)}"
            + (f" {direction}." if direction else ""))


def _without(line: ScoreLine) -> str:
    row = line.row
    judgement = row.judgement
    code = judgement.driver.code if judgement is not None and judgement.driver is not None else ""
    reason = judgement.reason if judgement is not None else ""
    marker = f"({code}): "
    if marker in reason:
        reason = reason.split(marker, 1)[1]
    reason = reason.split("; ", 1)[0]
    named = f" ({code})" if code and f"({code})" not in row.title else ""
    return f"requirement {row.ref}, {row.title}{named}: {reason}"


def _brief(line: ScoreLine) -> str:
    """The figure against the target, ", NI 59 80.5% against 80%" (no code where the title names it)."""
    indicator, target = line.indicator, level_target(line)
    if indicator is None or line.figure is None or target is None:
        return ""
    figure = format_value(line.figure.value, indicator.unit, indicator.decimals)
    aim = format_value(target, indicator.unit, indicator.decimals, trim=True)
    code = "" if f"({indicator.code})" in line.row.title else f"{indicator.code} "
    return f", {code}{figure} against {aim}"


def _rag_word(status: RagStatus | None) -> str:
    return RAG_STATUS[status].lower() if status is not None else "no target"


def _when(meeting: MeetingRow) -> str:
    return meeting.held_on.strftime("%B %Y") if meeting.month_only else day_words(meeting.held_on)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
