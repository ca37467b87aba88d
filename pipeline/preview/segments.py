"""Translator mode: where each catalog entry is, and the page's segments marked with their English and place.

Everything added to a page here is an attribute value escaped with :func:`html.escape`; the text of
a translation is never parsed or inserted as markup. Only the preview's copy of a page is annotated:
the pages the build writes are left as they are.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import polib

from pipeline.catalogs.translations import Key, Translations, localize
from pipeline.content.model import Document, Segment, iter_block_segments

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EntryPlace:
    """Where one catalog entry is: its first line (comments included), its last line and its msgstr line."""

    key: Key
    start: int
    end: int
    msgstr: int


def entry_places(text: str) -> dict[Key, EntryPlace]:
    """The place of every live entry of a PO file (obsolete ``#~`` entries and the header are left out)."""
    places: dict[Key, EntryPlace] = {}
    fields: dict[str, str] = {}
    current: str | None = None
    start = last = msgstr = 0
    obsolete = False

    def finish() -> None:
        if "msgid" in fields and fields["msgid"] and not obsolete:
            key = (fields.get("msgctxt"), fields["msgid"])
            places.setdefault(key, EntryPlace(key, start, last, msgstr or start))

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            if fields or obsolete:
                finish()
            fields, current, start, msgstr, obsolete = {}, None, 0, 0, False
            continue
        if not start:
            start = number
        last = number
        if stripped.startswith("#~"):
            obsolete = True
            continue
        if stripped.startswith("#"):
            continue
        if stripped.startswith('"') and current is not None:
            fields[current] = fields.get(current, "") + _unquote(stripped)
            continue
        keyword, _, rest = stripped.partition(" ")
        if keyword.startswith("msgstr"):
            msgstr = msgstr or number
            current = "msgstr"
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            current = keyword
        else:
            current = None
            continue
        fields[current] = fields.get(current, "") + _unquote(rest.strip())
    if fields or obsolete:
        finish()
    return places


def _unquote(token: str) -> str:
    if len(token) >= 2 and token[0] == token[-1] == '"':
        return str(polib.unescape(token[1:-1]))
    return ""


def entry_at(places: Mapping[Key, EntryPlace], line: int) -> Key | None:
    """The key of the entry that holds ``line``, if any."""
    for place in places.values():
        if place.start <= line <= place.end:
            return place.key
    return None


@dataclass(frozen=True)
class SegmentNote:
    """What translator mode shows of one segment of a page."""

    html: str  # the segment as the page shows it
    english: str  # the msgid, as the catalog holds it
    context: str | None  # the msgctxt
    catalog: str | None  # "locales/es/LC_MESSAGES/x.po:42"; None on a page in the source language
    source: str  # "content/x.md:12"
    state: str  # source, translated, fuzzy, untranslated


def page_segments(document: Document) -> Iterator[Segment]:
    """The document's segments in the order a page shows them (image descriptions are attributes, not text)."""
    yield document.title
    yield document.summary
    yield from (s for s in iter_block_segments(document.blocks) if s.role != "alt text")
    if document.disclaimer is not None:
        yield document.disclaimer
    for source in document.sources:
        yield source.name


def segment_notes(document: Document, translations: Translations, values: Mapping[str, str],
                  catalog_shown: str | None, places: Mapping[Key, EntryPlace]) -> list[SegmentNote]:
    notes = []
    for segment in page_segments(document):
        text = localize(segment, translations)
        if translations.is_source:
            state, where = "source", None
        else:
            state = "translated" if not text.fallback else "fuzzy" if text.fuzzy else "untranslated"
            place = places.get(segment.key)
            where = f"{catalog_shown}:{place.msgstr}" if place else f"{catalog_shown}: not in the catalog"
        notes.append(SegmentNote(str(text.html(values)), segment.msgid, segment.context, where,
                                 f"{segment.path}:{segment.line}", state))
    return notes


def _attributes(note: SegmentNote) -> str:
    values = {"en": note.english, "ctx": note.context or "", "po": note.catalog or "", "src": note.source,
              "state": note.state}
    return "".join(f' data-pv-{name}="{html.escape(value, quote=True)}"' for name, value in values.items())


def _find(page: str, text: str, cursor: int) -> int:
    """The next place where ``text`` is the whole content of an element (just after a tag, just before one)."""
    while True:
        pos = page.find(text, cursor)
        if pos <= 0:
            return -1
        if page[pos - 1] == ">" and page[pos + len(text):pos + len(text) + 1] == "<":
            return pos
        cursor = pos + 1


def annotate(page: str, notes: Sequence[SegmentNote]) -> str:
    """The page with each segment's element carrying ``data-pv-*`` attributes (in a span where needed).

    Segments are looked for in page order, inside ``<main>``; one that cannot be found is left as it is.
    """
    main = page.find("<main")
    cursor = last = max(main, 0)
    parts = [page[:last]]
    for note in notes:
        if not note.html:
            continue
        pos = _find(page, note.html, cursor)
        if pos < 0:
            log.debug("segment from %s not found in the page", note.source)
            continue
        tag_start = page.rfind("<", last, pos)
        tag = page[tag_start:pos] if tag_start >= 0 else ""
        if tag and not tag.startswith("</") and not tag.endswith("/>") and "data-pv-" not in tag:
            parts.append(page[last:pos - 1] + _attributes(note))
            last = pos - 1
        else:
            parts.append(page[last:pos] + f'<span class="pv-seg"{_attributes(note)}>' + note.html + "</span>")
            last = pos + len(note.html)
        cursor = pos + len(note.html)
    parts.append(page[last:])
    return "".join(parts)


def inject(page: str, head: str, body_end: str) -> str:
    """``head`` before ``</head>`` and ``body_end`` before ``</body>`` (appended when the page lacks them)."""
    at = page.rfind("</head>")
    page = page[:at] + head + page[at:] if at >= 0 else head + page
    at = page.rfind("</body>")
    return page[:at] + body_end + page[at:] if at >= 0 else page + body_end
