"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside ``path``, open for writing, only its owner may read it (as ``tempfile.mkstemp``,
    without importing tempfile and what it pulls in on every command's start)."""
    while True:
        name = os.path.join(path.parent, f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600), name
        except FileExistsError:
            continue


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def holds(path: Path, data: bytes) -> bool:
    """Whether the file exists and holds exactly ``data``."""
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly ``data``; return whether it was written."""
    if holds(path, data):
        return False
    write_atomic(path, data)
    return True


def write_all_if_changed(items: Iterable[tuple[Path, bytes]]) -> int:
    """Write many files atomically, each unless it already holds its data; return how many were written.

    Every temporary file is written first, the disk is flushed once, and only then is each renamed over
    its file: a crash leaves each file old or new, at a fraction of the cost of one flush per file.
    """
    pending: list[tuple[str, Path]] = []
    renamed = 0
    try:
        for path, data in items:
            if holds(path, data):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = _temporary(path)
            pending.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        if pending:
            os.sync()
        for tmp, path in pending:
            os.replace(tmp, path)
            renamed += 1
    finally:
        for tmp, _ in pending[renamed:]:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
    return len(pending)
