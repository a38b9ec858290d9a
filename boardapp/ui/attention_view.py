"""The chair's first screen: what is off track and why.

Counts of requirements by status at the top; then each red and amber requirement with
the indicator that puts it there (figure, target, gap, which way is better, trend and
trajectory in words) and the plan's actions tied to it, each one click from its
indicator or action. Cards stack in a column that scrolls only up and down: every line
wraps, so nothing is ever off to the side. The full table (the overview) is one click
away.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import Permission
from boardapp.domain.terms import RagStatus
from boardapp.domain.wording import RAG_STATUS as STATUS_WORD
from boardapp.store.attention import (
    Attention,
    IndicatorCause,
    OffTrackRequirement,
    TiedAction,
    build_attention,
)
from boardapp.ui.context import BoardContext
from boardapp.ui.loading import ViewLoader
from boardapp.ui.words import (
    ACTION_STATUS,
    RAG_STATUS,
    RAG_STATUS_FILLS,
    RAG_WORDS,
    day,
    long_day,
)

# Statuses without a fill get a plain frame: the word and symbol carry the meaning.
PLAIN = "#f1f3f5"

# Cards are widgets built on the GUI thread: a board with hundreds of reds (the large
# synthetic board) would stall the first paint for seconds. The worst come first.
MAX_CARDS = 12
MAX_ACTIONS = 6  # per card, for the same reason


def _label(text: str = "", *, rich: bool = False, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens its column
    if name:
        label.setAccessibleName(name)
    return label


def _chip(status: RagStatus | None, text: str) -> QLabel:
    chip = QLabel(text)
    fill = RAG_STATUS_FILLS.get(status, PLAIN) if status is not None else PLAIN
    chip.setStyleSheet(f"background: {fill}; color: #1a1a1a; padding: 2px 8px; border: 1px solid #868e96;"
                       " border-radius: 3px; font-weight: bold;")
    return chip


class AttentionView(QWidget):
    """Signals: ``indicator_chosen(str)`` (a code), ``action_chosen(str, object)`` (a ref
    and its uuid), ``requirement_chosen(str)`` (a ref: show it in the full table),
    ``full_table_chosen()``."""

    indicator_chosen = Signal(str)
    action_chosen = Signal(str, object)
    requirement_chosen = Signal(str)
    full_table_chosen = Signal()

    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.heading = _label(rich=True, name="What is off track")
        self.counts = QHBoxLayout()
        self.counts.setSpacing(6)
        self.count_labels: dict[RagStatus | None, QLabel] = {}
        self.full_table = QPushButton("Full &table of requirements")
        self.full_table.setAccessibleName("Show the full table of requirements")
        self.full_table.setToolTip("Every requirement, with the board's judgement beside the data (the Overview)")
        self.full_table.clicked.connect(self.full_table_chosen)
        # The heading and the way to the full table on one line, the counts on the next:
        # seven counts and the button side by side would not fit 1280x720 at 125%.
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.full_table)
        top = QHBoxLayout()
        top.addLayout(self.counts)
        top.addStretch(1)
        self.cards = QWidget()
        self.cards.setAccessibleName("Off-track requirements")
        self.column = QVBoxLayout(self.cards)
        self.column.setContentsMargins(0, 0, 4, 0)
        self.column.setSpacing(8)
        self.column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.cards)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        self.attention: Attention | None = None
        self.card_frames: dict[str, QFrame] = {}
        context.as_at_changed.connect(self.refresh)
        context.data_changed.connect(self.refresh)
        self.loader = ViewLoader(self, context, self._load, self._apply, "what is off track")

    def refresh(self) -> None:
        self.loader.request()

    def _load(self) -> Attention:
        """On the worker thread: the requirements and actions as at the context's date."""
        with self.context.database.session() as session:
            return build_attention(session, self.context.today,
                                   include_exempt=self.context.identity.allows(Permission.SEE_EXEMPT))

    def _apply(self, attention: Attention) -> None:
        self.attention = attention
        self._show_counts(attention)
        while self.column.count() > 1:  # the stretch at the end stays
            item = self.column.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.card_frames = {}
        shown = attention.items[:MAX_CARDS]
        for n, item in enumerate(shown):
            card = self._card(item)
            self.card_frames[item.ref] = card
            self.column.insertWidget(n, card)
        if len(attention.items) > len(shown):
            more = _label(
                f"{len(attention.items) - len(shown)} more red or amber requirements are not shown here: "
                "choose “Full table of requirements” and “Only red and amber”.",
                name="More off track",
            )
            self.column.insertWidget(len(shown), more)
        if not attention.items:
            calm = _label(f"No requirement is red or amber as at {long_day(attention.as_at)}.", name="Nothing off track")
            self.column.insertWidget(0, calm)

    def _show_counts(self, attention: Attention) -> None:
        while self.counts.count():
            widget = self.counts.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.count_labels = {}
        for status, number in attention.counts.items():
            chip = _chip(status, f"{RAG_STATUS[status]} {number}")
            chip.setAccessibleName(f"{STATUS_WORD[status]}: {number} requirement{'s' * (number != 1)}")
            self.count_labels[status] = chip
            self.counts.addWidget(chip)
        chip = _chip(None, f"No target {attention.no_target}")
        chip.setAccessibleName(f"No target: {attention.no_target} requirement{'s' * (attention.no_target != 1)}")
        chip.setToolTip("Requirements none of whose indicators has a target: judged by the board, not by the data")
        self.count_labels[None] = chip
        self.counts.addWidget(chip)
        red, amber = attention.counts[RagStatus.RED], attention.counts[RagStatus.AMBER]
        self.heading.setText(
            f"<b>What is off track</b> as at {html.escape(long_day(attention.as_at))}: "
            f"{red} of {attention.total} requirements red and {amber} amber on the data."
        )

    def _card(self, item: OffTrackRequirement) -> QFrame:
        card = QFrame()
        card.setObjectName(f"requirement-{item.ref}")
        card.setAccessibleName(f"Requirement {item.ref}, {STATUS_WORD[item.status]}")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        fill = RAG_STATUS_FILLS.get(item.status, PLAIN)
        card.setStyleSheet(f"QFrame#requirement-{item.ref} {{ border: 1px solid #adb5bd; border-left: 6px solid {fill}; }}")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        head = QHBoxLayout()
        status = _chip(item.status, RAG_STATUS[item.status])
        status.setAccessibleName(f"Status: {STATUS_WORD[item.status]}")
        head.addWidget(status, 0, Qt.AlignmentFlag.AlignTop)
        title = _label(f"<b>Requirement {html.escape(item.ref)}</b>: {html.escape(item.title)}", rich=True,
                       name=f"Requirement {item.ref}")
        title.setToolTip(item.reason)
        head.addWidget(title, 1)
        show = QPushButton("In table")
        show.setAccessibleName(f"Show requirement {item.ref} in the full table")
        show.setToolTip("The requirement's page in the full table: its wording, evidence and notes")
        show.clicked.connect(lambda _=False, ref=item.ref: self.requirement_chosen.emit(ref))
        head.addWidget(show, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        for cause in item.causes:
            layout.addLayout(self._cause(cause))
        if item.others:
            layout.addWidget(_label(f"Its other indicators: {item.others}", name="Other indicators"))
        layout.addLayout(self._actions(item))
        return card

    def _cause(self, cause: IndicatorCause) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(2)
        line = QHBoxLayout()
        button = QPushButton(cause.code)
        button.setObjectName(f"indicator-{cause.code}")
        button.setAccessibleName(f"Open indicator {cause.code}")
        button.setToolTip(f"Open {cause.code}: its chart, targets and readings")
        button.clicked.connect(lambda _=False, code=cause.code: self.indicator_chosen.emit(code))
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        why = _label(f"<b>{html.escape(cause.title)}</b>: {html.escape(cause.reason)}", rich=True,
                     name=f"Why {cause.code} is {STATUS_WORD[cause.status].lower()}")
        line.addWidget(why, 1)
        box.addLayout(line)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        fields = [("Figure", cause.figure), ("Target", cause.target), ("Gap", cause.gap or "–"),
                  ("Better", cause.better), ("Trend", cause.trend)]
        if cause.trajectory:
            fields.append(("Trajectory", cause.trajectory))
        for n, (name, value) in enumerate(fields):
            row, pair = divmod(n, 3)
            key = QLabel(f"{name}:")
            key.setStyleSheet("color: #495057;")
            key.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(key, row, pair * 2, Qt.AlignmentFlag.AlignTop)
            shown = _label(value, name=f"{cause.code} {name.lower()}")
            shown.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(shown, row, pair * 2 + 1, Qt.AlignmentFlag.AlignTop)
        for pair in range(3):
            grid.setColumnStretch(pair * 2 + 1, 1)
        box.addLayout(grid)
        return box

    def _actions(self, item: OffTrackRequirement) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(2)
        if not item.actions:
            codes = " or ".join(c.code for c in item.causes)
            box.addWidget(_label(f"Actions: no plan action is tied to requirement {item.ref}"
                                 + (f" or to {codes}." if codes else "."), name=f"Actions for requirement {item.ref}"))
            return box
        box.addWidget(QLabel("Actions:"))
        for action in item.actions[:MAX_ACTIONS]:
            box.addLayout(self._action(action))
        if len(item.actions) > MAX_ACTIONS:
            box.addWidget(_label(f"… and {len(item.actions) - MAX_ACTIONS} more tied actions: see the plan.",
                                 name=f"More actions for requirement {item.ref}"))
        return box

    def _action(self, action: TiedAction) -> QHBoxLayout:
        line = QHBoxLayout()
        button = QPushButton(action.ref)
        button.setObjectName(f"action-{action.ref}")
        button.setAccessibleName(f"Open action {action.ref}")
        button.setToolTip(f"Open action {action.ref} in the plan")
        button.clicked.connect(lambda _=False, a=action: self.action_chosen.emit(a.ref, a.uuid))
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        words = [action.title, f"owner: {action.owner or 'none named'}",
                 f"due {day(action.due_on)}" if action.due_on else "no due date", ACTION_STATUS[action.status]]
        if action.overdue:
            words.append("⚠ past its due date")
        if action.rag is not None:
            words.append(f"RAG {RAG_WORDS[action.rag]}")
        if action.via:
            words.append(f"serves {action.via}")
        line.addWidget(_label(" · ".join(words), name=f"Action {action.ref}"), 1)
        return line
