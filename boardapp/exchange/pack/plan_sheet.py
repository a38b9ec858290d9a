"""The action plan: every action of the plans adopted by the date, with its milestones and
the requirements it serves. An action past its due date and not complete is highlighted
by a conditional format that compares its due date with the as-at date in B2, so the
highlight follows if someone changes that date in Excel; the "Overdue" column says the
same in words for the as-at date of the pack."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import AS_AT_CELL, HEADING_ROW, day_words, heading, open_sheet
from boardapp.exchange.pack.progress import Steps
from boardapp.exchange.pack.styles import OVERDUE_FILL, PackStyles, rag_style
from boardapp.exchange.pack.words import ACTION_RAG, ACTION_STATUS, EXEMPT_MARK
from boardapp.store.board import MilestoneRow

COLUMNS = (
    ("Ref", 6, 9),
    ("Action", 30, 40),
    ("Owner", 12, 18),
    ("Due", 11, 12),
    ("Status", 11, 12),
    ("RAG", 7, 8),
    ("Overdue", 8, 9),
    ("Milestones", 24, 32),
    ("Requirements", 12, 13),
    ("Last update", 32, 44),
    ("Focus area", 16, 22),
    ("Plan", 14, 18),  # only when the pack shows more than one plan
)
DUE, STATUS, RAG = 4, 5, 6
COMPLETE = "Complete"


def write_plan(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    w = open_sheet(workbook, styles, content, "Action plan", "Action plan")
    plans = sorted({line.plan for line in content.actions})
    columns = COLUMNS if len(plans) > 1 else COLUMNS[:-1]
    if len(plans) == 1:  # row 3 names the plan rather than a column on every row
        w.append([w.text("Plan", "Pack label"), w.text(plans[0], "Pack section")], measure=False)
    heading(w, [title for title, _least, _most in columns], gap=len(plans) != 1)
    first = w.row + 1
    for count, line in enumerate(content.actions, start=1):
        action = line.action
        w.append([
            w.text(action.ref),
            w.text(action.title + (EXEMPT_MARK if action.exempt else ""), "Pack wrapped"),
            w.text(action.owner, "Pack wrapped"),
            w.date(action.due_on),
            w.text(ACTION_STATUS[action.status]),
            w.text(ACTION_RAG[action.rag] if action.rag else "", rag_style(action.rag)),
            w.text("Overdue" if action.overdue(content.as_at) else ""),
            w.text(_milestones(action.milestones), "Pack wrapped"),
            w.text(", ".join(line.requirements), "Pack wrapped"),
            w.text(action.evidence, "Pack wrapped"),
            w.text(line.area, "Pack wrapped"),
            w.text(line.plan, "Pack wrapped") if len(plans) > 1 else None,
        ])
        if count % 500 == 0:
            steps.advance(500, "Action plan")
    steps.advance(len(content.actions) % 500, "Action plan")
    last = max(w.row, first)
    end = get_column_letter(len(columns))
    due = get_column_letter(DUE)
    status = get_column_letter(STATUS)
    overdue = FormulaRule(
        formula=[f'AND(ISNUMBER(${due}{first}),${due}{first}<{AS_AT_CELL},${status}{first}<>"{COMPLETE}")'],
        fill=PatternFill("solid", fgColor=OVERDUE_FILL, bgColor=OVERDUE_FILL),
        font=Font(bold=True),
    )
    # Not over the RAG column, whose own fill says red, amber or green.
    before, after = get_column_letter(RAG - 1), get_column_letter(RAG + 1)
    w.ws.conditional_formatting.add(f"A{first}:{before}{last} {after}{first}:{end}{last}", overdue)
    w.ws.freeze_panes = f"C{HEADING_ROW + 1}"
    w.ws.auto_filter.ref = f"A{HEADING_ROW}:{end}{last}"
    w.fit_widths([(least, most) for _title, least, most in columns])


def _milestones(milestones: tuple[MilestoneRow, ...]) -> str:
    lines = []
    for milestone in milestones:
        when = f"due {day_words(milestone.due_on)}" if milestone.due_on else "no date"
        lines.append(f"• {milestone.title} ({when}{', done' if milestone.done else ''})")
    return "\n".join(lines)
