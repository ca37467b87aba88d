"""Build progress on a terminal: a bar while it runs, quiet when the output is not a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Draws ``[#####.....] 12/40 es/all-signs`` on one line of a terminal; does nothing elsewhere."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 0

    def step(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
            self.stream.flush()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started
