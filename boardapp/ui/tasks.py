"""Background work through one small helper: loading, import, export, sync.

A :class:`TaskRunner` owns one worker thread. ``runner.run(work, ...)`` calls
``work(state)`` on that thread; ``state.progress(done, total, text)`` reports back and
``state.cancelled`` asks the work to stop at its next step. Success, failure and
progress are delivered on the GUI thread through queued signals. The runner stops its
thread on :meth:`TaskRunner.shutdown` (``quit()`` then ``wait()``), which the window
calls when it closes, so no thread outlives its owner.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot


class Cancelled(Exception):
    """Raised by work that stopped because it was asked to."""


@dataclass
class TaskState:
    """What running work sees: a way to report progress and to learn it should stop."""

    _report: Callable[[int, int, str], None]
    _cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress; raises :class:`Cancelled` if the task has been cancelled."""
        if self.cancelled:
            raise Cancelled
        self._report(done, total, text)


@dataclass
class _Job:
    work: Callable[[TaskState], Any]
    state: TaskState
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException, str], None] | None
    on_progress: Callable[[int, int, str], None] | None


class _Worker(QObject):
    """Lives on the worker thread; runs one job at a time."""

    finished = Signal(object, object, object, str)  # job, result, error, traceback text

    @Slot(object)
    def execute(self, job: _Job) -> None:
        try:
            result = job.work(job.state)
        except BaseException as exc:  # noqa: BLE001 - every failure is handed back to the GUI
            self.finished.emit(job, None, exc, traceback.format_exc())
        else:
            self.finished.emit(job, result, None, "")


class TaskRunner(QObject):
    """Runs work off the GUI thread and hands results back to it.

    Signals:
      ``started_work(str)``: a task began (its title), for a busy indicator.
      ``progressed(int, int, str)``: the running task's progress.
      ``idle()``: nothing is running any more.
    """

    started_work = Signal(str)
    progressed = Signal(int, int, str)
    idle = Signal()
    _submit = Signal(object)
    # Emitted on the worker thread; Qt queues it over to this object's (the GUI) thread.
    _job_progress = Signal(object, int, int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("boardapp-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute)
        self._worker.finished.connect(self._finish)
        self._job_progress.connect(self._on_job_progress)
        self._running: list[_Job] = []
        self._thread.start()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def run(
        self,
        work: Callable[[TaskState], Any],
        *,
        title: str = "",
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException, str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> TaskState:
        job = _Job(work, TaskState(lambda *_: None), on_success, on_failure, on_progress)
        job.state = TaskState(lambda done, total, text: self._job_progress.emit(job, done, total, text))
        self._running.append(job)
        self.started_work.emit(title)
        self._submit.emit(job)
        return job.state

    def cancel_all(self) -> None:
        for job in self._running:
            job.state.cancel()

    def shutdown(self) -> None:
        """Ask running work to stop, then stop the thread and wait for it."""
        self.cancel_all()
        self._thread.quit()
        self._thread.wait()

    @Slot(object, int, int, str)
    def _on_job_progress(self, job: _Job, done: int, total: int, text: str) -> None:
        if job.on_progress is not None:
            job.on_progress(done, total, text)
        self.progressed.emit(done, total, text)

    @Slot(object, object, object, str)
    def _finish(self, job: _Job, result: Any, error: BaseException | None, trace: str) -> None:
        self._running.remove(job)
        if error is None:
            if job.on_success is not None:
                job.on_success(result)
        elif not isinstance(error, Cancelled) and job.on_failure is not None:
            job.on_failure(error, trace)
        if not self._running:
            self.idle.emit()
