"""Which line of a file sets a key: TOML keys, front-matter fields, PO header fields and msgstr lines.

``tomllib`` gives values without positions, so every reader of a TOML file (the configuration,
clinic profiles, the glossary) asks :class:`KeyLines` where a key was written, to report
``path:LINE``. The scanner understands table headers (``[a.b]``, ``[terms."bone marrow"]``,
``[[x]]``), bare, quoted and dotted keys, comments, and values that span lines (arrays, inline
tables and multi-line strings), which it skips.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

Path_ = tuple[str, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _key_parts(text: str) -> tuple[Path_, str] | None:
    """Split the dotted key at the start of ``text``; return its parts and what follows, or None."""
    parts: list[str] = []
    rest = text.lstrip()
    while True:
        if rest.startswith('"'):
            end = re.match(r'"((?:[^"\\]|\\.)*)"', rest)
            if not end:
                return None
            try:
                parts.append(json.loads(end.group(0)))
            except ValueError:
                parts.append(end.group(1))
            rest = rest[end.end():]
        elif rest.startswith("'"):
            end = re.match(r"'([^']*)'", rest)
            if not end:
                return None
            parts.append(end.group(1))
            rest = rest[end.end():]
        else:
            bare = _BARE.match(rest)
            if not bare:
                return None
            parts.append(bare.group(0))
            rest = rest[bare.end():]
        rest = rest.lstrip()
        if rest.startswith("."):
            rest = rest[1:].lstrip()
            continue
        return tuple(parts), rest


def _open_brackets(value: str, state: list[str]) -> None:
    """Track the brackets and multi-line strings still open after ``value`` (``state`` is a stack)."""
    i = 0
    while i < len(value):
        if state and state[-1] in ('"""', "'''"):
            end = value.find(state[-1], i)
            if end < 0:
                return
            state.pop()
            i = end + 3
            continue
        ch = value[i]
        if value.startswith('"""', i) or value.startswith("'''", i):
            state.append(value[i:i + 3])
            i += 3
        elif ch == '"':
            m = re.match(r'"(?:[^"\\]|\\.)*"', value[i:])
            i += m.end() if m else len(value)
        elif ch == "'":
            end = value.find("'", i + 1)
            i = end + 1 if end >= 0 else len(value)
        elif ch in "[{":
            state.append(ch)
            i += 1
        elif ch in "]}":
            if state:
                state.pop()
            i += 1
        elif ch == "#":
            return
        else:
            i += 1


@dataclass(frozen=True)
class KeyLines:
    """Where each table and key of one TOML text is written (1-based line numbers)."""

    keys: dict[Path_, int] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> KeyLines:
        keys: dict[Path_, int] = {}
        table: Path_ = ()
        state: list[str] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if state:
                _open_brackets(line, state)
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("["):
                inner = stripped[2:] if stripped.startswith("[[") else stripped[1:]
                parsed = _key_parts(inner)
                if parsed is not None:
                    table = parsed[0]
                    keys.setdefault(table, number)
                continue
            parsed = _key_parts(stripped)
            if parsed is None or not parsed[1].startswith("="):
                continue
            keys.setdefault(table + parsed[0], number)
            _open_brackets(parsed[1][1:], state)
        return cls(keys)

    def line(self, *path: str) -> int | None:
        """The line that sets ``path`` (a table and key); else the nearest enclosing table's line."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.keys:
                return self.keys[path[:end]]
        return None

    def exact(self, *path: str) -> int | None:
        """The line that sets exactly ``path``, or None when the file does not write it."""
        return self.keys.get(tuple(path))


def text_field_line(lines: Iterable[str], key: str, first: int = 1) -> int | None:
    """The line of a top-level ``key: value`` (YAML front matter) that sets ``key``, counting from ``first``."""
    pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*:")
    for number, line in enumerate(lines, start=first):
        if pattern.match(line):
            return number
    return None


def header_field_line(text: str, key: str) -> int | None:
    """The line of a PO header field (``"Language: es\\n"``, or ``msgstr "Language: ..."``) in a catalog's text."""
    pattern = re.compile(r'\s*(?:msgstr\s+)?"' + re.escape(key) + ":")
    for number, raw in enumerate(text.split("\n"), start=1):
        if pattern.match(raw):
            return number
    return None


def msgstr_lines(lines: list[str], start: int) -> dict[str, int]:
    """The lines of an entry's ``msgstr`` (or ``msgstr[N]``) keywords, for the entry starting at line ``start``.

    GNU msgfmt reports a translation's problem at its msgstr line; ``lines`` is the catalog's text split
    at newlines, ``start`` the entry's first line (polib's ``linenum``, a comment line when it has one).
    """
    found: dict[str, int] = {}
    for number in range(max(start, 1), len(lines) + 1):
        raw = lines[number - 1].lstrip()
        match = re.match(r"(msgstr(?:\[\d+\])?)\s", raw)
        if match:
            found.setdefault(match.group(1), number)
        elif found and not raw.startswith('"'):
            break
    return found
