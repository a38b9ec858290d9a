"""The secretariat's action editor: a new action in a focus area, or a change to one
(title, owner, due date, status, RAG, evidence, and what the action serves), and, for
a change, the reason for it: optional, kept in the action's history ("no reason given"
when left empty).

The dialog asks the store whether the action would be accepted (``check``) before it
closes: a refusal is shown under the form, naming the field, and the dialog stays open
with that field chosen. The window makes the change itself, as an undoable edit."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.terms import ActionStatus, Rag
from boardapp.store.actions import ActionFields, AreaChoice, Choice, PlanChoices
from boardapp.ui.sizing import resize_within_screen
from boardapp.ui.words import ACTION_STATUS, RAG_WORDS

# (fields, focus area uuid or None, ref or None) -> "" when the store would accept them,
# else its reason ("Owner: ...").
Check = Callable[[ActionFields, uuid.UUID | None, str | None], str]
DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y")


class ActionDialog(QDialog):
    def __init__(self, choices: PlanChoices, check: Check, *, ref: str = "", fields: ActionFields | None = None,
                 area: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adding = fields is None
        self._check = check
        self.choices = choices
        self.setWindowTitle("Add an action to the plan" if self.adding else f"Change action {ref}")
        self.area = QComboBox()
        self.area.setAccessibleName("Focus area")
        for choice in choices.areas:
            self.area.addItem(choice.label, choice.uuid)
        self.area.setCurrentIndex(max(0, self.area.findData(area)))
        self.area.setEnabled(self.adding)
        self.ref = QLineEdit(ref)
        self.ref.setAccessibleName("Reference")
        self.ref.setReadOnly(not self.adding)
        self._suggested = ""
        self.area.currentIndexChanged.connect(self._suggest_ref)
        self.title = QLineEdit(fields.title if fields else "")
        self.title.setAccessibleName("Title")
        self.owner = QLineEdit(fields.owner if fields else "")
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("the person or team answerable for it")
        self.due = QLineEdit(fields.due_on.isoformat() if fields and fields.due_on else "")
        self.due.setAccessibleName("Due date")
        self.due.setPlaceholderText("2011-09-30; blank for no due date")
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status in ActionStatus:
            self.status.addItem(ACTION_STATUS[status], status)
        self.rag = QComboBox()
        self.rag.setAccessibleName("RAG")
        self.rag.addItem("– No RAG", None)
        for rag in Rag:
            self.rag.addItem(RAG_WORDS[rag], rag)
        if fields:
            self.status.setCurrentIndex(self.status.findData(fields.status))
            self.rag.setCurrentIndex(max(0, self.rag.findData(fields.rag)))
        self.evidence = QPlainTextEdit(fields.evidence if fields else "")
        self.evidence.setAccessibleName("Evidence")
        self.evidence.setPlaceholderText("what shows progress: reports, audits, figures, with their dates")
        self.evidence.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the change")
        self.reason.setPlaceholderText("why it changes, for the action's history (may be left empty)")
        self.requirements = _checklist("Requirements", choices.requirements, fields.requirements if fields else ())
        self.indicators = _checklist("Indicators", choices.indicators, fields.indicators if fields else ())
        self.recommendations = _checklist("Recommendations", choices.recommendations,
                                          fields.recommendations if fields else ())
        form = QFormLayout()
        form.addRow("&Focus area:", self.area)
        form.addRow("R&ef:", self.ref)
        form.addRow("&Title:", self.title)
        form.addRow("&Owner:", self.owner)
        form.addRow("&Due date:", self.due)
        form.addRow("&Status:", self.status)
        form.addRow("&RAG:", self.rag)
        form.addRow("E&vidence:", self.evidence)
        form.addRow("Reaso&n for the change:", self.reason)
        form.setRowVisible(self.reason, not self.adding)  # a new action has no change to explain
        links = QGridLayout()
        for column, (label, box) in enumerate((("Requirements it serves", self.requirements),
                                               ("Indicators it should move", self.indicators),
                                               ("Recommendations it answers", self.recommendations))):
            heading = QLabel()
            heading.setBuddy(box)
            _count_chosen(heading, label, box)
            box.itemChanged.connect(lambda _item, h=heading, t=label, b=box: _count_chosen(h, t, b))
            find = QLineEdit()
            find.setAccessibleName(f"Find {box.accessibleName().lower()}")
            find.setPlaceholderText("Find…")
            find.setClearButtonEnabled(True)
            find.textChanged.connect(lambda text, b=box: _filter(b, text))
            links.addWidget(heading, 0, column)
            links.addWidget(find, 1, column)
            links.addWidget(box, 2, column)
        self.problem = QLabel()
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet("color: #a00000; font-weight: bold;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(links, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        resize_within_screen(self, parent, 920, 640)
        if self.adding and not ref:
            self._suggest_ref()

    # --- what was entered ---------------------------------------------------------------

    def chosen_area(self) -> AreaChoice | None:
        wanted = self.area.currentData()
        return next((a for a in self.choices.areas if a.uuid == wanted), None)

    def fields(self) -> ActionFields:
        """The action as entered; raises ValueError naming the due date if it is not a date."""
        return ActionFields(
            title=self.title.text(),
            owner=self.owner.text(),
            due_on=parse_due(self.due.text()),
            status=ActionStatus(self.status.currentData()),
            rag=Rag(self.rag.currentData()) if self.rag.currentData() else None,
            evidence=self.evidence.toPlainText(),
            requirements=_checked(self.requirements),
            indicators=_checked(self.indicators),
            recommendations=_checked(self.recommendations),
        )

    def reason_given(self) -> str:
        """The reason for the change as typed ("" when none was, or for a new action)."""
        return "" if self.adding else self.reason.text().strip()

    def _accept(self) -> None:
        try:
            fields = self.fields()
        except ValueError as exc:
            self._refuse(str(exc))
            return
        area = self.area.currentData() if self.adding else None
        problem = self._check(fields, area, self.ref.text() if self.adding else None)
        if problem:
            self._refuse(problem)
            return
        self.accept()

    def _refuse(self, problem: str) -> None:
        self.problem.setText(problem)
        field = {"Title": self.title, "Owner": self.owner, "Due date": self.due, "Ref": self.ref,
                 "Focus area": self.area, "Requirements": self.requirements, "Indicators": self.indicators,
                 "Recommendations": self.recommendations}.get(problem.split(":", 1)[0])
        if field is not None:
            field.setFocus()

    def _suggest_ref(self) -> None:
        area = self.chosen_area()
        if area is None or not self.adding:
            return
        if self.ref.text() in ("", self._suggested):
            self._suggested = area.next_ref
            self.ref.setText(area.next_ref)


def parse_due(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"Due date: a date such as 2011-09-30 (or blank for none); “{text}” is not one")


def _checklist(name: str, choices: Sequence[Choice], chosen: Sequence[uuid.UUID]) -> QListWidget:
    box = QListWidget()
    box.setAccessibleName(name)
    box.setTextElideMode(Qt.TextElideMode.ElideRight)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # elide, with the label as tooltip
    # Five rows at least (a smaller box than that is hard to pick from), sized by the
    # font so the dialog still fits 1280x720 at 125% (its form above takes the rest).
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * 5 + 12)
    for choice in choices:
        item = QListWidgetItem(choice.label)
        item.setData(Qt.ItemDataRole.UserRole, choice.uuid)
        item.setToolTip(choice.label)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if choice.uuid in chosen else Qt.CheckState.Unchecked)
        box.addItem(item)
    return box


def _count_chosen(heading: QLabel, label: str, box: QListWidget) -> None:
    chosen = len(_checked(box))
    heading.setText(f"<b>{label}</b>" + (f" ({chosen} chosen)" if chosen else ""))


def _filter(box: QListWidget, text: str) -> None:
    """Show only the items whose label holds ``text``; chosen ones always stay in sight."""
    wanted = text.strip().casefold()
    for row in range(box.count()):
        item = box.item(row)
        item.setHidden(bool(wanted) and wanted not in item.text().casefold()
                       and item.checkState() != Qt.CheckState.Checked)


def _checked(box: QListWidget) -> tuple[uuid.UUID, ...]:
    return tuple(
        box.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(box.count())
        if box.item(row).checkState() == Qt.CheckState.Checked
    )


def pick(box: QListWidget, key: str) -> None:
    """Tick the item whose label starts with ``key`` ("NI 59"): for tests and scripts."""
    for row in range(box.count()):
        item = box.item(row)
        if item.text() == key or item.text().startswith(key + " "):
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise LookupError(f"no {box.accessibleName().lower()} {key!r} to choose")
