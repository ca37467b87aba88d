"""Inline markup inside a segment: from Markdown to the translator's form, and back to safe HTML or text."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup

from pipeline.content.model import PLACEHOLDER

_ESCAPE = re.compile(r"([\\*`\[\]]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|~(?=~)|(?<=~)~|&(?=#?[0-9A-Za-z]+;)"
                     r"|<(?=[A-Za-z/!?]))")
# Inline HTML with no Markdown equivalent that a segment may hold: the element alone, no other attributes.
_ALLOWED_TAG = re.compile(r"^<(/?)(sub|sup|kbd|small|br|abbr)(?:\s+title=\"([^\"<>{}&]*)\")?\s*/?>$")
_COMMENT = re.compile(r"^<!--.*-->$", re.S)


@dataclass(frozen=True)
class InlineProblem:
    """Inline Markdown that a segment cannot carry (reported by the content reader)."""

    code: str
    message: str


_FOOTNOTE_REF = re.compile(r"\[\^([1-9][0-9]{0,3})\]")


def _footnote_ref(state: StateInline, silent: bool) -> bool:
    """``[^2]`` in a segment: the reference to the document's second footnote."""
    match = _FOOTNOTE_REF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"n": int(match.group(1))}
    state.pos = match.end()
    return True


def _render_footnote_ref(self: object, tokens: Sequence[Token], idx: int, options: object, env: object) -> str:
    n = tokens[idx].meta["n"]
    return f'<sup class="footnote-ref"><a href="#fn-{n}" id="fnref-{n}" role="doc-noteref">{n}</a></sup>'


@functools.cache
def _segment_parser() -> MarkdownIt:
    """The only inline syntax a segment may use: emphasis, strong, strikethrough, code, links, escapes,
    entities, line breaks and the allowed inline HTML elements.

    Autolinks and images are off, and inline HTML outside the allow-list is turned into text, so
    whatever else a translation contains is text and is escaped on output.
    """
    md = MarkdownIt("zero", {"breaks": True, "html": True}).enable(
        ["emphasis", "backticks", "escape", "newline", "link", "entity", "strikethrough", "html_inline"])
    md.inline.ruler.before("link", "footnote_ref", _footnote_ref)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("s_open", lambda *args: "<del>")
    md.add_render_rule("s_close", lambda *args: "</del>")
    return md


def escape_text(text: str) -> str:
    """Escape characters that the segment syntax would read as markup."""
    return _ESCAPE.sub(r"\\\1", text)


def allowed_tag(markup: str) -> str | None:
    """The canonical form of an allowed inline HTML tag (``<sub>``, ``<abbr title="...">``), or None."""
    match = _ALLOWED_TAG.match(markup.strip())
    if match is None:
        return None
    closing, name, title = match.groups()
    if name == "br":
        return None if closing or title is not None else "<br>"
    if title is not None and (name != "abbr" or closing):
        return None
    if name == "abbr" and not closing:
        return f'<abbr title="{" ".join((title or "").split())}">' if title and title.strip() else None
    return f"<{closing}{name}>"


def _code_span(content: str) -> str:
    fence = "`"
    while fence in content:
        fence += "`"
    padded = content.startswith("`") or content.endswith("`") or (
        content.startswith(" ") and content.endswith(" ") and content.strip(" ") != "")
    pad = " " if padded else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def plain_text(children: Sequence[Token]) -> str:
    """The plain text of inline tokens, as CommonMark makes an image's alt text."""
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(plain_text(token.children or []))
    return " ".join("".join(parts).split())


def _entity(token: Token) -> str:
    """An entity as the segment writes it: the character itself when it is plainly visible."""
    char = token.content
    if char and char not in "<&~" and all(c.isprintable() and not c.isspace() for c in char):
        return escape_text(char)
    return token.markup  # "&lt;sub&gt;" stays an entity: as "<sub>" it would become an element


def to_segment_text(children: Sequence[Token]) -> tuple[str, tuple[str, ...], list[InlineProblem]]:
    """Turn a block's inline tokens (as parsed from content/) into segment text and its link targets."""
    text, links, _, problems = to_segment(children)
    return text, links, problems


def to_segment(children: Sequence[Token]) -> tuple[str, tuple[str, ...], tuple[str, ...], list[InlineProblem]]:
    """Segment text, its link targets and their titles ("" for none), and what it cannot carry."""
    pieces: list[tuple[str, bool]] = []  # (text, is it free text whose spaces may be collapsed)
    links: list[tuple[str, str]] = []
    problems: list[InlineProblem] = []
    opened: list[int] = []  # indexes of pieces holding the "[" of open links

    def put(text: str, free: bool = False) -> None:
        pieces.append((text, free))

    for token in children:
        kind = token.type
        if kind == "text":
            put(escape_text(token.content), True)
        elif kind == "text_special":
            if token.info == "entity":
                put(_entity(token))
            else:  # a backslash escape: kept where the character alone could start markup
                put(token.markup if token.content in "<&~" else escape_text(token.content))
        elif kind == "softbreak":
            put(" ", True)
        elif kind == "hardbreak":
            put("\n")
        elif kind in ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"):
            put(token.markup)
        elif kind == "code_inline":
            put(_code_span(token.content))
        elif kind == "link_open":
            pair = (str(token.attrs.get("href", "")), " ".join(str(token.attrs.get("title", "") or "").split()))
            if pair not in links:
                links.append(pair)
            put("[")
            opened.append(links.index(pair) + 1)
        elif kind == "link_close":
            number = opened.pop() if opened else 0
            put(f"][{number}]")
        elif kind == "html_inline":
            if _COMMENT.match(token.content.strip()):
                continue  # an author's comment: not shown, not translated
            canonical = allowed_tag(token.content)
            if canonical is None:
                problems.append(InlineProblem(
                    "raw-html", f"raw HTML {token.content!r} in text; use Markdown (**bold**, *emphasis*), or one "
                                "of <sub>, <sup>, <abbr title=\"...\">, <br>, <kbd>, <small> with no other attributes"))
            else:
                put(canonical)
        elif kind == "image":
            problems.append(InlineProblem(
                "inline-image", "an image inside running text; put each image in a paragraph of its own"))
        elif kind == "footnote_ref":
            if token.meta.get("subId"):
                problems.append(InlineProblem("footnote-reused", f"the footnote [^{token.meta.get('label')}] is "
                                              "referred to twice; refer to each footnote once (copy it if needed)"))
            put(f"[^{token.meta['id'] + 1}]")
        else:
            problems.append(InlineProblem("unsupported-inline", f"unsupported inline markup {kind!r}"))
    out: list[str] = []
    for text, free in pieces:
        if free:
            text = re.sub(r"[ \t]+", " ", text)
            if text.startswith(" ") and (not out or out[-1].endswith((" ", "\n"))):
                text = text[1:]
        out.append(text)
    joined = "".join(out)
    if pieces and pieces[0][1]:
        joined = joined.lstrip(" ")
    if pieces and pieces[-1][1]:
        joined = joined.rstrip(" ")
    return joined, tuple(h for h, _ in links), tuple(t for _, t in links), problems


def _references(links: Sequence[str], titles: Sequence[str] = ()) -> dict[str, dict[str, str]]:
    return {str(i): {"href": href, "title": titles[i - 1] if i <= len(titles) else ""}
            for i, href in enumerate(links, start=1)}


def _safe_tokens(text: str, links: Sequence[str], titles: Sequence[str] = ()) -> list[Token]:
    """Parse a segment; links that are not the English segment's own become plain text, and so does
    inline HTML outside the allow-list; allowed elements are closed in order."""
    md = _segment_parser()
    env = {"references": _references(links, titles)}
    parsed = md.parseInline(text, env)
    children = list(parsed[0].children or []) if parsed else []
    allowed = set(links)
    pairs = set(zip(links, titles, strict=False))
    safe: list[Token] = []
    dropped_depth = 0
    open_tags: list[str] = []
    for token in children:
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if href not in allowed or dropped_depth:
                dropped_depth += 1
                continue
            title = str(token.attrs.get("title", "") or "")
            # a title only where the English has that link with that title
            token.attrs = {"href": href, "title": title} if title and (href, title) in pairs else {"href": href}
        elif token.type == "link_close" and dropped_depth:
            dropped_depth -= 1
            continue
        elif token.type == "html_inline":
            canonical = allowed_tag(token.content)
            name = re.sub(r"[</>]|\s.*", "", canonical or "")
            if canonical is None or (canonical.startswith("</") and (not open_tags or open_tags[-1] != name)):
                if _COMMENT.match(token.content.strip()):
                    continue
                token = Token("text", "", 0, content=token.content)
            elif canonical.startswith("</"):
                open_tags.pop()
                token.content = canonical
            else:
                if name != "br":
                    open_tags.append(name)
                token.content = canonical
        safe.append(token)
    safe.extend(Token("html_inline", "", 0, content=f"</{name}>") for name in reversed(open_tags))
    return safe


# Bidi isolation of profile values, shared by pages (``<bdi>``) and handouts (Unicode isolates as well).
#: Profile values that always read left to right (numbers and addresses); names and addresses take their own.
LTR_VALUES = frozenset({"clinic_phone", "clinic_website", "clinic_email"})
NBSP = "\u00a0"


def unbroken(name: str, value: str) -> str:
    """A profile value as shown: a phone number never breaks across lines (its halves would change places
    in right-to-left text, and a number read across a line break is easy to misdial)."""
    return value.replace(" ", NBSP) if name == "clinic_phone" else value


def bdi_element(content: str, ltr: bool) -> str:
    """``content`` (already HTML) in a ``<bdi>``, left to right when ``ltr``, else in its own direction."""
    return ('<bdi dir="ltr">' if ltr else "<bdi>") + content + "</bdi>"


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
        return bdi_element(html.escape(unbroken(name, value)), name in LTR_VALUES)
    return PLACEHOLDER.sub(repl, rendered)


@functools.lru_cache(maxsize=16384)
def _html(text: str, links: tuple[str, ...], titles: tuple[str, ...] = ()) -> str:
    """The HTML of a segment before placeholders are filled (a page and its handout ask for it again)."""
    md = _segment_parser()
    return md.renderer.render(_safe_tokens(text, links, titles), md.options, {})


@functools.lru_cache(maxsize=16384)
def _text(text: str, links: tuple[str, ...]) -> str:
    parts: list[str] = []
    for token in _safe_tokens(text, links):
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n" if token.type == "hardbreak" else " ")
        elif token.type == "html_inline" and token.content == "<br>":
            parts.append("\n")
        elif token.type == "footnote_ref":
            parts.append(f"[{token.meta['n']}]")
    return "".join(parts)


def render_html(text: str, links: Sequence[str], values: Mapping[str, str] | None = None,
                titles: Sequence[str] = ()) -> Markup:
    """Segment text → HTML that holds only em, strong, del, code, br, the allowed inline elements and the
    English segment's links (with their titles, already translated and filled)."""
    return Markup(fill_placeholders(_html(text, tuple(links), tuple(titles)), values or {}, escape=True))


def render_text(text: str, links: Sequence[str] = (), values: Mapping[str, str] | None = None) -> str:
    """Segment text → plain text, as a reader would see it (for counts, checks and glyph coverage)."""
    return fill_placeholders(_text(text, tuple(links)), values or {}, escape=False)


def count_words(text: str) -> int:
    """Words in a segment's plain text; CJK characters count one each, as translators' tools do."""
    plain = render_text(text)
    cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", plain))
    rest = re.sub(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", " ", plain)
    return cjk + len(re.findall(r"\w+(?:[-'’]\w+)*", rest))
