"""Changes the commands make to ``pipeline.toml``, keeping the file's comments and layout (with tomlkit)."""

from __future__ import annotations

import logging
from pathlib import Path

import tomlkit
from tomlkit.items import Array

from pipeline.config.lines import KeyLines
from pipeline.errors import ConfigError, error
from pipeline.fsutil import write_atomic

log = logging.getLogger(__name__)


def add_locale(path: Path, code: str, shown: str = "pipeline.toml") -> bool:
    """Add ``code`` to ``[project] locales``; False when it is there already. Everything else is kept as written."""
    text = path.read_bytes().decode("utf-8")
    document = tomlkit.parse(text)
    project = document.get("project")
    if project is None or not hasattr(project, "get"):
        raise ConfigError([error(shown, None, "config-missing",
                                 "[project] is missing; add a [project] table (see docs/config.md)")])
    locales = project.get("locales")
    if locales is None:
        # A new key goes right under the [project] header: tomlkit would put it after the table's last
        # line, below the comments that introduce the next table.
        header = KeyLines.of(text).exact("project")
        lines = text.splitlines(keepends=True)
        index = header if header is not None else 0
        newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        lines.insert(index, f'locales = ["{code}"]{newline}')
        new_text = "".join(lines)
    else:
        if not isinstance(locales, Array):
            line = KeyLines.of(text).line("project", "locales")
            raise ConfigError([error(shown, line, "config-value",
                                     '[project] locales must be a list such as ["es"]; fix it, then run init again')])
        if code in [str(item) for item in locales]:
            return False
        locales.append(code)
        new_text = tomlkit.dumps(document)
    write_atomic(path, new_text.encode("utf-8"))
    log.info("%s: added %s to [project] locales", shown, code)
    return True
