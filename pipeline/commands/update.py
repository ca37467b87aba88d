"""``pipeline update [LOCALE ...]``: merge the template into the catalogs."""

from __future__ import annotations

import argparse

from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import load_config

HELP = "merge the template into the catalogs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("locales", nargs="*", metavar="LOCALE")


def run(args: argparse.Namespace) -> int:
    from pipeline.catalogs import workflow
    from pipeline.project import pick_locales
    config = load_config(args.project)
    for outcome in workflow.update(config, pick_locales(config, args.locales)):
        m = outcome.merge
        state = "written" if outcome.written else "unchanged"
        say(f"{config.relative(outcome.path)}: {m.exact} kept, {m.fuzzy} fuzzy, {m.new} new, "
            f"{m.obsoleted} obsolete, {m.revived} revived ({state})")
    return EXIT_OK
