"""Progress and cancel: a ``progress(done, total, text)`` callback, called as the pack is
built and written. It may raise (:class:`~boardapp.exchange.pack.audience.PackCancelled`
or anything else) to stop the export; nothing is left behind when it does."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import BinaryIO

Progress = Callable[[int, int, str], None]

REPORT_EVERY_SECONDS = 0.1


class Steps:
    """Counts work units and tells ``progress`` about them: whenever the text changes,
    otherwise at most every tenth of a second, so a slow callback cannot slow the export."""

    def __init__(self, progress: Progress | None, total: int = 1) -> None:
        self._progress = progress
        self.total = max(1, total)
        self.done = 0
        self._last = 0.0
        self._text = ""

    def advance(self, units: int, text: str, *, force: bool = False) -> None:
        self.done = min(self.total, self.done + units)
        self.report(text, force=force)

    def report(self, text: str, *, force: bool = False) -> None:
        if self._progress is None:
            return
        now = time.monotonic()
        if force or text != self._text or now - self._last >= REPORT_EVERY_SECONDS:
            self._last = now
            self._text = text
            self._progress(self.done, self.total, text)

    def finish(self, text: str) -> None:
        self.done = self.total
        self.report(text, force=True)


class ReportingFile:
    """A binary file that reports progress as the workbook's zip is written into it, so
    a cancel is seen while openpyxl saves (the longest step), not only after it."""

    def __init__(self, raw: BinaryIO, steps: Steps, units: int, bytes_per_unit: int) -> None:
        self._raw: BinaryIO | None = raw
        self._steps = steps
        self._start = steps.done
        self._units = units
        self._bytes_per_unit = max(1, bytes_per_unit)
        self._written = 0

    def detach(self) -> None:
        """Let go of the file: openpyxl's zip, abandoned by a cancel, may still try to
        finish itself when it is collected; it then writes to nothing."""
        self._raw = None

    def write(self, data: bytes) -> int:
        if self._raw is None:
            return len(data)
        written = self._raw.write(data)
        self._written += len(data)
        units = min(self._units - 1, self._written // self._bytes_per_unit)
        self._steps.done = self._start + max(0, units)
        self._steps.report("Writing the file")
        return written

    def tell(self) -> int:
        return self._raw.tell() if self._raw is not None else 0

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence) if self._raw is not None else 0

    def flush(self) -> None:
        if self._raw is not None:
            self._raw.flush()

    def seekable(self) -> bool:
        return True
