"""The ``pipeline`` command line: extract, init, update, build, stats."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.config.schema import load_config
from pipeline.errors import PipelineError, ReportedError, UsageError
from pipeline.build.manifest import Manifest, input_files, parse_shard
from pipeline.build.progress import Progress

# The stages are imported by the commands that use them: a no-op `pipeline build` answers
# without loading the catalog, content and rendering machinery.

log = logging.getLogger("pipeline")

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pipeline", description="Patient information: content → catalogs → pages and handouts.")
    parser.add_argument("-C", "--project", type=Path, default=Path("."), metavar="DIR",
                        help="the project folder (holding pipeline.toml); default: the current folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about what is done")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("extract", help="write the catalog template locales/<domain>.pot")
    p = sub.add_parser("init", help="create the catalog of a new locale")
    p.add_argument("locale", help="gettext locale name, e.g. es, pt_BR, zh_Hans")
    p.add_argument("--status", default="translated", choices=["machine-draft", "translated", "reviewed"],
                   help="review status written in the header (default: translated)")
    p = sub.add_parser("update", help="merge the template into the catalogs")
    p.add_argument("locales", nargs="*", metavar="LOCALE")
    p = sub.add_parser("build", help="write pages (and handouts) to output/")
    p.add_argument("--locale", action="append", dest="locales", metavar="L", help="only this locale (repeatable)")
    p.add_argument("--profile", type=Path, metavar="FILE", help="clinic profile (TOML); default from pipeline.toml")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the number of cores)")
    p.add_argument("--shard", metavar="I/N", help="build only shard I of N (for CI matrices; see README)")
    p = sub.add_parser("check", help="check content and translations; exit 1 when there are errors")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--locale", action="append", dest="locales", metavar="L", help="only this locale (repeatable)")
    p = sub.add_parser("stats", help="translation progress per locale and document")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--locale", action="append", dest="locales", metavar="L")
    return parser


def _say(text: str) -> None:
    print(text)


def _run(args: argparse.Namespace) -> int:
    root: Path = args.project
    if args.command == "build":
        return _build(args)
    from pipeline.catalogs import workflow
    from pipeline.project import load_project, pick_locales
    from pipeline.catalogs.stats import catalog_progress, document_progress, total
    if args.command == "extract":
        config = load_config(root)
        outcome = workflow.extract(config)
        state = "written" if outcome.written else "unchanged"
        _say(f"{config.relative(outcome.path)}: {outcome.entries} entries ({state})")
        return EXIT_OK
    if args.command == "init":
        config = load_config(root)
        outcome = workflow.init(config, args.locale, args.status)
        _say(f"{config.relative(outcome.path)}: created, {len(outcome.merge.catalog)} entries")
        return EXIT_OK
    if args.command == "update":
        config = load_config(root)
        for outcome in workflow.update(config, pick_locales(config, args.locales)):
            m = outcome.merge
            state = "written" if outcome.written else "unchanged"
            _say(f"{config.relative(outcome.path)}: {m.exact} kept, {m.fuzzy} fuzzy, {m.new} new, "
                 f"{m.obsoleted} obsolete, {m.revived} revived ({state})")
        return EXIT_OK
    if args.command == "check":
        from pipeline.checks.report import run_check
        return run_check(root, locales=args.locales, strict=args.strict, output_format=args.format, say=_say)
    if args.command == "stats":
        project = load_project(root, args.locales)
        rows = [document_progress(doc, project.translations[code])
                for code in project.translations if code != project.config.source_locale
                for doc in project.documents]
        codes = [c for c in project.translations if c != project.config.source_locale]
        if args.format == "json":
            data = {"locales": {code: {"total": total(rows, code).as_dict(),
                                       "documents": [r.as_dict() for r in rows if r.locale == code],
                                       "catalog": catalog_progress(code, project.catalogs[code]).as_dict()}
                                for code in codes}}
            _say(json.dumps(data, ensure_ascii=False, indent=2))
            return EXIT_OK
        _say(f"{'locale':<8} {'document':<24} {'segments':>8} {'done':>5} {'fuzzy':>5} {'todo':>5} "
             f"{'words':>6} {'%':>6}")
        for code in codes:
            for r in [r for r in rows if r.locale == code] + [total(rows, code)]:
                _say(f"{r.locale:<8} {r.document:<24} {r.segments:>8} {r.translated:>5} {r.fuzzy:>5} "
                     f"{r.untranslated:>5} {r.words:>6} {r.percent:>5.1f}%")
            c = catalog_progress(code, project.catalogs[code])
            _say(f"{code:<8} {'(catalog, with chrome)':<24} {c.entries:>8} {c.translated:>5} {c.fuzzy:>5} "
                 f"{c.untranslated:>5} {'':>6} {c.percent:>5.1f}%")
        return EXIT_OK
    raise UsageError(f"unknown command {args.command!r}")


def _build(args: argparse.Namespace) -> int:
    """``pipeline build``: the fast no-op check first, then read everything, render, write."""
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    started = time.perf_counter()
    config = load_config(args.project)
    profile_path = args.profile.resolve() if args.profile else config.default_profile
    inputs = input_files(config.root, config.content_dir, config.locales_dir,
                         [profile_path] if profile_path else [])
    options = f"locales={args.locales or 'all'};profile={profile_path};shard={args.shard}"
    if Manifest.load(config.output_dir, shard).nothing_changed(config.output_dir, inputs, options):
        _say(f"nothing to do: every output is current ({time.perf_counter() - started:.2f} s)")
        return EXIT_OK
    from pipeline.build.run import build
    from pipeline.checks.gates import project_gate
    from pipeline.config.profile import load_profile
    from pipeline.project import load_project
    project = load_project(args.project, args.locales)
    profile = load_profile(args.profile, str(args.profile)) if args.profile else None
    bar = Progress(0)

    def progress(done: int, total: int, label: str) -> None:
        if bar.total != total:
            bar.total, bar.enabled = total, bar.enabled or Progress(total).enabled
        bar.step(label)

    try:
        summary = build(project, profile, jobs=args.jobs, shard=shard, on_progress=progress,
                        gate=project_gate(project, args.jobs), inputs=inputs, options=options)
    finally:
        bar.close()
    for item in summary.locales:
        note = f", {item.fallback_segments} segments shown in English" if item.fallback_segments else ""
        _say(f"{item.locale}: {item.pages} pages{note}")
    for unit, reasons in sorted(summary.held_back.items()):
        _say(f"held back {unit} (draft preview only): " + "; ".join(reasons))
    _say(f"built {summary.built}, skipped {summary.skipped}, held back {len(summary.held_back)}, "
         f"{summary.written} files written, {summary.seconds:.1f} s")
    log.info("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in summary.timings.items()))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 errors found, 2 usage error)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    try:
        args = _parser().parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        print(f"usage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    root_logger = logging.getLogger("pipeline")
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    try:
        return _run(args)
    except UsageError as exc:
        print(f"usage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ReportedError as exc:
        for finding in exc.findings:
            print(finding.format(), file=sys.stderr)
        count = sum(1 for f in exc.findings if f.severity == "error")
        print(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return EXIT_ERRORS
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the pipeline, not in the user's files
        if args.verbose:
            raise
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "this is a bug in the pipeline; run again with --verbose for the traceback and report it",
              file=sys.stderr)
        return 3
    finally:
        root_logger.removeHandler(handler)
