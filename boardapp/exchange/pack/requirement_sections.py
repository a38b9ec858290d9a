"""The Requirements sheet's content: one section per notice requirement, in the notice's
order, as plain records (the sheet only lays them out; tested without a workbook).

A section holds the notice's wording and the evidence narrative whole (the evidence
split into paragraphs, and a long paragraph into groups of sentences, so that no printed
row is taller than a part of a page), the status the secretariat records and what the
data says with the rule that made it, and for each linked indicator (in the order the
requirement names them): the figure its status rests on (else its latest reading), the
target that matters now, the variance (only between a figure and the target judged on
it), the same period last year, the national and statistical-neighbour comparators for
the same period, every target it has had with how each stands, and the indicator's
sentences with any volume behind them.

Volume: a rate's volume comes from its denominators (the narrative's "despite a 42%
increase in assessments"); where the data holds no counts, a companion indicator
``CODE-VOL`` (the code without spaces, then ``-VOL``) holds the change in volume on the
same period a year earlier, as the demo's NI59-VOL holds 003's "a 42% increase in the
total number of initial assessments".
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from boardapp.domain.as_at import IndicatorView
from boardapp.domain.comparisons import comparator_gaps, year_on_year
from boardapp.domain.evaluation import TargetEvaluation
from boardapp.domain.judgement import JUDGED, Judgement, period_words, target_value
from boardapp.domain.model import Indicator, Reading, Target
from boardapp.domain.narrative import in_line, narrate
from boardapp.domain.periods import Period, format_report_period, years_before
from boardapp.domain.series import Series
from boardapp.domain.terms import LEVEL_BASES, ComparatorKind, RagStatus, RequirementStatus, TargetBasis
from boardapp.domain.units import format_percent_change, format_value, rounded
from boardapp.domain.wording import RAG_STATUS
from boardapp.store.overview import OverviewRow
from boardapp.store.pack_sections import RequirementText

PARAGRAPH_CHARACTERS = 900  # a longer paragraph is split at sentences (a row prints at most ~14 lines)
VOLUME_SUFFIX = "-VOL"
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")

TARGET_STATUS = {
    RagStatus.GREEN: "Met",
    RagStatus.AMBER: "Missed, within the band",
    RagStatus.RED: "Missed",
    RagStatus.DUE_NO_READING: "No figure",
    RagStatus.NO_DATA: "No data",
    RagStatus.NOT_YET_DUE: "Not yet due",
}
REPLACED = "Replaced"  # a standing target a later one replaced: it judges nothing
NATIONAL = (ComparatorKind.NATIONAL, ComparatorKind.ENGLAND)
COMPARATOR_WORDS = {
    ComparatorKind.NATIONAL: "national",
    ComparatorKind.ENGLAND: "England",
    ComparatorKind.STATISTICAL_NEIGHBOURS: "statistical neighbours",
    ComparatorKind.CORE_CITIES: "core cities",
}


@dataclass(frozen=True)
class TargetLine:
    """One target an indicator has had, and how it stands as at the date."""

    indicator: Indicator
    words: str  # "72% for June 2010, set by the Improvement Notice"
    value: float | None  # a level target's value (None for gap and trend targets)
    status: str  # TARGET_STATUS, or REPLACED
    figure: float | None  # the figure it was judged by (or so far, when not yet due)
    figure_period: Period | None
    variance: float | None  # figure (as shown) minus target, for a level target judged on it
    now: bool  # the target that matters now


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator linked to a requirement, as at the date."""

    indicator: Indicator
    status: RagStatus | None  # None: no target
    value: float | None  # the figure the status rests on, else the latest reading
    period: Period | None
    provisional: bool
    target: float | None  # the value of the target that matters now (a level target)
    variance: float | None
    last_year: float | None  # the same period a year earlier
    direction: str  # "Up", "Down", "In line", "Unchanged" on last year, as shown; "" without last year
    national: float | None  # for the same period as ``value``
    neighbours: float | None
    narrative: str  # the indicator's sentences
    context: str  # the volume behind the figure, and comparators stated for another period
    targets: tuple[TargetLine, ...]

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def words(self) -> str:
        return f"{self.narrative} {self.context}" if self.context else self.narrative

    @property
    def targets_words(self) -> str:
        """Every target in one line: "72% for June 2010; 80% for October 2010; ..."."""
        return "; ".join(t.words for t in self.targets)


@dataclass(frozen=True)
class RequirementSection:
    uuid: uuid.UUID
    ref: str
    title: str
    wording: str  # the notice's own words, whole
    evidence: tuple[str, ...]  # the narrative, whole: a paragraph (or a group of sentences) each
    judged: RequirementStatus | None  # what the secretariat records; None: not yet judged
    rag: RagStatus | None  # what the data says; None: no linked indicator has a target
    why: str  # the rule that made it, in words
    exempt: bool
    indicators: tuple[IndicatorLine, ...]


def build_sections(
    rows: Sequence[OverviewRow],
    views: Mapping[str, IndicatorView],
    evaluations: Mapping[str, list[TargetEvaluation]],
    judgements: Mapping[str, Judgement],
    texts: Mapping[uuid.UUID, RequirementText],
    narratives: Mapping[str, str] | None = None,
) -> tuple[RequirementSection, ...]:
    """A section per requirement row (already in the notice's order and already rid of
    what the audience may not see). ``narratives``: each indicator's sentences, when
    already made (they are made here otherwise)."""
    series = {code: view.series for code, view in views.items()}
    narratives = narratives or {}
    sections = []
    for row in rows:
        text = texts.get(row.uuid, RequirementText("", ""))
        lines = tuple(
            indicator_line(views[code], evaluations.get(code, []), judgements.get(code), series, views,
                           narratives.get(code))
            for code in row.indicators if code in views
        )
        sections.append(RequirementSection(
            uuid=row.uuid, ref=row.ref, title=row.title, wording=text.wording.strip(),
            evidence=split_evidence(text.evidence), judged=row.judged, rag=row.rag, why=why(row),
            exempt=row.exempt, indicators=lines,
        ))
    return tuple(sections)


def why(row: OverviewRow) -> str:
    """"Green: Initial assessments ... (NI 59): 80.5% for August 2011 meets the ...", and
    any due target whose period ended with no figure."""
    judgement = row.judgement
    if judgement is None or judgement.status is None:
        return "No linked indicator has a target."
    words = judgement.says
    driver = judgement.driver
    if driver is not None and driver.unreported:
        words += f". {driver.code}: {driver.unreported_words}"
    return words + "."


def split_evidence(text: str) -> tuple[str, ...]:
    """The narrative as rows: each line (a paragraph or a bullet) whole, and a line longer
    than PARAGRAPH_CHARACTERS as groups of whole sentences (a sentence longer than that at
    words). Joined with spaces, the rows are the text, word for word."""
    rows: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= PARAGRAPH_CHARACTERS:
            rows.append(line)
            continue
        group = ""
        for sentence in _SENTENCE_END.split(line):
            for piece in _pieces(sentence):
                if group and len(group) + 1 + len(piece) > PARAGRAPH_CHARACTERS:
                    rows.append(group)
                    group = piece
                else:
                    group = f"{group} {piece}" if group else piece
        if group:
            rows.append(group)
    return tuple(rows)


def _pieces(sentence: str) -> list[str]:
    """A sentence, or, when it is longer than a row holds, its words in row-sized runs."""
    if len(sentence) <= PARAGRAPH_CHARACTERS:
        return [sentence]
    runs, run = [], ""
    for word in sentence.split(" "):
        if run and len(run) + 1 + len(word) > PARAGRAPH_CHARACTERS:
            runs.append(run)
            run = word
        else:
            run = f"{run} {word}" if run else word
    return runs + ([run] if run else [])


def indicator_line(
    view: IndicatorView,
    evaluations: Sequence[TargetEvaluation],
    judgement: Judgement | None,
    series: Mapping[str, Series],
    views: Mapping[str, IndicatorView],
    narrative: str | None = None,
) -> IndicatorLine:
    indicator = view.indicator
    current = judgement.current if judgement is not None else None
    target = current.target if current is not None else None
    level = target if target is not None and target.basis in LEVEL_BASES else None
    reading = view.series.latest()
    value = reading.value if reading is not None else None
    period = reading.period if reading is not None else None
    provisional = bool(reading is not None and reading.provisional)
    variance = None
    if current is not None and level is not None and current.status in JUDGED and current.actual is not None:
        figure = current.actual
        value, period, provisional = figure.value, figure.period, figure.provisional
        variance = _variance(indicator, figure.value, level)
        reading = figure.readings[0] if len(figure.readings) == 1 else view.series.at(figure.period)
    last_year = direction = None
    national = neighbours = None
    if reading is not None and reading.period == period:
        yoy = year_on_year(view, reading)
        if yoy is not None:
            last_year = yoy.previous_value
            direction = _direction(indicator, yoy.value, yoy.previous_value)
        for gap in comparator_gaps(view, reading):
            if gap.kind in NATIONAL and national is None:
                national = gap.value
            elif gap.kind is ComparatorKind.STATISTICAL_NEIGHBOURS:
                neighbours = gap.value
    context = [_volume_words(view, period, views)]
    if national is None and neighbours is None:
        context.append(_other_comparators(view))
    return IndicatorLine(
        indicator=indicator,
        status=judgement.status if judgement is not None else None,
        value=value,
        period=period,
        provisional=provisional,
        target=level.value if level is not None else None,
        variance=variance,
        last_year=last_year,
        direction=direction or "",
        national=national,
        neighbours=neighbours,
        narrative=narrative if narrative is not None else narrate(view, evaluations, series),
        context=" ".join(words for words in context if words),
        targets=target_lines(indicator, evaluations, current),
    )


def target_lines(
    indicator: Indicator, evaluations: Sequence[TargetEvaluation], current: TargetEvaluation | None
) -> tuple[TargetLine, ...]:
    """Every target of the indicator known on the date, soonest first."""
    standing_due = [e for e in evaluations if e.target.basis is TargetBasis.STANDING and e.due]
    newest = max(standing_due, key=lambda e: e.target.period.first) if standing_due else None
    lines = []
    for evaluation in sorted(evaluations, key=lambda e: (e.target.period.last, e.target.period.first)):
        target = evaluation.target
        replaced = target.basis is TargetBasis.STANDING and evaluation.due and evaluation is not newest
        actual = evaluation.actual
        level = target.basis in LEVEL_BASES
        judged = evaluation.status in JUDGED and actual is not None
        lines.append(TargetLine(
            indicator=indicator,
            words=target_line_words(target, indicator),
            value=target.value if level else None,
            status=REPLACED if replaced else TARGET_STATUS[evaluation.status],
            figure=actual.value if actual is not None and level else None,
            figure_period=actual.period if actual is not None else None,
            variance=_variance(indicator, actual.value, target) if judged and level and actual else None,
            now=current is not None and evaluation.target == current.target,
        ))
    return tuple(lines)


def target_line_words(target: Target, indicator: Indicator) -> str:
    """A target as the notice words it: "72% for June 2010", "80% for October 2010 to
    March 2011 (cumulative)", "80% standing since March 2010", then who set it."""
    value = target_value(target, indicator)
    when = period_words(target.period)
    if target.basis is TargetBasis.STANDING:
        words = f"{value} standing since {format_report_period(target.period)}"
    elif target.basis is TargetBasis.CUMULATIVE:
        words = f"{value} for {when} (cumulative)"
    elif target.basis is TargetBasis.TREND:
        words = f"{value} by {when}"
    elif target.basis is TargetBasis.GAP_CHANGE:
        words = f"{value} in {when}"
    else:
        words = f"{value} for {when}"
    return words + (f", set by {target.set_by}" if target.set_by else "")


def _variance(indicator: Indicator, value: float, target: Target) -> float:
    # Rounded well past the shown decimals only to drop float noise (90.2 - 85 = 5.2000000000000003).
    return round(rounded(value, indicator.decimals) - target.value, indicator.decimals + 3)


def _direction(indicator: Indicator, now: float, before: float) -> str:
    """As the narrative words it (docs/domain-rules.md): "In line" within the shown precision."""
    now, before = rounded(now, indicator.decimals), rounded(before, indicator.decimals)
    if now == before:
        return "Unchanged"
    if in_line(now, before, indicator.decimals):
        return "In line"
    return "Up" if now > before else "Down"


def _volume_words(view: IndicatorView, period: Period | None, views: Mapping[str, IndicatorView]) -> str:
    """The change in volume behind a figure, from a companion ``CODE-VOL`` indicator's
    reading for the same period (the narrative already gives it from denominators)."""
    if period is None:
        return ""
    companion = views.get(view.indicator.code.replace(" ", "") + VOLUME_SUFFIX)
    if companion is None or companion is view:
        return ""
    reading = companion.series.at(period)
    if reading is None or reading.value is None or rounded(reading.value, 0) == 0:
        return ""
    size = "increase" if reading.value > 0 else "decrease"
    noun = view.indicator.volume_phrase or "volume"
    before = format_report_period(years_before(period))
    return (f"Volume: a {format_percent_change(reading.value)} {size} in {noun} on {before} "
            f"({companion.indicator.code}).")


def _other_comparators(view: IndicatorView) -> str:
    """The comparators stated for the latest period that has any, when that is not the
    period of the figure shown, with the indicator's own figure then (any measure)."""
    stated = [c for c in view.comparators if c.kind in COMPARATOR_WORDS]
    if not stated:
        return ""
    period = max((c.period for c in stated), key=lambda p: (p.last, -p.month_count))
    indicator = view.indicator
    listed = ", ".join(f"{COMPARATOR_WORDS[c.kind]} {format_value(c.value, indicator.unit, indicator.decimals)}"
                       for c in stated if c.period == period)
    words = f"Comparators for {format_report_period(period)}: {listed}"
    own = _reading_for(view, period)
    if own is not None and own.value is not None:
        measure = f" ({own.measure})" if own.measure else ""
        words += f"; {indicator.code} then: {format_value(own.value, indicator.unit, indicator.decimals)}{measure}"
    return words + "."


def _reading_for(view: IndicatorView, period: Period) -> Reading | None:
    for one in (view.series, *view.measures.values()):
        reading = one.at(period)
        if reading is not None:
            return reading
    return None


def status_words(status: RagStatus | None) -> str:
    return RAG_STATUS[status] if status is not None else "No target"
