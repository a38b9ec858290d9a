"""The scorecard: one row per notice requirement, with the figure its status rests on
against the target that matters now, the RAG (a word with its fill) and the rule that
made it in words, the change on the same period last year, the trajectory and the
narrative."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from boardapp.domain.judgement import target_words
from boardapp.domain.terms import LEVEL_BASES
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import HEADING_ROW, heading, open_sheet
from boardapp.exchange.pack.scoring import ScoreLine
from boardapp.exchange.pack.styles import PackStyles, change_format, rag_style, unit_format
from boardapp.exchange.pack.words import EXEMPT_MARK, RAG_STATUS, REQUIREMENT_STATUS, TRAJECTORY

COLUMNS = (
    ("Ref", 5, 7),
    ("Requirement", 26, 32),
    ("Judged", 10, 12),
    ("Indicator", 9, 14),
    ("Latest", 8, 10),
    ("Period", 10, 16),
    ("Target", 8, 9),
    ("Target for", 16, 22),
    ("Variance", 9, 10),
    ("Data says", 10, 12),
    ("Why", 30, 40),
    ("Change on same period last year", 10, 11),
    ("Trajectory", 14, 20),
    ("Narrative", 40, 52),
)


def write_scorecard(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    w = open_sheet(workbook, styles, content, "Scorecard", "Scorecard: the notice's requirements")
    heading(w, [title for title, _least, _most in COLUMNS])
    for line in content.scorecard:
        row = line.row
        indicator = line.indicator
        latest = line.latest
        target = line.target
        value = line.figure.value if line.figure is not None else latest.value if latest else None
        period = line.figure.period if line.figure is not None else latest.period if latest else None
        provisional = line.figure.provisional if line.figure is not None else bool(latest and latest.provisional)
        value_style = change_style = "Pack text"
        if indicator is not None:
            value_style = styles.number(unit_format(indicator.unit, indicator.decimals))
            change_style = styles.number(change_format(indicator.unit, indicator.decimals))
        trajectory = row.trajectory_text
        if row.trajectory is not None:
            trajectory = f"{TRAJECTORY[row.trajectory]}: {row.trajectory_text}" if row.trajectory_text else TRAJECTORY[row.trajectory]
        w.append([
            w.text(row.ref),
            w.text(row.title + (EXEMPT_MARK if row.exempt else ""), "Pack wrapped"),
            w.text(REQUIREMENT_STATUS[row.judged], "Pack wrapped"),
            w.text(indicator.code if indicator else ""),
            w.number(value, value_style),
            w.text(period.label + (" (provisional)" if provisional else "") if period else "", "Pack wrapped"),
            w.number(target.value if target is not None and target.basis in LEVEL_BASES else None, value_style),
            w.text(target_words(target, indicator).removeprefix("target ") if target and indicator else "", "Pack wrapped"),
            w.number(line.variance, change_style),
            w.text(RAG_STATUS[row.rag] if row.rag else "No targets", rag_style(row.rag)),
            w.text(_why(line), "Pack wrapped"),
            w.number(round(line.last_year.change, 6) if line.last_year else None, change_style),
            w.text(trajectory, "Pack wrapped"),
            w.text(line.narrative, "Pack wrapped"),
        ])
    last_column = get_column_letter(len(COLUMNS))
    w.ws.freeze_panes = f"C{HEADING_ROW + 1}"
    w.ws.auto_filter.ref = f"A{HEADING_ROW}:{last_column}{max(w.row, HEADING_ROW + 1)}"
    w.fit_widths([(least, most) for _title, least, most in COLUMNS])


def _why(line: ScoreLine) -> str:
    """The rule that made the status, in words, without repeating the status word; and
    any due target whose period ended with no figure."""
    judgement = line.row.judgement
    if judgement is None or judgement.status is None:
        return "No linked indicator has a target."
    words = judgement.reason[:1].upper() + judgement.reason[1:]
    driver = judgement.driver
    if driver is not None and driver.unreported:
        words += f". {driver.code}: {driver.unreported_words}"
    return words + "."
