"""Catalog files: read ``.po``/``.pot`` safely, write them in GNU gettext's form, create and update them.

Reading never trusts the file: the bytes are decoded with the charset the header declares (a UTF-8
file that declares another charset, UTF-16, NUL bytes and bytes invalid in the charset are errors),
the text is read in one pass by :mod:`pipeline.catalogs.syntax` (GNU gettext's grammar), and the
header is checked for what the rest of the pipeline relies on. Every problem is a
:class:`~pipeline.errors.CatalogError` naming the file and line; a catalog that could not be read
is never written.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from pipeline.catalogs.merge import MergeResult, merge_catalog
from pipeline.catalogs.syntax import PoParseError, header_entry_lines, parse_po
from pipeline.catalogs.write import format_body, format_header, join_parts
from pipeline.config.lines import header_field_line
from pipeline.errors import CatalogError, Finding, error
from pipeline.fsutil import holds, write_if_changed
from pipeline.locales import LocaleInfo
from pipeline.plurals import PluralFormsError, parse_plural_forms

log = logging.getLogger(__name__)

_HEADER_CHARSET = re.compile(rb'charset\s*=\s*([^\s";\\]+)', re.I)
MAX_LINE = 1_000_000  # characters; longer lines are damage, not text
MAX_BYTES = 128 * 1024 * 1024  # a catalog this large is not a catalog of patient leaflets


def now_stamp() -> str:
    """The current time as gettext writes it, or SOURCE_DATE_EPOCH's when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit()
            else dt.datetime.now(dt.UTC))
    return when.strftime("%Y-%m-%d %H:%M+0000")


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _header_region(data: bytes) -> tuple[int, bytes] | None:
    """Offset and bytes of the header entry (the first entry, ``msgid ""``), or None without one."""
    offset = 0
    in_header = False
    start = 0
    for raw in data[:1 << 20].split(b"\n"):
        line = raw.strip()
        if not in_header:
            if line.startswith(b"#") and not line.startswith((b"#~", b"#|")) or not line:
                offset += len(raw) + 1
                continue
            if re.fullmatch(rb'msgid\s+""', line):
                in_header, start = True, offset
                offset += len(raw) + 1
                continue
            return None
        if not line or line.startswith(b"#") or re.match(rb"msg(ctxt|id)\b", line):
            return start, data[start:offset]
        offset += len(raw) + 1
    return (start, data[start:offset]) if in_header else None


def declared_charset(data: bytes) -> tuple[str | None, int]:
    """The charset named in the header's Content-Type and the line it is on (None when not declared)."""
    region = _header_region(data)
    if region is None:
        return None, 1
    start, header = region
    for match in re.finditer(rb'"Content-Type:[^"\n]*', header, re.I):
        found = _HEADER_CHARSET.search(match.group())
        if found:
            return found.group(1).decode("ascii", "replace"), _line_at(data, start + match.start())
    return None, _line_at(data, start)


def _ascii_compatible(name: str) -> bool:
    probe = bytes(range(0x20, 0x7F)) + b"\n\t"
    try:
        return probe.decode(name) == probe.decode("ascii")
    except (LookupError, UnicodeDecodeError, ValueError):
        return False


def decode_catalog(data: bytes, shown: str) -> str:
    """Bytes of a catalog → text, honouring a BOM and the declared charset; CatalogError when unreadable."""
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF8):
            raise CatalogError([error(shown, 1, "po-encoding",
                                      f"the file is {name}; gettext catalogs must be saved as UTF-8")])
    if b"\x00" in data:
        raise CatalogError([error(shown, _line_at(data, data.index(b"\x00")), "po-binary",
                                  "the file contains NUL bytes: it is damaged or not a catalog; "
                                  "restore it from version control")])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    charset, charset_line = declared_charset(data)
    shown_charset = charset or "UTF-8"
    if charset is None:
        codec_name = "utf-8"
    elif charset.upper() == "CHARSET":  # the template's placeholder: ASCII only
        codec_name, shown_charset = "ascii", "ASCII (charset=CHARSET is not set)"
    else:
        try:
            codec_name = codecs.lookup(charset).name
        except LookupError:
            raise CatalogError([error(shown, charset_line, "po-charset",
                                      f"unknown charset {charset!r} in the header; use charset=UTF-8")]) from None
        if not _ascii_compatible(codec_name):
            raise CatalogError([error(shown, charset_line, "po-charset",
                                      f"charset {charset!r} cannot be used in a PO file; save the file as UTF-8 "
                                      "and declare charset=UTF-8")])
    if codec_name not in ("utf-8", "ascii") and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise CatalogError([error(shown, charset_line, "po-charset-mismatch",
                                      f"the file is UTF-8 but its header declares charset={charset}; "
                                      "change the header to charset=UTF-8")])
    try:
        text = data.decode(codec_name)
    except UnicodeDecodeError as exc:
        if codec_name == "ascii":
            hint = "declare charset=UTF-8 in the header"
        elif charset is None:
            hint = "save the file as UTF-8 (if it is a text catalog at all)"
        else:
            hint = f"save the file as {charset}, or as UTF-8 and declare charset=UTF-8"
        raise CatalogError([error(shown, _line_at(data, exc.start), "po-encoding",
                                  f"byte 0x{data[exc.start]:02X} is not valid {shown_charset}: {hint}")]) from None
    except LookupError:
        raise CatalogError([error(shown, charset_line, "po-charset",
                                  f"charset {charset!r} is not a text encoding; use charset=UTF-8")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def header_line(text: str) -> int:
    """The line of the header's ``msgid ""`` (1 when there is none or the text is not valid PO)."""
    lines = header_entry_lines(text)
    return lines[0] if lines else 1


@dataclass(frozen=True)
class CatalogRead:
    """A catalog read leniently: the parsed file (None when unusable) and what is wrong with it."""

    catalog: polib.POFile | None
    findings: tuple[Finding, ...]  # errors that make it unusable (then catalog is None) or header problems
    text: str = ""
    has_header: bool = False
    header_line: int = 1
    fatal: tuple[Finding, ...] = field(default=())  # the findings read_catalog raises


def load_catalog(path: Path, shown: str | None = None, *, template: bool | None = None) -> CatalogRead:
    """Read a catalog without raising: the parsed catalog when usable, and every problem found.

    ``template`` (default: the path ends in ``.pot``) relaxes the header rules: a template has no
    Language, Plural-Forms or real charset yet.
    """
    shown = shown or str(path)
    is_template = path.suffix == ".pot" if template is None else template
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError as exc:
        found = error(shown, None, "po-unreadable", f"cannot read the catalog: {exc.strerror or exc}")
        return CatalogRead(None, (found,), fatal=(found,))
    if data is None:
        found = error(shown, None, "po-too-large", f"the file is larger than {MAX_BYTES >> 20} MiB: "
                                                   "it is damaged or not a catalog")
        return CatalogRead(None, (found,), fatal=(found,))
    try:
        text = decode_catalog(data, shown)
    except CatalogError as exc:
        return CatalogRead(None, exc.findings, fatal=exc.findings)
    lines = text.split("\n")
    for number, raw_line in enumerate(lines if max(map(len, lines)) > MAX_LINE else (), start=1):
        if len(raw_line) > MAX_LINE:
            found = error(shown, number, "po-line-too-long",
                          f"a line of {len(raw_line):,} characters: the file is damaged")
            return CatalogRead(None, (found,), text, fatal=(found,))
    try:
        catalog = parse_po(text)
    except PoParseError as exc:
        found = error(shown, exc.line, "po-syntax",
                      f"not valid PO syntax: {exc.message} (check the file with `msgfmt -c`)")
        return CatalogRead(None, (found,), text, fatal=(found,))
    catalog.fpath = str(path)
    catalog.source_digest = hashlib.sha256(data).hexdigest()  # with a canonical file's: see update_catalog_file
    fatal = duplicate_findings(catalog, shown)
    for extra in catalog.extra_headers:
        fatal.append(error(shown, extra, "po-duplicate",
                           "a second header entry (msgid \"\"); gettext tools would take one of them "
                           "silently: merge it into the first one"))
    has_header = catalog.raw_header is not None
    line = catalog.header_line if has_header else 1
    if not is_template:
        if not has_header:
            fatal.append(error(shown, 1, "po-header-missing",
                               "the catalog has no header (the first entry, msgid \"\"); copy the header of "
                               "another catalog or recreate it with `pipeline init`"))
        plural = catalog.metadata.get("Plural-Forms")
        if plural is not None:
            try:
                parse_plural_forms(plural)
            except PluralFormsError as exc:
                fatal.append(error(shown, _field_line(text, "Plural-Forms", line), "po-plural-forms",
                                   f"{exc}; copy the value `pipeline init` writes for this language"))
    return CatalogRead(None if fatal else catalog, tuple(fatal), text, has_header, line, tuple(fatal))


def _field_line(text: str, key: str, default: int) -> int:
    return header_field_line(text, key) or default


def read_catalog(path: Path, shown: str | None = None) -> polib.POFile:
    """Parse a catalog; every problem is a CatalogError naming the file and line."""
    result = load_catalog(path, shown)
    if result.catalog is None:
        raise CatalogError(result.fatal or result.findings)
    return result.catalog


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


def catalog_bytes(catalog: polib.POFile, body: str | None = None) -> bytes:
    """The bytes ``write_catalog`` writes: GNU gettext's form, UTF-8 (the header says so).

    ``body``: the entries as ``format_body`` wrote them, when already known.
    """
    content_type = catalog.metadata.get("Content-Type", "")
    if "charset=" in content_type and "charset=UTF-8" not in content_type:
        catalog.metadata["Content-Type"] = re.sub(r"charset=[^;\s]*", "charset=UTF-8", content_type)
    elif "charset=" not in content_type and catalog.metadata:
        catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    if body is None:
        body = format_body(catalog)
    return join_parts(format_header(catalog), body).encode("utf-8")


def write_catalog(path: Path, catalog: polib.POFile) -> bool:
    """Write in GNU gettext's form, UTF-8, atomically; skip the write when nothing changed."""
    return write_if_changed(path, catalog_bytes(catalog))


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
        "Plural-Forms": info.plural.header,
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
    digest: str = ""  # SHA-256 of the file as it is now: in canonical form


def update_catalog_file(template: polib.POFile, path: Path, locale: str, shown: str,
                        base: polib.POFile | None = None,
                        canonical: frozenset[str] | set[str] = frozenset()) -> UpdateOutcome:
    """Merge the template into the catalog at ``path`` (or into ``base`` for a new one) and write it.

    ``canonical``: SHA-256 digests of files known to be in canonical form (this function wrote
    them). When the catalog read is one of them, the entries that stay as they were keep the lines
    they were read from instead of being formatted again (the same bytes, in less time).
    """
    old = base if base is not None else read_catalog(path, shown)
    result = merge_catalog(template, old, canonical=getattr(old, "source_digest", None) in canonical)
    catalog = result.catalog
    old_date = old.metadata.get("POT-Creation-Date")
    new_date = catalog.metadata.get("POT-Creation-Date")
    body = format_body(catalog)
    if old_date is not None and new_date is not None and old_date != new_date and path.is_file():
        # A newer template with the same entries changes nothing a translator needs: keep the file.
        catalog.metadata["POT-Creation-Date"] = old_date
        kept = catalog_bytes(catalog, body)
        if holds(path, kept):
            return UpdateOutcome(locale, path, False, result, hashlib.sha256(kept).hexdigest())
        catalog.metadata["POT-Creation-Date"] = new_date
    data = catalog_bytes(catalog, body)
    written = write_if_changed(path, data)
    return UpdateOutcome(locale, path, written, result, hashlib.sha256(data).hexdigest())
