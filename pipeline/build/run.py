"""The build: every document in every locale → ``output/<bcp47>/<slug>.pdf`` and ``.html``, the indexes and assets.

Three phases: read (the project is loaded whole before this module is called), render every output
in memory, then write the files whose bytes changed. The unit of work is one document in one
locale (:func:`build_document`): a pure function of its inputs, so it can run in any order or in
parallel. Its PDF handout is rendered before its page, because the page shows the handout's page
count and size.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pipeline.build.catchup import apply_gates
from pipeline.build.manifest import Manifest, code_digest, digest, shard_of
from pipeline.build.plan import (
    OutputPlan,
    Unit,
    chrome_keys,
    config_print,
    font_stamp,
    page_root,
    plan_units,
    project_site,
    site_contact,
    unit_fingerprint,
    unit_key,
    unit_outputs,
)
from pipeline.build.published import drop_fonts, forget_old_layout, kept_online, online, prune, remember
from pipeline.build.search import BUNDLE, index_site
from pipeline.build.workers import UnitResult, run_units
from pipeline.catalogs.translations import Translations
from pipeline.config.profile import Profile
from pipeline.content.model import Document
from pipeline.errors import RenderError, error
from pipeline.fsutil import write_all_if_changed
from pipeline.locales import LocaleInfo, locale_info
from pipeline.orthography import localize_digits
from pipeline.project import Project
from pipeline.render.assets import font_files, fonts_css_path, media_files, static_files
from pipeline.render.pages import (
    Page,
    PdfLink,
    Site,
    fallback_count,
    format_size,
    page_path,
    render_page,
    visible_text,
)
from pipeline.render.sitefiles import site_files

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
    catching_up: Mapping[str, str] = field(default_factory=dict)  # "locale/slug" → date the English changed
    removed: int = 0
    search_indexed: bool = False  # the Pagefind index of output/ was written by this build
    kept_online: tuple[str, ...] = ()  # held back by a partial build: the earlier published page stays online


# -- the handout renderer (pipeline.render.handout, written by the PDF side) ---------------------------------

class HandoutMaker(Protocol):
    """What the build needs of ``pipeline.render.handout.HandoutRenderer`` (tests pass a stand-in)."""

    def render(self, document: Document, translations: Translations, source: LocaleInfo,
               profile: Profile, page_url: str, updated: str = "") -> Handout: ...


def handout_renderer(project: Project) -> HandoutMaker:
    """A handout renderer (one per worker process); caches fonts in ``.cache/handouts``, reads images from content/."""
    from pipeline.render.handout import HandoutRenderer  # imported here: WeasyPrint takes a second to load

    config = project.config
    return HandoutRenderer(config.root / ".cache" / "handouts", config.content_dir)


# -- one document in one locale ---------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentOutput:
    locale: LocaleInfo
    slug: str
    html: bytes
    pdf: bytes | None
    fallback_segments: int
    weasyprint_seconds: float = 0.0


def build_document(unit: Unit, handouts: HandoutMaker | None) -> DocumentOutput:
    """Render the handout, then the page that links to it (with its page count and size)."""
    document, translations = unit.document, unit.translations
    info = translations.locale
    pdf: bytes | None = None
    link: PdfLink | None = None
    seconds = 0.0
    if handouts is not None and unit.profile is not None and unit.published:
        extra = {"updated": unit.updated} if unit.updated else {}
        handout = handouts.render(document, translations, unit.site.source, unit.profile, unit.handout_url, **extra)
        pdf = handout.pdf
        seconds = getattr(handout, "seconds", 0.0)
        link = PdfLink(f"{document.slug}.pdf", handout.pages, len(pdf))
    page = Page(document=document, translations=translations, site=unit.site, values=unit.values, pdf=link,
                published=unit.published, root=unit.page_root, updated=unit.updated)
    html = render_page(page).encode("utf-8")
    return DocumentOutput(info, document.slug, html, pdf, fallback_count(document, translations), seconds)


# -- the whole build ----------------------------------------------------------------------------------

def _locale_chars(translations: Translations, site: Site) -> str:
    """Characters any page of the locale may show besides its segments: chrome (all forms), names, digits,
    file sizes (a page another shard renders is seen here without its handout's link)."""
    chrome = [translations.lookup(k) or "" for k in chrome_keys()] + [k[1] for k in chrome_keys()]
    chrome += [form for forms in translations.plurals.values() for form in forms]
    sizes = format_size(999, translations.locale) + format_size(1_500_000, translations.locale)  # a handout's link
    return "".join(chrome) + "".join(i.autonym for i in site.locales) + "0123456789" + localize_digits(
        "0123456789", translations.locale.numbering_system) + sizes


def build(project: Project, profile: Profile | None = None, *, jobs: int = 1,
          shard: tuple[int, int] | None = None, on_progress: Callable[[int, int, str], None] | None = None,
          gate: Callable[[Unit], tuple[bool, tuple[str, ...]]] | None = None,
          inputs: Sequence[Path] = (), options: str = "", handouts: bool = True,
          documents: Collection[str] | None = None, output_dir: Path | None = None,
          preview_dir: Path | None = None, search: bool = True) -> BuildSummary:
    """Plan every output path, render what changed (in ``jobs`` processes), then write it.

    ``profile=None`` builds the public site with the publisher's contact (``[contact]``); a clinic's
    profile is given with an ``output_dir`` of its own. ``handouts=False`` builds the pages without
    their PDF handouts (the live preview renders a handout only when its link is opened).
    ``shard=(i, n)`` renders only the units whose key falls in shard i of n; every shard writes the
    same shared files (indexes, sitemap, fonts), so the shards' outputs merge into one folder.
    ``documents`` (slugs) builds only those documents; the other documents' outputs are kept.
    Only a build of every document with every configured locale loaded removes files: a full build, or a
    shard (the files its manifest holds that no unit produces any more).
    ``search=False`` leaves out the search index (the live preview).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    config = project.config
    out = output_dir if output_dir is not None else config.output_dir
    if preview_dir is None:
        preview_dir = config.root / "preview" if out == config.output_dir else out / "preview"
    preview = os.path.relpath(preview_dir, out).replace(os.sep, "/")
    profile = profile if profile is not None else site_contact(project)
    site = project_site(project)
    with_handouts = profile is not None and handouts
    if profile is None:
        log.warning("no contact ([contact] in pipeline.toml or --profile): building pages without PDF handouts")
    manifest = Manifest.load(out, shard, config.root)
    unloaded = [code for code in config.locales if code not in project.translations]
    if documents is not None:
        unknown = sorted(set(documents) - {d.slug for d in project.documents})
        if unknown:
            raise RenderError([error(config.relative(config.content_dir), None, "document-unknown",
                                     f"no document called {', '.join(unknown)} in the content folder")])
    full = shard is None and documents is None and not unloaded

    # 1. Plan: every path and who produces it; collisions (a document called "index") stop the build here.
    plan = OutputPlan(out)
    all_units = plan_units(project, site, profile)
    today = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())), tz=UTC).date()
    held: dict[str, tuple[str, ...]] = {}
    catching_up: dict[str, str] = {}  # unit → date the English changed (published, translation being updated)
    if gate is not None:
        all_units, held, catching_up = apply_gates(all_units, gate, project, manifest.published, today)
    mine = [j for j in all_units if (shard is None or shard_of(unit_key(j), shard[1]) == shard[0])
            and (documents is None or j.document.slug in documents)]
    mine_keys = {unit_key(j) for j in mine}
    partial = shard is None and not full  # some locales or documents: removes nothing
    shown = online(project, manifest, held, mine_keys, sharded=shard is not None, partial=partial)
    kept = kept_online(held, mine_keys, shown) if partial else set()
    slugs = [d.slug for d in project.documents]
    drafts = frozenset((locale_info(code).tag, slug) for code in (config.source_locale, *config.locales)
                       for slug in slugs if slug not in shown.get(code, ()))
    listed = frozenset(locale_info(code).tag for code in shown)
    site = replace(site, drafts=drafts, listed=listed)
    all_units = [replace(unit, site=site, published=unit_key(unit) not in held) for unit in all_units]
    mine = [j for j in all_units if unit_key(j) in mine_keys]
    for unit in all_units:
        producer = f"{unit.document.path} ({unit.translations.locale.code})"
        for rel in unit_outputs(unit, with_handouts, preview):
            plan.add(rel, producer, bytes)
    shared = site_files(project, site, shown)
    media, findings = media_files(project.documents, config.content_dir)
    plan.findings.extend(findings)
    shared.update({**static_files(), **media})
    for rel in shared:
        plan.add(rel, "indexes and assets", bytes)
    if plan.findings:
        raise RenderError(plan.findings)
    document_prints = {id(d): digest(d) for d in project.documents}
    site_print = digest(site, config_print(project))
    prints = {unit_key(j): unit_fingerprint(j, with_handouts, document_prints[id(j.document)], site_print)
              for j in mine}
    todo = [j for j in mine if not all(manifest.is_current(out, rel, prints[unit_key(j)])
                                       for rel in unit_outputs(j, with_handouts, preview))]
    timings["plan"] = time.perf_counter() - started

    # 2. Render what changed: handouts before pages (a page shows its handout's size), in worker
    #    processes that each keep one handout renderer; every document's problems reported together.
    mark = time.perf_counter()
    make_renderer = (lambda: handout_renderer(project)) if with_handouts else None
    done = [0]

    def progressed(result: UnitResult) -> None:
        done[0] += 1
        if on_progress:
            on_progress(done[0], len(todo), unit_key(todo[result.index]))

    if with_handouts and jobs > 1 and len(todo) > 1:
        importlib.import_module("pipeline.render.handout")  # once here: the forked workers inherit WeasyPrint
    todo_units = [replace(j, page_root=page_root(j, preview)) for j in todo]
    results = run_units(todo_units, build_document, jobs, make_renderer, progressed)
    failures = [f for r in results for f in r.findings]
    if failures:
        raise RenderError(sorted(set(failures)))
    rendered: dict[str, bytes] = dict(shared)
    chars: dict[str, str] = {}
    for unit, result in zip(todo, results, strict=True):
        output = result.output
        html_rel = unit_outputs(unit, with_handouts, preview)[-1]
        rendered[html_rel] = output.html
        if output.pdf is not None and unit.published:
            rendered[f"{unit.translations.locale.tag}/{unit.document.slug}.pdf"] = output.pdf
        chars[html_rel] = "".join(sorted(set(visible_text(output.html.decode("utf-8")))))
    timings["render"] = time.perf_counter() - mark
    weasy = sum(r.output.weasyprint_seconds for r in results)

    # 3. Web fonts, subset to every character the locale's pages show. Pages rendered by another
    #    shard are rendered here as text only, so that every shard writes the same font files.
    mark = time.perf_counter()
    texts: dict[str, set[str]] = {}
    for unit in all_units:
        html_rel = unit_outputs(unit, with_handouts, preview)[-1]
        if html_rel not in chars:
            known = manifest.chars(html_rel) if unit_key(unit) in mine_keys or shard is None else None
            if known is None:
                page = Page(document=unit.document, translations=unit.translations, site=site, values=unit.values,
                            updated=unit.updated)
                known = "".join(sorted(set(visible_text(render_page(page)))))
            chars[html_rel] = known
        texts.setdefault(unit.translations.locale.tag, set()).update(chars[html_rel])
        if unit_key(unit) in kept:  # its published page stays: the web fonts must still draw it
            texts[unit.translations.locale.tag].update(
                manifest.chars(page_path(unit.translations.locale, unit.document.slug)) or "")
    for translations in project.translations.values():
        tag = translations.locale.tag
        texts.setdefault(tag, set()).update(_locale_chars(translations, site))
        for rel, data in shared.items():
            if rel.startswith(f"{tag}/") and rel.endswith(".html"):
                texts[tag].update(visible_text(data.decode("utf-8")))
    for rel in ("index.html", "404.html"):
        texts.setdefault(site.source.tag, set()).update(visible_text(shared[rel].decode("utf-8")))
    font_prints: dict[str, str] = {}
    by_tag = {info.tag: info for info in site.locales}
    stale_fonts: set[str] = set()
    wanted: list[tuple[str, str]] = []
    for tag, text in sorted(texts.items()):
        css = fonts_css_path(tag)
        font_prints[css] = digest(code_digest(), "".join(sorted(text)), font_stamp(by_tag[tag].code),
                                  [i.code for i in site.locales])
        if not (manifest.is_current(out, css, font_prints[css]) and all(
                (out / rel).is_file() for rel in manifest.files(css))):
            wanted.append((tag, "".join(sorted(text))))
    subsets = run_units(wanted, lambda item, _: font_files(site, {item[0]: item[1]}), jobs, None)
    for (tag, _), subset in zip(wanted, subsets, strict=True):
        css, made = fonts_css_path(tag), subset.output
        stale_fonts.update(set(manifest.files(css)) - set(made))
        rendered.update(made)
        manifest.set_files(css, [rel for rel in made if rel != css])
    timings["fonts"] = time.perf_counter() - mark

    # 4. Write what changed, and remember what each file was built from.
    mark = time.perf_counter()
    written = write_all_if_changed((out / rel, data) for rel, data in rendered.items())
    for unit in mine:
        for rel in unit_outputs(unit, with_handouts, preview):
            if rel in rendered:
                manifest.record(out, rel, prints[unit_key(unit)],
                                {"chars": chars[rel]} if rel.endswith(".html") else None)
    for css, fingerprint in font_prints.items():
        if css in rendered:
            manifest.record(out, css, fingerprint, {"files": manifest.files(css)})
    for rel in shared:
        manifest.record(out, rel, "shared")
    remember(manifest, project, [(unit_key(j), j.published, [s.msgid for s in j.document.segments()])
                                 for j in all_units], mine_keys, catching_up, full, kept)
    removed = 0
    if documents is None and not unloaded:  # a full build, or a shard of one
        produced = {rel for unit in all_units for rel in unit_outputs(unit, with_handouts, preview)}
        removed = prune(out, manifest, produced | set(shared) | set(font_prints))
    removed += drop_fonts(out, manifest, stale_fonts) + forget_old_layout(out)
    manifest.save(inputs, options)
    timings["write"] = time.perf_counter() - mark
    # 5. The search index covers the whole folder; shards leave it to the step that merges them.
    searchable = False
    if search and shard is None and (written or removed or not (out / BUNDLE / "pagefind.js").is_file()):
        mark = time.perf_counter()
        searchable = index_site(out, config.root / ".cache" / "search")
        timings["search"] = time.perf_counter() - mark
    log.info("wrote %d files, %d unchanged, removed %d", written, len(rendered) - written, removed)
    fallbacks = {unit_key(j): r.output.fallback_segments for j, r in zip(todo, results, strict=True)}
    counts = {code: [0, 0] for code in project.translations}  # pages published, segments shown in English
    for j in mine:
        key, count = unit_key(j), counts[j.translations.locale.code]
        count[0] += j.published
        count[1] += fallbacks[key] if key in fallbacks else fallback_count(j.document, j.translations)
    summaries = tuple(LocaleBuild(code, pages, english) for code, (pages, english) in counts.items())
    return BuildSummary(summaries, written, len(rendered) - written, tuple(out / r for r in rendered),
                        built=len(todo), skipped=len(mine) - len(todo),
                        held_back={unit: why for unit, why in held.items() if unit in mine_keys},
                        seconds=time.perf_counter() - started, timings=timings, render_seconds=weasy,
                        jobs=max(1, min(jobs, len(todo))), catching_up=catching_up, removed=removed,
                        search_indexed=searchable, kept_online=tuple(sorted(kept)))


