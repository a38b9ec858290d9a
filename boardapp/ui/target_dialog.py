"""The secretariat's target editor: a target's new value, the day it takes effect
(today, or the earlier day the board agreed it) and, always, why it changes. The
target's changes so far are shown above, as the indicator's page shows them. Cancel
leaves everything as it was; the store refuses a change without a reason too.

Also the words the indicator's page shows for its targets and their changes."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from boardapp.domain.target_history import day_words
from boardapp.domain.terms import Unit
from boardapp.domain.units import format_value
from boardapp.store import edits
from boardapp.store.indicator_detail import IndicatorDetail, TargetRow
from boardapp.ui.form_dialog import lay_out_form, problem_label

NO_REASON = f"{edits.NO_REASON[0].upper()}{edits.NO_REASON[1:]}."
SAME_VALUE = "That is the target's value now: type the new value, or Cancel."
SHOWN_CHANGES = 4  # the newest changes the dialog lists; the indicator's page lists them all


class TargetDialog(QDialog):
    def __init__(self, code: str, target: TargetRow, unit: Unit, decimals: int, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.today = today or date.today()
        self.setWindowTitle("Change the target")
        self.setMinimumWidth(460)
        shown = format_value(target.value, unit, decimals, trim=True)
        what = QLabel(f"{code}, {target.basis.replace('_', ' ')} target for {target.period.label}: {shown} now"
                      + (f", set by {target.set_by}" if target.set_by else "") + ".")
        what.setWordWrap(True)
        self.history = QLabel(history_text(target))
        self.history.setAccessibleName("Changes so far")
        self.history.setWordWrap(True)
        self.value = QDoubleSpinBox()
        self.value.setAccessibleName("New target")
        self.value.setRange(-1e9, 1e9)
        self.value.setDecimals(max(2, decimals))
        self.value.setValue(target.value)
        if unit is Unit.PERCENT:
            self.value.setSuffix("%")
        self.effective = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        self.effective.setAccessibleName("Takes effect from")
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("d MMM yyyy")
        self.effective.setMaximumDate(QDate(self.today.year, self.today.month, self.today.day))
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Why the target changes")
        self.reason.setPlaceholderText("revised by the board at its November meeting")
        self.problem = problem_label()
        self.problem.setAccessibleName("Problem")
        form = QFormLayout()
        form.addRow("&New target:", self.value)
        form.addRow("Takes effect &from:", self.effective)
        form.addRow("&Why (required):", self.reason)
        lay_out_form(self, [what, self.history], form, self.problem, self._accept)
        self.reason.setFocus()

    def _accept(self) -> None:
        if self.value.value() == self.target.value:
            self.problem.setText(SAME_VALUE)
            self.value.setFocus()
        elif not self.reason.text().strip():
            self.problem.setText(NO_REASON)
            self.reason.setFocus()
        else:
            self.accept()

    def chosen_day(self) -> date | None:
        """The day the change takes effect; None for today: the store's today (UTC), which
        in the UK is never after the window's, so the window shows the change at once."""
        day = self.effective.date().toPython()
        return None if day >= self.today else day

    def values(self) -> dict[str, object]:
        return {"value": self.value.value(), "reason": self.reason.text().strip(), "effective_on": self.chosen_day()}


def history_text(target: TargetRow) -> str:
    """The target's changes so far, newest first, as many as the dialog has room for."""
    if not target.history:
        return "Not changed since it was set."
    lines = list(target.history[:SHOWN_CHANGES])
    earlier = len(target.history) - len(lines)
    if earlier:
        lines.append(f"… and {earlier} earlier (the indicator's Targets tab lists them all)")
    return "Changes so far:\n" + "\n".join(lines)


def target_item_text(target: TargetRow, detail: IndicatorDetail) -> str:
    """A target in the indicator page's list: "80% cumulative, April 2011 to March 2012
    (revised 1 Nov 2011)"."""
    shown = format_value(target.value, detail.chart.unit, detail.chart.decimals, trim=True)
    revised = f" (revised {day_words(target.revised_on)})" if target.revised_on else ""
    return f"{shown} {target.basis.replace('_', ' ')}, {target.period.label}{revised}"


def target_history_html(detail: IndicatorDetail) -> str:
    """Every target the indicator has had by the page's date, each with its changes,
    newest first: when, who and why."""
    if not detail.targets:
        return ""
    e = html.escape
    items = []
    for target in detail.targets:
        changes = "".join(f"<li>{e(line)}</li>" for line in target.history) or "<li>Not changed since it was set.</li>"
        set_by = f", set by {target.set_by}" if target.set_by else ""
        items.append(f"<li>{e(target_item_text(target, detail))}{e(set_by)}<ul>{changes}</ul></li>")
    return f"<p><b>Every target and its changes</b></p><ul>{''.join(items)}</ul>"
