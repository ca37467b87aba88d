"""The build: every document in every locale → ``output/<bcp47>/<slug>.pdf`` and ``.html``, the indexes and assets.

Three phases: read (the project is loaded whole before this module is called), render every output
in memory, then write the files whose bytes changed. The unit of work is one document in one
locale (:func:`build_document`): a pure function of its inputs, so it can run in any order or in
parallel. Its PDF handout is rendered before its page, because the page shows the handout's page
count and size.
"""

from __future__ import annotations

import functools
import importlib
import logging
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pipeline.render.assets import font_files, fonts_css_path, media_files, static_files
from pipeline.errors import Finding, PipelineError, RenderError, error
from pipeline.render.fonts import localize_digits
from pipeline.build.manifest import Manifest, code_digest, digest, file_stamp, shard_of
from pipeline.build.workers import UnitResult, run_units
from pipeline.fsutil import write_all_if_changed
from pipeline.locales import LocaleInfo, locale_info
from pipeline.content.model import Document
from pipeline.config.profile import Profile, load_profile
from pipeline.project import Project
from pipeline.render.pages import (IndexEntry, Page, PdfLink, Site, index_path, page_path, render_index, render_page,
                     render_root, visible_text, fallback_count)
from pipeline.catalogs.translations import Translations

if TYPE_CHECKING:
    from pipeline.render.handout import Handout

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
    built: int = 0  # units (a document in a locale) rendered
    skipped: int = 0  # units whose outputs were current
    held_back: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "locale/slug" → reasons
    seconds: float = 0.0
    timings: Mapping[str, float] = field(default_factory=dict)  # seconds per stage
    render_seconds: float = 0.0  # WeasyPrint's own time rendering the handouts, summed over workers
    jobs: int = 1


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


# -- the handout renderer (pipeline.render.handout, written by the PDF side) ---------------------------------

class HandoutMaker(Protocol):
    """What the build needs of ``pipeline.render.handout.HandoutRenderer`` (tests pass a stand-in)."""

    def render(self, document: Document, translations: Translations, source: LocaleInfo,
               profile: Profile, page_url: str) -> Handout: ...


def handout_renderer(project: Project) -> HandoutMaker:
    """A handout renderer (one per worker process); it caches fonts in ``.cache/handouts``, reads images from content/."""
    from pipeline.render.handout import HandoutRenderer  # imported here: WeasyPrint takes a second to load

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
    published: bool = True  # False: a draft preview, not linked, no handout


@dataclass(frozen=True)
class DocumentOutput:
    locale: LocaleInfo
    slug: str
    html: bytes
    pdf: bytes | None
    fallback_segments: int
    weasyprint_seconds: float = 0.0


def build_document(job: DocumentJob, handouts: HandoutMaker | None) -> DocumentOutput:
    """Render the handout, then the page that links to it (with its page count and size)."""
    document, translations = job.document, job.translations
    info = translations.locale
    pdf: bytes | None = None
    link: PdfLink | None = None
    seconds = 0.0
    if handouts is not None and job.profile is not None and job.published:
        handout = handouts.render(document, translations, job.site.source, job.profile, job.handout_url)
        pdf = handout.pdf
        seconds = getattr(handout, "seconds", 0.0)
        link = PdfLink(f"{document.slug}.pdf", handout.pages, len(pdf))
    page = Page(document=document, translations=translations, site=job.site, values=job.values, pdf=link,
                published=job.published)
    html = render_page(page).encode("utf-8")
    return DocumentOutput(info, document.slug, html, pdf, fallback_count(document, translations), seconds)


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


@functools.cache
def _chrome_keys() -> tuple[tuple[str | None, str], ...]:
    from pipeline.catalogs.extract import template_messages
    return tuple(dict.fromkeys((m.context, m.msgid) for m in template_messages()))


def _unit_key(job: DocumentJob) -> str:
    return f"{job.translations.locale.code}/{job.document.slug}"


def unit_fingerprint(job: DocumentJob, handouts: bool, document_print: str, site_print: str) -> str:
    """Everything one page and its handout are built from: a change to any of it rebuilds the unit.

    The document itself; the catalog entries it uses (its segments and the page chrome) with their
    state; the review status; the site's languages and address; the clinic profile; the fonts; the
    pipeline's code, templates and style sheets. ``document_print`` and ``site_print`` are
    ``digest(job.document)`` and ``digest(job.site)``, computed once for all the units that share them.
    """
    tr = job.translations
    used = [(key, tr.lookup(key), key in tr.fuzzy) for key in (s.key for s in job.document.segments())]
    chrome = [(key, tr.lookup(key), tr.plurals.get(key)) for key in _chrome_keys()]
    return digest(code_digest(), document_print, used, chrome, tr.plural, tr.review, tr.signoffs.get(job.document.slug),
                  tr.locale, tr.is_source, site_print,
                  sorted(job.values.items()), job.profile, job.handout_url, handouts, job.published,
                  _font_stamp(tr.locale.code))


@functools.cache
def _font_stamp(code: str) -> tuple[tuple[str, int, tuple[int, int] | None], ...]:
    try:
        from pipeline.render.fonts import font_stack
        return tuple((str(f.path), f.index, file_stamp(f.path)) for f in font_stack(code).faces)
    except PipelineError:
        return ()


def draft_path(info: LocaleInfo, slug: str) -> str:
    """Where a document that is held back goes: a preview beside the pages, linked from nowhere."""
    return f"{info.tag}/{slug}.draft.html"


def _outputs(job: DocumentJob, handouts: bool) -> tuple[str, ...]:
    info, slug = job.translations.locale, job.document.slug
    html = page_path(info, slug) if job.published else draft_path(info, slug)
    return (f"{info.tag}/{slug}.pdf", html) if handouts and job.published else (html,)


def _locale_chars(translations: Translations, site: Site) -> str:
    """Characters any page of the locale may show besides its segments: chrome (all forms), names, digits."""
    chrome = [translations.lookup(k) or "" for k in _chrome_keys()] + [k[1] for k in _chrome_keys()]
    chrome += [form for forms in translations.plurals.values() for form in forms]
    return "".join(chrome) + "".join(i.autonym for i in site.locales) + "0123456789" + localize_digits(
        "0123456789", translations.locale.numbering_system)


def _prune(output_dir: Path, manifest: Manifest, units: set[str], fonts_css: set[str], stale_fonts: set[str]) -> int:
    """Remove what an earlier build wrote and this one no longer makes (a page now held back, old fonts).

    Only files recorded in the manifest are removed: nothing else in output/ is touched.
    """
    gone = [rel for rel in manifest.outputs if rel not in units and rel not in fonts_css]
    still_used = {f for css in fonts_css for f in manifest.files(css)}
    for rel in gone + sorted(stale_fonts - still_used):
        (output_dir / rel).unlink(missing_ok=True)
        manifest.outputs.pop(rel, None)
    return len(gone) + len(stale_fonts - still_used)


def build(project: Project, profile: Profile | None = None, *, jobs: int = 1,
          shard: tuple[int, int] | None = None, on_progress: Callable[[int, int, str], None] | None = None,
          gate: Callable[[DocumentJob], tuple[bool, tuple[str, ...]]] | None = None,
          inputs: Sequence[Path] = (), options: str = "", handouts: bool = True,
          documents: Collection[str] | None = None) -> BuildSummary:
    """Plan every output path, render what changed (in ``jobs`` processes), then write it.

    ``handouts=False`` builds the pages without their PDF handouts, the clinic's details still filled
    in (the live preview renders a handout only when its link is opened).

    ``shard=(i, n)`` renders only the units whose key falls in shard i of n; every shard writes the
    same shared files (indexes, style sheet, fonts), so the shards' outputs merge into one folder.
    ``documents`` (slugs) renders only those documents; the other documents' outputs are kept.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    config = project.config
    profile = _profile(project, profile)
    site = _site(project)
    with_handouts = profile is not None and handouts
    if profile is None:
        log.warning("no clinic profile (--profile or default_profile): building pages without PDF handouts")
    manifest = Manifest.load(config.output_dir, shard)

    # 1. Plan: every path and who produces it; collisions (a document called "index") stop the build here.
    plan = OutputPlan(config.output_dir)
    all_jobs = plan_jobs(project, site, profile)
    held: dict[str, tuple[str, ...]] = {}
    if gate is not None:
        for job in all_jobs:
            published, reasons = gate(job)
            if not published:
                held[_unit_key(job)] = reasons
        drafts = frozenset((j.translations.locale.tag, j.document.slug) for j in all_jobs if _unit_key(j) in held)
        site = replace(site, drafts=drafts)
        all_jobs = [replace(job, site=site, published=_unit_key(job) not in held) for job in all_jobs]
    for job in all_jobs:
        producer = f"{job.document.path} ({job.translations.locale.code})"
        for rel in _outputs(job, with_handouts):
            plan.add(rel, producer, bytes)
    entries = {code: tuple(IndexEntry(j.document, f"{j.document.slug}.html") for j in all_jobs
                           if j.translations.locale.code == code and j.published)
               for code in project.translations}
    shared: dict[str, bytes] = {}
    for translations in project.translations.values():
        code = translations.locale.code
        shared[index_path(translations.locale)] = render_index(translations, site, entries[code]).encode("utf-8")
    shared["index.html"] = render_root(site, project.translations[config.source_locale]).encode("utf-8")
    media, findings = media_files(project.documents, config.content_dir)
    plan.findings.extend(findings)
    shared.update({**static_files(), **media})
    for rel in shared:
        plan.add(rel, "indexes and assets", bytes)
    if plan.findings:
        raise RenderError(plan.findings)
    mine = [j for j in all_jobs if shard is None or shard_of(_unit_key(j), shard[1]) == shard[0]]
    selected = [j for j in mine if documents is None or j.document.slug in documents]
    document_prints = {id(d): digest(d) for d in project.documents}
    site_print = digest(site)
    prints = {_unit_key(j): unit_fingerprint(j, with_handouts, document_prints[id(j.document)], site_print)
              for j in selected}
    todo = [j for j in selected if not all(manifest.is_current(config.output_dir, rel, prints[_unit_key(j)])
                                       for rel in _outputs(j, with_handouts))]
    timings["plan"] = time.perf_counter() - started

    # 2. Render what changed: handouts before pages (a page shows its handout's size), in worker
    #    processes that each keep one handout renderer; every document's problems reported together.
    mark = time.perf_counter()
    make_renderer = (lambda: handout_renderer(project)) if with_handouts else None
    done = [0]

    def progressed(result: UnitResult) -> None:
        done[0] += 1
        if on_progress:
            on_progress(done[0], len(todo), _unit_key(todo[result.index]))

    if with_handouts and jobs > 1 and len(todo) > 1:
        importlib.import_module("pipeline.render.handout")  # once here: the forked workers inherit WeasyPrint
    results = run_units(todo, build_document, jobs, make_renderer, progressed)
    failures = [f for r in results for f in r.findings]
    if failures:
        raise RenderError(sorted(set(failures)))
    rendered: dict[str, bytes] = dict(shared)
    chars: dict[str, str] = {}
    for job, result in zip(todo, results):
        out = result.output
        html_rel = _outputs(job, with_handouts)[-1]
        rendered[html_rel] = out.html
        if out.pdf is not None and job.published:
            rendered[f"{job.translations.locale.tag}/{job.document.slug}.pdf"] = out.pdf
        chars[html_rel] = "".join(sorted(set(visible_text(out.html.decode("utf-8")))))
    timings["render"] = time.perf_counter() - mark
    weasy = sum(r.output.weasyprint_seconds for r in results)

    # 3. Web fonts, subset to every character the locale's pages show. Pages rendered by another
    #    shard are rendered here as text only, so that every shard writes the same font files.
    mark = time.perf_counter()
    texts: dict[str, set[str]] = {}
    mine_keys = {_unit_key(j) for j in mine}
    for job in all_jobs:
        html_rel = _outputs(job, with_handouts)[-1]
        if html_rel not in chars:
            known = manifest.chars(html_rel) if _unit_key(job) in mine_keys else None
            if known is None:
                page = Page(document=job.document, translations=job.translations, site=site, values=job.values)
                known = "".join(sorted(set(visible_text(render_page(page)))))
            chars[html_rel] = known
        texts.setdefault(job.translations.locale.tag, set()).update(chars[html_rel])
    for translations in project.translations.values():
        tag = translations.locale.tag
        texts.setdefault(tag, set()).update(_locale_chars(translations, site))
        texts[tag].update(visible_text(shared[index_path(translations.locale)].decode("utf-8")))
    texts.setdefault(site.source.tag, set()).update(visible_text(shared["index.html"].decode("utf-8")))
    font_prints: dict[str, str] = {}
    by_tag = {info.tag: info for info in site.locales}
    stale_fonts: set[str] = set()
    wanted: list[tuple[str, str]] = []
    for tag, text in sorted(texts.items()):
        css = fonts_css_path(tag)
        font_prints[css] = digest(code_digest(), "".join(sorted(text)), _font_stamp(by_tag[tag].code),
                                  [i.code for i in site.locales])
        if not (manifest.is_current(config.output_dir, css, font_prints[css]) and all(
                (config.output_dir / rel).is_file() for rel in manifest.files(css))):
            wanted.append((tag, "".join(sorted(text))))
    subsets = run_units(wanted, lambda item, _: font_files(site, {item[0]: item[1]}), jobs, None)
    for (tag, _), subset in zip(wanted, subsets):
        css, made = fonts_css_path(tag), subset.output
        stale_fonts.update(set(manifest.files(css)) - set(made))
        rendered.update(made)
        manifest.set_files(css, [rel for rel in made if rel != css])
    timings["fonts"] = time.perf_counter() - mark

    # 4. Write what changed, and remember what each file was built from.
    mark = time.perf_counter()
    written = write_all_if_changed((config.output_dir / rel, data) for rel, data in rendered.items())
    for job in selected:
        for rel in _outputs(job, with_handouts):
            if rel in rendered:
                manifest.record(config.output_dir, rel, prints[_unit_key(job)],
                                {"chars": chars[rel]} if rel.endswith(".html") else None)
    for css, fingerprint in font_prints.items():
        if css in rendered:
            manifest.record(config.output_dir, css, fingerprint, {"files": manifest.files(css)})
    removed = _prune(config.output_dir, manifest, {rel for job in mine for rel in _outputs(job, with_handouts)},
                     set(font_prints), stale_fonts)
    manifest.save(inputs, options)
    timings["write"] = time.perf_counter() - mark
    log.info("wrote %d files, %d unchanged, removed %d", written, len(rendered) - written, removed)
    fallbacks = {_unit_key(j): r.output.fallback_segments for j, r in zip(todo, results)}
    counts = {code: [0, 0] for code in project.translations}  # pages published, segments shown in English
    for j in selected:
        key, count = _unit_key(j), counts[j.translations.locale.code]
        count[0] += j.published
        count[1] += fallbacks[key] if key in fallbacks else fallback_count(j.document, j.translations)
    summaries = tuple(LocaleBuild(code, pages, english) for code, (pages, english) in counts.items())
    return BuildSummary(summaries, written, len(rendered) - written, tuple(config.output_dir / r for r in rendered),
                        built=len(todo), skipped=len(selected) - len(todo),
                        held_back={k: v for k, v in held.items()
                                   if documents is None or k.split("/", 1)[1] in documents},
                        seconds=time.perf_counter() - started, timings=timings, render_seconds=weasy,
                        jobs=max(1, min(jobs, len(todo))))
