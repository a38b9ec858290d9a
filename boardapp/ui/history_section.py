"""The "History" section of an item's page (an action's, a requirement's): every change
that took effect by the window's as-at date, newest first, one line each: the day, what
changed, who, why ("no reason given" when nobody said)."""

from __future__ import annotations

import html
import uuid

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from boardapp.domain.terms import TrackedKind
from boardapp.store.item_history import HistoryLine, item_history
from boardapp.ui.context import BoardContext
from boardapp.ui.words import day, long_day


def history_lines(context: BoardContext, kind: TrackedKind, item: uuid.UUID) -> list[HistoryLine]:
    """The item's history as at the window's date (all of it when it shows today)."""
    with context.database.session() as session:
        return item_history(session, kind, item, context.as_at)


def line_parts(line: HistoryLine) -> list[str]:
    """The day, what changed, who, why (and the source, if any), in words."""
    parts = [day(line.effective_on), line.change, line.changed_by or "who is not recorded", line.why]
    if line.source:
        parts.append(f"source: {line.source}")
    return parts


def history_html(context: BoardContext, kind: TrackedKind, item: uuid.UUID) -> str:
    """The section, as HTML for the item's page: “21 Mar 2026 · Status: Not started → In
    progress · Sam Secretariat (secretariat) · agreed at the board”, newest first."""
    lines = history_lines(context, kind, item)
    e = html.escape
    later = (f"Changes after {long_day(context.as_at)} are not shown: the window is as at that date."
             if context.as_at is not None else "")
    note = f"<p><small>{e(later)}</small></p>" if later else ""
    if not lines:
        return f"<h4><a name='history'></a>History</h4><p>No changes recorded.</p>{note}"
    items = "".join(
        f"<li><b>{e(when)}</b> · " + " · ".join(e(part) for part in rest) + "</li>"
        for when, *rest in map(line_parts, lines)
    )
    return f"<h4><a name='history'></a>History</h4><ul>{items}</ul>{note}"


def reason_field() -> QLineEdit:
    """The line a status change's reason is typed in, beside the control that sets it."""
    field = QLineEdit()
    field.setAccessibleName("Reason for the change")
    field.setPlaceholderText("why (may be left empty)")
    field.setClearButtonEnabled(True)
    return field


def reason_row(field: QLineEdit) -> QHBoxLayout:
    """“Reason: [field]”, Alt+N to reach it."""
    row = QHBoxLayout()
    label = QLabel("Reaso&n:")
    label.setBuddy(field)
    row.addWidget(label)
    row.addWidget(field, 1)
    return row


def enable(field: QWidget, why_not: str) -> None:
    """Usable when ``why_not`` is empty; else its tooltip says why not."""
    field.setEnabled(not why_not)
    field.setToolTip(why_not or "Why it changes: kept in the history with the change "
                                "(“no reason given” when left empty).")
