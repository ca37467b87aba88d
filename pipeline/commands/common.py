"""What every command shares: exit codes and the one place that prints results."""

from __future__ import annotations

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def say(text: str) -> None:
    """Print one line of a command's result on standard output."""
    print(text)
