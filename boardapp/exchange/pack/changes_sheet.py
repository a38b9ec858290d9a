"""What changed since the last meeting: every change between the last Improvement Board
before the pack's date and that date (store/changes.py), one row each, as the Excel
table ``Changes`` grouped by section in a fixed order; then the count of each section
(table ``ChangeCounts``). Words as the window says them (domain/history_words.py);
exempt items only in a pack whose audience keeps them, marked; in a pack that names no
member, the people who made the changes by their role."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from boardapp.domain.changes import SECTION_TITLES
from boardapp.exchange.pack.content import PackContent
from boardapp.exchange.pack.frame import HEADING_ROW, add_table, day_words, heading, open_sheet
from boardapp.exchange.pack.styles import PackStyles
from boardapp.exchange.pack.words import EXEMPT_MARK

SHEET = "What changed"
TITLE = "What changed since the last meeting"
COLUMNS = (  # (heading, least width, most width): 138 in all, A4 landscape at full size
    ("Section", 16, 16),
    ("Date", 12, 12),
    ("About", 18, 18),
    ("Change", 32, 32),
    ("From", 11, 11),
    ("To", 11, 11),
    ("Why", 24, 24),
    ("Who", 14, 14),
)
NO_EARLIER = "No earlier Improvement Board is recorded before this date, so no changes are listed."


def since_words(content: PackContent) -> str:
    """"Since the Improvement Board of 15 August 2026" (its figures as at its as-at date)."""
    if content.earlier is None:
        return "No earlier Improvement Board before this date"
    return f"Since the Improvement Board of {content.earlier.meeting.when}"


def write_changes(workbook: Workbook, styles: PackStyles, content: PackContent) -> None:
    found = content.changes
    about = since_words(content)
    if found is not None:
        about += f": {found.count:,} change{'' if found.count == 1 else 's'}; 2 tables, the changes then the counts"
    w = open_sheet(workbook, styles, content, SHEET, TITLE, about=about)
    heading(w, [title for title, _least, _most in COLUMNS])
    for section in found.sections if found is not None else ():
        for line in section.lines:
            w.append([
                w.text(section.title, "Pack wrapped"),
                w.date(line.on),
                w.text(line.about.label + (EXEMPT_MARK if line.exempt else ""), "Pack wrapped"),
                w.text(line.what, "Pack wrapped"),
                w.text(line.before, "Pack wrapped"),
                w.text(line.after, "Pack wrapped"),
                w.text(line.why, "Pack wrapped"),
                w.text(line.who, "Pack wrapped"),
            ])
    if found is None or found.empty:
        empty = NO_EARLIER if found is None else (
            f"Nothing changed between {day_words(found.after)} and {day_words(found.until)}.")
        w.append([None, None, None, w.text(empty, "Pack wrapped")], measure=False)
    add_table(w, "Changes", HEADING_ROW, len(COLUMNS))
    w.ws.freeze_panes = f"A{HEADING_ROW + 1}"
    if found is not None:
        w.blank()
        w.append([w.text("Changes by section", "Pack section")], measure=False)
        top = heading(w, ["Section", "Changes"])
        counts = found.counts()
        for section, title in SECTION_TITLES.items():
            w.append([w.text(title, "Pack wrapped"), w.number(counts.get(section, 0), "Pack integer")], measure=False)
        add_table(w, "ChangeCounts", top, 2)
    w.fit_widths([(least, most) for _title, least, most in COLUMNS])
