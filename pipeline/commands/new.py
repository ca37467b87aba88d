"""``pipeline new DIR``: a working project to start from (settings, one example document, a fictional clinic)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.commands.common import EXIT_OK, say
from pipeline.errors import PipelineError, UsageError
from pipeline.fsutil import write_atomic

if TYPE_CHECKING:
    from importlib.abc import Traversable

HELP = "make a new project in DIR: settings, an example document and a fictional example clinic"
GITIGNORE = "# Written by `pipeline build`: rebuilt, never edited.\noutput/\n.cache/\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", type=Path, metavar="DIR", help="the new project's folder (new or empty)")


def scaffold_files() -> dict[str, bytes]:
    """The new project's files by relative path."""
    from importlib import resources  # not at the top: every command imports this module

    files: dict[str, bytes] = {".gitignore": GITIGNORE.encode("utf-8")}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name.startswith((".", "__")):
                continue
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            else:
                files[prefix + child.name] = child.read_bytes()

    walk(resources.files("pipeline") / "scaffold", "")
    return files


def run(args: argparse.Namespace) -> int:
    target: Path = args.directory
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not an empty folder; give the name of a new folder")
    files = scaffold_files()
    try:
        for relative, data in files.items():
            write_atomic(target / relative, data)
    except OSError as exc:
        raise PipelineError(f"cannot write the project into {target}: {exc.strerror}; "
                            "check that the folder can be written") from None
    say(f"{target}: new project, {len(files)} files; next:")
    say(f"  cd {target} && pipeline build        (then open output/index.html)")
    say("  pipeline build --profile profiles/example-clinic.toml   (handouts, with a fictional clinic)")
    say("  pipeline extract && pipeline init es   (add a language)")
    say("  read README.md there for the rest")
    return EXIT_OK
