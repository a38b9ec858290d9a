"""The summary: requirements by judged status and by what the data says, then every red
and amber requirement with the first sentence of its narrative."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from boardapp.domain.terms import RagStatus, RequirementStatus
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import heading, open_sheet
from boardapp.exchange.pack.styles import PackStyles, rag_style
from boardapp.exchange.pack.words import EXEMPT_MARK, RAG_STATUS, REQUIREMENT_STATUS

_JUDGED_ORDER = (
    RequirementStatus.MET,
    RequirementStatus.PARTLY_MET,
    RequirementStatus.NOT_MET,
    RequirementStatus.IN_PROGRESS,
    RequirementStatus.NOT_ASSESSED,
    None,
)


def write_summary(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    writer = open_sheet(workbook, styles, content, "Summary", "Summary", landscape=False, repeat_heading=False)
    w = writer
    total = len(content.scorecard)
    w.blank()
    w.append([w.text(f"{total} requirements of the notice", "Pack section")], measure=False)
    if not content.audience.includes_exempt and content.withheld.requirements:
        w.append([w.text(f"{content.withheld.requirements} more are exempt and withheld from this pack", "Pack warning")],
                 measure=False)

    heading(w, ["", "Judged status", "Requirements"])
    for status in _JUDGED_ORDER:
        count = content.judged_counts.get(status, 0)
        if count or status is not None:
            w.append([None, w.text(REQUIREMENT_STATUS[status]), w.number(count, "Pack integer")])

    heading(w, ["", "What the data says", "Requirements"])
    for status, count in content.rag_counts.items():
        w.append([None, w.text(RAG_STATUS[status], rag_style(status)), w.number(count, "Pack integer")])
    without = total - sum(content.rag_counts.values())
    w.append([None, w.text("No indicator with targets (judged on evidence)"), w.number(without, "Pack integer")])

    concerns = [line for line in content.scorecard if line.row.rag in (RagStatus.RED, RagStatus.AMBER)]
    concerns.sort(key=lambda line: line.row.rag is not RagStatus.RED)  # reds first, then the notice's order
    w.blank()
    w.append([w.text("Red and amber requirements", "Pack section")], measure=False)
    heading(w, ["Ref", "Requirement", "Data says", "Where it stands"], gap=False)
    if not concerns:
        w.append([None, w.text("None: no requirement is red or amber on the data as at this date.", "Pack wrapped")])
    for line in concerns:
        row = line.row
        w.append([
            w.text(row.ref),
            w.text(row.title + (EXEMPT_MARK if row.exempt else ""), "Pack wrapped"),
            w.text(RAG_STATUS[row.rag], rag_style(row.rag)),
            w.text(line.one_line or row.headline, "Pack wrapped"),
        ])
    w.fit_widths([(6, 8), (40, 48), (14, 16), (60, 70)])
