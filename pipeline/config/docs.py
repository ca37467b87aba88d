"""``docs/config.md`` written from the declared options: ``python -m pipeline.config.docs [--check]``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.config.options import Option, Schema
from pipeline.fsutil import write_atomic

log = logging.getLogger(__name__)

DOCS_PATH = Path(__file__).resolve().parents[2] / "docs" / "config.md"


def _schemas() -> tuple[Schema, ...]:
    from pipeline.catalogs.glossary import SCHEMA as GLOSSARY
    from pipeline.config.profile import SCHEMA as PROFILE
    from pipeline.config.schema import SCHEMA as CONFIG
    return CONFIG, PROFILE, GLOSSARY


def _default(option: Option) -> str:
    if option.required:
        return "**required**"
    value = option.default
    if value is None or value == "" or value == ():
        return "optional"
    if isinstance(value, str):
        return f'default `"{value}"`'
    if isinstance(value, bool):  # as TOML writes it
        return f"default `{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        return f"default `{int(value)}`"
    return f"default `{value!r}`"


def render_docs(schemas: Sequence[Schema] | None = None) -> str:
    """The Markdown reference of every declared key."""
    out = ["# Configuration reference", "",
           "<!-- Written by `python -m pipeline.config.docs` from the declarations in pipeline/config/schema.py, "
           "pipeline/config/profile.py and pipeline/catalogs/glossary.py; do not edit by hand. -->", "",
           "Every file below is checked as a whole: each problem is reported as `FILE:LINE`, and a key that "
           "is not listed here is an error that names the nearest known key, so a misspelt key never falls "
           "back to its default silently.", ""]
    for schema in schemas or _schemas():
        out += [f"## {schema.title}", "", schema.doc, ""]
        for table, doc in schema.tables.items():
            out += [f"### `[{table}]`", "", doc, ""]
            options = [o for o in schema.options if o.table == table]
            if not options:
                continue
            out += ["| key | type | | what it does |", "| --- | --- | --- | --- |"]
            for option in options:
                example = f" Example: `{option.key} = {option.example}`." if option.example else ""
                doc_text = (option.doc + example).replace("|", "\\|")
                out.append(f"| `{option.key}` | {option.kind.describe} | {_default(option)} | {doc_text} |")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.config.docs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/config.md is not up to date")
    parser.add_argument("--output", type=Path, default=DOCS_PATH)
    args = parser.parse_args(argv)
    text = render_docs()
    current = args.output.read_text(encoding="utf-8") if args.output.is_file() else None
    if args.check:
        if current != text:
            print(f"{args.output}: out of date; run `python -m pipeline.config.docs` to rewrite it", file=sys.stderr)
            return 1
        return 0
    if current != text:
        write_atomic(args.output, text.encode("utf-8"))
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
