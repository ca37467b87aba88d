"""HTML pages from Jinja templates: one page per document and locale, and the indexes."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from markupsafe import Markup

from .extract import TEMPLATES_DIR
from .locales import LocaleInfo
from .model import Document, Segment
from .translate import Text, Translations, localize


@dataclass(frozen=True)
class Alternate:
    """The same page in another language."""

    locale: LocaleInfo
    href: str  # relative to the current page
    url: str  # absolute


@dataclass(frozen=True)
class Page:
    """Everything a page template needs."""

    document: Document
    translations: Translations
    source: LocaleInfo
    alternates: tuple[Alternate, ...]
    values: Mapping[str, str]  # placeholder values
    url: str
    published: bool
    root: str  # relative path from the page to output/
    pdf: Mapping[str, Any] | None = None  # href, pages, size of the large-print handout


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _bind(translations: Translations) -> jinja2.Environment:
    """A per-locale overlay of the shared environment, with gettext bound to the locale's catalog."""
    env = _environment().overlay()
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translations.gettext, translations.ngettext, newstyle=True, pgettext=translations.pgettext)
    return env


def _helpers(translations: Translations, values: Mapping[str, str]) -> dict[str, Any]:
    info = translations.locale

    def tr(segment: Segment) -> Text:
        return localize(segment, translations)

    def html(segment: Segment) -> Markup:
        return tr(segment).html(values)

    def date(value: Any) -> str:
        return format_date(value, format="long", locale=info.babel)

    return {"tr": tr, "html": html, "date": date, "locale": info}


def render_page(page: Page) -> str:
    env = _bind(page.translations)
    template = env.get_template("page.html")
    return template.render(page=page, doc=page.document, source=page.source,
                           **_helpers(page.translations, page.values))


def render_index(translations: Translations, source: LocaleInfo, entries: Sequence[tuple[Document, str]],
                 alternates: Sequence[Alternate], project_name: str, root: str, url: str) -> str:
    env = _bind(translations)
    return env.get_template("index.html").render(
        entries=entries, alternates=alternates, project_name=project_name, root=root, url=url, source=source,
        **_helpers(translations, {}))


def render_root(languages: Sequence[tuple[LocaleInfo, str]], project_name: str, url: str) -> str:
    env = _environment()
    return env.get_template("root.html").render(languages=languages, project_name=project_name, url=url)


def template_files() -> Sequence[Path]:
    return sorted(TEMPLATES_DIR.glob("*.html"))
