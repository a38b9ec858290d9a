"""The inspections: each outcome's judgement across the years (one column per
inspection, oldest first), the inspections themselves, then the recommendations and the
actions tracking them. Numeric grades stay numbers (1-4, 4 outstanding); ILACS grades
are words."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import day_words, heading, open_sheet
from boardapp.exchange.pack.styles import PackStyles
from boardapp.exchange.pack.words import RECOMMENDATION_STATUS
from boardapp.store.board import InspectionRow

KIND_WORDS = {"self_evaluation": "Self-evaluation", "unannounced": "Unannounced", "safeguarding": "Safeguarding"}
SCALE_NOTE = ("Grades on the 1-4 scale: 4 outstanding, 3 good, 2 adequate, 1 inadequate. "
              "ILACS grades are words. A blank: that inspection made no judgement of that outcome.")


def write_inspections(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    w = open_sheet(workbook, styles, content, "Inspections", "Inspections and recommendations", repeat_heading=False)
    inspections = content.inspections
    outcomes: list[str] = []
    for inspection in inspections:
        outcomes.extend(o for o in inspection.grades if o not in outcomes)
    heading(w, ["Outcome", *(_short(i) for i in inspections)])
    for outcome in outcomes:
        cells = [w.text(outcome, "Pack wrapped")]  # a column per inspection, oldest first
        for inspection in inspections:
            grade = inspection.grades.get(outcome)
            cells.append(w.number(int(grade), "Pack grade") if grade and grade.isdigit() else w.text(grade or "", "Pack grade"))
        w.append(cells)
    if not inspections:
        w.append([w.text("No inspection is recorded by this date.", "Pack subtitle")], measure=False)
    w.append([w.text(SCALE_NOTE, "Pack subtitle")], measure=False)

    w.blank()
    w.append([w.text("The inspections", "Pack section")], measure=False)
    heading(w, ["Inspection", "Short name", "Held", "Scale"], gap=False)
    for inspection in inspections:
        held = f"{inspection.held_on:%B %Y}" if inspection.month_only else day_words(inspection.held_on)
        w.append([w.text(inspection.title, "Pack wrapped"), w.text(_short(inspection), "Pack wrapped"),
                  w.text(held, "Pack wrapped"), w.text(inspection.scale, "Pack wrapped")], measure=False)

    w.blank()
    w.append([w.text("Recommendations and the actions tracking them", "Pack section")], measure=False)
    heading(w, ["Recommendation", "Ref", "Inspection", "Due", "Status", "Actions"], gap=False)
    short = {i.key: _short(i) for i in inspections}
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
        w.append([None, w.text("No recommendation is recorded by this date.", "Pack subtitle")], measure=False)
    w.fit_widths([(48, 56)] + [(13, 14)] * max(5, len(inspections)))


def _short(inspection: InspectionRow) -> str:
    kind = KIND_WORDS.get(inspection.kind, inspection.kind)
    return f"{kind} {inspection.held_on:%b %Y}"
