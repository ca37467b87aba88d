"""``pipeline build``: the fast no-op check first, then read everything, render, write."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import time
from pathlib import Path

from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import Config, load_config
from pipeline.errors import ReportedError, UsageError

# The stages are imported when the build has work to do: a no-op `pipeline build` answers
# without loading the catalog, content and rendering machinery.

log = logging.getLogger(__name__)

HELP = "write the site (pages, handouts) to output/, or a clinic's handouts to clinics/<profile>/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--locale", action="append", dest="locales", metavar="L", help="only this locale (repeatable)")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="a clinic's profile (TOML): builds that clinic's copy into clinics/<profile name>/, "
                             "never into output/")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: the number of cores)")
    parser.add_argument("--shard", metavar="I/N", help="build only shard I of N (for CI matrices; see README)")
    parser.add_argument("--document", action="append", dest="documents", metavar="SLUG",
                        help="only this document (its file name without .md; repeatable); the others are kept")
    parser.add_argument("--output", "-o", type=Path, metavar="DIR",
                        help="write the site into DIR instead of [paths] output of pipeline.toml")


def run(args: argparse.Namespace) -> int:
    from pipeline.build.manifest import Manifest, input_files, parse_shard  # here: other commands start faster
    from pipeline.build.progress import Progress

    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more; give -j 1 to build in one process")
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    started = time.perf_counter()
    config = load_config(args.project)
    for note in unregistered_catalogs(config):
        log.warning(note)
    if args.profile is not None and not args.profile.exists() and (config.root / args.profile).is_file():
        args.profile = config.root / args.profile  # a path inside the project, given with --project DIR
    profile_path = args.profile.resolve() if args.profile else config.default_profile
    # The public site goes to output/ (or --output); a clinic's copy, with its details on pages and
    # handouts, to a folder of its own outside the upload.
    if args.output is not None:
        output_dir = args.output.resolve()
    elif args.profile:
        output_dir = config.root / "clinics" / args.profile.stem
    else:
        output_dir = config.output_dir
    # Draft previews never go into the upload: beside the project's output, or inside a clinic's folder.
    preview_dir = output_dir / "preview" if args.profile and args.output is None else config.root / "preview"
    config = dataclasses.replace(config, output_dir=output_dir)
    reviews = config.reviews_path or config.root / "reviews"  # the sign-offs: pages state the review status
    from pipeline.render.fonts import font_inputs
    inputs = input_files(config.root, config.content_dir, config.locales_dir,
                         [p for p in (profile_path, config.glossary_file) if p] + sorted(reviews.glob("*/*.toml"))
                         + font_inputs())
    shown_profile = config.relative(profile_path) if profile_path else None
    options = f"locales={args.locales or 'all'};profile={shown_profile};shard={args.shard}"
    if args.documents:
        options += f";documents={sorted(args.documents)}"
    if Manifest.load(output_dir, shard, config.root).nothing_changed(output_dir, inputs, options):
        say(f"nothing to do: every output in {_shown(config, output_dir)}/ is current "
            f"({time.perf_counter() - started:.2f} s)")
        return EXIT_OK
    from pipeline.build.plan import draft_path
    from pipeline.build.run import build
    from pipeline.checks.gates import project_gate
    from pipeline.config.profile import load_profile
    from pipeline.locales import locale_info
    from pipeline.project import load_project
    project = load_project(args.project, args.locales, skip_broken=True)  # a broken catalog stops only its locale
    project = dataclasses.replace(project, config=config)
    if args.documents:
        slugs = [d.slug for d in project.documents]
        unknown = [slug for slug in args.documents if slug not in slugs]
        if unknown:
            raise UsageError(f"no document {', '.join(unknown)} in {_shown(config, config.content_dir)}/; "
                             f"give one of: {', '.join(slugs)}")
    profile = load_profile(args.profile, str(args.profile)) if args.profile else None
    bar = Progress(0)

    def progress(done: int, total: int, label: str) -> None:
        if bar.total != total:
            bar.total, bar.enabled = total, bar.enabled or Progress(total).enabled
        bar.step(label)

    try:
        summary = build(project, profile, jobs=args.jobs, shard=shard, on_progress=progress,
                        gate=project_gate(project, args.jobs), inputs=() if project.broken else inputs,
                        options=options, documents=args.documents, output_dir=output_dir,
                        preview_dir=preview_dir)
    finally:
        bar.close()
    for item in summary.locales:
        count = item.fallback_segments
        note = f", {count} segment{'' if count == 1 else 's'} shown in English" if count else ""
        say(f"{item.locale}: {item.pages} page{'' if item.pages == 1 else 's'}{note}")
    out = _shown(config, output_dir)
    preview = _shown(config, preview_dir)
    for unit, reasons in sorted(summary.held_back.items()):
        code, slug = unit.split("/", 1)
        kept = ("; its published page stays online until a full build (every locale and document) takes it down"
                if unit in summary.kept_online else "")
        say(f"held back {unit}: draft preview {draft_path(locale_info(code), slug, preview)} "
            "(not linked, no handout): " + "; ".join(reasons) + kept)
    for unit, day in sorted(summary.catching_up.items()):
        say(f"kept online {unit}: the English changed on {day}; edited parts are shown in English "
            "until the translation is updated")
    say(f"built {summary.built}, skipped {summary.skipped}, held back {len(summary.held_back)}, "
        f"{summary.written} files written, {summary.seconds:.1f} s")
    say(f"the site is in {out}/: open {out}/index.html" +
        (f"; draft previews are in {preview}/" if summary.held_back else ""))
    log.info("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in summary.timings.items()))
    if project.broken:
        skipped = [c for c in (args.locales or project.config.locales) if c not in project.translations]
        say(f"not built: {', '.join(skipped)} (its catalog has errors; the other locales were built)")
        raise ReportedError(list(project.broken))
    return EXIT_OK


def _shown(config: Config, path: Path) -> str:
    return config.relative(path).rstrip("/")


def unregistered_catalogs(config: Config) -> list[str]:
    """Catalogs in the locales folder whose locale pipeline.toml does not list: the build skips them."""
    notes = []
    if config.locales_dir.is_dir():
        for path in sorted(config.locales_dir.glob(f"*/LC_MESSAGES/{config.domain}.po")):
            code = path.parent.parent.name
            if code not in config.locales and code != config.source_locale:
                notes.append(f"{config.relative(path)} is not built: {code} is not in [project] locales of "
                             f"pipeline.toml; register it with `pipeline init {code}`")
    return notes
