from __future__ import annotations

import threading

from boardapp.ui.tasks import TaskRunner


def test_work_runs_off_the_gui_thread_and_reports_back_on_it(qtbot):
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: dict[str, object] = {"progress": []}

    def work(state):
        seen["worker"] = threading.get_ident()
        for n in range(3):
            state.progress(n + 1, 3, f"step {n + 1}")
        return 42

    def progressed(done, total, text):
        seen["progress"].append((done, total, text, threading.get_ident() == gui))

    try:
        with qtbot.waitSignal(runner.idle, timeout=5000):
            runner.run(work, on_success=lambda r: seen.update(result=r), on_progress=progressed)
        assert seen["result"] == 42 and seen["worker"] != gui
        assert seen["progress"] == [(1, 3, "step 1", True), (2, 3, "step 2", True), (3, 3, "step 3", True)]
    finally:
        runner.shutdown()


def test_failure_and_cancel(qtbot):
    runner = TaskRunner()
    failures = []
    release = threading.Event()
    try:
        with qtbot.waitSignal(runner.idle, timeout=5000):
            runner.run(lambda state: 1 / 0, on_failure=lambda exc, trace: failures.append((exc, trace)))
        assert isinstance(failures[0][0], ZeroDivisionError) and "ZeroDivisionError" in failures[0][1]

        results = []

        def slow(state):
            release.wait(5)
            state.progress(1, 2)  # raises Cancelled: the work stops here
            results.append("went on")

        with qtbot.waitSignal(runner.idle, timeout=5000):
            state = runner.run(slow, on_success=results.append, on_failure=lambda *a: failures.append(a))
            state.cancel()
            release.set()
        assert results == [] and len(failures) == 1
    finally:
        release.set()
        runner.shutdown()
