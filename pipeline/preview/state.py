"""The preview's project: read once, updated file by file on each save, built into a private folder.

A saved catalog re-reads that catalog only; a saved document re-reads that document only; anything
else (configuration, glossary, profile, templates, style sheets, images) re-reads the project. The
build itself is :func:`pipeline.build.run.build` with its manifest, so only the units (a document in
a locale) whose inputs changed are rendered again. Handouts are rendered when their link is opened.
A file that cannot be read leaves the last good version in the preview and its findings in the panel.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pipeline.build import run as build_run
from pipeline.build.manifest import MANIFEST_NAME, code_digest, digest
from pipeline.build.plan import chrome_keys
from pipeline.catalogs.extract import TEMPLATES_DIR
from pipeline.catalogs.files import read_catalog
from pipeline.catalogs.translations import Key, Translations, source_translations, translations_from_catalog
from pipeline.checks.report import CheckReport
from pipeline.config.profile import Profile, load_profile
from pipeline.config.schema import Config, load_config
from pipeline.content.model import Document
from pipeline.content.reader import read_document, read_documents
from pipeline.errors import Finding, ReportedError, error
from pipeline.locales import locale_info
from pipeline.preview.background import Decisions, decide, gates_and_checks
from pipeline.preview.segments import EntryPlace, SegmentNote, entry_at, entry_places, segment_notes
from pipeline.preview.watcher import changed_paths, snapshot
from pipeline.project import Project, load_project
from pipeline.render.assets import STATIC_DIR
from pipeline.render.pages import page_path
from pipeline.review.status import locale_reviews, reviews_dir, with_reviews

if TYPE_CHECKING:
    from pipeline.render.handout import HandoutRenderer

log = logging.getLogger(__name__)

PREVIEW_DIR = Path(".cache") / "preview"
PROJECT = "the project"  # the key of problems found when the whole project is read


@dataclass(frozen=True)
class Rebuilt:
    """What one save did: the preview addresses whose file changed, and how long it took."""

    pages: tuple[str, ...]  # "/es/blood.html"; a draft is named by the address it is served at
    built: int
    seconds: float
    ok: bool  # False: a file could not be read or the build failed; the panel says why


@dataclass(frozen=True)
class Unit:
    """A document in a locale, as the preview knows it."""

    code: str
    document: Document
    translations: Translations


class Preview:
    """The project being previewed, rebuilt on demand; safe to read from the server's threads."""

    def __init__(self, root: Path, profile_path: Path | None = None, output_dir: Path | None = None,
                 jobs: int = 1) -> None:
        self.root = root.resolve()
        self.output_dir = output_dir or self.root / PREVIEW_DIR
        self.profile_path = profile_path
        self.jobs = jobs
        self.project: Project | None = None
        self.profile: Profile | None = None
        self.places: dict[str, dict[Key, EntryPlace]] = {}  # by locale code
        self.held_back: Mapping[str, tuple[str, ...]] = {}  # "code/slug" → reasons
        self.problems: dict[str, tuple[Finding, ...]] = {}  # by the file (or PROJECT) that could not be read
        self.report: CheckReport | None = None
        self.checking = False
        self.on_checked: Callable[[], None] = lambda: None
        self.on_rebuilt: Callable[[Rebuilt], None] = lambda result: None
        self._decisions: Decisions = {}
        self._build_lock = threading.Lock()
        self._check_lock = threading.Lock()
        self._check_again = False
        self._handout_lock = threading.Lock()
        self._renderer: HandoutRenderer | None = None
        self._handouts: dict[str, bytes] = {}
        self._lock_file: IO[bytes] | None = None
        self._temporary = False
        self._published: list[Path] = []  # the build's output/ folder
        self._config: Config | None = None  # the last configuration read

    # -- the private folder -------------------------------------------------------------------------

    def claim_folder(self) -> bool:
        """Take ``.cache/preview`` for this server; when another server has it, use a temporary folder.

        Returns False when a temporary folder is used (the first build then renders every page).
        """
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.output_dir.parent / f"{self.output_dir.name}.lock", "wb")  # noqa: SIM115 - held open
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            self.output_dir = Path(tempfile.mkdtemp(prefix="pipeline-preview-"))
            self._temporary = True
            return False
        self._lock_file = handle
        return True

    def release_folder(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()  # closing releases the lock
            self._lock_file = None
        if self._temporary:
            shutil.rmtree(self.output_dir, ignore_errors=True)

    # -- what to watch ----------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        """The configuration, content, catalogs, glossary, clinic profile, templates and style sheets."""
        paths = [self.root / "pipeline.toml", TEMPLATES_DIR, STATIC_DIR]
        config = self.project.config if self.project is not None else self._config
        if config is not None:  # (before the project could first be read, the folders the configuration names)
            paths += [config.content_dir, config.locales_dir, config.glossary_file, reviews_dir(config)]
            if config.default_profile is not None:
                paths.append(config.default_profile)
        if self.profile_path is not None:
            paths.append(self.profile_path)
        return list(dict.fromkeys(paths))

    def written(self) -> list[Path]:
        """Folders the builds write, never watched (a build must not trigger a build)."""
        return [self.output_dir, self.root / ".cache", *self._published]

    # -- reading ----------------------------------------------------------------------------------

    def _load_project(self) -> tuple[Project, dict[str, tuple[Finding, ...]]]:
        """The project; a catalog that cannot be read leaves its locale out (with its findings), not the rest."""
        try:
            return load_project(self.root), {}
        except ReportedError as exc:
            config = load_config(self.root)
            shown = {config.relative(config.catalog_path(code)): code for code in config.locales}
            if not exc.findings or any(f.path not in shown for f in exc.findings):
                raise
            bad = {f.path: tuple(g for g in exc.findings if g.path == f.path) for f in exc.findings}
            good = [code for path, code in shown.items() if path not in bad]
            if good:
                return load_project(self.root, good), bad
            source = config.source_locale  # no catalog yet: the English pages
            return Project(config, read_documents(config.content_dir, config.root), {},
                           {source: source_translations(locale_info(source))}), bad

    def _load_all(self) -> None:
        self._config = load_config(self.root)
        project, bad = self._load_project()
        self._published = [project.config.output_dir]
        project = replace(project, config=replace(project.config, output_dir=self.output_dir))
        config = project.config
        profile_path = self.profile_path or config.default_profile
        self.profile = load_profile(profile_path, config.relative(profile_path)) if profile_path else None
        self.places = {code: entry_places(config.catalog_path(code).read_text(encoding="utf-8", errors="replace"))
                       for code in project.catalogs}
        code_digest.cache_clear()  # templates and style sheets are part of every unit's fingerprint
        chrome_keys.cache_clear()
        self._handouts.clear()
        self.project = project
        self.problems.clear()
        self.problems.update(bad)

    def _reload_document(self, project: Project, path: Path) -> Project:
        shown = project.config.relative(path)
        documents = [d for d in project.documents if d.path != shown]
        if path.is_file():
            documents.append(read_document(path, project.config.root))
        documents.sort(key=lambda d: (d.order, d.slug))
        return replace(project, documents=tuple(documents))

    def _reload_catalog(self, project: Project, code: str) -> Project:
        config = project.config
        path = config.catalog_path(code)
        catalog = read_catalog(path, config.relative(path))
        old = project.translations.get(code)
        fresh = translations_from_catalog(catalog, locale_info(code))
        if old is not None:
            fresh = replace(fresh, links=old.links)  # the glossary did not change (it would reload everything)
        self.places[code] = entry_places(path.read_text(encoding="utf-8", errors="replace"))
        return replace(project, catalogs={**project.catalogs, code: catalog},
                       translations={**project.translations, code: fresh})

    def _apply(self, changed: Iterable[Path]) -> None:
        """Re-read what the saved files affect; a file that cannot be read keeps its last good version."""
        project = self.project
        if project is None or PROJECT in self.problems:
            self._read_all()
            return
        config = project.config
        catalogs = {config.catalog_path(code).resolve(): code for code in config.locales}
        reviewed: set[str] = set()  # the locales whose sign-offs are assessed again
        for path in sorted(changed):
            resolved = path.resolve()
            shown = config.relative(path)
            try:
                if resolved.suffix == ".md" and resolved.parent == config.content_dir.resolve():
                    project = self._reload_document(project, path)
                    reviewed.update(project.translations)
                elif resolved in catalogs and resolved.is_file():
                    project = self._reload_catalog(project, catalogs[resolved])
                    reviewed.add(catalogs[resolved])
                else:
                    self._read_all()
                    return
            except ReportedError as exc:
                self.problems[shown] = tuple(exc.findings)
            else:
                self.problems.pop(shown, None)
        self.project = assessed(project, reviewed)

    def _read_all(self) -> None:
        try:
            self._load_all()
        except ReportedError as exc:
            self.problems[PROJECT] = tuple(exc.findings)

    # -- building ---------------------------------------------------------------------------------

    def rebuild(self, changed: Iterable[Path] | None = None) -> Rebuilt:
        """Re-read what ``changed`` affects (everything when None), build, and say which addresses changed.

        After a save, the publishing gates of the last decision are used (deciding runs every check
        on the catalog): :meth:`check_soon` decides again in the background and rebuilds what moved.
        """
        started = time.perf_counter()
        with self._build_lock:
            if changed is None:
                self._read_all()
            else:
                self._apply(changed)
            project = self.project
            if project is None:
                return Rebuilt((), 0, time.perf_counter() - started, False)
            if changed is None:
                self._decisions = decide(project)
            decisions = self._decisions
            before = snapshot([self.output_dir])
            try:
                summary = build_run.build(project, self.profile, jobs=self.jobs, handouts=False, gate=lambda unit: (
                    decisions.get((unit.translations.locale.code, unit.document.slug), (True, ()))),
                    output_dir=self.output_dir, preview_dir=self.output_dir,  # a draft at its page's address
                    search=False)
            except ReportedError as exc:
                self.problems["build"] = tuple(exc.findings)
                return Rebuilt((), 0, time.perf_counter() - started, False)
            except Exception as exc:  # a template being edited, say: shown in the panel, the preview goes on
                log.exception("the preview build failed")
                self.problems["build"] = (error("build", None, "build-failed", f"{type(exc).__name__}: {exc}; "
                                                "fix the file named here and save again"),)
                return Rebuilt((), 0, time.perf_counter() - started, False)
            self.problems.pop("build", None)
            self.held_back = dict(summary.held_back)
            files = changed_paths(before, snapshot([self.output_dir]))
        pages = {address(p.relative_to(self.output_dir).as_posix()) for p in files if p.name != MANIFEST_NAME}
        log.info("preview: %d units built, %d files changed", summary.built, len(files))
        return Rebuilt(tuple(sorted(pages)), summary.built, time.perf_counter() - started, not self.problems)

    # -- in the background, after the page is shown: the gates, then ``pipeline check``'s checks -----

    def check_soon(self, delay: float = 0.25) -> None:
        """Settle the gates and run the checks after ``delay`` seconds (the browser updates its page first).

        They run in a forked process, so that they do not slow down the next save's rebuild in this
        one. A request while they run runs them once more afterwards.
        """
        with self._check_lock:
            if self.checking:
                self._check_again = True
                return
            self.checking = True
        threading.Thread(target=self._check, args=(delay,), name="preview-check", daemon=True).start()

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """No build and no handout under way (while the checks' process is forked)."""
        with self._build_lock, self._handout_lock:
            yield

    def _check(self, delay: float) -> None:
        while True:
            time.sleep(delay)
            decisions, report = gates_and_checks(self.project, self.root, self._quiet())
            self.report = report
            if decisions is not None and decisions != self._decisions and self.project is not None:
                self._decisions = decisions
                self.on_rebuilt(self.rebuild(()))
            with self._check_lock:
                if not self._check_again:
                    self.checking = False
                    break
                self._check_again = False
        self.on_checked()

    # -- what a page shows --------------------------------------------------------------------------

    def unit(self, tag: str, slug: str) -> Unit | None:
        project = self.project
        if project is None:
            return None
        document = next((d for d in project.documents if d.slug == slug), None)
        for code, translations in project.translations.items():
            if translations.locale.tag == tag and document is not None:
                return Unit(code, document, translations)
        return None

    def notes(self, unit: Unit) -> list[SegmentNote]:
        project = self.project
        assert project is not None
        shown = None if unit.translations.is_source else project.config.relative(
            project.config.catalog_path(unit.code))
        values = self.profile.placeholders() if self.profile else {}
        return segment_notes(unit.document, unit.translations, values, shown, self.places.get(unit.code, {}))

    def findings(self, unit: Unit) -> list[Finding]:
        """The check findings of the document, and of the catalog entries (and the catalog as a whole) it uses."""
        project, report = self.project, self.report
        if project is None or report is None:
            return []
        config = project.config
        catalog = None if unit.translations.is_source else config.relative(config.catalog_path(unit.code))
        keys = {s.key for s in unit.document.segments()}
        places = self.places.get(unit.code, {})
        chosen = []
        for finding in report.sorted_findings():
            if finding.path == unit.document.path:
                chosen.append(finding)
            elif catalog is not None and finding.path == catalog:
                key = entry_at(places, finding.line) if finding.line else None
                if finding.line is None or key is None or key in keys:
                    chosen.append(finding)
        return chosen

    def handout(self, unit: Unit) -> bytes | None:
        """The unit's PDF handout, rendered now (once per version of its inputs); None without a profile."""
        project, profile = self.project, self.profile
        if project is None or profile is None:
            return None
        key = digest(unit.document, unit.translations, profile)
        with self._handout_lock:
            if key not in self._handouts:
                from pipeline.render.handout import HandoutRenderer
                if self._renderer is None:
                    config = project.config
                    self._renderer = HandoutRenderer(config.root / ".cache" / "handouts", config.content_dir)
                base = profile.base_url or project.config.base_url
                made = self._renderer.render(unit.document, unit.translations, project.source, profile,
                                             base + page_path(unit.translations.locale, unit.document.slug))
                self._handouts[key] = made.pdf
            return self._handouts[key]


def assessed(project: Project, codes: Iterable[str]) -> Project:
    """The sign-offs of ``codes`` assessed again against the documents and catalogs as they are now.

    A re-read catalog or document must carry its review status as :func:`pipeline.project.load_project`
    gives it: a page shows it, and it is part of every unit's fingerprint.
    """
    translations = dict(project.translations)
    for code in sorted(set(codes) & set(translations)):
        own, _ = locale_reviews(project.config, project.documents, translations[code])
        translations[code] = with_reviews(translations[code], project.documents,
                                          {(code, slug): review for slug, review in own.items()})
    return replace(project, translations=translations)


def address(rel: str) -> str:
    """The preview address of a file of the private build: a draft is served at its page's address."""
    if rel.endswith(".draft.html"):
        rel = rel[: -len(".draft.html")] + ".html"
    return "/" + rel
