"""Inline markup inside a segment: from Markdown to the translator's form, and back to safe HTML or text."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from pipeline.content.model import PLACEHOLDER

_ESCAPE = re.compile(r"([\\*`\[\]]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


@dataclass(frozen=True)
class InlineProblem:
    """Inline Markdown that a segment cannot carry (reported by the content reader)."""

    code: str
    message: str


@functools.cache
def _segment_parser() -> MarkdownIt:
    """The only inline syntax a segment may use: emphasis, strong, code, links, escapes, line breaks.

    Raw HTML, autolinks, images and entities are off, so whatever else a
    translation contains is text and is escaped on output.
    """
    return MarkdownIt("zero", {"breaks": True}).enable(["emphasis", "backticks", "escape", "newline", "link"])


def escape_text(text: str) -> str:
    """Escape characters that the segment syntax would read as markup."""
    return _ESCAPE.sub(r"\\\1", text)


def _code_span(content: str) -> str:
    fence = "`"
    while fence in content:
        fence += "`"
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def to_segment_text(children: Sequence[Token]) -> tuple[str, tuple[str, ...], list[InlineProblem]]:
    """Turn a block's inline tokens (as parsed from content/) into segment text and its link targets."""
    out: list[str] = []
    links: list[str] = []
    problems: list[InlineProblem] = []
    for token in children:
        kind = token.type
        if kind == "text":
            out.append(escape_text(token.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind in ("em_open", "em_close"):
            out.append("*")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
        elif kind == "code_inline":
            out.append(_code_span(token.content))
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            if href not in links:
                links.append(href)
            out.append("[")
            out.append(f"\x00{links.index(href) + 1}")  # closed at link_close
        elif kind == "link_close":
            # find the marker pushed at link_open
            for i in range(len(out) - 1, -1, -1):
                if out[i].startswith("\x00"):
                    number = out.pop(i)[1:]
                    out.append(f"][{number}]")
                    break
        elif kind == "html_inline":
            problems.append(InlineProblem(
                "raw-html", f"raw HTML {token.content!r} in text; use Markdown (**bold**, *emphasis*) instead"))
        elif kind == "image":
            problems.append(InlineProblem(
                "inline-image", "an image inside running text; put each image in a paragraph of its own"))
        else:
            problems.append(InlineProblem("unsupported-inline", f"unsupported inline markup {kind!r}"))
    text = re.sub(r"[ \t]+", " ", "".join(out)).strip(" ")
    return text, tuple(links), problems


def _references(links: Sequence[str]) -> dict[str, dict[str, str]]:
    return {str(i): {"href": href, "title": ""} for i, href in enumerate(links, start=1)}


def _safe_tokens(text: str, links: Sequence[str]) -> list[Token]:
    """Parse a segment; links that are not the English segment's own become plain text."""
    md = _segment_parser()
    env = {"references": _references(links)}
    parsed = md.parseInline(text, env)
    children = list(parsed[0].children or []) if parsed else []
    allowed = set(links)
    safe: list[Token] = []
    dropped_depth = 0
    for token in children:
        if token.type == "link_open":
            if str(token.attrs.get("href", "")) not in allowed or dropped_depth:
                dropped_depth += 1
                continue
            # an inline [text](url "title") to an allowed address keeps only the address, not the title
            token.attrs = {"href": str(token.attrs["href"])}
        elif token.type == "link_close" and dropped_depth:
            dropped_depth -= 1
            continue
        safe.append(token)
    return safe


_LTR_VALUES = frozenset({"clinic_phone", "clinic_website", "clinic_email"})


def fill_placeholders(rendered: str, values: Mapping[str, str], *, escape: bool) -> str:
    """Replace ``{clinic_*}`` with the profile's values; unknown names stay as written.

    In HTML each value is a bidi isolate, so a phone number inside Arabic text keeps its order
    (``<bdi dir="ltr">``; names and addresses take their own direction), and a phone number
    never breaks across lines.
    """
    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value is None:
            return match.group(0)
        if not escape:
            return value
        if name == "clinic_phone":
            value = value.replace(" ", "\u00a0")
        direction = ' dir="ltr"' if name in _LTR_VALUES else ""
        return f"<bdi{direction}>{html.escape(value)}</bdi>"
    return PLACEHOLDER.sub(repl, rendered)


@functools.lru_cache(maxsize=16384)
def _html(text: str, links: tuple[str, ...]) -> str:
    """The HTML of a segment before placeholders are filled (a page and its handout ask for it again)."""
    md = _segment_parser()
    return md.renderer.render(_safe_tokens(text, links), md.options, {})


@functools.lru_cache(maxsize=16384)
def _text(text: str, links: tuple[str, ...]) -> str:
    parts: list[str] = []
    for token in _safe_tokens(text, links):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n" if token.type == "hardbreak" else " ")
    return "".join(parts)


def render_html(text: str, links: Sequence[str], values: Mapping[str, str] | None = None) -> Markup:
    """Segment text → HTML that holds only em, strong, code, br and the English segment's links."""
    return Markup(fill_placeholders(_html(text, tuple(links)), values or {}, escape=True))


def render_text(text: str, links: Sequence[str] = (), values: Mapping[str, str] | None = None) -> str:
    """Segment text → plain text, as a reader would see it (for counts, checks and glyph coverage)."""
    return fill_placeholders(_text(text, tuple(links)), values or {}, escape=False)


def count_words(text: str) -> int:
    """Words in a segment's plain text; CJK characters count one each, as translators' tools do."""
    plain = render_text(text)
    cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", plain))
    rest = re.sub(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", " ", plain)
    return cjk + len(re.findall(r"\w+(?:[-'’]\w+)*", rest))
