"""The overview table's columns, headers and words, without Qt's models or the store:
the overview (ui/overview_model.py) and the first paint (ui/first_paint.py) both say them."""

from __future__ import annotations

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
