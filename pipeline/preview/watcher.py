"""Watch the project's inputs by polling modification times (no extra dependency, works on every file system)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

Stamp = tuple[int, int]  # (modification time in ns, size)


def snapshot(roots: Iterable[Path], exclude: Iterable[Path] = ()) -> dict[Path, Stamp]:
    """The stamp of every file under ``roots`` but not under ``exclude`` (a root may be a single file)."""
    stamps: dict[Path, Stamp] = {}
    skipped = tuple(exclude)
    for root in roots:
        paths = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in paths:
            if "__pycache__" in path.parts or path.name.startswith(".#") or path.name.endswith("~"):
                continue  # bytecode and editors' lock and backup files are not inputs
            if any(path.is_relative_to(folder) for folder in skipped):
                continue  # what the builds write
            try:
                st = path.stat()
            except OSError:  # removed between listing and stat
                continue
            stamps[path] = (st.st_mtime_ns, st.st_size)
    return stamps


def changed_paths(before: Mapping[Path, Stamp], after: Mapping[Path, Stamp]) -> set[Path]:
    """Files added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class Watcher:
    """Polls ``roots`` every ``interval`` seconds in a daemon thread and calls ``on_change`` with what changed.

    A change is reported once the files have stopped changing for one interval, so that an editor
    writing a file in several steps (or saving several files at once) gives one rebuild.
    """

    def __init__(self, roots: Callable[[], Iterable[Path]], on_change: Callable[[set[Path]], None],
                 interval: float = 0.05, exclude: Callable[[], Iterable[Path]] = tuple) -> None:
        self.roots = roots
        self.exclude = exclude
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="preview-watcher", daemon=True)
        self._stamps = snapshot(self.roots(), self.exclude())

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)

    def poll(self) -> set[Path]:
        """One look at the files: what changed since the last look (also used by tests, without the thread)."""
        now = snapshot(self.roots(), self.exclude())
        changed = changed_paths(self._stamps, now)
        self._stamps = now
        return changed

    def _run(self) -> None:
        pending: set[Path] = set()
        while not self._stop.wait(self.interval):
            changed = self.poll()
            if changed:
                pending |= changed
                continue  # still being written: wait for a quiet interval
            if pending:
                batch, pending = pending, set()
                try:
                    self.on_change(batch)
                except Exception:  # keep watching: the preview shows the error, the next save may fix it
                    log.exception("preview rebuild failed")
