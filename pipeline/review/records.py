"""Sign-off records: ``reviews/<locale>/<document>.toml``, written by ``pipeline review sign``, read and verified.

A record says who signed, when, and exactly which English and translated texts they read: every
segment is written out with its digest, the whole text has a digest, and a seal covers every field.
A record edited by hand (a digest, a name, a date or a text) no longer matches its seal and is
reported with the line to look at; it then counts as no sign-off at all. A seal is no signature: the
repository's history is the record of who committed a file; the seal catches edits, not forgery.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import Finding, error
from pipeline.fsutil import write_atomic
from pipeline.review.digest import SegmentText, seal_digest, segment_digest, text_digest

log = logging.getLogger(__name__)

FORMAT = 1
_HEADER = ("# Clinical sign-off of one document in one locale, written by `pipeline review sign`.\n"
           "# Do not edit it by hand: the seal covers every field and text below. When the content changes,\n"
           "# the sign-off stops counting; review the new text and sign again.\n")


@dataclass(frozen=True)
class SignedSegment:
    """One segment as it was when the reviewer signed."""

    id: str
    context: str | None
    english: str
    translation: str
    digest: str


@dataclass(frozen=True)
class SignOff:
    """A reviewer's sign-off of one document in one locale."""

    locale: str
    document: str
    reviewer: str  # the name, as shown on pages
    role: str
    date: dt.date
    digest: str  # text_digest of the segments
    segments: tuple[SignedSegment, ...]
    seal: str = ""

    def seal_fields(self) -> list[object]:
        return [FORMAT, self.locale, self.document, self.reviewer, self.role, self.date.isoformat(), self.digest,
                [[s.id, s.context, s.digest] for s in self.segments]]

    def sealed(self) -> SignOff:
        return SignOff(self.locale, self.document, self.reviewer, self.role, self.date, self.digest,
                       self.segments, seal_digest(self.seal_fields()))


def split_reviewer(by: str) -> tuple[str, str]:
    """``"NAME, ROLE"`` → (name, role); the role may itself hold commas."""
    name, _, role = by.partition(",")
    return name.strip(), role.strip()


def review_date(explicit: str | None = None) -> dt.date:
    """The sign-off date: ``explicit`` (YYYY-MM-DD), else SOURCE_DATE_EPOCH's day, else today (UTC)."""
    if explicit:
        return dt.date.fromisoformat(explicit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def make_signoff(locale: str, document: str, by: str, date: dt.date, texts: tuple[SegmentText, ...]) -> SignOff:
    name, role = split_reviewer(by)
    segments = tuple(SignedSegment(t.id, t.context, t.english, t.translation, t.digest) for t in texts)
    return SignOff(locale, document, name, role, date, text_digest(texts), segments).sealed()


def record_path(reviews_dir: Path, locale: str, document: str) -> Path:
    return reviews_dir / locale / f"{document}.toml"


# -- writing ------------------------------------------------------------------------------------------

def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but for DEL, which TOML wants escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def to_toml(record: SignOff, is_source: bool) -> str:
    """The record as TOML; the source locale's segments carry no separate translation."""
    lines = [_HEADER, f"format = {FORMAT}", f"locale = {_string(record.locale)}",
             f"document = {_string(record.document)}", f"reviewer = {_string(record.reviewer)}",
             f"role = {_string(record.role)}", f"date = {_string(record.date.isoformat())}",
             f"digest = {_string(record.digest)}", f"seal = {_string(record.seal)}"]
    for segment in record.segments:
        lines += ["", "[[segment]]", f"id = {_string(segment.id)}"]
        if segment.context is not None:
            lines.append(f"context = {_string(segment.context)}")
        lines.append(f"english = {_string(segment.english)}")
        if not is_source:
            lines.append(f"translation = {_string(segment.translation)}")
        lines.append(f"digest = {_string(segment.digest)}")
    return "\n".join(lines) + "\n"


def write_signoff(path: Path, record: SignOff, is_source: bool) -> None:
    write_atomic(path, to_toml(record, is_source).encode("utf-8"))


# -- reading ------------------------------------------------------------------------------------------

_KEY = re.compile(r"^\s*([A-Za-z_]+)\s*=")


def _key_lines(text: str) -> tuple[dict[str, int], list[dict[str, int]]]:
    """The line of each top-level key, and of each key of each ``[[segment]]`` table."""
    top: dict[str, int] = {}
    tables: list[dict[str, int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip() == "[[segment]]":
            tables.append({"": number})
            continue
        found = _KEY.match(raw)
        if found:
            (tables[-1] if tables else top).setdefault(found.group(1), number)
    return top, tables


@dataclass(frozen=True)
class ReadRecord:
    """A record file read and verified: the sign-off when it is sound, and what is wrong otherwise."""

    path: str
    record: SignOff | None
    findings: tuple[Finding, ...]

    @property
    def sound(self) -> bool:
        return self.record is not None and not any(f.severity == "error" for f in self.findings)


def read_signoff(path: Path, shown: str, is_source: bool) -> ReadRecord:
    """Read and verify one record; a record edited by hand is reported at the line that no longer matches."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReadRecord(shown, None, (error(shown, None, "review-record", f"not UTF-8 ({exc.reason}); "
                                              "sign the document again with `pipeline review sign`"),))
    except OSError as exc:
        return ReadRecord(shown, None, (error(shown, None, "review-record",
                                              f"cannot read the sign-off: {exc.strerror}"),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        return ReadRecord(shown, None, (error(shown, int(found.group(1)) if found else None, "review-record",
                                              f"not valid TOML ({exc}); sign the document again"),))
    top, tables = _key_lines(text)
    findings: list[Finding] = []

    def bad(key: str, message: str, table: int | None = None) -> None:
        lines = tables[table] if table is not None and table < len(tables) else top
        findings.append(error(shown, lines.get(key) or lines.get(""), "review-record", message))

    def string(values: dict[str, Any], key: str, table: int | None = None, default: str | None = None) -> str:
        value = values.get(key, default)
        if not isinstance(value, str):
            bad(key, f"{key} must be a string", table)
            return ""
        return value

    locale, document = string(data, "locale"), string(data, "document")
    reviewer, role = string(data, "reviewer"), string(data, "role", default="")
    digest, seal = string(data, "digest"), string(data, "seal")
    if not reviewer.strip():
        bad("reviewer", "the sign-off names no reviewer")
    date = dt.date(1, 1, 1)
    try:
        date = dt.date.fromisoformat(string(data, "date"))
    except ValueError:
        bad("date", "date must be a date written YYYY-MM-DD")
    raw_segments = data.get("segment", [])
    if not isinstance(raw_segments, list):
        bad("segment", "segment must be a list of [[segment]] tables")
        raw_segments = []
    segments: list[SignedSegment] = []
    for index, raw in enumerate(raw_segments):
        if not isinstance(raw, dict):
            bad("", "a [[segment]] must be a table", index)
            continue
        context = raw.get("context")
        if context is not None and not isinstance(context, str):
            bad("context", "context must be a string", index)
            context = None
        english = string(raw, "english", index)
        translation = english if is_source and "translation" not in raw else string(raw, "translation", index)
        stored = string(raw, "digest", index)
        if stored != segment_digest(context, english, translation):
            bad("digest", f"segment {index + 1} ({raw.get('id', '?')}): its digest does not match its text; "
                          "the record was edited by hand and no longer counts as a sign-off", index)
        segments.append(SignedSegment(string(raw, "id", index), context, english, translation, stored))
    if findings:
        return ReadRecord(shown, None, tuple(findings))
    texts = [SegmentText(s.id, 0, s.context, s.english, s.translation) for s in segments]
    if digest != text_digest(texts):
        bad("digest", "the digest does not match the texts recorded; the record was edited by hand and no "
                      "longer counts as a sign-off")
    record = SignOff(locale, document, reviewer, role, date, digest, tuple(segments), seal)
    if seal != record.sealed().seal and not findings:
        bad("seal", "the seal does not match the record's fields (reviewer, role, date, digests); the record "
                    "was edited by hand and no longer counts as a sign-off")
    if findings:
        return ReadRecord(shown, None, tuple(findings))
    return ReadRecord(shown, record, ())
