"""Merge back: a locale's catalog applied to documents, falling back to English segment by segment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polib
from markupsafe import Markup

from pipeline.content.inline import render_html, render_text
from pipeline.locales import LocaleInfo
from pipeline.content.model import Segment

if TYPE_CHECKING:
    from pipeline.review.status import DocumentReview

Key = tuple[str | None, str]


@dataclass(frozen=True)
class ReviewStatus:
    """What the catalog's header says about who checked the translation."""

    status: str  # machine-draft, translated or reviewed
    reviewed_by: str = ""
    review_date: str = ""

    @property
    def is_reviewed(self) -> bool:
        return self.status == "reviewed"

    @property
    def is_machine(self) -> bool:
        return self.status == "machine-draft"


@dataclass(frozen=True)
class Translations:
    """The usable translations of one locale: not fuzzy, not empty."""

    locale: LocaleInfo
    messages: Mapping[Key, str]
    fuzzy: frozenset[Key]
    review: ReviewStatus
    plurals: Mapping[Key, tuple[str, ...]] = field(default_factory=dict)
    is_source: bool = False
    links: Mapping[str, str] = field(default_factory=dict)  # English link target → this locale's version
    signoffs: Mapping[str, DocumentReview] = field(default_factory=dict)  # document slug → computed review

    def lookup(self, key: Key) -> str | None:
        return self.messages.get(key)

    def gettext(self, msgid: str) -> str:
        return self.messages.get((None, msgid)) or msgid

    def pgettext(self, context: str, msgid: str) -> str:
        return self.messages.get((context, msgid)) or msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get((None, singular))
        if forms and all(forms):
            index = _plural_index(self.locale.plural_expr, n)
            if 0 <= index < len(forms):
                return forms[index]
        return singular if n == 1 else plural


def _plural_index(expr: str, n: int) -> int:
    """Evaluate a gettext plural expression (the standard library parses it without eval of raw text)."""
    from gettext import c2py
    return int(c2py(expr)(n))


def review_status(catalog: polib.POFile) -> ReviewStatus:
    meta = catalog.metadata
    return ReviewStatus(meta.get("X-Review-Status", "translated").strip() or "translated",
                        meta.get("X-Reviewed-By", "").strip(), meta.get("X-Review-Date", "").strip())


def translations_from_catalog(catalog: polib.POFile, info: LocaleInfo) -> Translations:
    messages: dict[Key, str] = {}
    plurals: dict[Key, tuple[str, ...]] = {}
    fuzzy: set[Key] = set()
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid)
        if "fuzzy" in entry.flags:
            fuzzy.add(key)
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if forms and all(forms):
                plurals[key] = forms
                messages[key] = forms[0]
        elif entry.msgstr:
            messages[key] = entry.msgstr
    return Translations(info, messages, frozenset(fuzzy), review_status(catalog), plurals)


def source_translations(info: LocaleInfo) -> Translations:
    """The source locale: every segment is its own text, nothing is a fallback."""
    return Translations(info, {}, frozenset(), ReviewStatus("reviewed"), is_source=True)


@dataclass(frozen=True)
class Text:
    """A segment as shown in one locale."""

    value: str  # segment syntax (Markdown-like inline text)
    links: tuple[str, ...]
    fallback: bool  # True when the English is shown because no usable translation exists
    fuzzy: bool

    def html(self, values: Mapping[str, str] | None = None) -> Markup:
        return render_html(self.value, self.links, values)

    def plain(self, values: Mapping[str, str] | None = None) -> str:
        return render_text(self.value, self.links, values)


def localize(segment: Segment, translations: Translations) -> Text:
    if translations.is_source:
        return Text(segment.msgid, segment.links, False, False)
    found = translations.lookup(segment.key)
    if found:
        links = tuple(translations.links.get(href, href) for href in segment.links)
        return Text(found, links, False, False)
    return Text(segment.msgid, segment.links, True, segment.key in translations.fuzzy)
