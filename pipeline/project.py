"""A project read whole: configuration, documents and every locale's translations, before anything is written."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from pipeline.catalogs.files import read_catalog
from pipeline.catalogs.glossary import project_glossary
from pipeline.catalogs.translations import Translations, source_translations, translations_from_catalog
from pipeline.config.schema import Config, load_config
from pipeline.content.model import Document
from pipeline.content.reader import read_documents
from pipeline.errors import CatalogError, ConfigError, ContentError, Finding, ReportedError
from pipeline.locales import LocaleInfo, locale_info

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Project:
    config: Config
    documents: tuple[Document, ...]
    catalogs: dict[str, polib.POFile]
    translations: dict[str, Translations]  # by locale code, the source locale included
    broken: tuple[Finding, ...] = ()  # catalogs that could not be read (their locales are left out)

    @property
    def source(self) -> LocaleInfo:
        return locale_info(self.config.source_locale)


def load_project(root: Path, locales: list[str] | None = None, *, skip_broken: bool = False) -> Project:
    """Read configuration, content and catalogs; report the problems of all files together.

    With ``skip_broken``, a catalog that cannot be read stops only its locale: the project is
    returned without it, and its findings are in ``Project.broken``.
    """
    config = load_config(root)
    picked = config.picked_locales(locales)
    findings: list[Finding] = []
    documents: tuple[Document, ...] = ()
    try:
        documents = read_documents(config.content_dir, config.root)
    except ContentError as exc:
        findings.extend(exc.findings)
    catalogs: dict[str, polib.POFile] = {}
    broken: list[Finding] = []
    source = source_translations(locale_info(config.source_locale))
    translations: dict[str, Translations] = {config.source_locale: source}
    for code in picked:
        path = config.catalog_path(code)
        shown = config.relative(path)
        if missing := config.missing_catalog(code):
            (broken if skip_broken else findings).append(missing)
            continue
        try:
            catalog = read_catalog(path, shown)
        except CatalogError as exc:
            (broken if skip_broken else findings).extend(exc.findings)
            continue
        catalogs[code] = catalog
        translations[code] = translations_from_catalog(catalog, locale_info(code))
    try:
        glossary = project_glossary(config)
    except ConfigError as exc:
        findings.extend(exc.findings)
    else:
        for code in catalogs:
            translations[code] = replace(translations[code], links=glossary.link_map(code))
    if findings:
        raise ReportedError(findings)
    from pipeline.review.status import project_reviews, with_reviews
    reviews, problems = project_reviews(config, documents, translations)
    for problem in problems:  # `pipeline check` reports them; the pages say "not yet reviewed"
        log.warning("%s", problem.format())
    translations = {code: with_reviews(tr, documents, reviews) for code, tr in translations.items()}
    return Project(config, documents, catalogs, translations, tuple(broken))
