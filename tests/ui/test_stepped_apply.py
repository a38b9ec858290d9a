"""Handing a large result to the window in steps (ui/tasks.py, ui/loading.py): the event
loop turns between the steps, the work counts as running until the last, and a view
counts as loaded only once all of it is shown; asked again meanwhile, it ends on the newer."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from boardapp.ui.loading import ViewLoader
from boardapp.ui.tasks import TaskRunner


def test_a_result_handed_over_in_steps_lets_the_window_turn_between_them(qtbot):
    runner = TaskRunner()
    events: list[str] = []

    def hand_over(result):
        for step in range(3):
            events.append(f"step {step} of {result}, busy {runner.busy}")
            QTimer.singleShot(0, lambda step=step: events.append(f"turn after step {step}"))
            yield

    try:
        with qtbot.waitSignal(runner.idle, timeout=5000):
            runner.run(lambda state: "result", on_success=hand_over)
        steps = [event for event in events if event.startswith("step")]
        assert steps == [f"step {n} of result, busy True" for n in range(3)]  # running until the last step
        events[:] = [event.split(",")[0] for event in events]
        assert events.index("turn after step 0") < events.index("step 1 of result")
        assert events.index("turn after step 1") < events.index("step 2 of result")
        assert not runner.busy
    finally:
        runner.shutdown()


def test_a_view_applied_in_steps_is_loaded_once_all_steps_are_done(qtbot):
    runner = TaskRunner()
    view = QWidget()
    qtbot.addWidget(view)
    view.show()
    shown: list[str] = []

    def apply(rows):
        shown.clear()
        for row in rows:
            shown.append(row)
            yield

    loader = ViewLoader(view, SimpleNamespace(tasks=runner), lambda: ["a", "b", "c"], apply, "rows")
    loaded: list[list[str]] = []
    loader.loaded.connect(lambda: loaded.append(list(shown)))
    try:
        loader.request()
        qtbot.waitUntil(lambda: loader.ready, timeout=5000)
        assert loaded == [["a", "b", "c"]] and loader.loads == 1 and not runner.busy
    finally:
        runner.shutdown()


def test_a_view_asked_again_while_showing_a_result_in_steps_ends_on_the_newer(qtbot):
    runner = TaskRunner()
    view = QWidget()
    qtbot.addWidget(view)
    view.show()
    shown: list[str] = []
    answers = iter([["old 1", "old 2", "old 3", "old 4"], ["new 1", "new 2"]])

    def apply(rows):
        shown.clear()
        for row in rows:
            shown.append(row)
            if row == "old 1":
                loader.request()  # asked again while the old result is being shown
            yield

    loader = ViewLoader(view, SimpleNamespace(tasks=runner), lambda: next(answers), apply, "rows")
    try:
        loader.request()
        qtbot.waitUntil(lambda: loader.ready, timeout=5000)
        qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
        assert shown == ["new 1", "new 2"] and loader.loads == 1
    finally:
        runner.shutdown()
