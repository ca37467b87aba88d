"""``pipeline stats``: translation progress per locale and document."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from pipeline.commands.common import EXIT_OK, emit, say
from pipeline.errors import Finding, ReportedError

if TYPE_CHECKING:
    from pipeline.project import Project

HELP = "translation progress and clinical review coverage per locale and document"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--locale", action="append", dest="locales", metavar="L")


def run(args: argparse.Namespace) -> int:
    from pipeline.catalogs.stats import catalog_progress, document_progress, total
    from pipeline.project import load_project
    project = load_project(args.project, args.locales, skip_broken=True)  # a broken catalog stops only its locale
    rows = [document_progress(doc, project.translations[code])
            for code in project.translations if code != project.config.source_locale
            for doc in project.documents]
    codes = [c for c in project.translations if c != project.config.source_locale]
    if args.format == "json":
        data = {"locales": {code: {"total": total(rows, code).as_dict(),
                                   "documents": [r.as_dict() for r in rows if r.locale == code],
                                   "catalog": catalog_progress(code, project.catalogs[code]).as_dict()}
                            for code in codes}}
        data["review"] = review_coverage(project)
        emit(json.dumps(data, ensure_ascii=False, indent=2))
        return _done(project.broken)
    say(f"{'locale':<8} {'document':<24} {'segments':>8} {'done':>5} {'fuzzy':>5} {'todo':>5} "
        f"{'words':>6} {'%':>6}")
    for code in codes:
        for r in [r for r in rows if r.locale == code] + [total(rows, code)]:
            say(f"{r.locale:<8} {r.document:<24} {r.segments:>8} {r.translated:>5} {r.fuzzy:>5} "
                f"{r.untranslated:>5} {r.words:>6} {r.percent:>5.1f}%")
        c = catalog_progress(code, project.catalogs[code])
        say(f"{code:<8} {'(catalog, with chrome)':<24} {c.entries:>8} {c.translated:>5} {c.fuzzy:>5} "
            f"{c.untranslated:>5} {'':>6} {c.percent:>5.1f}%")
    say("")
    say(f"{'locale':<8} {'document':<24} clinical review (computed from reviews/)")
    for code, coverage in review_coverage(project).items():
        for slug, row in coverage["documents"].items():
            say(f"{code:<8} {slug:<24} {row['label']}")
        say(f"{code:<8} {'(coverage)':<24} {coverage['signed']} of {coverage['total']} documents signed "
            f"({coverage['percent']:.1f}%)")
    return _done(project.broken)


def _done(broken: tuple[Finding, ...]) -> int:
    """Exit 0, or report the catalogs that could not be read (after the others' figures)."""
    if broken:
        raise ReportedError(list(broken))
    return EXIT_OK


def review_coverage(project: Project) -> dict[str, dict[str, Any]]:
    """Per locale (the source first): each document's review state, and how many are signed."""
    result: dict[str, dict[str, Any]] = {}
    for code, tr in project.translations.items():
        rows = {slug: {"state": r.state, "reviewer": r.reviewer, "date": r.date.isoformat() if r.date else None,
                       "changed_segments": r.changed, "label": r.label} for slug, r in tr.signoffs.items()}
        signed = sum(1 for r in tr.signoffs.values() if r.valid)
        total = len(tr.signoffs)
        result[code] = {"signed": signed, "total": total, "percent": round(100.0 * signed / total, 1) if total else 0.0,
                        "documents": rows}
    return result
