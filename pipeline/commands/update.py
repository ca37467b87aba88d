"""``pipeline update [LOCALE ...]``: merge the template into the catalogs."""

from __future__ import annotations

import argparse
import gc

from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import load_config
from pipeline.errors import Finding, ReportedError

HELP = "merge the template into the catalogs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("locales", nargs="*", metavar="LOCALE")


def run(args: argparse.Namespace) -> int:
    from pipeline.catalogs import workflow  # only the catalog modules: update starts fast on large catalogs
    config = load_config(args.project)
    broken: list[Finding] = []  # a catalog that cannot be read stops only its locale
    # Reading and merging make hundreds of thousands of lasting objects and no garbage cycles: the
    # cycle collector would only walk them again and again (5 % of the instructions at 5,000 entries).
    gc.disable()
    try:
        outcomes = workflow.update(config, config.picked_locales(args.locales), broken)
    finally:
        gc.enable()
    for outcome in outcomes:
        m = outcome.merge
        state = "written" if outcome.written else "unchanged"
        say(f"{config.relative(outcome.path)}: {m.exact} kept, {m.fuzzy} fuzzy, {m.new} new, "
            f"{m.obsoleted} obsolete, {m.revived} revived ({state})")
    if broken:
        raise ReportedError(broken)
    return EXIT_OK
