"""Translation progress per locale and document: segments and words translated, fuzzy, untranslated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import polib

from pipeline.catalogs.translations import Translations
from pipeline.content.inline import count_words
from pipeline.content.model import Document


@dataclass(frozen=True)
class DocumentProgress:
    """How much of one document (or, with document "*", of every document) a locale translates."""

    locale: str
    document: str
    segments: int
    translated: int
    fuzzy: int
    untranslated: int
    words: int
    words_translated: int
    words_fuzzy: int
    words_untranslated: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.segments if self.segments else 100.0

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = asdict(self)
        data["percent"] = round(self.percent, 1)
        return data


def document_progress(document: Document, translations: Translations) -> DocumentProgress:
    """Count each distinct segment of the document once."""
    seen: set[tuple[str | None, str]] = set()
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for segment in document.segments():
        if segment.key in seen:
            continue
        seen.add(segment.key)
        words = count_words(segment.msgid)
        if translations.is_source or translations.lookup(segment.key):
            state = "translated"
        elif segment.key in translations.fuzzy:
            state = "fuzzy"
        else:
            state = "untranslated"
        counts[state][0] += 1
        counts[state][1] += words
    total = sum(c[0] for c in counts.values())
    return DocumentProgress(translations.locale.code, document.slug, total,
                    counts["translated"][0], counts["fuzzy"][0], counts["untranslated"][0],
                    sum(c[1] for c in counts.values()),
                    counts["translated"][1], counts["fuzzy"][1], counts["untranslated"][1])


def total(rows: Sequence[DocumentProgress], locale: str) -> DocumentProgress:
    """All documents of one locale added up."""
    picked = [r for r in rows if r.locale == locale]
    fields = ("segments", "translated", "fuzzy", "untranslated", "words", "words_translated",
              "words_fuzzy", "words_untranslated")
    sums = {f: sum(getattr(r, f) for r in picked) for f in fields}
    return DocumentProgress(locale=locale, document="*", **sums)


@dataclass(frozen=True)
class CatalogProgress:
    """Every active entry of a catalog, page chrome included."""

    locale: str
    entries: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.entries if self.entries else 100.0

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = asdict(self)
        data["percent"] = round(self.percent, 1)
        return data


def catalog_progress(locale: str, catalog: polib.POFile) -> CatalogProgress:
    active = [e for e in catalog if not e.obsolete and e.msgid]
    fuzzy = sum(1 for e in active if "fuzzy" in e.flags)
    done = sum(1 for e in active if "fuzzy" not in e.flags
               and (all(e.msgstr_plural.values()) if e.msgid_plural else bool(e.msgstr)))
    return CatalogProgress(locale, len(active), done, fuzzy, len(active) - done - fuzzy,
                           sum(1 for e in catalog if e.obsolete))
