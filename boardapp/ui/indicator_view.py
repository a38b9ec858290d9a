"""An indicator: its chart, its readings with their revision history, its targets
judged, the narrative, and the notes on it."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.judgement import target_words
from boardapp.domain.permissions import Permission
from boardapp.domain.terms import AnnotatedKind
from boardapp.domain.units import format_value
from boardapp.store import edits, reading_edits
from boardapp.store.indicator_detail import IndicatorDetail, ReadingRow, indicator_detail, indicator_list
from boardapp.ui.context import BoardContext
from boardapp.ui.edits import edit, edit_now
from boardapp.ui.notes_panel import NotesPanel
from boardapp.ui.reading_dialog import ReadingDialog
from boardapp.ui.target_dialog import TargetDialog, target_history_html, target_item_text
from boardapp.ui.words import RAG_STATUS, TRAJECTORY, moment

if TYPE_CHECKING:
    from boardapp.ui.chart import IndicatorChart

READING_HEADERS = ("Period", "Value", "Numerator", "Denominator", "Status", "Revisions", "Source", "Commentary")
# The chart's least share of the view's height, however small the screen.
CHART_SHARE = 0.45


class IndicatorView(QWidget):
    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: IndicatorDetail | None = None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find an indicator…")
        self.filter.setAccessibleName("Find an indicator")
        self.filter.setClearButtonEnabled(True)
        self.filter.returnPressed.connect(self.open_single_match)
        self.list = QListWidget()
        self.list.setAccessibleName("Indicators")
        # Long titles end in "…" with the whole title in the item's tooltip.
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        # The chart (pyqtgraph, half a second to import) is built when this view is
        # first shown, not before the window's first paint.
        self.chart: IndicatorChart | None = None
        self.chart_holder = QVBoxLayout()
        self.narrative = QLabel()
        self.narrative.setAccessibleName("Narrative")
        self.narrative.setWordWrap(True)
        self.narrative.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.narrative.setStyleSheet("font-size: 11pt; padding: 4px;")
        # The verdict and the rule that made it, in words (never colour alone).
        self.verdict = QLabel()
        self.verdict.setAccessibleName("Verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setStyleSheet("padding: 0 4px 4px 4px;")
        self.readings_model = QStandardItemModel(self)
        self.readings = QTableView()
        self.readings.setAccessibleName("Readings")
        self.readings.setModel(self.readings_model)
        self.readings.setWordWrap(False)
        self.readings.verticalHeader().setVisible(False)
        self.readings.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.readings.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.readings.doubleClicked.connect(lambda _: self.change_reading())
        self.readings.selectionModel().currentRowChanged.connect(lambda *_: self._enable_buttons())
        self.change_button = QPushButton("&Change reading…")
        self.change_button.setAccessibleName("Change the chosen reading")
        self.change_button.clicked.connect(self.change_reading)
        self.add_button = QPushButton("A&dd reading…")
        self.add_button.setAccessibleName("Add a reading")
        self.add_button.clicked.connect(self.add_reading)
        readings_tab = QWidget()
        readings_layout = QVBoxLayout(readings_tab)
        readings_layout.setContentsMargins(0, 0, 0, 0)
        readings_layout.addWidget(self.readings)
        reading_buttons = QHBoxLayout()
        reading_buttons.addStretch(1)
        reading_buttons.addWidget(self.add_button)
        reading_buttons.addWidget(self.change_button)
        readings_layout.addLayout(reading_buttons)
        self.targets = QTextBrowser()
        self.targets.setAccessibleName("Targets judged")
        self.target_list = QListWidget()
        self.target_list.setAccessibleName("Targets")
        self.target_list.setMaximumHeight(110)
        self.target_button = QPushButton("Change &target…")
        self.target_button.setAccessibleName("Change the chosen target")
        self.target_button.clicked.connect(self.change_target)
        targets_tab = QWidget()
        targets_layout = QVBoxLayout(targets_tab)
        targets_layout.setContentsMargins(0, 0, 0, 0)
        targets_layout.addWidget(self.targets, 1)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_list, 1)
        target_row.addWidget(self.target_button, 0, Qt.AlignmentFlag.AlignTop)
        targets_layout.addLayout(target_row)
        self.about = QTextBrowser()
        self.about.setAccessibleName("About this indicator")
        self.notes = NotesPanel(context)
        tabs = QTabWidget()
        tabs.addTab(readings_tab, "&Readings")
        tabs.addTab(targets_tab, "Tar&gets")
        tabs.addTab(self.about, "A&bout")
        tabs.addTab(self.notes, "&Notes")
        self.tabs = tabs
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list)
        centre = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(self.chart_holder, 1)
        top_layout.addWidget(self.narrative)
        top_layout.addWidget(self.verdict)
        centre.addWidget(top)
        centre.addWidget(tabs)
        centre.setStretchFactor(0, 2)
        centre.setStretchFactor(1, 1)
        centre.setSizes([500, 250])  # the chart gets the larger share from the start
        centre.setCollapsible(0, False)
        centre.setCollapsible(1, False)
        tabs.setMinimumHeight(110)
        self.centre = centre
        centre.splitterMoved.connect(lambda *_: self._keep_chart_tall())
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([210, 1000])
        self.splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        with context.database.session() as session:
            for entry in indicator_list(session):
                item = QListWidgetItem(f"{entry.code}  {entry.title}")
                item.setData(Qt.ItemDataRole.UserRole, entry.code)
                item.setToolTip(entry.title)
                self.list.addItem(item)
        self._stale = False
        self.filter.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(lambda *_: self.refresh())
        context.as_at_changed.connect(self.refresh)
        context.data_changed.connect(self.refresh)
        self._enable_buttons()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._keep_chart_tall()

    def _keep_chart_tall(self) -> None:
        """The chart never gets less than CHART_SHARE of the view's height: the tabs
        under it give way (as a minimum size it would stop the window shrinking)."""
        if self.chart is None or self.height() <= 0:
            return
        want = int(self.height() * CHART_SHARE) - self.chart.height()
        top, tabs = self.centre.sizes()
        give = min(want, tabs - self.tabs.minimumHeight())
        if want > 0 and give > 0:
            self.centre.setSizes([top + give, tabs - give])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale or self.chart is None:
            self.refresh()

    def show_indicator(self, code: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.list.item(row).setHidden(False)
                self.list.setCurrentRow(row)
                return True
        return False

    def current_code(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def matches(self) -> list[int]:
        return [row for row in range(self.list.count()) if not self.list.item(row).isHidden()]

    def open_single_match(self) -> None:
        """Enter in the filter: one match is opened; several, the list takes the keys."""
        shown = self.matches()
        if len(shown) == 1:
            self.list.setCurrentRow(shown[0])
        elif shown:
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def ensure_chart(self) -> IndicatorChart:
        if self.chart is None:
            from boardapp.ui.chart import IndicatorChart as Chart  # after the first paint: see above

            self.chart = Chart()
            self.chart_holder.addWidget(self.chart)
            self._keep_chart_tall()
        return self.chart

    def refresh(self) -> None:
        code = self.current_code()
        if code is None or not self.isVisible():
            self._stale = code is not None
            self._enable_buttons()
            return
        self._stale = False
        with self.context.database.session() as session:
            self.detail = detail = indicator_detail(session, code, self.context.today)
        self.ensure_chart().set_series(detail.chart)
        self.narrative.setText(detail.narrative or "")
        self.verdict.setText(verdict_text(detail))
        self._fill_readings(detail)
        self._enable_buttons()
        reason = self.context.why_not(Permission.EDIT_TARGETS) or ("" if detail.targets else "No targets to change.")
        self.target_button.setEnabled(not reason)
        self.target_button.setToolTip(reason)
        self._fill_targets(detail)
        self.about.setPlainText(
            f"{detail.code}: {detail.title}\n\n{detail.description}\n\nSource: {detail.source}".strip()
        )
        self.notes.show_item(AnnotatedKind.INDICATOR, detail.uuid)

    def _fill_readings(self, detail: IndicatorDetail) -> None:
        chart = detail.chart
        self.readings_model.clear()
        self.readings_model.setHorizontalHeaderLabels(READING_HEADERS)
        for reading in detail.readings:
            history = "; ".join(
                f"{moment(r.changed_at)} {r.changed_by}: {_number(r.old_value)} → {_number(r.new_value)}"
                + (f" ({r.reason})" if r.reason else "")
                for r in reading.revisions
            )
            cells = [
                reading.period.label + (f" ({reading.measure})" if reading.measure else ""),
                format_value(reading.value, chart.unit, chart.decimals) if reading.value is not None else "",
                _number(reading.numerator),
                _number(reading.denominator),
                reading.status.value,
                history,
                reading.source,
                reading.commentary,
            ]
            items = []
            for text in cells:
                item = QStandardItem(text)
                item.setEditable(False)
                item.setToolTip(text if len(text) > 12 else "")  # a narrow column cuts it short
                items.append(item)
            self.readings_model.appendRow(items)
        # The figures as wide as they are; the revisions, source and commentary share the
        # rest (cut short with "…", the whole text in the tooltip), so none is off-screen.
        header = self.readings.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (5, 6, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _enable_buttons(self) -> None:
        """Add and Change only when they would do something, with the reason when not."""
        shown = self.detail is not None and self.detail.code == self.current_code() and not self._stale
        reason = self.context.why_not(Permission.EDIT_READINGS) or ("" if shown else "Choose an indicator first.")
        self.add_button.setEnabled(not reason)
        self.add_button.setToolTip(reason)
        reason = reason or ("" if self.chosen_reading() is not None else "Choose a reading first.")
        self.change_button.setEnabled(not reason)
        self.change_button.setToolTip(reason)

    def chosen_reading(self) -> ReadingRow | None:
        index = self.readings.currentIndex()
        if self.detail is None or not index.isValid():
            return None
        return self.detail.readings[index.row()]

    def change_reading(self) -> None:
        reading = self.chosen_reading()
        if reading is None or not self.change_button.isEnabled():
            return
        self._edit(ReadingDialog(self.detail.code, reading, self), reading)

    def add_reading(self) -> None:
        if self.detail is not None and self.add_button.isEnabled():
            self._edit(ReadingDialog(self.detail.code, None, self), None)

    def _edit(self, dialog: ReadingDialog, reading: ReadingRow | None) -> None:
        if not dialog.exec():
            return
        code, who, period = self.detail.code, self.context.identity, dialog.chosen_period()
        new = dialog.values()

        def apply(session, values) -> None:  # type: ignore[no-untyped-def]
            reading_edits.revise_reading(session, who, code, period, values["new_value"], status=values["status"],
                                         numerator=values["numerator"], denominator=values["denominator"],
                                         reason=values["reason"])

        if reading is None:  # a new reading: made now, not undoable (it can be changed)
            edit_now(self.context, self, apply, new)
            return
        old = {"new_value": reading.value, "numerator": reading.numerator, "denominator": reading.denominator,
               "status": reading.status, "reason": "undone in Board App"}
        edit(self.context, self, f"Change {code} {period.label}", apply, new, old)

    def change_target(self) -> None:
        """Ask for the new value, from when and why (ui/target_dialog.py); Cancel changes nothing."""
        row = self.target_list.currentRow()
        if self.detail is None or row < 0 or not self.target_button.isEnabled():
            return
        target = self.detail.targets[row]
        dialog = TargetDialog(self.detail.code, target, self.detail.chart.unit, self.detail.chart.decimals, self)
        if not dialog.exec():
            return
        who, new = self.context.identity, dialog.values()
        old = {"value": target.value, "reason": "undone in Board App",
               "effective_on": new["effective_on"]}

        def apply(session, change) -> None:  # type: ignore[no-untyped-def]
            edits.set_target_value(session, who, target.uuid, change["value"], reason=change["reason"],
                                   effective_on=change["effective_on"])

        edit(self.context, self, f"Change the {self.detail.code} target for {target.period.label}", apply, new, old)

    def _fill_targets(self, detail: IndicatorDetail) -> None:
        self.target_list.clear()
        for target in detail.targets:
            item = QListWidgetItem(target_item_text(target, detail))
            item.setToolTip("\n".join(target.history) or "Not changed since it was set.")
            self.target_list.addItem(item)
        e = html.escape
        lines = []
        for evaluation in detail.evaluations:
            indicator_words = target_words(evaluation.target, detail.indicator)
            status = RAG_STATUS[evaluation.status]
            line = f"<li><b>{e(status)}</b> – {e(indicator_words)}: {e(evaluation.reason)}"
            if evaluation.trajectory is not None:
                line += f"<br/>Trajectory: {e(TRAJECTORY[evaluation.trajectory.status])}"
                if evaluation.trajectory.projected is not None:
                    projected = format_value(evaluation.trajectory.projected, detail.chart.unit, detail.chart.decimals)
                    line += f", {e(projected)} ({e(evaluation.trajectory.note)})"
            lines.append(line + "</li>")
        judgement = detail.judgement
        now = ""
        if judgement is not None and judgement.status is not None:
            now = f"<p><b>The target that matters now</b>: {e(RAG_STATUS[judgement.status])}. {e(judgement.reason)}.</p>"
            if judgement.unreported:
                now += f"<p>Also: {e(judgement.unreported_words)}.</p>"
        if judgement is not None and judgement.thresholds:
            now += "<p><b>Lines that are not targets</b></p><ul>" + "".join(
                f"<li>{e(words)}</li>" for words in judgement.thresholds) + "</ul>"
        every = f"<p><b>Every target</b></p><ul>{''.join(lines)}</ul>" if lines else (
            "<p>No targets are set for this indicator.</p>")
        self.targets.setHtml(now + every + target_history_html(detail))


def verdict_text(detail: IndicatorDetail) -> str:
    """The verdict line under the narrative: "● Green: 80.5% for August 2011 meets ..."."""
    judgement = detail.judgement
    if judgement is None or judgement.status is None:
        return "No target is set for this indicator, so it is not judged."
    return f"{RAG_STATUS[judgement.status]}: {judgement.reason}."


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"
