"""The ``pipeline`` command line: parse the arguments, run one command, turn errors into exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from pipeline.commands import build, check, extract, init, review, stats, update
from pipeline.commands.common import EXIT_ERRORS, EXIT_INTERNAL, EXIT_USAGE
from pipeline.errors import PipelineError, ReportedError, UsageError

log = logging.getLogger("pipeline")

# One module per command, in the order ``--help`` lists them.
COMMANDS: dict[str, ModuleType] = {
    "extract": extract, "init": init, "update": update, "build": build, "check": check, "stats": stats,
    "review": review,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pipeline", description="Patient information: content → catalogs → pages and handouts.")
    parser.add_argument("-C", "--project", type=Path, default=Path("."), metavar="DIR",
                        help="the project folder (holding pipeline.toml); default: the current folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about what is done")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module in COMMANDS.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP))
    return parser


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
        return int(COMMANDS[args.command].run(args))
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
        return EXIT_INTERNAL
    finally:
        root_logger.removeHandler(handler)
