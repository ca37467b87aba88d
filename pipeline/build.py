"""The build: every document in every locale → ``output/<bcp47>/<slug>.pdf`` and ``.html``, the indexes and assets.

Three phases: read (the project is loaded whole before this module is called), render every output
in memory, then write the files whose bytes changed. The unit of work is one document in one
locale (:func:`build_document`): a pure function of its inputs, so it can run in any order or in
parallel. Its PDF handout is rendered before its page, because the page shows the handout's page
count and size.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .assets import font_files, fonts_css_path, media_files, static_files
from .errors import Finding, RenderError, error
from .fsutil import write_if_changed
from .locales import LocaleInfo, locale_info
from .model import Document
from .profile import Profile, load_profile
from .project import Project
from .render import (IndexEntry, Page, PdfLink, Site, index_path, page_path, render_index, render_page,
                     render_root, visible_text, fallback_count)
from .translate import Translations

if TYPE_CHECKING:
    from .handout import Handout

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

class HandoutMaker(Protocol):
    """What the build needs of ``pipeline.handout.HandoutRenderer`` (tests pass a stand-in)."""

    def render(self, document: Document, translations: Translations, source: LocaleInfo,
               profile: Profile, page_url: str) -> Handout: ...


def handout_renderer(project: Project) -> HandoutMaker:
    """One renderer for the whole build; it caches fonts in ``.cache/handouts`` and reads images from content/."""
    from .handout import HandoutRenderer  # imported here: WeasyPrint takes a second to load

    config = project.config
    return HandoutRenderer(config.root / ".cache" / "handouts", config.content_dir)


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

def _site(project: Project) -> Site:
    """Every configured language, also when ``--locale`` builds only some: the switcher lists them all."""
    config = project.config
    infos = tuple(locale_info(code) for code in (config.source_locale, *config.locales))
    return Site(config.name, config.base_url, project.source, infos, {i.tag: fonts_css_path(i.tag) for i in infos})


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
    site = _site(project)
    handouts = handout_renderer(project) if profile is not None else None
    if profile is None:
        log.warning("no clinic profile (--profile or default_profile): building pages without PDF handouts")

    # 1. Plan: every path and who produces it; collisions (a document called "index") stop the build here.
    plan = OutputPlan(config.output_dir)
    results: dict[tuple[str, str], DocumentOutput] = {}

    def result(job: DocumentJob) -> DocumentOutput:
        key = (job.translations.locale.code, job.document.slug)
        if key not in results:
            results[key] = build_document(job, handouts)
        return results[key]

    def pdf_of(job: DocumentJob) -> bytes:
        return result(job).pdf or b""

    def html_of(job: DocumentJob) -> bytes:
        return result(job).html

    def index_of(translations: Translations) -> bytes:
        return render_index(translations, site, entries).encode("utf-8")

    for job in plan_jobs(project, site, profile):
        info, slug = job.translations.locale, job.document.slug
        producer = f"{job.document.path} ({info.code})"
        if handouts is not None:
            plan.add(f"{info.tag}/{slug}.pdf", producer, functools.partial(pdf_of, job))
        plan.add(page_path(info, slug), producer, functools.partial(html_of, job))
    entries = tuple(IndexEntry(doc, f"{doc.slug}.html") for doc in project.documents)
    for translations in project.translations.values():
        plan.add(index_path(translations.locale), f"index ({translations.locale.code})",
                 functools.partial(index_of, translations))
    source = project.translations[config.source_locale]
    plan.add("index.html", "root index", lambda: render_root(site, source).encode("utf-8"))
    media, findings = media_files(project.documents, config.content_dir)
    plan.findings.extend(findings)
    for rel, data in {**static_files(), **media}.items():
        plan.add_bytes(rel, "assets", data)
    if plan.findings:
        raise RenderError(plan.findings)

    # 2. Render in memory: handouts before pages (a page shows its handout's size), every problem
    #    of every document reported together; then web fonts subset to what each locale's pages show.
    rendered: dict[Path, bytes] = {}
    for path, (_, make) in plan.items.items():
        try:
            rendered[path] = make()
        except RenderError as exc:
            plan.findings.extend(f for f in exc.findings if f not in plan.findings)
    if plan.findings:
        raise RenderError(plan.findings)
    texts: dict[str, list[str]] = {}
    for path, data in rendered.items():
        if path.suffix == ".html":
            tag = path.parent.name if path.parent != plan.root else site.source.tag
            texts.setdefault(tag, []).append(visible_text(data.decode("utf-8")))
    for rel, data in font_files(site, {tag: "".join(parts) for tag, parts in texts.items()}).items():
        plan.add_bytes(rel, "fonts", data)
        rendered[plan.root / rel] = data

    # 3. Write what changed.
    written = sum(write_if_changed(path, data) for path, data in rendered.items())
    log.info("wrote %d files, %d unchanged", written, len(rendered) - written)
    summaries = tuple(
        LocaleBuild(code, sum(1 for (c, _) in results if c == code),
                    sum(out.fallback_segments for (c, _), out in results.items() if c == code))
        for code in project.translations)
    return BuildSummary(summaries, written, len(rendered) - written, tuple(rendered))
