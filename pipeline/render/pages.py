"""HTML pages from Jinja templates: one page per document and locale, the locale indexes and the root index.

Every function here is pure: it takes frozen values and returns the page as text, so pages can be
rendered in any order or in parallel. Text from catalogs is never trusted as markup: segments go
through :mod:`pipeline.content.inline` (which allows only emphasis, code, line breaks and the English
segment's own links) and page-chrome strings are escaped before placeholders are filled in.
"""

from __future__ import annotations

import base64
import functools
import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any
from urllib.parse import urlsplit

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit
from markupsafe import Markup

from pipeline.catalogs.extract import TEMPLATES_DIR
from pipeline.catalogs.translations import Text, Translations, localize
from pipeline.content.model import Document, Segment
from pipeline.locales import LocaleInfo
from pipeline.orthography import localize_digits
from pipeline.render.chrome import Chrome
from pipeline.review.status import NOT_REVIEWED, DocumentReview

ASSETS = "assets"
STYLESHEET = f"{ASSETS}/site.css"


@dataclass(frozen=True)
class Site:
    """What every page of one build shares: name, address, and the languages it is published in."""

    name: str  # the project's name (English), shown on the root index
    base_url: str  # absolute, ends with "/"
    source: LocaleInfo
    locales: tuple[LocaleInfo, ...]  # the source locale first, then the translations in configured order
    fonts_css: Mapping[str, str] = field(default_factory=dict)  # locale tag → style sheet path under output/
    drafts: frozenset[tuple[str, str]] = frozenset()  # (locale tag, slug) held back by the publishing gates
    listed: frozenset[str] | None = None  # tags with a published document (None: every language)

    def is_listed(self, info: LocaleInfo) -> bool:
        """A language is listed (root index, switchers of the indexes) once it has a published document."""
        return self.listed is None or info.tag in self.listed or info.tag == self.source.tag


@dataclass(frozen=True)
class Alternate:
    """The same page in another language (or in this one)."""

    locale: LocaleInfo
    href: str  # relative to the current page
    url: str  # absolute


@dataclass(frozen=True)
class PdfLink:
    """The large-print handout of a page, as the page links to it."""

    href: str  # relative to the page
    pages: int
    size: int  # bytes


@dataclass(frozen=True)
class Page:
    """Everything a document page needs: a pure value, so pages can be rendered anywhere."""

    document: Document
    translations: Translations
    site: Site
    values: Mapping[str, str] = field(default_factory=dict)  # {clinic_*} placeholder values
    pdf: PdfLink | None = None
    published: bool = True
    root: str = "../"  # from the page to the top of output/
    updated: str = ""  # ISO date the English changed while the translation is being updated


@dataclass(frozen=True)
class IndexEntry:
    """One document in a locale's index."""

    document: Document
    href: str  # relative to the index


def page_path(info: LocaleInfo, slug: str) -> str:
    """Where a document's page goes, relative to output/."""
    return f"{info.tag}/{slug}.html"


def index_path(info: LocaleInfo) -> str:
    return f"{info.tag}/index.html"


def alternates(site: Site, slug: str | None) -> tuple[Alternate, ...]:
    """The page (or the locale index when ``slug`` is None) in every language it is published in."""
    result = []
    for info in site.locales:
        if slug is not None and (info.tag, slug) in site.drafts:
            continue
        if slug is None and not site.is_listed(info):
            continue
        rel = page_path(info, slug) if slug else index_path(info)
        result.append(Alternate(info, f"../{rel}", site.base_url + rel))
    return tuple(result)


@functools.cache
def template_environment() -> jinja2.Environment:
    """The one autoescaping environment of the page and handout templates; gettext comes with each render."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # an attribute jinja2.ext.i18n reads; Environment does not declare it
    return env


def is_translated(translations: Translations, msgid: str) -> bool:
    return translations.is_source or bool(translations.messages.get((None, msgid)))


# -- locale formatting ---------------------------------------------------------------------------------

def format_number(value: float, info: LocaleInfo) -> str:
    """A number with the locale's separators and digits (Babel gives the symbols, not the digits)."""
    return localize_digits(format_decimal(value, locale=info.babel, numbering_system="default"),
                           info.numbering_system)


def format_size(size: int, info: LocaleInfo) -> str:
    """A file size for people: whole kilobytes below 1 MB (never 0), else megabytes to one decimal."""
    if size < 1_000_000:
        amount, unit = float(max(1, math.ceil(size / 1000))), "digital-kilobyte"
    else:
        amount, unit = math.ceil(size / 100_000) / 10, "digital-megabyte"
    text = format_unit(amount if amount % 1 else int(amount), unit, length="short", locale=info.babel,
                       numbering_system="default")
    return info.dress(localize_digits(text, info.numbering_system))


def _isolate(info: LocaleInfo) -> Markup:
    """``dir`` for a formatted value on a right-to-left page: it may stand inside an English fallback."""
    return Markup(' dir="%s"') % info.direction if info.direction == "rtl" else Markup("")


def format_day(value: Date, info: LocaleInfo) -> Markup:
    """A date in the locale's long form and digits (Babel writes Latin ones) inside a machine-readable ``<time>``."""
    text = info.dress(localize_digits(format_date(value, format="long", locale=info.babel), info.numbering_system))
    return Markup('<time datetime="%s"%s>%s</time>') % (value.isoformat(), _isolate(info), text)


def tel_links(rendered: Markup, phone: str | None) -> Markup:
    """Make the clinic's phone number, where a segment shows it, a ``tel:`` link (not inside another link)."""
    if not phone:
        return rendered
    shown = '<bdi dir="ltr">' + html.escape(phone.replace(" ", "\u00a0")) + "</bdi>"
    number = re.sub(r"[^0-9+]", "", phone)
    text = str(rendered)
    out, start = [], 0
    for match in re.finditer(re.escape(shown), text):
        before = text[:match.start()]
        inside_link = before.count("<a ") > before.count("</a>")
        out.append(text[start:match.start()])
        out.append(shown if inside_link else f'<a href="tel:{html.escape(number)}">{shown}</a>')
        start = match.end()
    out.append(text[start:])
    return Markup("".join(out))


def _helpers(translations: Translations, site: Site, values: Mapping[str, str]) -> dict[str, Any]:
    info = translations.locale

    def tr(segment: Segment) -> Text:
        return localize(segment, translations)

    def seg_html(segment: Segment) -> Markup:
        return tel_links(tr(segment).html(values), values.get("clinic_phone"))

    def plain(segment: Segment) -> str:
        return tr(segment).plain(values)

    return {
        "tr": tr, "html": seg_html, "plain": plain,
        "date": lambda value: format_day(value, info),
        "number": lambda value: format_number(value, info),
        "filesize": lambda size: Markup('<data value="%d"%s>%s</data>') % (size, _isolate(info),
                                                                            format_size(size, info)),
        "translated": lambda msgid: is_translated(translations, msgid),
        "locale": info, "source": site.source, "site": site,
        "review": translations.review, "is_source": translations.is_source,
        "signoff_of": lambda slug: signoff_of(translations, slug),
        "person": lambda name: Markup("<bdi>%s</bdi>") % name,
        "fonts_css": site.fonts_css.get(info.tag),
        **Chrome(translations, site.source).callables(),
    }


def signoff_of(translations: Translations, slug: str) -> DocumentReview:
    """The clinical review of a document in the translations' locale, as computed from its sign-off."""
    return translations.signoffs.get(slug) or NOT_REVIEWED


def fallback_count(document: Document, translations: Translations) -> int:
    """How many of the document's segments are shown in English."""
    if translations.is_source:
        return 0
    return sum(1 for s in document.segments() if localize(s, translations).fallback)


def render_page(page: Page) -> str:
    """A document page; a held-back one is a draft preview: not indexed, no alternates, a banner."""
    info = page.translations.locale
    rel = page_path(info, page.document.slug)
    home = "index.html" if page.root == "../" else f"{page.root}{index_path(info)}"
    return template_environment().get_template("page.html").render(
        page=page, doc=page.document, values=page.values, root=page.root, home=home,
        url=page.site.base_url + rel,
        alternates=alternates(page.site, page.document.slug) if page.published else (),
        x_default=page.site.base_url + page_path(page.site.source, page.document.slug) if page.published else None,
        fallbacks=fallback_count(page.document, page.translations),
        updated=Date.fromisoformat(page.updated) if page.updated else None,
        **_helpers(page.translations, page.site, page.values))


def render_index(translations: Translations, site: Site, entries: Sequence[IndexEntry]) -> str:
    info = translations.locale
    return template_environment().get_template("index.html").render(
        entries=entries, root="../", home="index.html", url=site.base_url + index_path(info),
        alternates=alternates(site, None), x_default=site.base_url + index_path(site.source),
        values={}, **_helpers(translations, site, {}))


def render_root(site: Site, translations: Translations) -> str:
    """``output/index.html``: the languages, each named in itself (the chrome is in the source language)."""
    return template_environment().get_template("root.html").render(
        root="", home="index.html", url=site.base_url, alternates=(), x_default=None, values={},
        languages=tuple((info, index_path(info)) for info in site.locales if site.is_listed(info)),
        **_helpers(translations, site, {}))


def render_search(translations: Translations, site: Site) -> str:
    """``<tag>/search.html``: the locale's search page (the index is built from output/ by Pagefind)."""
    info = translations.locale
    return template_environment().get_template("search.html").render(
        root="../", home="index.html", url=site.base_url + f"{info.tag}/search.html", alternates=(),
        x_default=None, values={}, **_helpers(translations, site, {}))


def render_not_found(site: Site, translations: Translations, languages: Sequence[Translations],
                     css: str = "", icon: bytes = b"") -> str:
    """``output/404.html``: served for any missing address, so its links are absolute and its style inside it.

    One line per listed language, each in that language. ``css`` and ``icon`` are the site's style
    sheet and favicon (the project's own files), embedded so that the page needs no other file. The
    web fonts are the source language's (their subsets cover every line), by a path from the host's
    root: the same origin at any address, so no cross-origin font request.
    """
    shown = [(other.locale, Chrome(other, site.source).gettext, site.base_url + index_path(other.locale))
             for other in languages if site.is_listed(other.locale)]
    fonts_css = site.fonts_css.get(translations.locale.tag)
    standalone = {"css": Markup(css.replace("</", "<\\/")),
                  "icon": "data:image/svg+xml;base64," + base64.b64encode(icon).decode("ascii"),
                  "fonts": urlsplit(site.base_url).path + fonts_css if fonts_css else ""}
    return template_environment().get_template("404.html").render(
        root=site.base_url, home=site.base_url + index_path(site.source), url=site.base_url + "404.html",
        alternates=(), x_default=None, values={}, languages=shown, standalone=standalone,
        **_helpers(translations, site, {}))


_TAG = re.compile(r"<[^>]*>")


def visible_text(page_html: str) -> str:
    """The characters a page can show (text and attribute values), for subsetting its fonts."""
    attrs = " ".join(html.unescape(v) for v in re.findall(r'(?:alt|aria-label|title|content)="([^"]*)"', page_html))
    return html.unescape(_TAG.sub(" ", page_html)) + " " + attrs

