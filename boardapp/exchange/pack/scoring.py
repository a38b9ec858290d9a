"""The figures behind a scorecard row and an indicator's table, from the domain engine.

The target a reading is set against follows the narrative's rule (docs/domain-rules.md,
"Narrative"): the target judged by this very reading; failing that, the narrowest
target whose period contains the reading's; failing that, the latest to have ended
before it (the reports treat a target as standing until it is replaced). Gap and trend
targets have no level to compare a reading with, so they are never "the target" here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from boardapp.domain.as_at import IndicatorView
from boardapp.domain.comparisons import YearOnYear, year_on_year
from boardapp.domain.evaluation import TargetEvaluation
from boardapp.domain.model import Indicator, Reading, Target
from boardapp.domain.narrative import narrate
from boardapp.domain.series import Series
from boardapp.domain.terms import TargetBasis
from boardapp.domain.units import rounded
from boardapp.store.overview import OverviewRow

LEVEL_BASES = (TargetBasis.PERIOD, TargetBasis.CUMULATIVE, TargetBasis.ACADEMIC_YEAR, TargetBasis.COUNT)
EVIDENCE_CHARACTERS = 500
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class ScoreLine:
    """One requirement on the scorecard: its overview row and its lead indicator's figures."""

    row: OverviewRow
    indicator: Indicator | None  # the lead indicator: the first with a reading
    latest: Reading | None
    target: Target | None
    variance: float | None  # latest (as shown) minus the target, in the unit
    last_year: YearOnYear | None
    narrative: str  # the indicator's sentences, or the requirement's evidence

    @property
    def one_line(self) -> str:
        """The first sentence of the narrative."""
        return _SENTENCE_END.split(self.narrative, maxsplit=1)[0] if self.narrative else ""


def standing_target(view: IndicatorView, reading: Reading, judged: Sequence[TargetEvaluation] = ()) -> Target | None:
    """The target ``reading`` is set against (see the module's docstring)."""
    for evaluation in judged:
        if (evaluation.due and evaluation.actual is not None and evaluation.actual.readings == (reading,)
                and evaluation.target.basis in LEVEL_BASES):
            return evaluation.target
    return standing_targets(view.targets, (reading,))[0]


def standing_targets(targets: Sequence[Target], readings: Sequence[Reading]) -> list[Target | None]:
    """For each reading, the narrowest level target containing its period, else the
    latest level target ended before it, else None."""
    levels = [t for t in targets if t.basis in LEVEL_BASES]
    if not levels:
        return [None] * len(readings)
    found: list[Target | None] = []
    for reading in readings:
        period = reading.period
        containing = [t for t in levels if t.period.first <= period.first and period.last <= t.period.last]
        if containing:
            found.append(min(containing, key=lambda t: (t.period.month_count, -t.period.last)))
            continue
        ended = [t for t in levels if t.period.last < period.last]
        found.append(max(ended, key=lambda t: (t.period.last, -t.period.month_count)) if ended else None)
    return found


def score_line(
    row: OverviewRow,
    views: Mapping[str, IndicatorView],
    evaluations: Mapping[str, list[TargetEvaluation]],
    series: Mapping[str, Series],
    evidence: str,
) -> ScoreLine:
    lead = next((views[c] for c in row.indicators if c in views and views[c].series.latest() is not None), None)
    lead = lead or next((views[c] for c in row.indicators if c in views), None)
    if lead is None:
        return ScoreLine(row, None, None, None, None, None, _evidence(evidence))
    judged = evaluations.get(lead.indicator.code, [])
    latest = lead.series.latest()
    target = standing_target(lead, latest, judged) if latest is not None else None
    variance = None
    if latest is not None and latest.value is not None and target is not None:
        # Rounded well past the shown decimals only to drop float noise (90.2 - 85 = 5.2000000000000003).
        variance = round(rounded(latest.value, lead.indicator.decimals) - target.value, lead.indicator.decimals + 3)
    return ScoreLine(
        row=row,
        indicator=lead.indicator,
        latest=latest,
        target=target,
        variance=variance,
        last_year=year_on_year(lead, latest) if latest is not None else None,
        narrative=narrate(lead, judged, series),
    )


def _evidence(text: str) -> str:
    """A process requirement's evidence, cut at a word near the scorecard's limit."""
    text = " ".join(text.split())
    if len(text) <= EVIDENCE_CHARACTERS:
        return text
    cut = text.rfind(" ", 0, EVIDENCE_CHARACTERS)
    return text[: cut if cut > 0 else EVIDENCE_CHARACTERS] + " … (the full evidence is in Board App)"
