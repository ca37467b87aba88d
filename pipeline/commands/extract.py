"""``pipeline extract``: write the catalog template from the content and the page templates."""

from __future__ import annotations

import argparse

from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import load_config

HELP = "write the catalog template locales/<domain>.pot"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``extract`` takes no arguments of its own."""


def run(args: argparse.Namespace) -> int:
    from pipeline.catalogs import workflow
    config = load_config(args.project)
    outcome = workflow.extract(config)
    state = "written" if outcome.written else "unchanged"
    say(f"{config.relative(outcome.path)}: {outcome.entries} entries ({state})")
    return EXIT_OK
