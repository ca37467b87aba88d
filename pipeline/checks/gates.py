"""Publishing gates: whether a document is published in a locale, and why not.

A translated document is published when

- at least ``min_translated`` percent of its distinct segments are translated (100 by default),
- none of its segments is fuzzy,
- none of its translated segments has a check error, and the catalog's header has none,
- every segment of its critical sections (``<!-- critical -->``) is translated, not fuzzy and free of
  errors, whatever ``min_translated`` says, and the catalog's review status is at least
  ``critical_status`` (``translated`` by default: a machine draft never publishes a critical section).

:func:`decide` is pure: it looks only at its arguments. :func:`decide_project` runs the entry checks
of every catalog of a loaded project and decides every (locale, document) pair; the build calls it.
The English (source) locale is always published.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.build.manifest import code_digest, digest
from pipeline.build.workers import run_units
from pipeline.catalogs.files import CatalogRead, header_line
from pipeline.catalogs.glossary import EMPTY, Glossary, project_glossary
from pipeline.catalogs.translations import Translations
from pipeline.checks.catalog import SourceInfo, check_catalog
from pipeline.content.model import Document, Key, Segment
from pipeline.errors import Finding
from pipeline.fsutil import write_atomic
from pipeline.statuses import REVIEW_RANK, TRANSLATED

if TYPE_CHECKING:
    from pipeline.build.plan import Unit
    from pipeline.project import Project

SHOWN = 3  # how many segments a reason names


@dataclass(frozen=True)
class Gate:
    """The publishing decision for one document in one locale."""

    locale: str
    document: str
    published: bool
    reasons: tuple[str, ...]  # empty when published; otherwise human-readable, with counts and file:line
    segments: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    with_errors: int = 0
    critical_segments: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.segments if self.segments else 100.0

    def as_dict(self) -> dict[str, object]:
        return {"locale": self.locale, "document": self.document, "published": self.published,
                "reasons": list(self.reasons), "segments": self.segments, "translated": self.translated,
                "fuzzy": self.fuzzy, "untranslated": self.untranslated, "with_errors": self.with_errors,
                "critical_segments": self.critical_segments, "percent": round(self.percent, 1)}


def _places(segments: Sequence[Segment]) -> str:
    shown = ", ".join(f"{s.path}:{s.line}" for s in segments[:SHOWN])
    more = len(segments) - SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _finding_places(findings: Sequence[Finding]) -> str:
    shown = ", ".join(f"{f.path}:{f.line} ({f.code})" if f.line else f"{f.path} ({f.code})"
                      for f in findings[:SHOWN])
    more = len(findings) - SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def decide(document: Document, translations: Translations, *, min_translated: float = 100.0,
           errors: Mapping[Key, Sequence[Finding]] | None = None, catalog_errors: Sequence[Finding] = (),
           critical_status: str = TRANSLATED, require_signoff: bool = False, signed: bool = False) -> Gate:
    """Decide whether ``document`` is published in ``translations``' locale.

    ``errors`` maps an entry's key (msgctxt, msgid) to its check findings (only errors count);
    ``catalog_errors`` are findings about the catalog as a whole (its header). With ``require_signoff``,
    a document with critical sections also needs a valid clinical sign-off in the locale (``signed``).
    """
    code = translations.locale.code
    unique: list[Segment] = []
    seen: set[Key] = set()
    for segment in document.segments():
        if segment.key not in seen:
            seen.add(segment.key)
            unique.append(segment)
    if translations.is_source:
        return Gate(code, document.slug, True, (), len(unique), len(unique), 0, 0, 0,
                    sum(s.critical for s in unique))
    errors = errors or {}
    untranslated: list[Segment] = []
    fuzzy: list[Segment] = []
    broken: list[Segment] = []
    broken_findings: list[Finding] = []
    for segment in unique:
        if translations.lookup(segment.key):
            entry_errors = [f for f in errors.get(segment.key, ()) if f.severity == "error"]
            if entry_errors:
                broken.append(segment)
                broken_findings.extend(entry_errors[:1])
        elif segment.key in translations.fuzzy:
            fuzzy.append(segment)
        else:
            untranslated.append(segment)
    total = len(unique)
    translated = total - len(untranslated) - len(fuzzy)
    reasons: list[str] = []
    if total and translated * 100 < min_translated * total:
        needed = f"{min_translated:g}% needed"
        reasons.append(f"{len(untranslated) + len(fuzzy)} of {total} segments are not translated "
                       f"({100.0 * translated / total:.1f}% translated, {needed})"
                       + (f": {_places(untranslated)}" if untranslated else ""))
    if fuzzy:
        reasons.append(f"{_plural(len(fuzzy), 'segment')} {'is' if len(fuzzy) == 1 else 'are'} fuzzy "
                       f"(the English changed since translation): {_places(fuzzy)}")
    if broken:
        reasons.append(f"{_plural(len(broken), 'translated segment')} {'has' if len(broken) == 1 else 'have'} "
                       f"check errors: {_finding_places(broken_findings)}")
    header_errors = [f for f in catalog_errors if f.severity == "error"]
    if header_errors:
        reasons.append(f"the catalog has {_plural(len(header_errors), 'error')}: {_finding_places(header_errors)}")
    critical = [s for s in unique if s.critical]
    if critical:
        incomplete = {s.key for s in untranslated} | {s.key for s in fuzzy}
        with_errors = {s.key for s in broken}
        missing = [s for s in critical if s.key in incomplete]
        wrong = [s for s in critical if s.key in with_errors]
        sections = sorted({s.section or "?" for s in missing + wrong})
        if missing:
            reasons.append(f"critical section {', '.join(repr(x) for x in sections)} is incomplete: "
                           f"{_plural(len(missing), 'segment')} not translated or fuzzy ({_places(missing)}); "
                           "critical sections must always be complete")
        elif wrong:
            reasons.append(f"critical section {', '.join(repr(x) for x in sections)} has check errors "
                           f"({_places(wrong)})")
        status = translations.review.status
        if REVIEW_RANK.get(status, 0) < REVIEW_RANK.get(critical_status, 1):
            reasons.append(f"the document has critical sections, which need a catalog reviewed at least as "
                           f"{critical_status!r}; the catalog's X-Review-Status is {status!r}")
        if require_signoff and not signed:
            reasons.append("the document has critical sections, which need a valid clinical sign-off "
                           "(require_signoff); review it (`pipeline review export`) and sign it "
                           f"(`pipeline review sign {code} --document {document.slug}`)")
    return Gate(code, document.slug, not reasons, tuple(reasons), total, translated, len(fuzzy),
                len(untranslated), len(broken), len(critical))


def decide_project(project: Project, glossary: Glossary | None = None,
                   only: Collection[str] | None = None, jobs: int = 1) -> dict[tuple[str, str], Gate]:
    """Every (locale code, document slug) of a loaded :class:`pipeline.project.Project`, decided.

    Runs the header checks and the entry checks that can find errors on each catalog (the same ones
    ``pipeline check`` runs; the gates look at errors only) and applies :func:`decide` with the
    project's ``min_translated`` and ``critical_status``. With ``only``, just those locales are
    decided; with ``jobs`` above 1, locales are decided in that many forked processes, which inherit
    the project (nothing large is pickled).
    """
    config = project.config
    if glossary is None:
        try:
            glossary = project_glossary(config)
        except Exception:  # a broken glossary is reported by `pipeline check`; gate without it
            glossary = EMPTY
    sources = source_info(project.documents)
    codes = [code for code in project.translations if only is None or code in only]
    chosen: Glossary = glossary

    def one(code: str, _renderer: object = None) -> dict[tuple[str, str], Gate]:
        return _decide_locale(project, code, chosen, sources)

    decisions: dict[tuple[str, str], Gate] = {}
    if jobs > 1 and len(codes) > 1:
        for result in run_units(codes, one, jobs, None):
            decisions.update(result.output)
    else:
        for code in codes:
            decisions.update(one(code))
    return decisions


def _decide_locale(project: Project, code: str, glossary: Glossary,
                   sources: Mapping[Key, SourceInfo]) -> dict[tuple[str, str], Gate]:
    config = project.config
    translations = project.translations[code]
    errors: Mapping[Key, Sequence[Finding]] = {}
    catalog_errors: Sequence[Finding] = ()
    catalog = project.catalogs.get(code)
    if catalog is not None:
        path = config.catalog_path(code)
        shown = config.relative(path)
        try:  # the text gives the findings the lines `pipeline check` and msgfmt report
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        report = check_catalog(CatalogRead(catalog, (), text, True, header_line(text)), shown, code, sources,
                               glossary, errors_only=True)
        errors = report.errors_by_key()
        catalog_errors = report.catalog_findings
    return {(code, document.slug): decide(
        document, translations, min_translated=config.min_translated, errors=errors,
        catalog_errors=catalog_errors, critical_status=config.critical_status,
        require_signoff=config.require_signoff, signed=_signed(translations, document.slug))
        for document in project.documents}


def _signed(translations: Translations, slug: str) -> bool:
    review = translations.signoffs.get(slug)
    return review is not None and review.valid


def source_info(documents: Sequence[Document]) -> dict[Key, SourceInfo]:
    """Link targets, places, roles and criticality of every segment key, from the documents."""
    info: dict[Key, SourceInfo] = {}
    for document in documents:
        for segment in document.segments():
            old = info.get(segment.key)
            place = f"{segment.path}:{segment.line}"
            if old is None:
                info[segment.key] = SourceInfo(segment.links, (place,), segment.critical, (segment.role,))
            else:
                info[segment.key] = SourceInfo(old.links or segment.links, old.places + (place,),
                                               old.critical or segment.critical,
                                               old.roles + ((segment.role,) if segment.role not in old.roles else ()))
    return info


# -- the build's view: decisions per unit, cached per catalog ------------------------------------------

def project_gate(project: Project, jobs: int = 1) -> Callable[[Unit], tuple[bool, tuple[str, ...]]]:
    """The publishing gates of every document in every locale, as the build asks them.

    Deciding runs every check on every catalog entry; the decisions of a locale are kept in
    ``.cache/gates.json`` and reused while its catalog, the documents, the glossary, the settings and
    the pipeline's code are the same. Stale locales are decided in ``jobs`` processes.
    """
    config = project.config
    cache_path = config.root / ".cache" / "gates.json"
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    shared = digest(code_digest(), project.documents, config.min_translated,
                    config.critical_status, _file_digest(config.glossary_file), config.require_signoff)
    keys = {code: digest(shared, _file_digest(config.catalog_path(code)),
                         sorted((slug, r.valid) for slug, r in project.translations[code].signoffs.items()))
            for code in project.catalogs}
    stale = [code for code in project.translations
             if code not in keys or not isinstance(cache.get(code), dict) or cache[code].get("key") != keys[code]]
    decisions: dict[tuple[str, str], tuple[bool, tuple[str, ...]]] = {}
    for code, entry in cache.items():
        if code not in stale and code in keys and isinstance(entry, dict):
            for slug, (published, reasons) in entry.get("decisions", {}).items():
                decisions[(code, slug)] = (bool(published), tuple(reasons))
    if stale:
        for (code, slug), found in decide_project(project, only=stale, jobs=jobs).items():
            decisions[(code, slug)] = (found.published, found.reasons)
        for code in stale:
            if code in keys:
                cache[code] = {"key": keys[code], "decisions": {
                    slug: [p, list(r)] for (c, slug), (p, r) in decisions.items() if c == code}}
        write_atomic(cache_path, json.dumps(cache, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def gate(unit: Unit) -> tuple[bool, tuple[str, ...]]:
        return decisions.get((unit.translations.locale.code, unit.document.slug), (True, ()))
    return gate


def _file_digest(path: Path | None) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path else ""
    except OSError:
        return ""
