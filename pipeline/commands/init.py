"""``pipeline init LOCALE``: create the catalog of a new locale and register it in pipeline.toml."""

from __future__ import annotations

import argparse

from pipeline.commands.common import EXIT_OK, say
from pipeline.config.schema import load_config
from pipeline.errors import UsageError
from pipeline.locales import is_valid_name, nearest_name
from pipeline.statuses import REVIEW_STATUSES, TRANSLATED

HELP = "create the catalog of a new locale and add it to pipeline.toml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("locale", help="gettext locale name, e.g. es, pt_BR, zh_Hans")
    parser.add_argument("--status", default=TRANSLATED, choices=list(REVIEW_STATUSES),
                        help="review status written in the header (default: translated)")


def check_name(code: str, source: str) -> None:
    """UsageError for the source locale or a name that is not a gettext locale name (with the nearest valid one)."""
    if code == source:
        raise UsageError(f"{code} is the source locale, the language the content is written in: it has no "
                         "catalog; give the locale to translate into, such as es or pt_BR")
    if not is_valid_name(code):
        near = nearest_name(code)
        if near == source:
            raise UsageError(f"{code!r} is the source locale {source} written differently; give the locale to "
                             "translate into, such as es or pt_BR")
        hint = f'did you mean "{near}"? run `pipeline init {near}`' if near else \
            "use a gettext locale name such as es, pt_BR or zh_Hans"
        raise UsageError(f"{code!r} is not a gettext locale name known to CLDR; {hint}")


def run(args: argparse.Namespace) -> int:
    from pipeline.catalogs import workflow
    from pipeline.config.edit import add_locale
    config = load_config(args.project)
    code = args.locale
    check_name(code, config.source_locale)
    path = config.catalog_path(code)
    if path.exists():
        if code in config.locales:
            raise UsageError(f"{config.relative(path)} exists already; run `pipeline update {code}` to bring it "
                             "up to date with the template")
        say(f"{config.relative(path)}: exists already, kept as it is")
    else:
        outcome = workflow.init(config, code, args.status)
        say(f"{config.relative(outcome.path)}: created, {len(outcome.merge.catalog)} entries")
    if add_locale(config.config_path, code):
        say(f"pipeline.toml: added {code} to [project] locales; next: translate, then "
            f"`pipeline check --locale {code}` and `pipeline build`")
    return EXIT_OK
