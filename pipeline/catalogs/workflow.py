"""Catalog workflow commands as functions: extract the template, create and update catalogs."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.catalogs.files import (
    UpdateOutcome,
    catalog_header,
    now_stamp,
    read_catalog,
    update_catalog_file,
    write_catalog,
)
from pipeline.catalogs.write import format_po
from pipeline.config.schema import Config
from pipeline.errors import CatalogError, Finding, ReportedError, UsageError
from pipeline.fsutil import write_if_changed
from pipeline.locales import is_valid_name, locale_info
from pipeline.statuses import MACHINE_DRAFT, REVIEW_STATUSES, TRANSLATED

log = logging.getLogger(__name__)
_DATE_LINE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.M)


@dataclass(frozen=True)
class ExtractOutcome:
    path: Path
    entries: int
    written: bool


def extract(config: Config) -> ExtractOutcome:
    """Write ``locales/<domain>.pot``; keep the file (and its date) untouched when no entry changed."""
    from pipeline.catalogs.extract import build_template, template_messages  # Babel and Jinja: extract only
    from pipeline.content.reader import read_documents
    documents = read_documents(config.content_dir, config.root)
    chrome = template_messages()
    path = config.template_path
    old_date = None
    if path.is_file():
        match = _DATE_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
        old_date = match.group(1) if match else None
    if old_date:
        same = build_template(documents, chrome, config.name, old_date)
        if path.read_bytes() == format_po(same).encode("utf-8"):
            return ExtractOutcome(path, len(same), False)
    pot = build_template(documents, chrome, config.name, now_stamp())
    written = write_catalog(path, pot)
    return ExtractOutcome(path, len(pot), written)


def _template(config: Config) -> polib.POFile:
    path = config.template_path
    if not path.is_file():
        raise UsageError(f"{config.relative(path)} does not exist; run `pipeline extract` first")
    return read_catalog(path, config.relative(path))


def init(config: Config, code: str, status: str = TRANSLATED) -> UpdateOutcome:
    """Create the catalog of a new locale from the template (the same bytes an update would give)."""
    if not is_valid_name(code):
        raise UsageError(f"{code!r} is not a gettext locale name known to CLDR; use one such as es, pt_BR or zh_Hans")
    if status not in REVIEW_STATUSES:
        raise UsageError(f"review status must be one of {', '.join(REVIEW_STATUSES)}; give one of them to --status")
    path = config.catalog_path(code)
    if path.exists():
        raise UsageError(f"{config.relative(path)} exists already; use `pipeline update {code}`")
    template = _template(config)
    base = catalog_header(template, locale_info(code), config.name, status)
    return update_catalog_file(template, path, code, config.relative(path), base=base)


def pseudo(config: Config, locales: tuple[str, ...]) -> list[tuple[Path, int, bool]]:
    """Write each pseudo-locale's catalog: every entry of the template pseudo-translated (path, entries, written)."""
    from pipeline.catalogs.pseudo import is_pseudo, pseudo_catalog
    unknown = [code for code in locales if not is_pseudo(code)]
    if unknown:
        raise UsageError(f"not a pseudo-locale: {', '.join(unknown)} (use en_XA or ar_XB)")
    template = _template(config)
    done: list[tuple[Path, int, bool]] = []
    for code in locales:
        path = config.catalog_path(code)
        catalog = pseudo_catalog(template, catalog_header(template, locale_info(code), config.name, MACHINE_DRAFT))
        done.append((path, len(catalog), write_catalog(path, catalog)))
    return done


def update(config: Config, locales: tuple[str, ...], broken: list[Finding] | None = None) -> list[UpdateOutcome]:
    """Merge the template into each catalog; read every catalog before writing any.

    With ``broken`` (a list), a catalog that cannot be read stops only its locale: its findings are
    added there and the other catalogs are updated. Without it, any such finding stops them all.
    """
    template = _template(config)
    findings: list[Finding] = []
    targets: list[tuple[str, Path, polib.POFile]] = []
    for code in locales:
        path = config.catalog_path(code)
        shown = config.relative(path)
        if missing := config.missing_catalog(code):
            findings.append(missing)
            continue
        try:
            targets.append((code, path, read_catalog(path, shown)))
        except CatalogError as exc:
            findings.extend(exc.findings)
    if findings and broken is None:
        raise ReportedError(findings)
    if broken is not None:
        broken.extend(findings)
    known = _canonical_files(config)
    outcomes = [update_catalog_file(template, path, code, config.relative(path), base=catalog,
                                    canonical=set(known.values()))
                for code, path, catalog in targets]
    known.update((config.relative(outcome.path), outcome.digest) for outcome in outcomes)
    _save_canonical_files(config, known)
    return outcomes


def _canonical_state(config: Config) -> Path:
    return config.root / ".cache" / "canonical-catalogs"


def _canonical_files(config: Config) -> dict[str, str]:
    """The catalogs update last wrote, with the SHA-256 of their canonical bytes (a missing or damaged
    record only makes the next update format every entry)."""
    try:
        text = _canonical_state(config).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    known: dict[str, str] = {}
    for line in text.splitlines():
        digest, _, shown = line.partition(" ")
        if len(digest) == 64 and shown:
            known[shown] = digest
    return known


def _save_canonical_files(config: Config, known: dict[str, str]) -> None:
    text = "".join(f"{digest} {shown}\n" for shown, digest in sorted(known.items()))
    try:
        write_if_changed(_canonical_state(config), text.encode("utf-8"))
    except OSError as exc:  # only a speed-up is lost
        log.debug("cannot record the canonical catalogs in %s: %s", _canonical_state(config), exc)
