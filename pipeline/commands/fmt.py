"""``pipeline fmt [--check] FILE...``: write PO/POT files in GNU gettext's canonical form (as msgcat does)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.common import EXIT_ERRORS, EXIT_OK, say

HELP = "rewrite .po/.pot files in canonical form, byte for byte as `msgcat F -o F`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true",
                        help="change nothing; list the files that would change and exit 1 if any would")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from pipeline.catalogs.canonical import canonical_form
    from pipeline.errors import CatalogError, Finding
    from pipeline.fsutil import write_atomic
    problems: list[Finding] = []
    changed = 0
    for path in args.files:
        try:
            form = canonical_form(path, str(path))
        except CatalogError as exc:
            problems.extend(exc.findings)
            continue
        if not form.changed:
            continue
        changed += 1
        if args.check:
            say(f"{path}: would be reformatted")
        else:
            write_atomic(path, form.canonical)
            say(f"{path}: reformatted")
    if args.check and changed:
        say(f"{changed} file{'' if changed == 1 else 's'} not in canonical form; run `pipeline fmt` on "
            f"{'it' if changed == 1 else 'them'} (it changes only the layout, never the text)")
    if problems:
        raise CatalogError(problems)
    return EXIT_ERRORS if args.check and changed else EXIT_OK
