"""Findings and the small exception tree every stage reports through."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in one file, at one line when the line is known."""

    path: str
    line: int | None
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """Render as ``path:line: severity: code: message``, the form editors jump to."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.code}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def error(path: str, line: int | None, code: str, message: str) -> Finding:
    return Finding(path, line, "error", code, message)


def warning(path: str, line: int | None, code: str, message: str) -> Finding:
    return Finding(path, line, "warning", code, message)


class PipelineError(Exception):
    """Base of every error the pipeline reports to its user."""


class UsageError(PipelineError):
    """The command line asked for something that cannot be done (exit code 2)."""


class ReportedError(PipelineError):
    """One or more findings that stop the current command (exit code 1)."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)
        super().__init__("\n".join(f.format() for f in self.findings))


class ConfigError(ReportedError):
    """The project configuration or a clinic profile is invalid."""


class ContentError(ReportedError):
    """A content file cannot be read into the document model."""


class CatalogError(ReportedError):
    """A catalog (.po or .pot) cannot be read or is malformed."""


class FontError(PipelineError):
    """No installed font covers a locale, or a font file cannot be read."""


class RenderError(ReportedError):
    """A page or handout cannot be rendered (missing glyphs, unsafe resources)."""
