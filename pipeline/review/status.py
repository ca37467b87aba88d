"""Review status computed from the sign-off records and the current text, never taken from a claim.

A document is *signed* in a locale while its sign-off's digest matches the text it would show now;
*changed* when a sound sign-off exists but the English or the translation changed since; *none*
without a sound sign-off (no record, or one edited by hand). The catalog-wide status that tools read
in ``X-Review-Status`` is derived from these: ``reviewed`` only when every document is signed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalogs.translations import Translations
from pipeline.config.schema import Config
from pipeline.content.model import Document
from pipeline.errors import Finding, error, warning
from pipeline.review.digest import SegmentText, document_texts, text_digest
from pipeline.review.records import ReadRecord, SignedSegment, SignOff, read_signoff, record_path
from pipeline.statuses import REVIEWED, TRANSLATED, ReviewStatus

log = logging.getLogger(__name__)

SIGNED, CHANGED, NONE = "signed", "changed", "none"


@dataclass(frozen=True)
class DocumentReview:
    """The clinical review of one document in one locale, as the pages and handouts state it."""

    state: str = NONE  # signed, changed or none
    reviewer: str = ""
    role: str = ""
    date: dt.date | None = None
    changed: int = 0  # segments whose English or translation changed since the sign-off

    @property
    def valid(self) -> bool:
        return self.state == SIGNED

    @property
    def label(self) -> str:
        """The status in English, for tools and stats."""
        if self.state == SIGNED:
            return f"reviewed by {self.reviewer} on {self.date}"
        if self.state == CHANGED:
            return f"reviewed on {self.date}, changed since ({self.changed} segment{'s' * (self.changed != 1)})"
        return "not yet reviewed"


NOT_REVIEWED = DocumentReview()


@dataclass(frozen=True)
class Change:
    """A segment that differs from what was signed."""

    kind: str  # english (the English changed), translation (only the translation), added, removed
    old: SignedSegment | None
    new: SegmentText | None


def reviews_dir(config: Config) -> Path:
    return config.reviews_path or config.root / "reviews"


def changes(record: SignOff, current: Sequence[SegmentText]) -> list[Change]:
    """What differs between the signed segments and the current ones, aligned by their English."""
    old_keys = [(s.context, s.english) for s in record.segments]
    new_keys = [(s.context, s.english) for s in current]
    found: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for old, new in zip(record.segments[a0:a1], current[b0:b1], strict=True):
                if old.translation != new.translation:
                    found.append(Change("translation", old, new))
        elif tag == "replace":
            olds, news = record.segments[a0:a1], current[b0:b1]
            for i in range(max(len(olds), len(news))):
                old_segment = olds[i] if i < len(olds) else None
                new_segment = news[i] if i < len(news) else None
                kind = "english" if old_segment and new_segment else ("added" if new_segment else "removed")
                found.append(Change(kind, old_segment, new_segment))
        elif tag == "insert":
            found.extend(Change("added", None, new) for new in current[b0:b1])
        else:
            found.extend(Change("removed", old, None) for old in record.segments[a0:a1])
    return found


def assess(record: SignOff | None, current: Sequence[SegmentText]) -> DocumentReview:
    if record is None:
        return NOT_REVIEWED
    if record.digest == text_digest(current):
        return DocumentReview(SIGNED, record.reviewer, record.role, record.date)
    return DocumentReview(CHANGED, record.reviewer, record.role, record.date, len(changes(record, current)))


def read_record(config: Config, locale: str, document: str, is_source: bool) -> ReadRecord | None:
    """The verified record of ``document`` in ``locale``, or None when there is none."""
    path = record_path(reviews_dir(config), locale, document)
    if not path.is_file():
        return None
    shown = config.relative(path)
    read = read_signoff(path, shown, is_source)
    if read.record is not None and (read.record.locale != locale or read.record.document != document):
        return ReadRecord(shown, None, (error(shown, None, "review-record",
                                              f"the record is for {read.record.locale}/{read.record.document}, "
                                              f"but its place says {locale}/{document}; sign again"),))
    return read


def locale_reviews(config: Config, documents: Sequence[Document], translations: Translations
                   ) -> tuple[dict[str, DocumentReview], list[Finding]]:
    """The review of every document in one locale, and the problems of its records."""
    code = translations.locale.code
    reviews: dict[str, DocumentReview] = {}
    findings: list[Finding] = []
    for document in documents:
        read = read_record(config, code, document.slug, translations.is_source)
        if read is not None:
            findings.extend(read.findings)
        record = read.record if read is not None and read.sound else None
        reviews[document.slug] = assess(record, document_texts(document, translations))
    return reviews, findings


def orphan_findings(config: Config, documents: Sequence[Document]) -> list[Finding]:
    """Sign-offs of a locale or document the project no longer has."""
    folder = reviews_dir(config)
    slugs = {d.slug for d in documents}
    known = set(config.locales) | {config.source_locale}
    if not folder.is_dir():
        return []
    return [warning(config.relative(path), None, "review-orphan",
                    "a sign-off for a locale or document the project does not have; "
                    "delete it if the document was removed or renamed")
            for path in sorted(folder.glob("*/*.toml")) if path.parent.name not in known or path.stem not in slugs]


def project_reviews(config: Config, documents: Sequence[Document], translations: Mapping[str, Translations]
                    ) -> tuple[dict[tuple[str, str], DocumentReview], list[Finding]]:
    """The review of every (locale, document), and every problem with the records (orphans included)."""
    reviews: dict[tuple[str, str], DocumentReview] = {}
    findings: list[Finding] = []
    for code, tr in translations.items():
        own, problems = locale_reviews(config, documents, tr)
        reviews.update({(code, slug): review for slug, review in own.items()})
        findings.extend(problems)
    return reviews, findings + orphan_findings(config, documents)


def derived_status(header: ReviewStatus, reviews: Sequence[DocumentReview]) -> ReviewStatus:
    """The catalog's status from its sign-offs: a machine draft stays one; ``reviewed`` needs every document signed."""
    if header.is_machine:
        return header
    if reviews and all(r.valid for r in reviews):
        names = sorted({r.reviewer for r in reviews})
        last = max(r.date for r in reviews if r.date is not None)
        return ReviewStatus(REVIEWED, ", ".join(names), last.isoformat())
    return ReviewStatus(TRANSLATED)


def with_reviews(translations: Translations, documents: Sequence[Document],
                 reviews: Mapping[tuple[str, str], DocumentReview]) -> Translations:
    """``translations`` carrying the review of each document, and the catalog status derived from them."""
    from dataclasses import replace
    code = translations.locale.code
    own = {d.slug: reviews.get((code, d.slug), NOT_REVIEWED) for d in documents}
    review = translations.review if translations.is_source else derived_status(translations.review, list(own.values()))
    return replace(translations, signoffs=own, review=review)
