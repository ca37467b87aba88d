"""Front matter that would crash or exhaust a YAML reader: aliases, impossible dates, deep nesting.

``pipeline.content`` reads front matter with ``yaml.safe_load``, which expands aliases ("billion
laughs": a few lines become gigabytes), raises ValueError for a date such as 2026-13-45 (YAML reads it
as a timestamp) and RecursionError for deeply nested values. :func:`front_matter_problems` finds these
first and reports them as findings with a line; it imports nothing from ``pipeline.content``, so the
content reader can call it before its own YAML parsing.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from pipeline.errors import Finding, error


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: "billion laughs" front matter expands to gigabytes of text."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "an alias (*name) is not allowed in front matter; "
                                              "write the value out", event.start_mark)
        return super().compose_node(parent, index)


def _impossible_date(line: str) -> bool:
    match = re.search(r":\s*['\"]?(\d{4})-(\d{1,2})-(\d{1,2})", line)
    if not match:
        return False
    try:
        dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return True
    return False


def front_matter_problems(text: str, rel: str) -> list[Finding]:
    """Front matter that the content reader cannot survive: aliases, impossible dates, deep nesting.

    The rest (syntax, fields) is reported by :func:`pipeline.content.reader.read_document`.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return []
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return []
    raw = "\n".join(lines[1:end])
    try:
        yaml.load(raw, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "alias" in str(problem):
            return [error(rel, mark.line + 2 if mark is not None else 1, "front-matter-syntax", str(problem))]
        return []  # read_document reports ordinary syntax errors
    except (ValueError, OverflowError) as exc:  # "reviewed: 2026-13-45" is read as an impossible timestamp
        line = next((n for n, text_line in enumerate(lines[1:end], start=2)
                     if _impossible_date(text_line)), 1)
        return [error(rel, line, "front-matter-date", f"an impossible date in the front matter ({exc}); "
                                                      "write a real date as YYYY-MM-DD")]
    except RecursionError:
        return [error(rel, 2, "front-matter-syntax", "the front matter is nested too deeply")]
    return []
