"""``pipeline check``: check the content, the glossary, the template and every catalog; report findings.

Findings are printed as ``path:line: error|warning: code: message`` (or, with ``--format json``, as
a JSON object ``{"findings": [...], "summary": {...}}``). The exit code is 0 when there are no errors,
1 when there are, 2 on a usage error; ``--strict`` turns warnings into errors. The checks themselves
are in :mod:`pipeline.checks.content` and :mod:`pipeline.checks.catalog`; the publishing decision
for each (locale, document) comes from :mod:`pipeline.checks.gates` and is part of the summary.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.catalogs.files import load_catalog
from pipeline.catalogs.glossary import Glossary, load_glossary
from pipeline.catalogs.translations import source_translations, translations_from_catalog
from pipeline.checks.catalog import check_catalog
from pipeline.checks.content import check_content, readability_of
from pipeline.checks.gates import Gate, decide, source_info
from pipeline.checks.readability import Limits, problems
from pipeline.config.schema import Config, load_config
from pipeline.content.model import Document
from pipeline.errors import ConfigError, Finding, ReportedError, UsageError, warning
from pipeline.locales import is_valid_name, locale_info

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json")


@dataclass
class CheckReport:
    """Everything ``pipeline check`` found in a project."""

    findings: list[Finding] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)
    locales: dict[str, dict[str, object]] = field(default_factory=dict)
    files: int = 0
    readability: list[dict[str, object]] = field(default_factory=list)  # figures per document

    def sorted_findings(self) -> list[Finding]:
        unique = set(self.findings)
        return sorted(unique, key=lambda f: (f.path, f.line or 0, f.severity != "error", f.code, f.message))


def _coverage(documents: Sequence[Document], keys: set[tuple[str | None, str]], shown: str, what: str,
              fix: str) -> list[Finding]:
    missing = []
    seen: set[tuple[str | None, str]] = set()
    for document in documents:
        for segment in document.segments():
            if segment.key not in keys and segment.key not in seen:
                seen.add(segment.key)
                missing.append(segment)
    if not missing:
        return []
    first = ", ".join(f"{s.path}:{s.line}" for s in missing[:3]) + (" ..." if len(missing) > 3 else "")
    return [warning(shown, None, what, f"{len(missing)} segment(s) of content/ are not in this file "
                                       f"({first}); {fix}")]


def check_project(root: Path, locales: Sequence[str] | None = None) -> CheckReport:
    """Run every check; ConfigError when the configuration cannot be read, UsageError for unknown locales."""
    config = load_config(root)
    picked = config.picked_locales(list(locales) if locales else None)
    report = CheckReport()
    glossary, found = load_glossary(config.glossary_file, config.relative(config.glossary_file), config.locales)
    report.findings.extend(found)
    content = check_content(config)
    report.findings.extend(content.findings)
    report.files += len(content.documents) + len(content.failed)
    documents = content.documents
    limits = Limits(config.max_grade, config.max_avg_sentence_words, config.max_sentence_words)
    for document in documents:
        r = readability_of(document)
        report.readability.append({
            "document": document.path, "words": r.words, "sentences": r.sentences,
            "grade": round(r.grade, 1), "avg_sentence_words": round(r.avg_sentence_words, 1),
            "longest_sentence_words": r.longest_sentence_words, "within_limits": not problems(r, limits)})
    sources = source_info(documents)
    template_path = config.template_path
    if template_path.is_file():
        read = load_catalog(template_path, config.relative(template_path), template=True)
        report.files += 1
        report.findings.extend(read.findings)
        if read.catalog is not None and not content.failed:
            keys = {(e.msgctxt, e.msgid) for e in read.catalog if not e.obsolete}
            report.findings.extend(_coverage(documents, keys, config.relative(template_path), "template-outdated",
                                             "run `pipeline extract`"))
    else:
        report.findings.append(warning(config.relative(template_path), None, "template-missing",
                                       "the catalog template does not exist; run `pipeline extract`"))
    for code in picked:
        report.locales[code] = _check_locale(config, code, documents, sources, glossary, report,
                                             content_ok=not content.failed)
    if not content.failed:
        from pipeline.review.status import locale_reviews, orphan_findings
        source = source_translations(locale_info(config.source_locale))
        english, review_problems = locale_reviews(config, documents, source)
        report.findings.extend(review_problems)
        report.findings.extend(orphan_findings(config, documents))
        from pipeline.review.comments import kept_findings
        report.findings.extend(kept_findings(config, documents))
        report.locales.setdefault(config.source_locale, {})["review"] = _review_summary(english)
    return report


def _review_summary(reviews: dict) -> dict[str, object]:
    return {"signed": sum(1 for r in reviews.values() if r.valid), "documents": len(reviews),
            "states": {slug: r.state for slug, r in reviews.items()}}


def _check_locale(config: Config, code: str, documents: Sequence[Document], sources: dict, glossary: Glossary,
                  report: CheckReport, content_ok: bool) -> dict[str, object]:
    path = config.catalog_path(code)
    shown = config.relative(path)
    summary: dict[str, object] = {"catalog": shown}
    if missing := config.missing_catalog(code):
        report.findings.append(missing)
        summary["readable"] = False
        _unpublished(report, code, documents, f"the catalog {shown} does not exist")
        return summary
    report.files += 1
    read = load_catalog(path, shown)
    result = check_catalog(read, shown, code, sources, glossary)
    report.findings.extend(result.findings)
    summary["readable"] = read.catalog is not None
    if read.catalog is None:
        _unpublished(report, code, documents, f"the catalog {shown} cannot be read (see its errors)")
        return summary
    summary["review_status"] = result.review_status
    keys = {(e.msgctxt, e.msgid) for e in read.catalog if not e.obsolete}
    if content_ok:
        report.findings.extend(_coverage(documents, keys, shown, "catalog-outdated",
                                         "run `pipeline extract` and `pipeline update`"))
    if not is_valid_name(code):  # pragma: no cover - the configuration allows only valid names
        return summary
    translations = translations_from_catalog(read.catalog, locale_info(code))
    errors = result.errors_by_key()
    from pipeline.review.checks import claim_findings, comment_findings
    from pipeline.review.status import locale_reviews, with_reviews
    reviews, problems = locale_reviews(config, documents, translations) if content_ok else ({}, [])
    # The gates see the review status the build sees: derived from the sign-offs, not the header's claim.
    translations = with_reviews(translations, documents, {(code, slug): r for slug, r in reviews.items()})
    report.findings.extend(problems + claim_findings(read, shown, reviews) if content_ok else [])
    report.findings.extend(comment_findings(read.catalog, shown))
    summary["review"] = _review_summary(reviews)
    for document in documents:
        review = reviews.get(document.slug)
        report.gates.append(decide(document, translations, min_translated=config.min_translated, errors=errors,
                                   catalog_errors=result.catalog_findings,
                                   critical_status=config.critical_status, require_signoff=config.require_signoff,
                                   signed=review is not None and review.valid))
    return summary


def _unpublished(report: CheckReport, code: str, documents: Sequence[Document], reason: str) -> None:
    for document in documents:
        report.gates.append(Gate(code, document.slug, False, (reason,)))


def _strict(findings: list[Finding]) -> list[Finding]:
    return [replace(f, severity="error") if f.severity == "warning" else f for f in findings]


def limits_text(root: Path) -> str:
    try:
        config = load_config(Path(root))
    except ConfigError:
        return "?"
    return (f"{config.max_grade:g}; sentences: average {config.max_avg_sentence_words:g}, "
            f"longest {config.max_sentence_words}")


def run_check(root: Path, locales: Sequence[str] | None = None, strict: bool = False, output_format: str = "text",
              say: Callable[[str], None] = print, only: Sequence[str] | None = None, quiet: bool = False,
              finding: Callable[[str], None] | None = None) -> int:
    """Check the project at ``root``; print findings through ``finding`` (default ``say``), the rest through ``say``.

    ``only``: report just the findings in these project-relative files (and in pipeline.toml).
    ``quiet``: print the findings only, without the readability, publishing and summary lines.
    """
    if output_format not in FORMATS:
        print(f"usage error: --format must be one of {', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = check_project(Path(root), locales)
    except UsageError as exc:
        print(f"usage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ConfigError, ReportedError) as exc:
        report = CheckReport(findings=list(exc.findings))
    findings = report.sorted_findings()
    if only is not None:
        keep = set(only) | {"pipeline.toml"}
        findings = [f for f in findings if f.path in keep]
        report.readability = [r for r in report.readability if r["document"] in keep]
    if strict:
        findings = _strict(findings)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if output_format == "json":
        data = {
            "findings": [f.as_dict() for f in findings],
            "summary": {
                "errors": errors,
                "warnings": warnings,
                "strict": strict,
                "files": report.files,
                "by_code": dict(sorted(Counter(f.code for f in findings).items())),
                "locales": report.locales,
                "publishing": [g.as_dict() for g in report.gates],
                "readability": report.readability,
            },
        }
        say(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for item in findings:
            (finding or say)(item.format())
        if quiet:
            return EXIT_ERRORS if errors else EXIT_OK
        for r in report.readability:
            say(f"{r['document']}: readability: grade {r['grade']} (limit {limits_text(root)}), "
                f"{r['words']} words, average sentence {r['avg_sentence_words']} words, longest "
                f"{r['longest_sentence_words']} words: {'within limits' if r['within_limits'] else 'OVER THE LIMITS'}")
        for gate in report.gates:
            state = "published" if gate.published else "not published: " + "; ".join(gate.reasons)
            say(f"{gate.locale}: {gate.document}: {state}")
        say(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
            f"{' (strict: warnings count as errors)' if strict else ''}")
    return EXIT_ERRORS if errors else EXIT_OK
