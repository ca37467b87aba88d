"""What every command shares: exit codes and the one place that prints results."""

from __future__ import annotations

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


_state = {"quiet": False}


def set_quiet(quiet: bool) -> None:
    """``-q``: from now on :func:`say` prints nothing (problems are still reported)."""
    _state["quiet"] = quiet


def is_quiet() -> bool:
    return _state["quiet"]


def say(text: str) -> None:
    """Print one line of a command's result on standard output (nothing with ``-q``)."""
    if not _state["quiet"]:
        print(text)


def emit(text: str) -> None:
    """Print what was asked for (a finding, JSON output) on standard output, also with ``-q``."""
    print(text)
