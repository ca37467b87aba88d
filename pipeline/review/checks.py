"""What ``pipeline check`` reports about review: headers that claim more than the sign-offs, reviewers' comments."""

from __future__ import annotations

import re
from collections.abc import Mapping

import polib

from pipeline.catalogs.files import CatalogRead
from pipeline.catalogs.translations import review_status
from pipeline.errors import Finding, warning
from pipeline.review.status import DocumentReview, derived_status
from pipeline.statuses import REVIEWED, TRANSLATED, ReviewStatus

COMMENT_PREFIX = "review"  # translator comments written by `pipeline review import` start with this word
_COMMENT = re.compile(r"^review(?: \(([^)]*)\))?:\s*(.*)$")


def _status_line(read: CatalogRead) -> int:
    for number, raw in enumerate(read.text.split("\n"), start=1):
        if raw.lstrip().startswith(('"X-Review-Status:', 'msgstr "X-Review-Status:')):
            return number
    return read.header_line


def claim_findings(read: CatalogRead, shown: str, reviews: Mapping[str, DocumentReview]) -> list[Finding]:
    """The header's X-Review-Status against the status the sign-offs give."""
    if read.catalog is None:
        return []
    header = review_status(read.catalog)
    derived: ReviewStatus = derived_status(header, list(reviews.values()))
    if header.status == derived.status or header.status not in (TRANSLATED, REVIEWED):
        return []
    signed = sum(1 for r in reviews.values() if r.valid)
    if header.is_reviewed:
        message = (f"X-Review-Status says reviewed, but only {signed} of {len(reviews)} documents have a sign-off "
                   "that matches their current text, so pages and handouts do not say reviewed; "
                   "run `pipeline review sync` to correct the header, or review and sign the rest")
    else:
        message = ("every document has a valid sign-off, but X-Review-Status still says "
                   f"{header.status!r}; run `pipeline review sync`")
    return [warning(shown, _status_line(read), "review-status", message)]


def comment_findings(catalog: polib.POFile | None, shown: str) -> list[Finding]:
    """One warning per entry that carries a reviewer's comment (imported with ``pipeline review import``)."""
    if catalog is None:
        return []
    found = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        notes = [m for m in (_COMMENT.match(line) for line in (entry.tcomment or "").splitlines()) if m]
        if notes:
            who = notes[0].group(1) or "a reviewer"
            text = " / ".join(m.group(2) for m in notes if m.group(2))
            found.append(warning(shown, entry.linenum, "review-comment",
                                 f"{who}: {text[:200]}; act on it, then delete the translator comment"
                                 f"{'s' if len(notes) > 1 else ''} starting with \"{COMMENT_PREFIX}\""))
    return found
