"""The plan: priorities, focus areas and actions as a tree; an action's page beside it."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
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
from boardapp.domain.permissions import NotAllowed
from boardapp.store import actions, board, edits
from boardapp.store.actions import ActionFields, PlanChoices
from boardapp.store.board import ActionRow, PlanRow
from boardapp.ui.action_dialog import ActionDialog
from boardapp.ui.context import BoardContext
from boardapp.ui.edits import edit
from boardapp.ui.loading import ViewLoader
from boardapp.ui.notes_panel import NotesPanel
from boardapp.ui.words import ACTION_STATUS, RAG_FILLS, RAG_WORDS, day

COLUMNS = ("Ref", "Title", "Owner", "Due", "Status", "RAG")
REF, TITLE, OWNER, DUE, STATUS, RAG = range(len(COLUMNS))
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1
AREA_ROLE = Qt.ItemDataRole.UserRole + 2  # (plan key, focus area ref) on an area's and its actions' rows
OVERDUE = " ⚠"


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
        self.tree.setIndentation(14)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._fit_columns()
        self.tree.viewport().installEventFilter(self)
        self.tree.doubleClicked.connect(lambda _index: self._edit_action())
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
        self.add = QPushButton("&Add action…")
        self.add.setAccessibleName("Add an action")
        self.add.clicked.connect(self._add_action)
        self.change = QPushButton("&Change action…")
        self.change.setAccessibleName("Change the action")
        self.change.clicked.connect(self._edit_action)
        keeping = QHBoxLayout()
        keeping.addWidget(self.add)
        keeping.addWidget(self.change)
        keeping.addStretch(1)
        self.notes = NotesPanel(context)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.page, 3)
        right_layout.addLayout(editing)
        right_layout.addLayout(keeping)
        right_layout.addWidget(self.notes, 2)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([2000, 1000])  # the tree gets 2/3: every column fits at 1366 pixels
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.tree.selectionModel().currentChanged.connect(self._show_current)
        context.as_at_changed.connect(self.refresh)
        context.data_changed.connect(self.refresh)
        self.plans: list[PlanRow] = []
        self.choices = PlanChoices()
        self.loader = ViewLoader(self, context, self._load, self._apply, "the plan")

    def refresh(self) -> None:
        self.loader.request()

    def _load(self) -> tuple[list[PlanRow], PlanChoices]:
        with self.context.database.session() as session:
            plans = board.plans(
                session,
                as_at=self.context.as_at,
                include_exempt=self.context.identity.allows(Permission.SEE_EXEMPT),
            )
            return plans, actions.choices(session)

    def _apply(self, loaded: tuple[list[PlanRow], PlanChoices]) -> None:
        chosen = self.current_action()
        self.plans, self.choices = loaded
        self.model.removeRows(0, self.model.rowCount())
        for plan in self.plans:
            plan_item = _row(plan.key, plan.title, plan.owner, day(plan.deadline), "", "")
            for priority in plan.priorities:
                priority_item = _row(priority.ref, priority.title)
                for area in priority.focus_areas:
                    area_item = _row(area.ref, area.title)
                    area_item[0].setData((plan.key, area.ref), AREA_ROLE)
                    for action in area.actions:
                        items = self._action_items(action)
                        items[0].setData((plan.key, area.ref), AREA_ROLE)
                        area_item[0].appendRow(items)
                    priority_item[0].appendRow(area_item)
                plan_item[0].appendRow(priority_item)
            self.model.appendRow(plan_item)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(REF)
        self._share_width()
        if chosen is None or not self._select_now(chosen.ref, chosen.uuid):
            self._show_current()

    def _action_items(self, action: ActionRow) -> list[QStandardItem]:
        overdue = action.overdue(self.context.today)
        items = _row(
            action.ref,
            action.title + ("  [exempt]" if action.exempt else ""),
            action.owner,
            day(action.due_on) + (OVERDUE if overdue else ""),
            ACTION_STATUS[action.status],
            RAG_WORDS[action.rag] if action.rag else "",
        )
        if overdue:
            items[DUE].setToolTip(f"Overdue: due {day(action.due_on)} and not complete")
        items[0].setData(action, ACTION_ROLE)
        if overdue:
            bold = QFont()
            bold.setBold(True)
            for item in items:
                item.setFont(bold)
            items[DUE].setForeground(QBrush(QColor("#a00000")))
        if action.rag:
            items[RAG].setBackground(QBrush(QColor(RAG_FILLS[action.rag])))
            items[RAG].setForeground(QBrush(QColor("#000000")))
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
        keeping = self.context.why_not(Permission.EDIT_PLAN)
        self.add.setEnabled(not keeping)
        self.add.setToolTip(keeping or "Add an action to the plan, in the chosen focus area")
        reason = keeping or ("" if action else "Choose an action first.")
        self.change.setEnabled(not reason)
        self.change.setToolTip(reason or "Change the action's title, owner, due date, status, RAG, evidence or links")
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

    # --- keeping the plan -----------------------------------------------------------------

    def _fit_columns(self) -> None:
        """Title takes what is left; Due, Status and RAG are as wide as their longest
        words (whole at 1366 pixels and at 1280x720 with 125% scaling); Owner gives way
        first, elided with its tooltip, and is hidden where even "Director" would leave
        Title too few words (the details beside the tree say who owns the action)."""
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(30)
        metrics = self.tree.fontMetrics()
        self._pad = 2 * self.tree.style().pixelMetric(self.tree.style().PixelMetric.PM_FocusFrameHMargin) + 16

        def widest(words: list[str]) -> int:
            return max(metrics.horizontalAdvance(w) for w in words) + self._pad

        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (REF, OWNER, DUE, STATUS, RAG):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._owner_widths = (widest(["Director"]), widest(["Director of Childr"]))
        self._title_least = widest(["Joint local plans and co"])
        self.tree.setColumnWidth(OWNER, self._owner_widths[1])
        self.tree.setColumnWidth(DUE, widest(["30 Sep 2011" + OVERDUE, COLUMNS[DUE]]))
        self.tree.setColumnWidth(STATUS, widest([*ACTION_STATUS.values(), COLUMNS[STATUS]]))
        self.tree.setColumnWidth(RAG, widest([*RAG_WORDS.values(), COLUMNS[RAG]]))

    def _share_width(self) -> None:
        """Owner takes what the tree can spare once Title has room for a few words."""
        spare = self.tree.viewport().width() - self._title_least - sum(
            self.tree.columnWidth(c) for c in (REF, DUE, STATUS, RAG))
        least, most = self._owner_widths
        self.tree.setColumnHidden(OWNER, spare < least)
        self.tree.setColumnWidth(OWNER, max(least, min(most, spare)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._share_width()
        return super().eventFilter(watched, event)

    def current_area(self) -> uuid.UUID | None:
        """The focus area of the chosen row (an area or one of its actions), if any."""
        index = self.tree.currentIndex()
        key = index.siblingAtColumn(0).data(AREA_ROLE) if index.isValid() else None
        if not key:
            return None
        return next((a.uuid for a in self.choices.areas if (a.plan_key, a.key) == tuple(key)), None)

    def _check(self, action_uuid: uuid.UUID | None) -> object:
        who = self.context.identity

        def check(fields: ActionFields, area: uuid.UUID | None, ref: str | None) -> str:
            try:
                with self.context.database.session() as session:
                    actions.check(session, who, fields, area_uuid=area, action_uuid=action_uuid, ref=ref)
            except (NotAllowed, edits.EditError) as exc:
                return str(exc)
            return ""

        return check

    def open_editor(self, action: ActionRow | None) -> ActionDialog:
        """The editor for ``action`` (None: a new one in the chosen focus area), not yet shown."""
        if action is None:
            return ActionDialog(self.choices, self._check(None), area=self.current_area(), parent=self)
        with self.context.database.session() as session:
            fields = actions.fields_of(session, action.uuid)
        return ActionDialog(self.choices, self._check(action.uuid), ref=action.ref, fields=fields,
                            area=self.current_area(), parent=self)

    def _add_action(self) -> None:
        if self.context.why_not(Permission.EDIT_PLAN):
            return
        dialog = self.open_editor(None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_new(dialog)

    def save_new(self, dialog: ActionDialog) -> bool:
        who, area, ref, made = self.context.identity, dialog.area.currentData(), dialog.ref.text().strip(), uuid.uuid4()

        def apply(session, fields) -> None:  # type: ignore[no-untyped-def]
            if fields is None:
                actions.remove_action(session, who, made)
            else:
                actions.add_action(session, who, area, ref, fields, action_uuid=made)

        done = edit(self.context, self, f"Add action {ref}", apply, dialog.fields(), None)
        if done:
            self.select_action(ref, made)
        return done

    def _edit_action(self) -> None:
        action = self.current_action()
        if action is None or self.context.why_not(Permission.EDIT_PLAN):
            return
        dialog = self.open_editor(action)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_change(dialog, action)

    def save_change(self, dialog: ActionDialog, action: ActionRow) -> bool:
        who = self.context.identity
        with self.context.database.session() as session:
            old = actions.fields_of(session, action.uuid)
        new = dialog.fields()
        if new == old:
            return False

        def apply(session, value) -> None:  # type: ignore[no-untyped-def]
            undoing, fields = value
            (actions.restore_action if undoing else actions.update_action)(session, who, action.uuid, fields)

        done = edit(self.context, self, f"Change action {action.ref}", apply, (False, new), (True, old))
        if done:
            self.select_action(action.ref, action.uuid)
        return done

    def select_action(self, ref: str, action_uuid: uuid.UUID | None = None) -> None:
        """Choose an action, now or when the plan being loaded arrives (``action_uuid``:
        that one, where two plans have an action of the same ref)."""
        self.loader.when_ready(lambda: self._select_now(ref, action_uuid))

    def _select_now(self, ref: str, action_uuid: uuid.UUID | None = None) -> bool:
        for match in self.model.match(self.model.index(0, 0), Qt.ItemDataRole.DisplayRole, ref, -1,
                                      Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive):
            action = match.data(ACTION_ROLE)
            if isinstance(action, ActionRow) and action_uuid in (None, action.uuid):
                self.tree.setCurrentIndex(match)
                self.tree.scrollTo(match)
                return True
        return False


def _row(*texts: str) -> list[QStandardItem]:
    items = []
    for text in texts or ("",):
        item = QStandardItem(text)
        item.setEditable(False)
        item.setToolTip(text)  # a cell too narrow for its words elides them: the tip has them all
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
