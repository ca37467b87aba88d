"""What a reviewer sees of one document in one locale, segment by segment, and the digests that pin it down."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.catalogs.translations import Translations, localize
from pipeline.content.model import Document, Segment

ALGORITHM = "sha256"


@dataclass(frozen=True)
class SegmentText:
    """One segment as a reviewer reads it: the English and the text shown in the locale."""

    id: str  # stable while the English (and its context) stays the same: "s-" + 8 hex digits
    number: int  # position in the document (1-based), for people
    context: str | None
    english: str
    translation: str  # the text shown; "" when the English is shown instead (untranslated or fuzzy)
    section: str | None = None
    critical: bool = False
    path: str = ""
    line: int = 0
    role: str = ""

    @property
    def digest(self) -> str:
        return segment_digest(self.context, self.english, self.translation)


def _hex(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def segment_id(context: str | None, english: str) -> str:
    """A short id for a segment: the same in every locale, new when the English changes."""
    key = english if context is None else f"{context}\x04{english}"
    return "s-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def segment_digest(context: str | None, english: str, translation: str) -> str:
    return f"{ALGORITHM}:{_hex([context, english, translation])}"


def text_digest(segments: Iterable[SegmentText]) -> str:
    """The digest of everything a reviewer read, in order: the document's sign-off covers exactly this."""
    return f"{ALGORITHM}:{_hex([[s.context, s.english, s.translation] for s in segments])}"


def seal_digest(fields: Sequence[object]) -> str:
    """The digest of a whole sign-off record: any hand edit to a field or a text breaks it."""
    return f"{ALGORITHM}:{_hex(list(fields))}"


def unique_segments(document: Document) -> list[Segment]:
    """The document's segments in reading order, each (context, English) once."""
    seen: set[tuple[str | None, str]] = set()
    result: list[Segment] = []
    for segment in document.segments():
        if segment.key not in seen:
            seen.add(segment.key)
            result.append(segment)
    return result


def document_texts(document: Document, translations: Translations) -> tuple[SegmentText, ...]:
    """Every segment of ``document`` as shown in ``translations``' locale (the English for the source)."""
    texts = []
    for number, segment in enumerate(unique_segments(document), start=1):
        shown = localize(segment, translations)
        translation = segment.msgid if translations.is_source else ("" if shown.fallback else shown.value)
        texts.append(SegmentText(segment_id(segment.context, segment.msgid), number, segment.context,
                                 segment.msgid, translation, segment.section, segment.critical,
                                 segment.path, segment.line, segment.role))
    return tuple(texts)
