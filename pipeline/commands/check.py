"""``pipeline check``: check content and translations; exit 1 when there are errors."""

from __future__ import annotations

import argparse

from pipeline.commands.common import say

HELP = "check content and translations; exit 1 when there are errors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--locale", action="append", dest="locales", metavar="L", help="only this locale (repeatable)")


def run(args: argparse.Namespace) -> int:
    from pipeline.checks.report import run_check
    return run_check(args.project, locales=args.locales, strict=args.strict, output_format=args.format, say=say)
