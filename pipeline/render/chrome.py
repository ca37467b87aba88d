"""Template gettext for pages and handouts: translations escaped, English fallbacks marked with their language."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from pipeline.catalogs.translations import Text, Translations
from pipeline.locales import LocaleInfo

log = logging.getLogger(__name__)


def fallback_attrs(source: LocaleInfo, info: LocaleInfo) -> Markup:
    """``lang`` (and ``dir`` when the page runs the other way) for a part shown in the source language."""
    if source.direction != info.direction:
        return Markup(' lang="%s" dir="%s"') % (source.tag, source.direction)
    return Markup(' lang="%s"') % source.tag


def escaped(text: str, variables: Mapping[str, Any]) -> Markup:
    """Escape ``text`` and fill its ``%(name)s`` placeholders with (escaped) values."""
    return Markup(escape(text)) % dict(variables) if variables else Markup(escape(text))


class Chrome:
    """gettext, ngettext and pgettext for templates, new-style (keyword placeholders).

    - A translation is text, never markup: Jinja's new-style gettext would take it as safe HTML, so a
      msgstr like ``<img src=...>`` would become an element; here it is escaped.
    - A string the catalog does not translate is shown in English inside ``<span lang="en">`` (plus
      ``dir`` when the page runs the other way), so a screen reader switches voice and right-to-left
      text does not reorder it. A translation whose placeholders are broken falls back the same way.
    - What the template asked for is remembered (``used``: msgid → the text chosen before formatting,
      ``fallback``: the msgids shown in English), for the glyph check of the handout's chrome.
    """

    def __init__(self, translations: Translations, source: LocaleInfo) -> None:
        self.translations = translations
        self.source = source
        self.used: dict[str, str] = {}
        self.fallback: set[str] = set()

    @property
    def _in_source(self) -> bool:
        return self.translations.is_source or self.translations.locale.code == self.source.code

    def _choose(self, msgid: str, found: str | None, english: str, variables: Mapping[str, Any]) -> Markup:
        self.used[msgid] = found or english
        if found and not self.translations.is_source:
            try:
                return escaped(found, variables)
            except (KeyError, ValueError, TypeError):  # a broken %(name)s in the msgstr: show the English
                log.warning("%s: the translation of %r has broken placeholders; using the English",
                            self.translations.locale.code, msgid)
        text = escaped(english, variables)
        if self._in_source:
            return text
        self.fallback.add(msgid)
        return Markup("<span%s>%s</span>") % (fallback_attrs(self.source, self.translations.locale), text)

    def gettext(self, msgid: str, **variables: Any) -> Markup:
        return self._choose(msgid, self.translations.lookup((None, msgid)), msgid, variables)

    def pgettext(self, context: str, msgid: str, **variables: Any) -> Markup:
        return self._choose(msgid, self.translations.lookup((context, msgid)), msgid, variables)

    def ngettext(self, singular: str, plural: str, n: int, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        return self._choose(singular, self.translations.plural_form(singular, n),
                            singular if n == 1 else plural, variables)

    def fallback_attrs_of(self, text: Text) -> Markup:
        """The attributes of an element whose segment text is shown in English (:func:`fallback_attrs`), else none."""
        return fallback_attrs(self.source, self.translations.locale) if text.fallback else Markup("")

    def callables(self) -> dict[str, Any]:
        """What a template render needs: ``_``, ``gettext``, ``ngettext``, ``pgettext``, ``N_``, ``translation_of``
        and ``fb`` (:meth:`fallback_attrs_of`)."""
        return {"_": self.gettext, "gettext": self.gettext, "pgettext": self.pgettext, "ngettext": self.ngettext,
                "fb": self.fallback_attrs_of,
                # N_ marks a string for extraction where it is used twice (translated and in English)
                "N_": lambda msgid: msgid, "translation_of": self.gettext}
