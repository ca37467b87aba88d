"""The ``pipeline`` command line: parse the arguments, run one command, turn errors into exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from pipeline.commands import build, check, extract, fmt, init, new, pseudo, review, serve, stats, update
from pipeline.commands.common import EXIT_ERRORS, EXIT_INTERNAL, EXIT_USAGE, set_quiet
from pipeline.errors import PipelineError, ReportedError, UsageError

log = logging.getLogger("pipeline")

# One module per command, in the order ``--help`` lists them.
COMMANDS: dict[str, ModuleType] = {
    "new": new, "extract": extract, "init": init, "update": update, "build": build, "check": check, "stats": stats,
    "fmt": fmt, "pseudo": pseudo, "review": review, "serve": serve,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}; see `{self.prog} --help`")


def version() -> str:
    """``pipeline 0.1.0 (Python 3.11.9, WeasyPrint 66.0)``: what a bug report needs."""
    import platform
    from importlib import metadata  # only for --version: every command starts faster without it

    def of(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"
    return (f"pipeline {of('patient-info-pipeline')} (Python {platform.python_version()}, "
            f"WeasyPrint {of('weasyprint')})")


class _Version(argparse.Action):
    """``--version``: the versions are looked up only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(version())
        parser.exit()


def _common(parser: argparse.ArgumentParser, default: object) -> None:
    """-v and -q, accepted before and after the command (after it, they override nothing when absent)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", action="store_true", default=default, help="say more about what is done")
    group.add_argument("-q", "--quiet", action="store_true", default=default,
                       help="print only problems (errors and warnings)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pipeline", description="Patient information: content → catalogs → pages and handouts.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the versions and exit")
    parser.add_argument("-C", "--project", type=Path, default=Path("."), metavar="DIR",
                        help="the project folder (holding pipeline.toml); default: the current folder")
    _common(parser, False)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    for name, module in COMMANDS.items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        _common(command, argparse.SUPPRESS)
        module.add_arguments(command)
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
    except SystemExit as exc:  # --help, --version
        return int(exc.code or 0)
    if args.verbose and args.quiet:
        print("usage error: -v and -q ask for opposite things; give one of them; see `pipeline --help`",
              file=sys.stderr)
        return EXIT_USAGE
    set_quiet(args.quiet)
    root_logger = logging.getLogger("pipeline")
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING)
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
        set_quiet(False)
