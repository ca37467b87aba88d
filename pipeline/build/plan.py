"""Planning the build: its units (one document in one locale), where each one's outputs go, and fingerprints.

A unit's fingerprint is everything its page and handout are built from; the manifest keeps it, so a
unit whose fingerprint and outputs are unchanged is not rendered again.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.build.manifest import code_digest, digest, file_digest
from pipeline.catalogs.translations import Translations
from pipeline.config.profile import Profile, load_profile
from pipeline.content.model import Document, Key
from pipeline.errors import Finding, PipelineError, error
from pipeline.locales import LocaleInfo, locale_info
from pipeline.project import Project
from pipeline.render.assets import fonts_css_path
from pipeline.render.pages import Site, page_path


@dataclass(frozen=True)
class Unit:
    """One unit of work: one document in one locale, with everything its page and handout are built from."""

    document: Document
    translations: Translations
    site: Site
    values: Mapping[str, str]  # {clinic_*} placeholder values
    profile: Profile | None  # None: no handout
    handout_url: str  # where the handout's QR code points: the page's published address
    published: bool = True  # False: a draft preview, not linked, no handout
    updated: str = ""  # ISO date the English changed while the translation is being updated ("" otherwise)
    page_root: str = "../"  # from the page to output/ (a draft preview lives outside it)


class OutputPlan:
    """Collects what each output path will hold; two producers for one path is an error."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: dict[Path, tuple[str, Callable[[], bytes]]] = {}
        self.findings: list[Finding] = []

    def add(self, relative: str, producer: str, make: Callable[[], bytes]) -> None:
        path = self.root / relative
        if path in self.items:
            self.findings.append(error(relative, None, "output-collision",
                                       f"both {self.items[path][0]} and {producer} would write this file; "
                                       "rename one of the documents"))
            return
        self.items[path] = (producer, make)

    def add_bytes(self, relative: str, producer: str, data: bytes) -> None:
        self.add(relative, producer, lambda: data)


def project_site(project: Project) -> Site:
    """Every configured language, also when ``--locale`` builds only some: the switcher lists them all."""
    config = project.config
    infos = tuple(locale_info(code) for code in (config.source_locale, *config.locales))
    return Site(config.name, config.base_url, project.source, infos, {i.tag: fonts_css_path(i.tag) for i in infos})


def site_contact(project: Project) -> Profile | None:
    """Whose details the public site shows: the publisher's ``[contact]`` in pipeline.toml, never a clinic's."""
    config = project.config
    if config.contact is not None:
        return config.contact
    if config.default_profile is not None:  # the older spelling: a contact file named in pipeline.toml
        return load_profile(config.default_profile, config.relative(config.default_profile))
    return None


def plan_units(project: Project, site: Site, profile: Profile | None) -> list[Unit]:
    values = profile.placeholders() if profile else {}
    handout_base = project.config.base_url  # the one address of the site: handouts' QR codes point there
    return [Unit(document, translations, site, values, profile,
                        handout_base + page_path(translations.locale, document.slug))
            for translations in project.translations.values() for document in project.documents]


def unit_key(unit: Unit) -> str:
    return f"{unit.translations.locale.code}/{unit.document.slug}"


@functools.cache
def chrome_keys() -> tuple[Key, ...]:
    from pipeline.catalogs.extract import template_messages
    return tuple(dict.fromkeys((m.context, m.msgid) for m in template_messages()))


def unit_fingerprint(unit: Unit, handouts: bool, document_print: str, site_print: str) -> str:
    """Everything one page and its handout are built from: a change to any of it rebuilds the unit.

    The document itself; the catalog entries it uses (its segments and the page chrome) with their
    state; its sign-off and whether the catalog is a machine draft; the site's languages and address;
    the clinic profile; the fonts; the pipeline's code, templates and style sheets. ``document_print``
    and ``site_print`` are ``digest(unit.document)`` and ``digest(unit.site)``, computed once for all
    the units that share them.
    """
    tr = unit.translations
    used = [(key, tr.lookup(key), key in tr.fuzzy) for key in (s.key for s in unit.document.segments())]
    chrome = [(key, tr.lookup(key), tr.plurals.get(key)) for key in chrome_keys()]
    links = sorted({(href, tr.links.get(href)) for s in unit.document.segments() for href in s.links})
    # Of the catalog's own review status a page and handout show only whether it is a machine draft
    # (the rest is the document's sign-off): signing one document must not rebuild its siblings.
    return digest(code_digest(), document_print, used, chrome, tr.plural, tr.review.is_machine,
                  tr.signoffs.get(unit.document.slug), tr.locale, tr.is_source, links,
                  site_print, unit.values, unit.profile, unit.handout_url, handouts, unit.published, unit.updated,
                  font_stamp(tr.locale.code))


@functools.cache
def font_stamp(code: str) -> tuple[tuple[str, int, str], ...]:
    """The font files a locale is set in, by name and content: a new release of one rebuilds the locales
    using it, a copy or a touch rebuilds nothing (and the machine's paths stay out of the build state)."""
    try:
        from pipeline.render.fonts import font_stack
        return tuple((f.path.name, f.index, _font_digest(f.path)) for f in font_stack(code).faces)
    except PipelineError:
        return ()


@functools.cache
def _font_digest(path: Path) -> str:
    return file_digest(path)  # once per process: the CJK collections are 20 MB each (about 30 ms to hash)


def config_print(project: Project) -> str:
    """The settings every unit depends on (paths left out: moving the project rebuilds nothing)."""
    config = project.config
    return digest(config.name, config.domain, config.source_locale, config.locales, config.base_url,
                  config.min_translated, config.critical_status)


def draft_path(info: LocaleInfo, slug: str, preview: str = "../preview") -> str:
    """Where a document that is held back goes: a preview outside the upload (``preview`` is relative to it)."""
    return f"{preview}/{info.tag}/{slug}.html"


def unit_outputs(unit: Unit, handouts: bool, preview: str = "../preview") -> tuple[str, ...]:
    info, slug = unit.translations.locale, unit.document.slug
    html = page_path(info, slug) if unit.published else draft_path(info, slug, preview)
    return (f"{info.tag}/{slug}.pdf", html) if handouts and unit.published else (html,)


def page_root(unit: Unit, preview: str) -> str:
    """How a page reaches output/ (its style sheets): "../" for a published page, from preview/<tag>/ otherwise."""
    if unit.published:
        return "../"
    return os.path.relpath(".", f"{preview}/{unit.translations.locale.tag}").replace(os.sep, "/") + "/"
