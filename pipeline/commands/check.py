"""``pipeline check [FILE ...]``: check content and translations; exit 1 when there are errors."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.commands.common import emit, is_quiet, say
from pipeline.errors import UsageError

HELP = "check content and translations; exit 1 when there are errors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="only these catalogs (locales/L/LC_MESSAGES/DOMAIN.po), the template or content files; "
                             "default: the whole project")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--locale", action="append", dest="locales", metavar="L", help="only this locale (repeatable)")


def _file_of(project: Path, path: Path) -> Path:
    """A FILE argument: as given (relative to the current folder), or relative to the project folder."""
    if path.exists() or path.is_absolute():
        return path.resolve()
    return (project / path).resolve()


def files_to_locales(project: Path, files: list[Path]) -> tuple[list[str], list[str]]:
    """The locales and the project-relative paths that FILE arguments name; UsageError for other files."""
    from pipeline.config.schema import load_config
    config = load_config(project)
    locales: list[str] = []
    shown: list[str] = []
    catalogs = {config.catalog_path(code).resolve(): code for code in config.locales}
    for given in files:
        path = _file_of(config.root, given)
        if not path.is_file():
            raise UsageError(f"{given}: no such file; give the path of a catalog such as "
                             f"{config.relative(config.catalog_path(config.locales[0] if config.locales else 'es'))}")
        if path in catalogs:
            locales.append(catalogs[path])
        elif path.suffix == ".po" and path.parent.name == "LC_MESSAGES":
            code = path.parent.parent.name
            raise UsageError(f"{given}: locale {code!r} is not in pipeline.toml's [project] locales; "
                             f"register it with `pipeline init {code}` (or add it to locales)")
        elif path != config.template_path.resolve() and not path.is_relative_to(config.content_dir.resolve()):
            raise UsageError(f"{given} is not a catalog, the template or a content file of the project at "
                             f"{config.root}; give one of those, or name the project with --project DIR")
        shown.append(config.relative(path))
    return locales, shown


def run(args: argparse.Namespace) -> int:
    from pipeline.checks.report import run_check
    locales, only = args.locales, None
    if args.files:
        named, only = files_to_locales(args.project, args.files)
        locales = sorted(set(named) | set(args.locales or [])) or None
    return run_check(args.project, locales=locales, strict=args.strict, output_format=args.format,
                     say=emit if args.format == "json" else say, only=only, quiet=is_quiet(), finding=emit)
