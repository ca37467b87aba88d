"""The build: every document in every locale → ``output/<bcp47>/<slug>.pdf`` and ``.html``, the indexes and assets.

Three phases: read (the project is loaded whole before this module is called), render every output
in memory, then write the files whose bytes changed. The unit of work is one document in one
locale (:func:`build_document`): a pure function of its inputs, so it can run in any order or in
parallel. Its PDF handout is rendered before its page, because the page shows the handout's page
count and size.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .assets import font_files, fonts_available, fonts_css_path, media_files, static_files
from .errors import Finding, RenderError, error
from .fsutil import write_if_changed
from .locales import LocaleInfo, locale_info
from .model import Document
from .profile import Profile, load_profile
from .project import Project
from .render import (IndexEntry, Page, PdfLink, Site, index_path, page_path, render_index, render_page,
                     render_root, visible_text, fallback_count)
from .translate import Translations

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocaleBuild:
    locale: str
    pages: int
    fallback_segments: int


@dataclass(frozen=True)
class BuildSummary:
    locales: tuple[LocaleBuild, ...]
    written: int
    unchanged: int
    outputs: tuple[Path, ...] = field(default=())


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


# -- the handout renderer (pipeline.handout, written by the PDF side) ---------------------------------

@dataclass(frozen=True)
class HandoutPdf:
    pdf: bytes
    pages: int


class HandoutMaker(Protocol):
    def render(self, document: Document, translations: Translations, source: LocaleInfo,
               profile: Profile, page_url: str) -> HandoutPdf: ...


def handout_renderer(project: Project) -> HandoutMaker | None:
    """``pipeline.handout.HandoutRenderer`` for this project, or None when that module is not installed."""
    try:
        from .handout import HandoutRenderer
    except ImportError:
        log.warning("pipeline.handout is not available: building pages without PDF handouts")
        return None
    config = project.config
    return HandoutRenderer(config.root / ".cache" / "handouts", config.content_dir)  # type: ignore[no-any-return]


# -- one document in one locale ---------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentJob:
    """The inputs of one unit of work."""

    document: Document
    translations: Translations
    site: Site
    values: Mapping[str, str]  # {clinic_*} placeholder values
    profile: Profile | None  # None: no handout
    handout_url: str  # where the handout's QR code points: the page's published address


@dataclass(frozen=True)
class DocumentOutput:
    locale: LocaleInfo
    slug: str
    html: bytes
    pdf: bytes | None
    fallback_segments: int


def build_document(job: DocumentJob, handouts: HandoutMaker | None) -> DocumentOutput:
    """Render the handout, then the page that links to it (with its page count and size)."""
    document, translations = job.document, job.translations
    info = translations.locale
    pdf: bytes | None = None
    link: PdfLink | None = None
    if handouts is not None and job.profile is not None:
        handout = handouts.render(document, translations, job.site.source, job.profile, job.handout_url)
        pdf = handout.pdf
        link = PdfLink(f"{document.slug}.pdf", handout.pages, len(pdf))
    page = Page(document=document, translations=translations, site=job.site, values=job.values, pdf=link)
    html = render_page(page).encode("utf-8")
    return DocumentOutput(info, document.slug, html, pdf, fallback_count(document, translations))


# -- the whole build ----------------------------------------------------------------------------------

def _site(project: Project, with_fonts: bool) -> Site:
    config = project.config
    infos = tuple(locale_info(code) for code in (config.source_locale, *config.locales))
    fonts_css = {info.tag: fonts_css_path(info.tag) for info in infos} if with_fonts else {}
    return Site(config.name, config.base_url, project.source, infos, fonts_css)


def _profile(project: Project, profile: Profile | None) -> Profile | None:
    config = project.config
    if profile is None and config.default_profile is not None:
        profile = load_profile(config.default_profile, config.relative(config.default_profile))
    return profile


def plan_jobs(project: Project, site: Site, profile: Profile | None) -> list[DocumentJob]:
    values = profile.placeholders() if profile else {}
    handout_base = (profile.base_url if profile and profile.base_url else None) or project.config.base_url
    return [DocumentJob(document, translations, site, values, profile,
                        handout_base + page_path(translations.locale, document.slug))
            for translations in project.translations.values() for document in project.documents]


def build(project: Project, profile: Profile | None = None) -> BuildSummary:
    """Plan every output path, render everything in memory, then write the files that changed."""
    config = project.config
    profile = _profile(project, profile)
    with_fonts = fonts_available()
    site = _site(project, with_fonts)
    handouts = handout_renderer(project) if profile is not None else None
    if profile is None:
        log.warning("no clinic profile: building pages without PDF handouts")

    # 1. Plan: every path and who produces it; collisions (a document called "index") stop the build here.
    plan = OutputPlan(config.output_dir)
    results: dict[tuple[str, str], DocumentOutput] = {}

    def result(job: DocumentJob) -> DocumentOutput:
        key = (job.translations.locale.code, job.document.slug)
        if key not in results:
            results[key] = build_document(job, handouts)
        return results[key]

    for job in plan_jobs(project, site, profile):
        info, slug = job.translations.locale, job.document.slug
        producer = f"{job.document.path} ({info.code})"
        if handouts is not None:
            plan.add(f"{info.tag}/{slug}.pdf", producer, lambda job=job: result(job).pdf or b"")
        plan.add(page_path(info, slug), producer, lambda job=job: result(job).html)
    entries = tuple(IndexEntry(doc, f"{doc.slug}.html") for doc in project.documents)
    for translations in project.translations.values():
        plan.add(index_path(translations.locale), f"index ({translations.locale.code})",
                 lambda t=translations: render_index(t, site, entries).encode("utf-8"))
    source = project.translations[config.source_locale]
    plan.add("index.html", "root index", lambda: render_root(site, source).encode("utf-8"))
    media, findings = media_files(project.documents, config.content_dir)
    plan.findings.extend(findings)
    for rel, data in {**static_files(), **media}.items():
        plan.add_bytes(rel, "assets", data)
    if plan.findings:
        raise RenderError(plan.findings)

    # 2. Render in memory: handouts before pages (a page shows its handout's size), then web fonts
    #    subset to the characters each locale's pages show.
    rendered = {path: make() for path, (_, make) in plan.items.items()}
    if with_fonts:
        texts: dict[str, list[str]] = {}
        for path, data in rendered.items():
            if path.suffix == ".html":
                tag = path.parent.name if path.parent != plan.root else site.source.tag
                texts.setdefault(tag, []).append(visible_text(data.decode("utf-8")))
        for rel, data in font_files(site, {tag: "".join(parts) for tag, parts in texts.items()}).items():
            plan.add_bytes(rel, "fonts", data)
            rendered[plan.root / rel] = data
        if plan.findings:
            raise RenderError(plan.findings)

    # 3. Write what changed.
    written = sum(write_if_changed(path, data) for path, data in rendered.items())
    log.info("wrote %d files, %d unchanged", written, len(rendered) - written)
    summaries = tuple(
        LocaleBuild(code, sum(1 for (c, _) in results if c == code),
                    sum(out.fallback_segments for (c, _), out in results.items() if c == code))
        for code in project.translations)
    return BuildSummary(summaries, written, len(rendered) - written, tuple(rendered))
