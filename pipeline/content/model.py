"""The document model: documents made of blocks, blocks carrying translatable segments."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

PLACEHOLDER = re.compile(r"\{(clinic_[a-z_]+)\}")
PLACEHOLDERS = ("clinic_name", "clinic_phone", "clinic_address", "clinic_website", "clinic_email")

#: What identifies a catalog entry (and so a segment's translation): (msgctxt or None, msgid).
Key = tuple[str | None, str]


@dataclass(frozen=True)
class Segment:
    """One unit of translation: the English text a translator sees, and where it came from."""

    msgid: str
    # title, summary, disclaimer, source, heading, paragraph, list item, table header, table cell, alt text, quote
    role: str
    path: str  # project-relative file path
    line: int
    links: tuple[str, ...] = ()  # targets of [text][1], [text][2], ... in order
    titles: tuple[str, ...] = ()  # the title of each link (segment syntax, "" for none): translated on its own
    context: str | None = None
    note: str | None = None
    section: str | None = None  # the English heading this segment stands under
    critical: bool = False
    document: str = ""  # the slug of the document

    @property
    def key(self) -> Key:
        return (self.context, self.msgid)

    @property
    def flags(self) -> tuple[str, ...]:
        return ("python-brace-format",) if PLACEHOLDER.search(self.msgid) else ()

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(PLACEHOLDER.findall(self.msgid))


@dataclass(frozen=True)
class Heading:
    level: int
    segment: Segment
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    segment: Segment


@dataclass(frozen=True)
class ListItem:
    children: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    tight: bool
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Cell:
    segment: Segment | None
    align: str | None  # left, center, right or None


@dataclass(frozen=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Image:
    src: str  # path relative to the content folder
    alt: Segment
    line: int
    title: Segment | None = None
    link: str | None = None  # the address a linked image ([![alt](file)](address)) opens


def title_segments(segment: Segment) -> Iterator[Segment]:
    """The titles of a segment's links, each a segment of its own (a tooltip, translated apart)."""
    for number, (href, title) in enumerate(zip(segment.links, segment.titles, strict=False), start=1):
        if title:
            yield Segment(msgid=title, role="link title", path=segment.path, line=segment.line,
                          context=segment.context, section=segment.section, critical=segment.critical,
                          document=segment.document,
                          note=f"The title (tooltip) of link [{number}] ({href}) in: {segment.msgid}")


@dataclass(frozen=True)
class Code:
    text: str
    info: str


@dataclass(frozen=True)
class Quote:
    children: tuple[Block, ...]


@dataclass(frozen=True)
class Rule:
    pass


# GitHub alert marker (``> [!WARNING]``) → the kind of callout it makes.
ALERT_KINDS = {"CAUTION": "emergency", "WARNING": "call", "IMPORTANT": "important", "NOTE": "note", "TIP": "tip"}
URGENT_KINDS = frozenset({"emergency", "call"})  # their text is critical: it must be complete to publish


@dataclass(frozen=True)
class Callout:
    """A labelled box: urgent advice (emergency, call your care team) or a note, tip or important point."""

    kind: str  # a value of ALERT_KINDS
    children: tuple[Block, ...]
    line: int

    @property
    def urgent(self) -> bool:
        return self.kind in URGENT_KINDS


@dataclass(frozen=True)
class Footnote:
    number: int  # 1, 2, ... in the order of the references, as ``[^1]`` in segments
    children: tuple[Block, ...]


@dataclass(frozen=True)
class Footnotes:
    """The notes of a document, after its last block; each linked both ways with its one reference."""

    items: tuple[Footnote, ...]


Block = Heading | Paragraph | ListBlock | Table | Image | Code | Quote | Callout | Footnotes | Rule


@dataclass(frozen=True)
class Source:
    name: Segment
    url: str


@dataclass(frozen=True)
class Document:
    """One content file: front matter and body."""

    slug: str
    path: str
    title: Segment
    summary: Segment
    disclaimer: Segment | None
    reviewed: date
    next_review: date
    sources: tuple[Source, ...]
    order: int
    blocks: tuple[Block, ...] = field(default=())

    def segments(self) -> Iterator[Segment]:
        """Every segment in reading order: front matter first, then the body."""
        yield self.title
        yield self.summary
        if self.disclaimer is not None:
            yield self.disclaimer
        yield from iter_block_segments(self.blocks)
        for source in self.sources:
            yield source.name


def iter_block_segments(blocks: tuple[Block, ...]) -> Iterator[Segment]:
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield block.segment
            yield from title_segments(block.segment)
        elif isinstance(block, Image):
            yield block.alt
            if block.title is not None:
                yield block.title
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_block_segments(item.children)
        elif isinstance(block, (Quote, Callout)):
            yield from iter_block_segments(block.children)
        elif isinstance(block, Footnotes):
            for note in block.items:
                yield from iter_block_segments(note.children)
        elif isinstance(block, Table):
            for cell in block.header + tuple(c for row in block.rows for c in row):
                if cell.segment is not None:
                    yield cell.segment
                    yield from title_segments(cell.segment)


def iter_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block in reading order, each list and quote followed by the blocks inside it."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item.children)
        elif isinstance(block, (Quote, Callout)):
            yield from iter_blocks(block.children)
        elif isinstance(block, Footnotes):
            for note in block.items:
                yield from iter_blocks(note.children)


def iter_images(blocks: Iterable[Block]) -> Iterator[Image]:
    """Every image of the blocks in reading order, inside lists and quotes too."""
    return (block for block in iter_blocks(blocks) if isinstance(block, Image))
