"""Views load their data off the GUI thread, and only when they are on screen.

A :class:`ViewLoader` belongs to one view. ``request()`` asks for fresh data: if the
view is hidden it only notes that it is stale (it loads when next shown); otherwise it
runs ``load()`` on the context's worker thread and hands the result to ``apply()`` on
the GUI thread. A result overtaken by a newer request is dropped, so a quick run of
"as at" changes ends on the last one chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from boardapp.ui.context import BoardContext

T = TypeVar("T")


class ViewLoader(QObject, Generic[T]):
    """Signals: ``loaded()``: fresh data was applied to the view."""

    loaded = Signal()

    def __init__(self, view: QWidget, context: BoardContext, load: Callable[[], T], apply: Callable[[T], None],
                 title: str) -> None:
        super().__init__(view)
        self.view = view
        self.context = context
        self.load = load
        self.apply = apply
        self.title = title
        self.stale = True
        self.generation = 0
        self.delivered = 0  # the generation whose result the view shows
        self.loads = 0  # how many results were applied
        self._waiting: list[Callable[[], object]] = []
        view.installEventFilter(self)

    @property
    def ready(self) -> bool:
        """The view shows the data last asked for."""
        return not self.stale and self.delivered == self.generation

    def when_ready(self, then: Callable[[], object]) -> None:
        """Run ``then`` now if the view's data is current, else once it arrives
        (to select an item in a view that is still loading)."""
        if self.ready:
            then()
        else:
            self._waiting.append(then)

    def request(self) -> None:
        if not self.view.isVisible():
            self.stale = True
            return
        self.stale = False
        self.generation += 1
        generation = self.generation
        work = self.load  # bound on the GUI thread; runs on the worker
        self.context.tasks.run(
            lambda state: work(),
            title=self.title,
            on_success=lambda result: self._deliver(generation, result),
            on_failure=self._failed,
        )

    def _deliver(self, generation: int, result: T) -> None:
        if generation != self.generation:
            return
        self.apply(result)
        self.delivered = generation
        self.loads += 1
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()
        self.loaded.emit()

    def _failed(self, error: BaseException, trace: str) -> None:
        QMessageBox.warning(self.view, f"Could not load {self.title}", f"{error}\n\n{trace[-1500:]}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view and event.type() == QEvent.Type.Show and self.stale:
            self.request()
        return False
