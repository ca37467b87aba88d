"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
