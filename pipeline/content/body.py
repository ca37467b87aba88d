"""A document's Markdown body: markdown-it's tokens walked into blocks and segments, with their findings."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from pipeline.content.inline import escape_text, plain_text, to_segment
from pipeline.content.model import (
    ALERT_KINDS,
    PLACEHOLDER,
    PLACEHOLDERS,
    Block,
    Callout,
    Cell,
    Code,
    Footnote,
    Footnotes,
    Heading,
    Image,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Rule,
    Segment,
    Table,
)
from pipeline.content.refusals import body_problems
from pipeline.errors import Finding, error

_COMMENT = re.compile(r"^\s*<!--(.*?)-->\s*$", re.S)
_HEADING_ID = re.compile(r"[ \t]*\{#([A-Za-z][A-Za-z0-9_-]*)\}[ \t]*$")
_TASK = re.compile(r"^\[[ xX]\](?:\s|$)")
_DEFINITION = re.compile(r"\n[ \t]*:[ \t]")
# ids the page itself uses: a heading may not take them
RESERVED_IDS = frozenset({"main_content", "about_page", "sources_list", "footnotes"})
_ALERT = re.compile(r"^\[!([A-Za-z]+)\][ \t]*(?:\n|$)")


@functools.cache
def _parser() -> MarkdownIt:
    # text_join off: entities and escapes stay tokens of their own, so segments keep them as written
    return (MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
            .disable("text_join"))


@dataclass(frozen=True)
class _Pending:
    """Annotations from HTML comments that apply to the next block."""

    note: str | None = None
    context: str | None = None
    critical: bool = False


class _Reader:
    """Walks the token stream of one file, collecting blocks, segments and findings."""

    def __init__(self, rel: str, slug: str, offset: int) -> None:
        self.rel = rel
        self.slug = slug
        self.offset = offset  # 1-based line of the body's first line
        self.findings: list[Finding] = []
        self.pending = _Pending()
        self.section: str | None = None
        self.critical_level: int | None = None  # heading level of the critical section we are in
        self.anchors: set[str] = set()
        self.footnote_labels: set[str] = set()
        self.urgent = 0  # depth of urgent callouts we are in: their text is critical

    @property
    def critical(self) -> bool:
        return self.critical_level is not None or self.urgent > 0

    def line(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + self.offset

    def fail(self, line: int, code: str, message: str) -> None:
        self.findings.append(error(self.rel, line, code, message))

    def segment(self, inline: Token, role: str, line: int) -> Segment | None:
        text, links, titles, problems = to_segment(inline.children or [])
        for problem in problems:
            self.fail(line, problem.code, problem.message)
        for name in PLACEHOLDER.findall(text):
            if name not in PLACEHOLDERS:
                self.fail(line, "unknown-placeholder",
                          f"{{{name}}} is not a clinic placeholder; use one of "
                          + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS))
        for label in re.findall(r"(?<!\\)\[\^([^\]\s]+)\](?!:)", inline.content):
            if label not in self.footnote_labels:
                self.fail(line, "footnote-undefined", f"[^{label}] refers to a footnote that is not written; "
                          f"add a line '[^{label}]: the note' after the paragraph")
        if not text:
            return None
        escaped = tuple(escape_text(t) for t in titles) if any(titles) else ()
        return Segment(msgid=text, role=role, path=self.rel, line=line, links=links, titles=escaped,
                       context=self.pending.context, note=self.pending.note, section=self.section,
                       critical=self.critical, document=self.slug)

    def blocks(self, tokens: list[Token], start: int, stop_type: str | None, role: str) -> tuple[list[Block], int]:
        """Read blocks from ``tokens[start:]`` until a token of ``stop_type``; return them and the next index."""
        out: list[Block] = []
        i = start
        while i < len(tokens):
            tok = tokens[i]
            if stop_type is not None and tok.type == stop_type:
                return out, i + 1
            if tok.type == "html_block":
                self.comment(tok)
                i += 1
                continue
            if tok.type in ("footnote_anchor", "paragraph_close"):  # a note's back link: the page makes its own
                i += 1
                continue
            block, i = self.block(tokens, i, role)
            if block is not None:
                out.append(block)
            self.pending = _Pending(critical=False)
        return out, i

    def comment(self, tok: Token) -> None:
        match = _COMMENT.match(tok.content)
        if not match:
            self.fail(self.line(tok), "raw-html",
                      "raw HTML is not allowed in content; use Markdown, or an <!-- i18n: ... --> comment")
            return
        body = match.group(1).strip()
        if body.startswith("i18n-context:"):
            value = body.split(":", 1)[1].strip()
            if not value:
                self.fail(self.line(tok), "empty-context", "i18n-context needs a value")
            self.pending = replace(self.pending, context=value or None)
        elif body.startswith("i18n:"):
            note = " ".join(body.split(":", 1)[1].split())
            self.pending = replace(self.pending, note=note or None)
        elif body == "critical":
            self.pending = replace(self.pending, critical=True)
        elif body.startswith("i18n"):
            self.fail(self.line(tok), "unknown-annotation",
                      f"unknown annotation {body.split()[0]!r}; use 'i18n:', 'i18n-context:' or 'critical'")

    def block(self, tokens: list[Token], i: int, role: str) -> tuple[Block | None, int]:
        tok = tokens[i]
        line = self.line(tok)
        kind = tok.type
        if kind == "heading_open":
            level = int(tok.tag[1])
            if self.critical_level is not None and level <= self.critical_level:
                self.critical_level = None
            if self.pending.critical:
                self.critical_level = level
            inline = tokens[i + 1]
            explicit = self.heading_id(inline, line)
            seg = self.segment(inline, "heading", line)
            if level == 1:
                self.fail(line, "heading-h1", "the title is the page's only level-1 heading; "
                          "start body headings at '##'")
            if seg is None:
                self.fail(line, "empty-heading", "a heading needs text")
                return None, i + 3
            self.section = " ".join(inline.content.split())
            seg = replace(seg, section=self.section, critical=self.critical)
            return Heading(level, seg, explicit or self.anchor(self.section)), i + 3
        if kind == "paragraph_open":
            inline = tokens[i + 1]
            children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
            if len(children) == 1 and children[0].type == "image":
                return self.image(children[0], line), i + 3
            if [c.type for c in children] == ["link_open", "image", "link_close"]:
                return self.image(children[1], line, str(children[0].attrs.get("href", ""))), i + 3
            if role == "list item" and _TASK.match(inline.content):
                self.fail(line, "task-list", "task list items ('- [ ] ...') are not supported: the box would be "
                          "published as brackets; write a plain list item ('- Bring your medicines')")
            if _DEFINITION.search(inline.content):
                self.fail(line, "definition-list", "definition lists ('Term' then ': meaning') are not supported; "
                          "write '- **Term**: meaning' as a list item")
            seg = self.segment(inline, role, line)
            return (Paragraph(seg) if seg else None), i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(tokens, i)
        if kind == "blockquote_open":
            callout = self.alert(tokens, i)
            if callout is not None:
                return callout
            quoted, nxt = self.blocks(tokens, i + 1, "blockquote_close", "quote")
            return Quote(tuple(quoted)), nxt
        if kind == "table_open":
            return self.table(tokens, i)
        if kind in ("fence", "code_block"):
            return Code(tok.content, unescapeAll(tok.info).strip()), i + 1
        if kind == "hr":
            return Rule(), i + 1
        if kind == "footnote_block_open":
            return self.footnotes(tokens, i)
        self.fail(line, "unsupported-block", f"this kind of Markdown block ({kind}) cannot be placed in a document")
        return None, i + 1

    def heading_id(self, inline: Token, line: int) -> str | None:
        """A heading's own id (``## Title {#id}``), taken out of its text; None when it has none."""
        children = inline.children or []
        last = children[-1] if children else None
        match = _HEADING_ID.search(last.content) if last is not None and last.type == "text" else None
        if last is None or match is None:
            return None
        last.content = last.content[:match.start()]
        inline.content = _HEADING_ID.sub("", inline.content)
        anchor = match.group(1)
        if anchor in self.anchors or anchor in RESERVED_IDS or re.fullmatch(r"fn(?:ref)?-\d+", anchor):
            self.fail(line, "heading-id-duplicate", f"the id {{#{anchor}}} is already used on this page; "
                      "choose another")
        self.anchors.add(anchor)
        return anchor

    def footnotes(self, tokens: list[Token], i: int) -> tuple[Block | None, int]:
        items: list[Footnote] = []
        j = i + 1
        while j < len(tokens) and tokens[j].type != "footnote_block_close":
            if tokens[j].type == "footnote_open":
                number = int(tokens[j].meta["id"]) + 1
                self.pending = _Pending()
                children, j = self.blocks(tokens, j + 1, "footnote_close", "footnote")
                items.append(Footnote(number, tuple(children)))
            else:
                j += 1
        return Footnotes(tuple(items)), j + 1

    def alert(self, tokens: list[Token], i: int) -> tuple[Block | None, int] | None:
        """A GitHub alert (``> [!WARNING]`` on the quote's first line) as a callout; None for a plain quote."""
        if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
            return None
        inline = tokens[i + 2]
        match = _ALERT.match(inline.content)
        if match is None:
            titled = re.match(r"\[!([A-Za-z]+)\][-+]?[ \t]*\S", inline.content)
            if titled:  # Obsidian's "> [!NOTE] Title": GitHub shows it as text, and so would the page
                self.fail(self.line(tokens[i]), "alert-title", f"write the marker [!{titled.group(1)}] alone on the "
                          "first line of the quote, and the text on the next lines (each starting with '>')")
            return None
        line = self.line(tokens[i])
        name = match.group(1).upper()
        kind = ALERT_KINDS.get(name)
        if kind is None:
            self.fail(line, "alert-unknown", f"unknown alert [!{match.group(1)}]; use "
                      + ", ".join(f"[!{k}]" for k in ALERT_KINDS) + " (see docs/authoring.md)")
            kind = "note"
        children = list(inline.children or [])
        breaks = [n for n, c in enumerate(children) if c.type in ("softbreak", "hardbreak")]
        if breaks:  # text follows the marker in the same paragraph: keep that text
            inline.children = children[breaks[0] + 1:]
            inline.content = inline.content[match.end():]
            opening = tokens[i + 1]
            if opening.map:
                opening.map = [opening.map[0] + 1, opening.map[1]]
            start = i + 1
        else:
            start = i + 4
        urgent = kind in ("emergency", "call")
        self.urgent += int(urgent)
        try:
            blocks, nxt = self.blocks(tokens, start, "blockquote_close", "paragraph")
        finally:
            self.urgent -= int(urgent)
        if not blocks:
            self.fail(line, "alert-empty", f"the [!{name}] alert has no text; write it on the lines after the "
                      "marker, each starting with '>'")
            return None, nxt
        return Callout(kind, tuple(blocks), line), nxt

    def anchor(self, text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
        anchor, n = base, 2
        while anchor in self.anchors:
            anchor, n = f"{base}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor

    def image(self, tok: Token, line: int, link: str | None = None) -> Image | None:
        src = unquote(str(tok.attrs.get("src", "")))  # "chart%20cases.png" and "<chart cases.png>" alike
        alt_text = escape_text(plain_text(tok.children or []))
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith(("/", "\\")) or ".." in src.split("/"):
            self.fail(line, "image-not-local",
                      f"image {src!r} must be a file inside the content folder (no remote or absolute paths)")
            return None
        if not alt_text:
            self.fail(line, "image-alt-missing", f"image {src!r} has no alt text; describe it in ![...]")
            return None
        seg = Segment(msgid=alt_text, role="alt text", path=self.rel, line=line, context=self.pending.context,
                      note=self.pending.note, section=self.section, critical=self.critical,
                      document=self.slug)
        title = " ".join(str(tok.attrs.get("title", "") or "").split())
        title_seg = replace(seg, msgid=escape_text(title), role="image title",
                            note=f"The title (tooltip) of the image {src}") if title else None
        return Image(src, seg, line, title_seg, link)

    def list_block(self, tokens: list[Token], i: int) -> tuple[Block, int]:
        tok = tokens[i]
        ordered = tok.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        start = int(tok.attrs.get("start", 1)) if ordered else 1
        items: list[ListItem] = []
        tight = True
        pending = self.pending
        j = i + 1
        while tokens[j].type != close:
            if tokens[j].type == "list_item_open":
                self.pending = pending
                children, j = self.blocks(tokens, j + 1, "list_item_close", "list item")
                items.append(ListItem(tuple(children)))
            else:
                j += 1
        for k in range(i, j):
            if tokens[k].type == "paragraph_open" and not tokens[k].hidden and tokens[k].level == tok.level + 2:
                tight = False
        return ListBlock(ordered, start, tight, tuple(items)), j + 1

    def table(self, tokens: list[Token], i: int) -> tuple[Block, int]:
        header: list[Cell] = []
        rows: list[tuple[Cell, ...]] = []
        row: list[Cell] = []
        j = i + 1
        while tokens[j].type != "table_close":
            tok = tokens[j]
            if tok.type in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                align = style.split(":", 1)[1].strip() if "text-align" in style else None
                role = "table header" if tok.type == "th_open" else "table cell"
                seg = self.segment(tokens[j + 1], role, self.line(tokens[j + 1]) if tokens[j + 1].map
                                   else self.line(tok))
                row.append(Cell(seg, align))
                j += 3
                continue
            if tok.type == "tr_close":
                if not header and not rows and tokens[j - 1].type in ("th_close",):
                    header = row
                else:
                    rows.append(tuple(row))
                row = []
            j += 1
        return Table(tuple(header), tuple(rows)), j + 1


def read_body(body: str, rel: str, slug: str, offset: int) -> tuple[tuple[Block, ...], list[Finding]]:
    """The blocks of a document's body (its first line is line ``offset`` of ``rel``) and every problem in it."""
    reader = _Reader(rel, slug, offset)
    env: dict[str, Any] = {}
    tokens = _parser().parse(body, env)
    reader.footnote_labels = {label[1:] for label in env.get("footnotes", {}).get("refs", {})}
    blocks, _ = reader.blocks(tokens, 0, None, "paragraph")
    return tuple(blocks), reader.findings + body_problems(body, tokens, env, rel, offset)
