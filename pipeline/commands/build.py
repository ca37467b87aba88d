"""``pipeline build``: the fast no-op check first, then read everything, render, write."""

from __future__ import annotations

import argparse
import logging
import os
import time
from pathlib import Path

from pipeline.build.manifest import Manifest, input_files, parse_shard
from pipeline.build.progress import Progress
from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import load_config
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


def run(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    started = time.perf_counter()
    config = load_config(args.project)
    profile_path = args.profile.resolve() if args.profile else config.default_profile
    # The public site goes to output/; a clinic's copy (its details on pages and handouts) to its own folder.
    output_dir = config.root / "clinics" / args.profile.stem if args.profile else config.output_dir
    inputs = input_files(config.root, config.content_dir, config.locales_dir,
                         [p for p in (profile_path, config.glossary_file) if p])
    shown_profile = config.relative(profile_path) if profile_path else None
    options = f"locales={args.locales or 'all'};profile={shown_profile};shard={args.shard}"
    if Manifest.load(output_dir, shard, config.root).nothing_changed(output_dir, inputs, options):
        say(f"nothing to do: every output is current ({time.perf_counter() - started:.2f} s)")
        return EXIT_OK
    from pipeline.build.run import build
    from pipeline.checks.gates import project_gate
    from pipeline.config.profile import load_profile
    from pipeline.project import load_project
    project = load_project(args.project, args.locales, skip_broken=True)  # a broken catalog stops only its locale
    profile = load_profile(args.profile, str(args.profile)) if args.profile else None
    bar = Progress(0)

    def progress(done: int, total: int, label: str) -> None:
        if bar.total != total:
            bar.total, bar.enabled = total, bar.enabled or Progress(total).enabled
        bar.step(label)

    try:
        summary = build(project, profile, jobs=args.jobs, shard=shard, on_progress=progress,
                        gate=project_gate(project, args.jobs), inputs=() if project.broken else inputs,
                        options=options, output_dir=output_dir)
    finally:
        bar.close()
    for item in summary.locales:
        note = f", {item.fallback_segments} segments shown in English" if item.fallback_segments else ""
        say(f"{item.locale}: {item.pages} pages{note}")
    for unit, reasons in sorted(summary.held_back.items()):
        say(f"held back {unit} (draft preview only): " + "; ".join(reasons))
    for unit, day in sorted(summary.catching_up.items()):
        say(f"kept online {unit}: the English changed on {day}; edited parts are shown in English "
            "until the translation is updated")
    say(f"built {summary.built}, skipped {summary.skipped}, held back {len(summary.held_back)}, "
        f"{summary.written} files written, {summary.seconds:.1f} s")
    log.info("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in summary.timings.items()))
    if project.broken:
        skipped = [c for c in (args.locales or project.config.locales) if c not in project.translations]
        say(f"not built: {', '.join(skipped)} (its catalog has errors; the other locales were built)")
        raise ReportedError(list(project.broken))
    return EXIT_OK
