"""The build: every document in every locale → ``output/<bcp47>/<slug>.html`` and the indexes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Finding, RenderError, error
from .fsutil import write_if_changed
from .locales import LocaleInfo, locale_info
from .model import Document
from .profile import Profile, load_profile
from .project import Project
from .render import Alternate, Page, render_index, render_page, render_root
from .stats import document_progress

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


def page_path(info: LocaleInfo, slug: str) -> str:
    return f"{info.tag}/{slug}.html"


def _alternates(project: Project, slug: str | None, base_url: str) -> tuple[Alternate, ...]:
    result = []
    for code in (project.config.source_locale, *project.translations.keys()):
        if code in (a.locale.code for a in result):
            continue
        info = locale_info(code)
        rel = page_path(info, slug) if slug else f"{info.tag}/index.html"
        result.append(Alternate(info, f"../{rel}", base_url + rel))
    return tuple(result)


def build(project: Project, profile: Profile | None = None) -> BuildSummary:
    """Render every page in memory first, then write the files that changed."""
    config = project.config
    if profile is None and config.default_profile is not None:
        profile = load_profile(config.default_profile, config.relative(config.default_profile))
    values = profile.placeholders() if profile else {}
    base_url = config.base_url
    plan = OutputPlan(config.output_dir)
    source = project.source
    summaries: list[LocaleBuild] = []
    for code, translations in project.translations.items():
        info = translations.locale
        fallback = 0
        entries: list[tuple[Document, str]] = []
        for document in project.documents:
            progress = document_progress(document, translations)
            fallback += progress.segments - progress.translated
            rel = page_path(info, document.slug)
            page = Page(document=document, translations=translations, source=source,
                        alternates=_alternates(project, document.slug, base_url), values=values,
                        url=base_url + rel, published=True, root="../")
            plan.add(rel, f"{document.path} ({code})",
                     lambda page=page: render_page(page).encode("utf-8"))
            entries.append((document, f"{document.slug}.html"))
        index_rel = f"{info.tag}/index.html"
        plan.add(index_rel, f"index ({code})", lambda t=translations, e=tuple(entries), r=index_rel: render_index(
            t, source, e, _alternates(project, None, base_url), config.name, "../", base_url + r).encode("utf-8"))
        summaries.append(LocaleBuild(code, len(entries), fallback))
    languages = [(locale_info(code), f"{locale_info(code).tag}/index.html") for code in project.translations]
    plan.add("index.html", "root index", lambda: render_root(languages, config.name, base_url).encode("utf-8"))
    if plan.findings:
        raise RenderError(plan.findings)
    rendered = {path: make() for path, (_, make) in plan.items.items()}
    written = sum(write_if_changed(path, data) for path, data in rendered.items())
    log.info("wrote %d files, %d unchanged", written, len(rendered) - written)
    return BuildSummary(tuple(summaries), written, len(rendered) - written, tuple(rendered))
