"""``pipeline init LOCALE``: create the catalog of a new locale."""

from __future__ import annotations

import argparse

from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import load_config

HELP = "create the catalog of a new locale"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("locale", help="gettext locale name, e.g. es, pt_BR, zh_Hans")
    parser.add_argument("--status", default="translated", choices=["machine-draft", "translated", "reviewed"],
                        help="review status written in the header (default: translated)")


def run(args: argparse.Namespace) -> int:
    from pipeline.catalogs import workflow
    config = load_config(args.project)
    outcome = workflow.init(config, args.locale, args.status)
    say(f"{config.relative(outcome.path)}: created, {len(outcome.merge.catalog)} entries")
    return EXIT_OK
