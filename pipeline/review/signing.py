"""Signing documents, and keeping each catalog's ``X-Review-Status`` header in step with its sign-offs."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from pipeline.catalogs.files import write_catalog
from pipeline.catalogs.translations import review_status, source_translations
from pipeline.content.model import Document
from pipeline.errors import UsageError
from pipeline.locales import locale_info
from pipeline.review.digest import document_texts
from pipeline.review.records import SignOff, make_signoff, record_path, write_signoff
from pipeline.review.status import reviews_dir
from pipeline.statuses import REVIEWED, ReviewStatus

if TYPE_CHECKING:
    from pipeline.project import Project

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signed:
    """One sign-off written."""

    record: SignOff
    path: str
    english_shown: int  # segments the reviewer read in English because they are not translated


def load_for(root: Path, code: str) -> Project:
    """The project as one locale's review needs it: its catalog only (none for the source locale)."""
    from pipeline.config.schema import load_config
    from pipeline.content.reader import read_documents
    from pipeline.project import Project, load_project
    from pipeline.review.status import project_reviews, with_reviews
    config = load_config(root)
    if code != config.source_locale:
        if code not in config.locales:
            raise UsageError(f"locale {code!r} is not in {config.config_path.name} "
                             f"(configured: {config.source_locale}, {', '.join(config.locales)})")
        return load_project(root, [code])
    documents = read_documents(config.content_dir, config.root)
    translations = {code: source_translations(locale_info(code))}
    reviews, _ = project_reviews(config, documents, translations)
    return Project(config, documents, {}, {code: with_reviews(translations[code], documents, reviews)})


def pick_documents(project: Project, slugs: Sequence[str] | None) -> list[Document]:
    """The documents named (all of them when ``slugs`` is empty); UsageError for an unknown slug."""
    if not slugs:
        return list(project.documents)
    known = {d.slug: d for d in project.documents}
    unknown = [s for s in slugs if s not in known]
    if unknown:
        folder = project.config.relative(project.config.content_dir)
        raise UsageError(f"no document {', '.join(repr(s) for s in unknown)} in {folder}/ "
                         f"(documents: {', '.join(sorted(known))})")
    return [known[s] for s in dict.fromkeys(slugs)]


def check_reviewer(by: str) -> str:
    name, _, role = by.partition(",")
    if not name.strip() or not role.strip():
        raise UsageError('--by must name the reviewer and their role: --by "NAME, ROLE", '
                         'for example --by "Dr Ana Ruiz, paediatric haematologist"')
    if any(ch in by for ch in "\n\r\t<>"):
        raise UsageError("--by must be plain text on one line")
    return by.strip()


def sign(project: Project, locale: str, documents: Sequence[Document], by: str, date: dt.date) -> list[Signed]:
    """Write a sign-off for each document in ``locale``, covering exactly the text it shows now."""
    config = project.config
    translations = project.translations[locale]
    folder = reviews_dir(config)
    done = []
    for document in documents:
        texts = document_texts(document, translations)
        record = make_signoff(locale, document.slug, check_reviewer(by), date, texts)
        path = record_path(folder, locale, document.slug)
        write_signoff(path, record, translations.is_source)
        log.info("signed %s", config.relative(path))
        done.append(Signed(record, config.relative(path),
                           0 if translations.is_source else sum(1 for t in texts if not t.translation)))
    return done


def sync_header(catalog: polib.POFile, derived: ReviewStatus) -> bool:
    """Set the catalog's X-Review-Status (and who and when) to what the sign-offs say; True when it changed.

    A machine draft stays a machine draft: a sign-off is a clinician's, not a translator's.
    """
    current = review_status(catalog)
    if current.is_machine:
        return False
    wanted = {"X-Review-Status": derived.status, "X-Reviewed-By": derived.reviewed_by,
              "X-Review-Date": derived.review_date}
    if derived.status != REVIEWED:
        wanted["X-Reviewed-By"], wanted["X-Review-Date"] = "", ""
    if all(catalog.metadata.get(k, "") == v for k, v in wanted.items()):
        return False
    catalog.metadata.update(wanted)
    return True


def sync_headers(project: Project, locales: Sequence[str]) -> list[str]:
    """Rewrite the headers that disagree with the sign-offs; the paths written."""
    from pipeline.review.status import derived_status
    written = []
    config = project.config
    for code in locales:
        catalog = project.catalogs.get(code)
        if catalog is None:
            continue
        reviews = list(project.translations[code].signoffs.values())
        if sync_header(catalog, derived_status(review_status(catalog), reviews)):
            write_catalog(config.catalog_path(code), catalog)
            written.append(config.relative(config.catalog_path(code)))
    return written
