"""``pipeline pseudo [LOCALE ...]``: write the catalogs of pseudo-locales from the template."""

from __future__ import annotations

import argparse

from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import load_config

HELP = "write pseudo-translated catalogs (en_XA: accented and longer, ar_XB: right to left) for testing"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("locales", nargs="*", metavar="LOCALE",
                        help="pseudo-locales to write (default: en_XA and ar_XB)")


def run(args: argparse.Namespace) -> int:
    from pipeline.catalogs import workflow
    from pipeline.catalogs.pseudo import PSEUDO_LOCALES
    config = load_config(args.project)
    for path, count, written in workflow.pseudo(config, tuple(args.locales or PSEUDO_LOCALES)):
        say(f"{config.relative(path)}: {count} entries ({'written' if written else 'unchanged'})")
    if not all(code in config.locales for code in (args.locales or PSEUDO_LOCALES)):
        say("to build them, list them in [project] locales of a development copy of "
            f"{config.config_path.name} (never in the published one)")
    return EXIT_OK
