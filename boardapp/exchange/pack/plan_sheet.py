"""The action plan: every action of the plans adopted by the date, with its milestones and
the requirements it serves, as the Excel table ``ActionPlan``; then the plans' focus
areas (table ``FocusAreas``). An action past its due date and not complete is
highlighted by a conditional format that compares its due date with the as-at date in
B3, so the highlight follows if someone changes that date in Excel; the "Overdue"
column says the same in words for the as-at date of the pack.

An action past its due date and not complete cannot be green: where the plan records
Green for one, the RAG column shows the word as recorded without its fill, and the
"Overdue" column says that it does not stand.

When the pack shows more than one plan, a "Plan" column gives each action's plan by
its key (the refs P1.2.a... repeat from plan to plan): plan and ref name one action.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from boardapp.domain.terms import Rag
from boardapp.exchange.pack.content import ActionLine, PackContent
from boardapp.exchange.pack.frame import AS_AT_CELL, HEADING_ROW, add_table, day_words, heading, open_sheet
from boardapp.exchange.pack.progress import Steps
from boardapp.exchange.pack.styles import OVERDUE_FILL, PackStyles, rag_style
from boardapp.exchange.pack.words import ACTION_RAG, ACTION_STATUS, EXEMPT_MARK
from boardapp.store.board import MilestoneRow

# (heading, width with one plan, width with several): 138 in all, A4 landscape at full size.
COLUMNS = (
    ("Plan", 0, 9),
    ("Ref", 8, 8),
    ("Action", 24, 21),
    ("Owner", 12, 12),
    ("Due", 11, 11),
    ("Status", 11, 11),
    ("RAG", 8, 8),
    ("Overdue", 11, 11),
    ("Requirements", 11, 11),
    ("Milestones", 17, 15),
    ("Last update", 23, 19),
)
COMPLETE = "Complete"
NOT_GREEN = "Overdue: the recorded Green does not stand"


def plan_key(line: ActionLine) -> str:
    return (line.plan_key or line.plan).upper()


def write_plan(workbook: Workbook, styles: PackStyles, content: PackContent, steps: Steps) -> None:
    plans = sorted({(plan_key(line), line.plan) for line in content.actions})
    several = len(plans) > 1
    columns = COLUMNS if several else COLUMNS[1:]
    if not plans:
        about = "No plan had been adopted by this date"
    elif several:
        about = "Plans: " + "; ".join(f"{key}: {title}" for key, title in plans)
    else:
        about = f"Plan: {plans[0][1]}"
    w = open_sheet(workbook, styles, content, "Action plan", "Action plan", about=about + ". 2 tables: the actions, "
                   "then the focus areas.")
    heading(w, [title for title, _one, _several in columns])
    first = w.row + 1
    for count, line in enumerate(content.actions, start=1):
        action = line.action
        overdue = action.overdue(content.as_at)
        contradicted = overdue and action.rag is Rag.GREEN
        w.append([
            *([w.text(plan_key(line))] if several else []),
            w.text(action.ref),
            w.text(action.title + (EXEMPT_MARK if action.exempt else ""), "Pack wrapped"),
            w.text(action.owner, "Pack wrapped"),
            w.date(action.due_on),
            w.text(ACTION_STATUS[action.status]),
            w.text(ACTION_RAG[action.rag] if action.rag else "", "Pack wrapped" if contradicted else rag_style(action.rag)),
            w.text(NOT_GREEN if contradicted else "Overdue" if overdue else "", "Pack wrapped"),
            w.text(", ".join(line.requirements), "Pack wrapped"),
            w.text(_milestones(action.milestones), "Pack wrapped"),
            w.text(action.evidence, "Pack wrapped"),
        ])
        if count % 500 == 0:
            steps.advance(500, "Action plan")
    steps.advance(len(content.actions) % 500, "Action plan")
    last = max(w.row, first)
    add_table(w, "ActionPlan", HEADING_ROW, len(columns))
    offset = 1 if several else 0
    end = get_column_letter(len(columns))
    due, status = get_column_letter(5 + offset - 1), get_column_letter(6 + offset - 1)
    overdue_rule = FormulaRule(
        formula=[f'AND(ISNUMBER(${due}{first}),${due}{first}<{AS_AT_CELL},${status}{first}<>"{COMPLETE}")'],
        fill=PatternFill("solid", fgColor=OVERDUE_FILL, bgColor=OVERDUE_FILL),
        font=Font(bold=True),
    )
    # Not over the RAG column, whose own fill says red, amber or green.
    rag = 7 + offset - 1
    before, after = get_column_letter(rag - 1), get_column_letter(rag + 1)
    w.ws.conditional_formatting.add(f"A{first}:{before}{last} {after}{first}:{end}{last}", overdue_rule)
    w.ws.freeze_panes = f"{get_column_letter(3 + offset)}{HEADING_ROW + 1}"
    _focus_areas(w, content, several)
    w.fit_widths([(one, one) if not several else (many, many) for _title, one, many in columns])


def _focus_areas(w, content: PackContent, several: bool) -> None:
    """The focus areas the actions sit in (an action's ref starts with its area's)."""
    areas: list[tuple[str, str, str]] = []
    for line in content.actions:
        ref, _space, title = line.area.partition(" ")
        item = (plan_key(line), ref, title)
        if item not in areas:
            areas.append(item)
    w.blank()
    w.append([w.text("Focus areas", "Pack section")], measure=False)
    top = heading(w, [*(["Plan"] if several else []), "Area", "Focus area"])
    for key, ref, title in areas:
        w.append([*([w.text(key)] if several else []), w.text(ref), w.text(title, "Pack text")], measure=False)
    add_table(w, "FocusAreas", top, 3 if several else 2)


def _milestones(milestones: tuple[MilestoneRow, ...]) -> str:
    lines = []
    for milestone in milestones:
        when = f"due {day_words(milestone.due_on)}" if milestone.due_on else "no date"
        lines.append(f"• {milestone.title} ({when}{', done' if milestone.done else ''})")
    return "\n".join(lines)
