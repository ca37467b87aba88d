"""Reviewers' comments: a spreadsheet (CSV) beside each packet, and ``pipeline review import`` to bring it back.

A reviewer needs no translation tool: they open ``<document>.comments.csv`` in any spreadsheet program,
fill in *verdict* (ok, wrong or question), *comment* and *suggestion*, and send it back. On import, a
comment on a translation becomes a translator comment on its catalog entry (``# review (NAME, DATE):
...``), which ``pipeline check`` reports until a translator deletes it; a *wrong* verdict also flags the
entry fuzzy, so the translation is not shown to patients until a translator has looked at it. The
translation itself is never changed: a suggestion is kept in the comment. Comments on the English, and
comments on segments that have changed since the packet, are kept in ``reviews/<locale>/<document>.comments.csv``
and reported by ``pipeline check`` too. Nothing a reviewer wrote is dropped.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import Finding, ReportedError, error, warning
from pipeline.fsutil import write_atomic
from pipeline.review.packet import Packet

if TYPE_CHECKING:
    from pipeline.config.schema import Config
    from pipeline.content.model import Document

log = logging.getLogger(__name__)

COLUMNS = ("document", "locale", "number", "segment id", "section", "english", "translation",
           "verdict", "comment", "suggestion")
VERDICTS = ("", "ok", "wrong", "question")


def _csv(rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes spreadsheet programs read UTF-8


def _cell(text: str) -> str:
    """A text cell that a spreadsheet program will not run as a formula (a translation is untrusted text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def sheet_csv(packet: Packet) -> bytes:
    """The comments sheet of a packet: one row per segment, the last three columns for the reviewer."""
    rows = [list(COLUMNS)]
    for row in packet.rows:
        t = row.text
        rows.append([packet.document.slug, packet.locale.code, str(t.number), t.id, _cell(t.section or ""),
                     _cell(t.english), "" if packet.is_source else _cell(t.translation), "", "", ""])
    return _csv(rows)


@dataclass(frozen=True)
class Comment:
    """One row of a returned sheet that says something."""

    line: int
    document: str
    locale: str
    segment: str
    english: str
    verdict: str
    comment: str
    suggestion: str
    row: tuple[str, ...]

    def text(self, by: str, date: str) -> str:
        who = ", ".join(x for x in (by, date) if x)
        parts = [f"[{self.verdict}]" if self.verdict else "", self.comment.strip(),
                 f"suggestion: {self.suggestion.strip()}" if self.suggestion.strip() else ""]
        body = " ".join(p for p in parts if p).replace("\r", " ").replace("\n", " ")
        return f"review ({who}): {body}" if who else f"review: {body}"


def read_sheet(path: Path, shown: str) -> list[Comment]:
    """The rows of a returned sheet that carry a verdict other than ok, a comment or a suggestion."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportedError([error(shown, None, "review-sheet", "not UTF-8; save the sheet as \"CSV UTF-8\"")]) \
            from None
    except OSError as exc:
        raise ReportedError([error(shown, None, "review-sheet", f"cannot read the sheet: {exc.strerror}")]) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # spreadsheets in many locales save with ";"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise ReportedError([error(shown, 1, "review-sheet", "the sheet is empty")])
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ReportedError([error(shown, 1, "review-sheet", f"the sheet has no column {', '.join(missing)}; "
                                   "use the sheet exported beside the packet and keep its first row")])
    at = {name: header.index(name) for name in COLUMNS}
    found: list[Comment] = []
    problems: list[Finding] = []
    for number, row in enumerate(rows[1:], start=2):
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in at.items()}
        verdict = cell["verdict"].lower()
        if verdict not in VERDICTS:
            problems.append(error(shown, number, "review-sheet", f"verdict {cell['verdict']!r} is not one of "
                                  "ok, wrong, question (or empty)"))
            continue
        if (verdict in ("", "ok")) and not cell["comment"] and not cell["suggestion"]:
            continue
        found.append(Comment(number, cell["document"], cell["locale"], cell["segment id"], cell["english"],
                             verdict, cell["comment"], cell["suggestion"], tuple(row)))
    if problems:
        raise ReportedError(problems)
    return found


def kept_path(config: Config, locale: str, document: str) -> Path:
    from pipeline.review.status import reviews_dir
    return reviews_dir(config) / locale / f"{document}.comments.csv"


def _keep(config: Config, comments: Sequence[Comment], by: str, date: str) -> list[str]:
    """Append comments that have no catalog entry to land on to their kept sheet; the paths written."""
    groups: dict[Path, list[Comment]] = {}
    for c in comments:
        groups.setdefault(kept_path(config, c.locale, c.document), []).append(c)
    written = []
    for path, items in groups.items():
        old = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))) if path.is_file() \
            else [list(COLUMNS) + ["reviewer", "date"]]
        rows = old + [[c.document, c.locale, "", c.segment, "", c.english, "", c.verdict, c.comment, c.suggestion,
                       by, date] for c in items if [c.document, c.locale, "", c.segment, "", c.english, "", c.verdict,
                                                     c.comment, c.suggestion, by, date] not in old]
        write_atomic(path, _csv(rows))
        written.append(config.relative(path))
    return written


def import_sheet(root: Path, sheet: Path, by: str) -> list[str]:
    """Bring a returned sheet's comments into the catalogs (and kept sheets); the lines to tell the user."""
    from pipeline.catalogs.files import write_catalog
    from pipeline.project import load_project
    from pipeline.review.digest import segment_id, unique_segments
    from pipeline.review.records import review_date
    project = load_project(root)
    config = project.config
    shown = str(sheet)
    comments = read_sheet(sheet, shown)
    documents = {d.slug: d for d in project.documents}
    bad = [error(shown, c.line, "review-sheet", f"no document {c.document!r} or locale {c.locale!r} in this project")
           for c in comments if c.document not in documents
           or (c.locale not in project.catalogs and c.locale != config.source_locale)]
    if bad:
        raise ReportedError(bad)
    date = review_date().isoformat()
    kept: list[Comment] = []
    touched: dict[str, int] = {}
    flagged = 0
    for c in comments:
        segments = {segment_id(s.context, s.msgid): s for s in unique_segments(documents[c.document])}
        segment = segments.get(c.segment)
        catalog = project.catalogs.get(c.locale)
        entry = catalog.find(segment.msgid, msgctxt=segment.context) if segment and catalog is not None else None
        if entry is None:
            kept.append(c)  # the English, or a segment whose English changed since the packet
            continue
        note = c.text(by, date)
        lines = (entry.tcomment or "").splitlines()
        if note not in lines:
            entry.tcomment = "\n".join(lines + [note])
            touched[c.locale] = touched.get(c.locale, 0) + 1
        if c.verdict == "wrong" and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
            flagged += 1
    out = []
    for code, count in touched.items():
        write_catalog(config.catalog_path(code), project.catalogs[code])
        out.append(f"{config.relative(config.catalog_path(code))}: {count} reviewer comment(s) added")
    if flagged:
        out.append(f"{flagged} entr{'y' if flagged == 1 else 'ies'} marked wrong: flagged fuzzy, not shown to patients "
                   "until a translator checks them and removes the flag")
    for path in _keep(config, kept, by, date):
        out.append(f"{path}: comment(s) on the English or on changed segments kept here; `pipeline check` lists them")
    if not comments:
        out.append(f"{shown}: no comments, verdicts or suggestions to import")
    return out


def kept_findings(config: Config, documents: Sequence[Document]) -> list[Finding]:
    """One warning per comment kept in ``reviews/*/*.comments.csv``, at the content line it is about when known."""
    from pipeline.review.digest import segment_id, unique_segments
    from pipeline.review.status import reviews_dir
    folder = reviews_dir(config)
    if not folder.is_dir():
        return []
    places = {segment_id(s.context, s.msgid): f"{s.path}:{s.line}" for d in documents for s in unique_segments(d)}
    found: list[Finding] = []
    for path in sorted(folder.glob("*/*.comments.csv")):
        shown = config.relative(path)
        try:
            comments = read_sheet(path, shown)
        except ReportedError as exc:
            found.extend(exc.findings)
            continue
        for c in comments:
            where = places.get(c.segment)
            body = " ".join(x for x in (f"[{c.verdict}]" if c.verdict else "", c.comment,
                                        f"suggestion: {c.suggestion}" if c.suggestion else "") if x)
            place = f" on {where}" if where else " on a segment that has changed since"
            found.append(warning(shown, c.line, "review-comment",
                                 f"{c.locale}: {c.document}: {c.segment}{place}: {body[:200]}; act on it, then "
                                 "delete the row"))
    return found
