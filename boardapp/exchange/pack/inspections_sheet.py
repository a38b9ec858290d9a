"""The inspections: each outcome's judgement across the years (one column per
inspection, oldest first), the inspections themselves, then the recommendations and the
actions tracking them. Numeric grades stay numbers (1-4, 4 outstanding); ILACS grades
are words."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import add_table, day_words, heading, open_sheet
from boardapp.exchange.pack.styles import PackStyles
from boardapp.exchange.pack.words import RECOMMENDATION_STATUS
from boardapp.store.board import InspectionRow

FIRST_WIDTH, COLUMN_WIDTH = 34, 12  # with eight inspections: 130 in all, A4 landscape at full size
KIND_WORDS = {"self_evaluation": "Self-evaluation", "unannounced": "Unannounced", "safeguarding": "Safeguarding"}
SCALE_NOTE = ("Grades on the 1-4 scale: 4 outstanding, 3 good, 2 adequate, 1 inadequate. "
              "ILACS grades are words. A blank: that inspection made no judgement of that outcome.")


def write_inspections(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    inspections = content.inspections
    w = open_sheet(workbook, styles, content, "Inspections", "Inspections and recommendations",
                   about="3 tables: each outcome's grade by inspection, the inspections, and the recommendations "
                         "with the actions tracking them.")
    outcomes: list[str] = []
    for inspection in inspections:
        outcomes.extend(o for o in inspection.grades if o not in outcomes)
    names = _unique([_short(i) for i in inspections])
    top = heading(w, ["Outcome", *names])
    for outcome in outcomes:
        cells = [w.text(outcome, "Pack wrapped")]  # a column per inspection, oldest first
        for inspection in inspections:
            grade = inspection.grades.get(outcome)
            cells.append(w.number(int(grade), "Pack grade") if grade and grade.isdigit() else w.text(grade or "", "Pack grade"))
        w.append(cells)
    if not inspections:
        w.append([w.text("No inspection is recorded by this date.", "Pack subtitle")], measure=False)
    add_table(w, "Grades", top, 1 + len(inspections))
    w.append([w.text(SCALE_NOTE, "Pack subtitle")], measure=False)

    w.blank()
    w.append([w.text("The inspections", "Pack section")], measure=False)
    top = heading(w, ["Inspection", "Short name", "Held", "Scale"])
    for inspection, name in zip(inspections, names, strict=True):
        held = f"{inspection.held_on:%B %Y}" if inspection.month_only else day_words(inspection.held_on)
        w.append([w.text(inspection.title, "Pack wrapped"), w.text(name, "Pack wrapped"),
                  w.text(held, "Pack wrapped"), w.text(inspection.scale, "Pack wrapped")], measure=False)
    add_table(w, "InspectionList", top, 4)

    w.blank()
    w.append([w.text("Recommendations and the actions tracking them", "Pack section")], measure=False)
    top = heading(w, ["Recommendation", "Ref", "Inspection", "Due", "Status", "Actions"])
    short = {i.key: name for i, name in zip(inspections, names, strict=True)}
    for recommendation in content.recommendations:
        w.append([
            w.text(recommendation.text, "Pack wrapped"),
            w.text(recommendation.ref, "Pack wrapped"),
            w.text(short.get(recommendation.inspection_key, recommendation.inspection), "Pack wrapped"),
            w.date(recommendation.due_on),
            w.text(RECOMMENDATION_STATUS[recommendation.status]),
            w.text(", ".join(recommendation.actions) or "none recorded", "Pack wrapped"),
        ], measure=False)
    if not content.recommendations:
        w.append([w.text("No recommendation is recorded by this date.", "Pack subtitle")], measure=False)
    add_table(w, "Recommendations", top, 6)
    # The long table's heading repeats on every printed page it runs onto.
    w.ws.print_title_rows = f"{top}:{top}"
    w.fit_widths([(FIRST_WIDTH, FIRST_WIDTH)] + [(COLUMN_WIDTH, COLUMN_WIDTH)] * max(5, len(inspections)))


def _unique(names: list[str]) -> list[str]:
    """Table headings must differ: a second "Unannounced Jan 2011" becomes "... (2)"."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def _short(inspection: InspectionRow) -> str:
    kind = KIND_WORDS.get(inspection.kind, inspection.kind)
    return f"{kind} {inspection.held_on:%b %Y}"
