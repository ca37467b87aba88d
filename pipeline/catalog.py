"""Catalog files: read ``.po``/``.pot`` safely, write them in GNU gettext's form, create and update them."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import polib

from .errors import CatalogError, Finding, error
from .fsutil import write_if_changed
from .locales import LocaleInfo
from .merge import MergeResult, merge_catalog
from .po_format import format_po

log = logging.getLogger(__name__)

REVIEW_STATUSES = ("machine-draft", "translated", "reviewed")
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
MAX_LINE = 1_000_000  # characters; longer lines are damage, not text


def now_stamp() -> str:
    """The current time as gettext writes it, or SOURCE_DATE_EPOCH's when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit()
            else dt.datetime.now(dt.timezone.utc))
    return when.strftime("%Y-%m-%d %H:%M+0000")


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_catalog(data: bytes, shown: str) -> str:
    """Bytes of a catalog → text, honouring a BOM and the declared charset; CatalogError when unreadable."""
    if b"\x00" in data:
        raise CatalogError([error(shown, _line_at(data, data.index(b"\x00")), "po-binary",
                                  "the file contains NUL bytes: it is damaged or not a catalog; "
                                  "restore it from version control")])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii") if match else "UTF-8"
    if charset.upper() == "CHARSET":
        charset = "ASCII"
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        raise CatalogError([error(shown, _line_at(data, match.start()) if match else 1, "po-charset",
                                  f"unknown charset {charset!r} in the header; use charset=UTF-8")]) from None
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise CatalogError([error(shown, _line_at(data, exc.start), "po-encoding",
                                  f"bytes that are not valid {charset}: save the file as {charset}, "
                                  "or as UTF-8 and declare charset=UTF-8")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_catalog(path: Path, shown: str | None = None) -> polib.POFile:
    """Parse a catalog; every problem is a CatalogError naming the file and line."""
    shown = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError([error(shown, None, "po-unreadable", f"cannot read the catalog: {exc.strerror}")]) \
            from None
    text = decode_catalog(data, shown)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise CatalogError([error(shown, number, "po-line-too-long",
                                      f"a line of {len(line):,} characters: the file is damaged")])
    try:
        catalog = polib.pofile(text, wrapwidth=79)
    except (OSError, ValueError) as exc:
        match = _SYNTAX_LINE.search(str(exc))
        line = int(match.group(1)) if match else None
        raise CatalogError([error(shown, line, "po-syntax",
                                  f"not valid PO syntax ({_plain(str(exc))}); fix the entry at this line "
                                  "or check the file with `msgfmt -c`")]) from None
    findings = duplicate_findings(catalog, shown)
    if findings:
        raise CatalogError(findings)
    return catalog


def _plain(message: str) -> str:
    message = re.sub(r"\s*\(line \d+\)", "", message)
    return re.sub(r" in po file .*$", "", message).strip() or "syntax error"


def duplicate_findings(catalog: polib.POFile, shown: str) -> list[Finding]:
    seen: dict[tuple[str | None, str, bool], int] = {}
    findings: list[Finding] = []
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid, bool(entry.obsolete))
        if key in seen:
            findings.append(error(shown, entry.linenum, "po-duplicate",
                                  f"duplicate entry for {entry.msgid[:40]!r} (first at line {seen[key]}); "
                                  "merge the two translations into one entry"))
        else:
            seen[key] = entry.linenum
    return findings


def write_catalog(path: Path, catalog: polib.POFile) -> bool:
    """Write in GNU gettext's form, UTF-8, atomically; skip the write when nothing changed."""
    content_type = catalog.metadata.get("Content-Type", "")
    if "charset=" in content_type and "charset=UTF-8" not in content_type:
        catalog.metadata["Content-Type"] = re.sub(r"charset=[^;\s]*", "charset=UTF-8", content_type)
    return write_if_changed(path, format_po(catalog).encode("utf-8"))


def catalog_header(template: polib.POFile, info: LocaleInfo, project_name: str, status: str) -> polib.POFile:
    """An empty catalog for ``info`` with a full header."""
    created = template.metadata.get("POT-Creation-Date", now_stamp())
    catalog = polib.POFile(wrapwidth=79)
    catalog.header = f"{info.english_name} translation of {project_name}."
    catalog.metadata = {
        "Project-Id-Version": project_name,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": created,
        "Last-Translator": "",
        "Language-Team": info.english_name,
        "Language": info.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": info.plural_forms,
        "X-Review-Status": status,
        "X-Reviewed-By": "",
        "X-Review-Date": "",
    }
    return catalog


@dataclass(frozen=True)
class UpdateOutcome:
    locale: str
    path: Path
    written: bool
    merge: MergeResult


def update_catalog_file(template: polib.POFile, path: Path, locale: str, shown: str,
                        base: polib.POFile | None = None) -> UpdateOutcome:
    """Merge the template into the catalog at ``path`` (or into ``base`` for a new one) and write it."""
    old = base if base is not None else read_catalog(path, shown)
    result = merge_catalog(template, old)
    written = write_catalog(path, result.catalog)
    return UpdateOutcome(locale, path, written, result)
