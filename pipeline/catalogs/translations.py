"""Merge back: a locale's catalog applied to documents, falling back to English segment by segment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polib
from markupsafe import Markup

from pipeline.content.model import Key
from pipeline.locales import LocaleInfo
from pipeline.plurals import PluralFormsError, PluralRule, parse_plural_forms
from pipeline.statuses import REVIEWED, TRANSLATED, ReviewStatus

if TYPE_CHECKING:
    from pipeline.content.model import Segment
    from pipeline.review.status import DocumentReview

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
    plural: PluralRule | None = None  # the catalog's own Plural-Forms; None: the locale's default rule
    signoffs: Mapping[str, DocumentReview] = field(default_factory=dict)  # document slug → computed review

    def lookup(self, key: Key) -> str | None:
        return self.messages.get(key)

    def gettext(self, msgid: str) -> str:
        return self.messages.get((None, msgid)) or msgid

    def pgettext(self, context: str, msgid: str) -> str:
        return self.messages.get((context, msgid)) or msgid

    def plural_form(self, singular: str, n: int) -> str | None:
        """The translated form the catalog's own Plural-Forms rule picks for ``n`` (as GNU gettext does), or None."""
        forms = self.plurals.get((None, singular))
        if not forms:
            return None
        index = (self.plural or self.locale.plural).form(n)
        return forms[index] if 0 <= index < len(forms) and forms[index] else None

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.plural_form(singular, n) or (singular if n == 1 else plural)


def review_status(catalog: polib.POFile) -> ReviewStatus:
    meta = catalog.metadata
    return ReviewStatus(meta.get("X-Review-Status", TRANSLATED).strip() or TRANSLATED,
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
            forms = tuple(entry.msgstr_plural.get(i, "") for i in range(max(entry.msgstr_plural, default=-1) + 1))
            if any(forms):
                plurals[key] = forms
            if forms and all(forms):
                messages[key] = forms[0]
        elif entry.msgstr:
            messages[key] = entry.msgstr
    return Translations(info, messages, frozenset(fuzzy), review_status(catalog), plurals,
                        plural=catalog_plural_rule(catalog))


def catalog_plural_rule(catalog: polib.POFile) -> PluralRule | None:
    """The catalog's own Plural-Forms rule, or None when it has none that gettext can use."""
    try:
        return parse_plural_forms(catalog.metadata.get("Plural-Forms", ""))
    except PluralFormsError:
        return None


def source_translations(info: LocaleInfo) -> Translations:
    """The source locale: every segment is its own text, nothing is a fallback."""
    return Translations(info, {}, frozenset(), ReviewStatus(REVIEWED), is_source=True)


@dataclass(frozen=True)
class Text:
    """A segment as shown in one locale."""

    value: str  # segment syntax (Markdown-like inline text)
    links: tuple[str, ...]
    fallback: bool  # True when the English is shown because no usable translation exists
    fuzzy: bool
    titles: tuple[str, ...] = ()  # plain text of each link's title in this locale ("" for none)

    def html(self, values: Mapping[str, str] | None = None) -> Markup:
        from pipeline.content.inline import fill_placeholders, render_html  # not at the top: update starts fast

        titles = tuple(fill_placeholders(t, values or {}, escape=False) for t in self.titles)
        return render_html(self.value, self.links, values, titles)

    def plain(self, values: Mapping[str, str] | None = None) -> str:
        from pipeline.content.inline import render_text

        return render_text(self.value, self.links, values)


def _titles(segment: Segment, translations: Translations) -> tuple[str, ...]:
    """Each link title of a segment as plain text in this locale (the English where it is untranslated)."""
    if not any(segment.titles):
        return ()
    from pipeline.content.inline import render_text

    return tuple(render_text((None if translations.is_source else translations.lookup((segment.context, title)))
                             or title) if title else "" for title in segment.titles)


def localize(segment: Segment, translations: Translations) -> Text:
    titles = _titles(segment, translations)
    if translations.is_source:
        return Text(segment.msgid, segment.links, False, False, titles)
    found = translations.lookup(segment.key)
    if found:
        links = tuple(translations.links.get(href, href) for href in segment.links)
        return Text(found, links, False, False, titles)
    return Text(segment.msgid, segment.links, True, segment.key in translations.fuzzy, titles)
