"""Review packets: one document in one locale, English and translation side by side, for a clinician to review.

A packet lists every segment with its id, the English and the text the locale shows; what changed since
the last sign-off (the old and the new English, or the old and the new translation); the check
findings and the meaning changes of each segment; the glossary terms it uses; and room for comments.
It is written as HTML, as a printable PDF and as a comments sheet (CSV) that ``pipeline review import``
reads back. Packets go to ``review-packets/``, never into the published site.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from pipeline.catalogs.files import CatalogRead
from pipeline.catalogs.glossary import EMPTY, Glossary, project_glossary
from pipeline.checks.catalog import check_catalog
from pipeline.checks.content import check_content
from pipeline.checks.gates import source_info
from pipeline.checks.translation import meaning_changes
from pipeline.content.model import Document, Key
from pipeline.errors import ConfigError, Finding, UsageError
from pipeline.locales import LocaleInfo
from pipeline.review.digest import SegmentText, document_texts, text_digest
from pipeline.review.records import SignedSegment, record_path, review_date
from pipeline.review.status import NOT_REVIEWED, Change, DocumentReview, changes, read_record, reviews_dir

if TYPE_CHECKING:
    from pipeline.project import Project

log = logging.getLogger(__name__)

PACKETS = "review-packets"


@dataclass(frozen=True)
class Row:
    """One segment of the packet."""

    text: SegmentText
    change: Change | None
    findings: tuple[Finding, ...]
    meaning: tuple[str, ...]  # what changed in meaning since the sign-off (numbers, negations, terms)
    terms: tuple[tuple[str, str], ...]  # (English term, the approved translation in this locale)

    @property
    def english_html(self) -> Markup:
        """The English; words added since the sign-off are marked."""
        if self.change is not None and self.change.kind == "english" and self.change.old is not None:
            return diff_html(self.change.old.english, self.text.english)[1]
        return escape(self.text.english)

    @property
    def old_english_html(self) -> Markup | None:
        """The English as signed, words since removed or replaced marked; None when it did not change."""
        if self.change is not None and self.change.kind == "english" and self.change.old is not None:
            return diff_html(self.change.old.english, self.text.english)[0]
        return None

    @property
    def old_translation(self) -> str | None:
        if self.change is not None and self.change.old is not None \
                and self.change.old.translation != self.text.translation:
            return self.change.old.translation
        return None


@dataclass(frozen=True)
class Packet:
    """Everything one packet shows."""

    project: str
    document: Document
    locale: LocaleInfo
    source: LocaleInfo
    is_source: bool
    rows: tuple[Row, ...]
    removed: tuple[SignedSegment, ...]  # signed segments the document no longer has
    review: DocumentReview
    signed_on: dt.date | None
    digest: str  # of the text in this packet: `pipeline review sign --expect` checks it
    generated: dt.date
    record: str  # where the sign-off is kept
    problems: tuple[str, ...] = ()  # why the sign-off record does not count (edited by hand, unreadable)

    @property
    def changed(self) -> int:
        return sum(1 for r in self.rows if r.change is not None) + len(self.removed)

    @property
    def terms(self) -> tuple[tuple[str, str], ...]:
        return tuple(dict.fromkeys(t for r in self.rows for t in r.terms))

    @property
    def untranslated(self) -> int:
        return 0 if self.is_source else sum(1 for r in self.rows if not r.text.translation)


def diff_html(old: str, new: str) -> tuple[Markup, Markup]:
    """Both versions of a text, word by word: removed words in ``<del>`` in the old, added in ``<ins>`` in the new."""
    a, b = old.split(" "), new.split(" ")
    left: list[Markup] = []
    right: list[Markup] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        before, after = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if tag == "equal":
            left.append(before)
            right.append(after)
            continue
        if i2 > i1:
            left.append(Markup("<del>%s</del>") % before)
        if j2 > j1:
            right.append(Markup("<ins>%s</ins>") % after)
    return Markup(" ").join(left), Markup(" ").join(right)


def _findings_by_key(project: Project, code: str, glossary: Glossary) -> dict[Key, list[Finding]]:
    config = project.config
    catalog = project.catalogs.get(code)
    if catalog is None:
        return {}
    shown = config.relative(config.catalog_path(code))
    report = check_catalog(CatalogRead(catalog, (), "", True, 1), shown, code, source_info(project.documents),
                           glossary)
    return report.by_key


def _content_findings(project: Project) -> dict[tuple[str, int], list[Finding]]:
    found: dict[tuple[str, int], list[Finding]] = {}
    for finding in check_content(project.config).findings:
        if finding.line:
            found.setdefault((finding.path, finding.line), []).append(finding)
    return found


def build_packet(project: Project, code: str, document: Document, glossary: Glossary,
                 findings: Mapping[Key, Sequence[Finding]], content: Mapping[tuple[str, int], Sequence[Finding]],
                 today: dt.date) -> Packet:
    """The packet of ``document`` in ``code`` (pure but for reading the sign-off record)."""
    config = project.config
    translations = project.translations[code]
    texts = document_texts(document, translations)
    read = read_record(config, code, document.slug, translations.is_source)
    record = read.record if read is not None and read.sound else None
    found = {c.new.id: c for c in changes(record, texts) if c.new is not None} if record else {}
    removed = tuple(c.old for c in changes(record, texts) if c.new is None and c.old is not None) if record else ()
    rows = []
    for text in texts:
        change = found.get(text.id)
        meaning: tuple[str, ...] = ()
        if change is not None and change.old is not None and change.kind == "english":
            meaning = tuple(meaning_changes(change.old.english, text.english, glossary))
        row_findings = list(content.get((text.path, text.line), ()))
        if not translations.is_source:
            row_findings += list(findings.get((text.context, text.english), ()))
        terms = tuple((t.english, " / ".join(t.translations.get(code, ())) or "(no approved form)")
                      for t in glossary.terms_in(text.english)) if not translations.is_source else tuple(
            (t.english, t.note) for t in glossary.terms_in(text.english))
        rows.append(Row(text, change, tuple(row_findings), meaning, terms))
    review = translations.signoffs.get(document.slug, NOT_REVIEWED)
    return Packet(config.name, document, translations.locale, project.source, translations.is_source, tuple(rows),
                  removed, review, record.date if record else None, text_digest(texts), today,
                  config.relative(record_path(reviews_dir(config), code, document.slug)),
                  tuple(f.format() for f in read.findings) if read is not None else ())


def packet_paths(folder: Path, code: str, slug: str) -> dict[str, Path]:
    base = folder / code
    return {"html": base / f"{slug}.html", "pdf": base / f"{slug}.pdf", "csv": base / f"{slug}.comments.csv"}


def export_packets(root: Path, code: str, slugs: Sequence[str] | None,
                   output: Path | None, pdf: bool = True) -> list[str]:
    """Write the packets of ``code`` (every document, or those named); the lines to tell the user."""
    from pipeline.fsutil import write_atomic
    from pipeline.review.comments import sheet_csv
    from pipeline.review.packet_render import packet_html, packet_pdf
    from pipeline.review.signing import load_for, pick_documents
    project = load_for(root, code)
    config = project.config
    folder = (output if output is not None else config.root / PACKETS).resolve()
    if folder == config.output_dir.resolve() or folder.is_relative_to(config.output_dir.resolve()):
        raise UsageError(f"review packets must not go into {config.relative(config.output_dir)}/, the published "
                         "site: they hold unpublished text and reviewers' notes; choose another --output")
    try:
        glossary = project_glossary(config)
    except ConfigError:
        glossary = EMPTY  # `pipeline check` reports a broken glossary
    findings = {} if code == config.source_locale else _findings_by_key(project, code, glossary)
    content = _content_findings(project)
    today = review_date()
    lines = []
    for document in pick_documents(project, slugs):
        packet = build_packet(project, code, document, glossary, findings, content, today)
        paths = packet_paths(folder, code, document.slug)
        write_atomic(paths["html"], packet_html(packet).encode("utf-8"))
        write_atomic(paths["csv"], sheet_csv(packet))
        written = [paths["html"], paths["csv"]]
        if pdf:
            write_atomic(paths["pdf"], packet_pdf(packet, config.root / ".cache" / "handouts"))
            written.append(paths["pdf"])
        state = packet.review.label
        lines.append(f"{code}: {document.slug}: {len(packet.rows)} segments, {packet.changed} changed since the "
                     f"last sign-off, {state}: " + ", ".join(config.relative(p) for p in written))
    return lines
