"""The one search box (Ctrl+F): requirements, indicators, actions, recommendations and
notes, with the results in a list under it; Enter or a click goes to the item."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from boardapp.domain.permissions import Permission
from boardapp.store.search import SearchHit, search
from boardapp.ui.context import BoardContext

KIND_WORDS = {"requirement": "Requirement", "indicator": "Indicator", "action": "Action",
              "recommendation": "Recommendation", "note": "Note"}


class SearchBox(QLineEdit):
    """Signals: ``hit_chosen(SearchHit)``: go to this item."""

    hit_chosen = Signal(object)

    def __init__(self, context: BoardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setPlaceholderText("Search everything (Ctrl+F)…")
        self.setAccessibleName("Search")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(240)
        self.popup = QFrame(None, Qt.WindowType.Popup)
        self.popup.setFocusProxy(self)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        layout = QVBoxLayout(self.popup)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.results)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.run_search)
        self.textEdited.connect(lambda _: self._debounce.start())
        self.returnPressed.connect(self.choose_current)
        self.results.itemActivated.connect(lambda item: self._choose(item))
        self.results.itemClicked.connect(lambda item: self._choose(item))
        self.popup.installEventFilter(self)

    def hits(self) -> list[SearchHit]:
        return [self.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.results.count())]

    def run_search(self) -> None:
        self._debounce.stop()
        with self.context.database.session() as session:
            found = search(session, self.text(), include_exempt=self.context.identity.allows(Permission.SEE_EXEMPT))
        self.results.clear()
        for hit in found:
            item = QListWidgetItem(f"{KIND_WORDS[hit.kind.value]} · {hit.label}\n{hit.snippet}")
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        if not found:
            placeholder = QListWidgetItem("Nothing found" if len(self.text().strip()) >= 2 else "Type two letters or more")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(placeholder)
        else:
            self.results.setCurrentRow(0)
        self._show_popup()

    def _show_popup(self) -> None:
        width = max(self.width(), 520)
        self.popup.resize(width, min(420, 40 + 44 * self.results.count()))
        self.popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.popup.show()
        self.setFocus()

    def choose_current(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self.run_search()
        item = self.results.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is None:
            return
        self.popup.hide()
        self.hit_chosen.emit(hit)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.popup.isVisible() and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, self.results.currentRow() + step)))
            return
        if event.key() == Qt.Key.Key_Escape:
            self.popup.hide()
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Keys typed while the popup has the mouse grab still go to the box.
        if watched is self.popup and event.type() == QEvent.Type.KeyPress:
            self.keyPressEvent(event)  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)
