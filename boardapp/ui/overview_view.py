"""The overview: every notice requirement at a glance, with its page (and the history of
its judged status as at the window's date) and notes beside it. A change of judgement
asks why (optional)."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boardapp.domain.permissions import Permission
from boardapp.domain.terms import AnnotatedKind, RequirementStatus, TrackedKind
from boardapp.store import edits, requirements, snapshot
from boardapp.store.overview import Overview, OverviewRow
from boardapp.store.requirements import RequirementDetail
from boardapp.ui.context import BoardContext
from boardapp.ui.edits import edit
from boardapp.ui.history_section import enable, history_html, reason_field, reason_row
from boardapp.ui.loading import ViewLoader
from boardapp.ui.notes_panel import NotesPanel
from boardapp.ui.overview_columns import short_column_widths, summary_line
from boardapp.ui.overview_model import (
    HEADLINE,
    NOT_JUDGED,
    REF,
    ROW_ROLE,
    SPARKLINE_ROLE,
    TITLE,
    TREND,
    OverviewFilter,
    OverviewModel,
)
from boardapp.ui.sparkline import SPARKLINE_WIDTH, SparklineDelegate
from boardapp.ui.table_model import row_table
from boardapp.ui.words import RAG_STATUS, REQUIREMENT_STATUS, long_day


class OverviewView(QWidget):
    """Signals: ``indicator_chosen(str)``: open this indicator's chart."""

    indicator_chosen = Signal(str)

    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = OverviewModel(self)
        self.proxy = OverviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = row_table("Notice requirements", self.proxy, REF, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(True)
        # Two lines a row, the same for every row: measuring wrapped text row by row
        # stalls the window on a large notice. Cells show the whole text as a tooltip.
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().lineSpacing() * 2 + 10)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setItemDelegateForColumn(TREND, SparklineDelegate(SPARKLINE_ROLE, self.table))
        # Widths from the font and the few words a column can hold, not from the contents:
        # measuring every cell costs a tenth of a second a refresh on a large notice. The
        # short columns are as narrow as their words; the requirement and the latest
        # figure share the rest, wrapped on two lines, the whole text in the tooltip.
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole header is its tooltip
        for column, width in short_column_widths(self.table, SPARKLINE_WIDTH).items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        for column in (TITLE, HEADLINE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.viewport().installEventFilter(self)
        self.only_red = QCheckBox("Only &red and amber")
        self.only_due = QCheckBox("Only &due this quarter")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter requirements…")
        self.search.setAccessibleName("Filter requirements")
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        for widget in (self.only_red, self.only_due):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        self.summary = QLabel()
        self.summary.setAccessibleName("Summary")
        self.summary.setWordWrap(True)
        self.page = QTextBrowser()
        self.page.setAccessibleName("Requirement details")
        self.page.setOpenLinks(False)
        self.page.anchorClicked.connect(lambda url: self.indicator_chosen.emit(url.toString().removeprefix("indicator:")))
        self.judged = QComboBox()
        self.judged.setAccessibleName("Judged status")
        self.judged.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.judged.setMinimumContentsLength(9)
        for status in RequirementStatus:
            self.judged.addItem(REQUIREMENT_STATUS[status], status)
        # Shown, never chosen, for a requirement not judged by the as-at date.
        self.not_judged_index = self.judged.count()
        self.judged.addItem(NOT_JUDGED, None)
        self.judged.model().item(self.not_judged_index).setEnabled(False)
        self.set_judged = QPushButton("Set &judgement")
        self.set_judged.setAccessibleName("Set judged status")
        self.set_judged.clicked.connect(self._apply_judged)
        editing = QHBoxLayout()
        editing.addWidget(QLabel("Judged:"))
        editing.addWidget(self.judged, 1)
        editing.addWidget(self.set_judged)
        self.reason = reason_field()
        self.reason.returnPressed.connect(self.set_judged.click)
        self.notes = NotesPanel(context)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.page, 3)
        side_layout.addLayout(editing)
        side_layout.addLayout(reason_row(self.reason))
        side_layout.addWidget(self.notes, 2)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([3000, 1000])  # a quarter of the width for the page
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        for box in (self.only_red, self.only_due):
            box.toggled.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.choose_single_match)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(self._open_indicator)
        context.as_at_changed.connect(self.refresh)
        context.data_changed.connect(self.refresh)
        context.notes_changed.connect(self.refresh)
        self.overview: Overview | None = None
        self.loader = ViewLoader(self, context, self._load, self._apply, "the overview")

    def refresh(self) -> None:
        self.loader.request()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """The requirement and the latest figure share what the short columns leave."""
        header = self.table.horizontalHeader()
        rest = self.table.viewport().width() - sum(
            header.sectionSize(c) for c in range(header.count()) if c not in (TITLE, HEADLINE))
        title = max(80, int(rest * 0.45))
        header.resizeSection(TITLE, title)
        header.resizeSection(HEADLINE, max(90, rest - title))
        # Narrow columns (a small screen, or a wide page beside them) get a third line.
        lines = 2 if header.sectionSize(HEADLINE) >= 220 else 3
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().lineSpacing() * lines + 10)

    def choose_single_match(self) -> None:
        """Enter in the filter: a single match is chosen (its page shows)."""
        if self.proxy.rowCount() == 1:
            self.table.setCurrentIndex(self.proxy.index(0, REF))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load(self) -> Overview:
        """On the worker thread: every requirement as at the context's date, from the
        snapshot when it holds today's judgement (store/snapshot.py), judged otherwise."""
        shown = self.context.identity.allows(Permission.SEE_EXEMPT)
        return snapshot.load_overview(self.context.database, self.context.today, include_exempt=shown)

    def _apply(self, overview: Overview) -> None:
        current = self.current_row()
        self.overview = overview
        self.model.set_rows(overview.rows)
        self._summarise()
        if current is None or not self._select_now(current.ref):
            self._show_current()

    def clear_filters(self) -> None:
        for box in (self.only_red, self.only_due):
            box.setChecked(False)
        self.search.clear()

    def _filter(self) -> None:
        self.proxy.set_filters(only_red=self.only_red.isChecked(), only_due=self.only_due.isChecked(),
                               text=self.search.text())
        self._summarise()

    def _summarise(self) -> None:
        if self.overview is None:
            return
        shown = self.proxy.rowCount()
        total = self.model.rowCount()
        self.summary.setText(
            summary_line(self.overview.judged_counts, self.overview.rag_counts, total,
                         f"as at {long_day(self.overview.as_at)}")
            + (f" Showing {shown} of {total}." if shown != total else "")
        )

    def current_row(self) -> OverviewRow | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select(self, ref: str) -> None:
        """Choose a requirement, now or when the overview being loaded arrives."""
        self.loader.when_ready(lambda: self._select_now(ref))

    def _select_now(self, ref: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, REF)
            if index.data(ROW_ROLE).ref == ref:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def _show_current(self) -> None:
        row = self.current_row()
        reason = self.context.why_not(Permission.EDIT_REQUIREMENTS) or ("" if row else "Choose a requirement first.")
        for control in (self.judged, self.set_judged):
            control.setEnabled(not reason)
            control.setToolTip(reason)
        enable(self.reason, reason)
        # The requirement's own judgement, "not judged yet", or nothing when none is chosen:
        # never the one the last requirement shown had.
        self.judged.setCurrentIndex(-1 if row is None else self.not_judged_index if row.judged is None
                                    else self.judged.findData(row.judged))
        if row is None:
            self.page.setHtml("<p>Choose a requirement to see its wording, evidence and notes.</p>")
            return
        with self.context.database.session() as session:
            detail = requirements.requirement_detail(session, row.uuid, self.context.as_at)
        e = html.escape
        links = ", ".join(f"<a href='indicator:{e(code)}'>{e(code)}</a>" for code in row.indicators) or "none"
        judged = REQUIREMENT_STATUS[row.judged] if row.judged else "not judged yet"
        data = RAG_STATUS[row.rag] if row.rag else "no target"
        self.page.setHtml(
            f"<h3>Requirement {e(row.ref)}: {e(row.title)}</h3>"
            + ("<p><b>EXEMPT</b>: left out of packs for a wider audience.</p>" if row.exempt else "")
            + f"<p><b>Judged:</b> {e(judged)} &nbsp; <b>Data says:</b> {e(data)}</p>"
            + (f"<p><b>Why:</b> {e(_capital(row.why))}.</p>" if row.rag is not None else "")
            + (f"<p>{e(row.headline)}</p>" if row.headline and not row.rag_reason else "")
            + f"<p><b>Indicators:</b> {links}</p>"
            + history_html(self.context, TrackedKind.REQUIREMENT, row.uuid)
            + f"<h4>The notice says</h4><p>{e(detail.text)}</p>"
            + self._evidence(detail)
            + f"<p><small>Source: {e(detail.source)}</small></p>"
        )
        self.notes.show_item(AnnotatedKind.REQUIREMENT, row.uuid)

    def _apply_judged(self) -> None:
        row = self.current_row()
        if row is None or row.judged is None or self.judged.currentData() is None:
            return
        chosen = RequirementStatus(self.judged.currentData())
        if chosen is row.judged:
            return
        who = self.context.identity

        def apply(session, value) -> None:  # type: ignore[no-untyped-def]
            edits.set_requirement_status(session, who, row.uuid, value)

        if edit(self.context, self, f"Judge requirement {row.ref} {self.judged.currentText()}", apply,
                chosen, row.judged, reason=self.reason.text()):
            self.reason.clear()

    def _evidence(self, detail: RequirementDetail) -> str:
        if not detail.evidence:
            return ""
        if detail.known_on is not None and detail.known_on > self.context.today:
            return f"<h4>Evidence</h4><p><i>Reported later ({long_day(detail.known_on)}): not shown as at this date.</i></p>"
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in detail.evidence.split("\n\n"))
        reported = f" (as reported {long_day(detail.known_on)})" if detail.known_on else ""
        return f"<h4>Evidence{reported}</h4>{paragraphs}"

    def _open_indicator(self) -> None:
        """Open the indicator that sets the requirement's status, else its first."""
        row = self.current_row()
        if row is None or not row.indicators:
            return
        self.indicator_chosen.emit(row.driver or row.indicators[0])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
