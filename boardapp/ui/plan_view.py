"""The plan: priorities, focus areas and actions as a tree; an action's page beside it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import Permission
from boardapp.domain.terms import ActionStatus, AnnotatedKind, Rag
from boardapp.store import board, edits
from boardapp.store.board import ActionRow, PlanRow
from boardapp.ui.context import BoardContext
from boardapp.ui.edits import edit
from boardapp.ui.loading import ViewLoader
from boardapp.ui.notes_panel import NotesPanel
from boardapp.ui.words import ACTION_STATUS, RAG_FILLS, RAG_WORDS, day

COLUMNS = ("Ref", "Title", "Owner", "Due", "Status", "RAG")
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1


class PlanView(QWidget):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(COLUMNS)
        self.tree = QTreeView()
        self.tree.setAccessibleName("Improvement plans")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.page = QTextBrowser()
        self.page.setAccessibleName("Action details")
        self.status = QComboBox()
        self.status.setAccessibleName("Action status")
        for status in ActionStatus:
            self.status.addItem(ACTION_STATUS[status], status)
        self.rag = QComboBox()
        self.rag.setAccessibleName("Action RAG")
        self.rag.addItem("– No RAG", None)
        for rag in Rag:
            self.rag.addItem(RAG_WORDS[rag], rag)
        self.apply = QPushButton("Set &status")
        self.apply.setAccessibleName("Set action status")
        self.apply.clicked.connect(self._apply_status)
        editing = QHBoxLayout()
        editing.addWidget(QLabel("Status:"))
        editing.addWidget(self.status)
        editing.addWidget(QLabel("RAG:"))
        editing.addWidget(self.rag)
        editing.addStretch(1)
        editing.addWidget(self.apply)
        self.notes = NotesPanel(context)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.page, 3)
        right_layout.addLayout(editing)
        right_layout.addWidget(self.notes, 2)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.tree.selectionModel().currentChanged.connect(self._show_current)
        context.as_at_changed.connect(self.refresh)
        context.data_changed.connect(self.refresh)
        self.plans: list[PlanRow] = []
        self.loader = ViewLoader(self, context, self._load, self._apply, "the plan")

    def refresh(self) -> None:
        self.loader.request()

    def _load(self) -> list[PlanRow]:
        with self.context.database.session() as session:
            return board.plans(
                session,
                as_at=self.context.as_at,
                include_exempt=self.context.identity.allows(Permission.SEE_EXEMPT),
            )

    def _apply(self, plans: list[PlanRow]) -> None:
        chosen = self.current_action()
        self.plans = plans
        self.model.removeRows(0, self.model.rowCount())
        for plan in self.plans:
            plan_item = _row(plan.key, plan.title, plan.owner, day(plan.deadline), "", "")
            for priority in plan.priorities:
                priority_item = _row(priority.ref, priority.title)
                for area in priority.focus_areas:
                    area_item = _row(area.ref, area.title)
                    for action in area.actions:
                        area_item[0].appendRow(self._action_items(action))
                    priority_item[0].appendRow(area_item)
                plan_item[0].appendRow(priority_item)
            self.model.appendRow(plan_item)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(1, 420)
        if chosen is None or not self._select_now(chosen.ref):
            self._show_current()

    def _action_items(self, action: ActionRow) -> list[QStandardItem]:
        overdue = action.overdue(self.context.today)
        status = ACTION_STATUS[action.status] + (" · ⚠ overdue" if overdue and "Overdue" not in ACTION_STATUS[action.status] else "")
        items = _row(
            action.ref,
            action.title + ("  [exempt]" if action.exempt else ""),
            action.owner,
            day(action.due_on),
            status,
            RAG_WORDS[action.rag] if action.rag else "",
        )
        items[0].setData(action, ACTION_ROLE)
        if overdue:
            bold = QFont()
            bold.setBold(True)
            for item in items:
                item.setFont(bold)
            items[4].setForeground(QBrush(QColor("#a00000")))
        if action.rag:
            items[5].setBackground(QBrush(QColor(RAG_FILLS[action.rag])))
            items[5].setForeground(QBrush(QColor("#000000")))
        return items

    def current_action(self) -> ActionRow | None:
        index = self.tree.currentIndex()
        action = index.siblingAtColumn(0).data(ACTION_ROLE) if index.isValid() else None
        return action if isinstance(action, ActionRow) else None

    def _show_current(self) -> None:
        action = self.current_action()
        reason = self.context.why_not(Permission.EDIT_ACTIONS) or ("" if action else "Choose an action first.")
        for control in (self.status, self.rag, self.apply):
            control.setEnabled(not reason)
            control.setToolTip(reason)
        if action is None:
            self.page.setHtml("<p>Choose an action to see its details and notes.</p>")
            return
        self.status.setCurrentIndex(self.status.findData(action.status))
        self.rag.setCurrentIndex(max(0, self.rag.findData(action.rag)))
        self.page.setHtml(action_page(action, self.context.today))
        self.notes.show_item(AnnotatedKind.ACTION, action.uuid)

    def _apply_status(self) -> None:
        action = self.current_action()
        if action is None:
            return
        rag = self.rag.currentData()
        new = (ActionStatus(self.status.currentData()), Rag(rag) if rag else None)
        old = (action.status, action.rag)
        if new == old:
            return
        who = self.context.identity

        def apply(session, value) -> None:  # type: ignore[no-untyped-def]
            edits.set_action_status(session, who, action.uuid, *value)

        edit(self.context, self, f"Set {action.ref} to {ACTION_STATUS[new[0]]}", apply, new, old)

    def select_action(self, ref: str) -> None:
        """Choose an action, now or when the plan being loaded arrives."""
        self.loader.when_ready(lambda: self._select_now(ref))

    def _select_now(self, ref: str) -> bool:
        for match in self.model.match(self.model.index(0, 0), Qt.ItemDataRole.DisplayRole, ref, -1,
                                      Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive):
            if isinstance(match.data(ACTION_ROLE), ActionRow):
                self.tree.setCurrentIndex(match)
                self.tree.scrollTo(match)
                return True
        return False


def _row(*texts: str) -> list[QStandardItem]:
    items = []
    for text in texts or ("",):
        item = QStandardItem(text)
        item.setEditable(False)
        item.setToolTip(text if len(text) > 60 else "")
        items.append(item)
    while len(items) < len(COLUMNS):
        blank = QStandardItem("")
        blank.setEditable(False)
        items.append(blank)
    return items


def action_page(action: ActionRow, today) -> str:  # type: ignore[no-untyped-def]
    e = html.escape
    overdue = action.overdue(today)
    rows = [
        ("Owner", e(action.owner) or "–"),
        ("Due", e(day(action.due_on)) + (" <b>⚠ overdue</b>" if overdue else "") if action.due_on else "–"),
        ("Status", e(ACTION_STATUS[action.status])),
        ("RAG", e(RAG_WORDS[action.rag]) if action.rag else "–"),
        ("Requirements", e(", ".join(action.requirements)) or "–"),
        ("Indicators", e(", ".join(action.indicators)) or "–"),
        ("Recommendations", e(", ".join(action.recommendations)) or "–"),
        ("Source", e(action.source)),
    ]
    body = "".join(f"<tr><th align='left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    milestones = "".join(
        f"<li>{'✔' if m.done else '○'} {e(m.title)} {('– due ' + e(day(m.due_on))) if m.due_on else ''}</li>"
        for m in action.milestones
    )
    exempt = "<p><b>EXEMPT</b>: left out of packs for a wider audience.</p>" if action.exempt else ""
    return (
        f"<h3>{e(action.ref)}: {e(action.title)}</h3>{exempt}<table cellpadding='3'>{body}</table>"
        + (f"<h4>Milestones</h4><ul>{milestones}</ul>" if milestones else "")
        + (f"<h4>Evidence</h4><p>{e(action.evidence)}</p>" if action.evidence else "")
    )
