"""What the content reader refuses outside its walk over the blocks: template syntax, unused footnotes."""

from __future__ import annotations

import re
from typing import Any

from markdown_it.token import Token

from pipeline.errors import Finding, error

TEMPLATE = re.compile(r"\{\{<?|>?\}\}|\{%|%\}")


def body_problems(body: str, tokens: list[Token], env: dict[str, Any], rel: str, offset: int) -> list[Finding]:
    """Template and shortcode syntax outside code, and footnotes that nothing refers to."""
    found: list[Finding] = []
    code_lines: set[int] = set()
    for tok in tokens:
        if tok.type in ("fence", "code_block") and tok.map:
            code_lines.update(range(tok.map[0], tok.map[1]))
    lines = body.split("\n")
    for number, text in enumerate(lines):
        if number in code_lines:
            continue
        match = TEMPLATE.search(re.sub(r"`[^`]*`", "", text))
        if match:
            found.append(error(rel, number + offset, "template-syntax",
                               f"{match.group(0)!r} is template or shortcode syntax (Jinja, Hugo, Liquid), which is "
                               "not run here and would be published as written; write the text itself, a "
                               "{clinic_*} placeholder, or an image as ![alt](file)"))
    for label, ref in env.get("footnotes", {}).get("refs", {}).items():
        if ref == -1:
            line = next((n for n, t in enumerate(lines) if t.lstrip().startswith(f"[^{label[1:]}]:")), 0)
            found.append(error(rel, line + offset, "footnote-unused",
                               f"the footnote [^{label[1:]}] is never referred to, so it would not be shown; "
                               f"refer to it in the text with [^{label[1:]}], or delete it"))
    return found


def front_matter_template_problems(raw: str, rel: str) -> list[Finding]:
    """Template syntax in the front matter, whose text fields are segments too (its first line is line 2)."""
    found: list[Finding] = []
    for number, text in enumerate(raw.split("\n"), start=2):
        match = TEMPLATE.search(text)
        if match:
            found.append(error(rel, number, "template-syntax", f"{match.group(0)!r} is template syntax, which is "
                               "not run here and would be published as written; write the text itself"))
    return found
