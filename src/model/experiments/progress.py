"""Progress of an experiment: a tqdm bar with an ETA on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress", "make_progress"]


class Progress:
    """Counts finished runs and shows how many remain and when they should be done.

    On a terminal a tqdm bar; when the stream is not a terminal (a log file, a pipe, CI), one
    plain line every ``every`` seconds and at the end, so logs stay readable.

    Args:
        total: Runs to do.
        label: What is running, shown before the count.
        stream: Where to write (default: standard error).
        every: Seconds between plain lines.
    """

    def __init__(
        self, total: int, label: str = "runs", stream: TextIO | None = None, every: float = 5.0
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.every = every
        self.count = 0
        self.failed = 0
        self._started = time.monotonic()
        self._last_line = self._started
        self._bar = None
        if _is_tty(self.stream):
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=label, unit="run", file=self.stream)

    def update(self, ok: bool = True) -> None:
        """Count one finished (or failed) run."""
        self.count += 1
        self.failed += not ok
        if self._bar is not None:
            self._bar.update(1)
            if self.failed:
                self._bar.set_postfix(failed=self.failed)
            return
        now = time.monotonic()
        if now - self._last_line >= self.every or self.count == self.total:
            self._last_line = now
            print(self._line(now), file=self.stream, flush=True)

    def _line(self, now: float) -> str:
        elapsed = now - self._started
        rate = self.count / elapsed if elapsed > 0 else 0.0
        remaining = (self.total - self.count) / rate if rate > 0 else float("nan")
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"{self.label}: {self.count}/{self.total} done{failed}, "
            f"{elapsed:.0f} s elapsed, about {remaining:.0f} s left"
        )

    def close(self) -> None:
        """Finish the bar."""
        if self._bar is not None:
            self._bar.close()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_progress(progress: bool | Progress | None, total: int, label: str) -> Progress | None:
    """Return the progress display an experiment asked for: None/False off, True on."""
    if isinstance(progress, Progress):
        progress.total, progress.label = total, label
        return progress
    return Progress(total, label) if progress else None
