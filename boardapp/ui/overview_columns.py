"""The overview table's columns, headers and words, without Qt's models or the store:
the overview (ui/overview_model.py) and the first paint (ui/first_paint.py) both say them."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from boardapp.domain.terms import RagStatus, RequirementStatus
from boardapp.ui.words import RAG_STATUS, REQUIREMENT_STATUS, TRAJECTORY

REF, TITLE, JUDGED, RAG, HEADLINE, TREND, TRAJECTORY_COLUMN, NOTES = range(8)
HEADERS = ("Ref", "Requirement", "Judged", "Data says", "Latest against target", "Trend", "Trajectory", "Notes")
# A narrow column's header may be cut short: its tooltip says it whole.
HEADER_TIPS = {
    JUDGED: "Judged: the requirement's status as the board or the report judged it",
    RAG: "Data says: the verdict of the target that matters now",
    HEADLINE: "Latest against target: the latest figure against the target that matters now",
    TRAJECTORY_COLUMN: "Trajectory: whether a target not yet due is on course",
    NOTES: "Notes: open notes on the requirement",
}
# What the Judged column and box say for a requirement the board had not judged by the
# as-at date (OverviewRow.judged is None).
NOT_JUDGED = "– Not judged yet"


def cell_text(row: Any, column: int) -> str:
    """What a cell of the overview says, for an OverviewRow (the overview) or a
    SnapshotRow (the first paint): the two have these fields alike."""
    if column == REF:
        return row.ref
    if column == TITLE:
        return row.title + ("  [EXEMPT]" if row.exempt else "")
    if column == JUDGED:
        return REQUIREMENT_STATUS[row.judged] if row.judged else NOT_JUDGED
    if column == RAG:
        return RAG_STATUS[row.rag] if row.rag else "No target"
    if column == HEADLINE:
        return row.headline
    if column == TRAJECTORY_COLUMN:
        return TRAJECTORY[row.trajectory] if row.trajectory else ""
    if column == NOTES:
        return str(row.open_notes) if row.open_notes else ""
    return ""


def short_column_widths(table: Any, sparkline_width: int) -> dict[int, int]:
    """The short columns' widths for ``table`` (a QTableView) from its fonts and the few
    words each column can hold (two lines at most), not from its contents: measuring every
    cell would stall a large notice's refresh. The overview and the first paint alike."""
    cell, head = table.fontMetrics(), table.horizontalHeader().fontMetrics()
    pad = 20  # the cell's margins, focus frame and wrapping slack

    def widest(*texts: str) -> int:
        return max(cell.horizontalAdvance(t) for t in texts) + pad

    def word_wide(texts: list[str]) -> int:  # at most two lines, split where it is narrowest
        return max(
            min(max(widest(" ".join(words[:n])), widest(" ".join(words[n:])) if n < len(words) else 0)
                for n in range(1, len(words) + 1))
            for words in (text.split() for text in texts)
        )

    widths = {
        REF: widest("10"),
        JUDGED: word_wide(list(REQUIREMENT_STATUS.values())),
        RAG: word_wide([*RAG_STATUS.values(), "No target"]),
        TREND: sparkline_width,
        TRAJECTORY_COLUMN: word_wide(list(TRAJECTORY.values())),
        NOTES: 0,
    }
    widths = {c: max(w, head.horizontalAdvance(HEADERS[c]) + pad + 6) for c, w in widths.items()}
    widths[REF] += 12  # the rows are sorted by Ref at first: room for the header's arrow
    return widths


def summary_line(judged: Mapping[RequirementStatus | None, int], rag: Mapping[RagStatus, int], total: int,
                 stood: str) -> str:
    """The overview's summary line: "<b>23 requirements</b> as at ...: judged 8 met, ... On
    the data: 6 red, ...", from the counts of judged statuses (None: not judged yet) and of
    RAG statuses; ``stood``: "as at 3 December 2026" or the first paint's words."""
    words = [
        f"{judged.get(status, 0)} {label}"
        for status, label in ((RequirementStatus.MET, "met"), (RequirementStatus.PARTLY_MET, "partly met"),
                              (RequirementStatus.NOT_MET, "not met"), (RequirementStatus.IN_PROGRESS, "in progress"),
                              (RequirementStatus.NOT_ASSESSED, "not assessed"))
        if judged.get(status, 0) or status is not RequirementStatus.NOT_ASSESSED
    ]
    if judged.get(None):
        words.append(f"{judged[None]} not judged yet")
    data = [f"{n} {RAG_STATUS[s].split(' ', 1)[1].lower()}" for s, n in rag.items() if n]
    return (f"<b>{total} requirements</b> {html.escape(stood)}: judged {', '.join(words)}. "
            f"On the data: {', '.join(data) or 'no targets due'}.")
