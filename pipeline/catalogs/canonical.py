"""A catalog file's canonical form: the bytes GNU ``msgcat F -o F`` would write for it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pipeline.catalogs.files import MAX_BYTES, declared_charset, decode_catalog, duplicate_findings
from pipeline.catalogs.syntax import PoParseError, parse_po
from pipeline.catalogs.write import format_po
from pipeline.errors import CatalogError, error

log = logging.getLogger(__name__)

_UTF8_NAMES = ("utf-8", "utf8", "charset", "ascii", "us-ascii")


@dataclass(frozen=True)
class Canonical:
    """A catalog file as it is and as msgcat would write it."""

    path: Path
    current: bytes
    canonical: bytes

    @property
    def changed(self) -> bool:
        return self.current != self.canonical


def canonical_form(path: Path, shown: str | None = None) -> Canonical:
    """Read ``path`` and give its canonical bytes; CatalogError (with file and line) when unreadable."""
    shown = shown or str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CatalogError([error(shown, None, "po-too-large", f"the file is larger than {MAX_BYTES >> 20} "
                                                                  "MiB: it is damaged or not a catalog")])
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError([error(shown, None, "po-unreadable",
                                  f"cannot read the catalog: {exc.strerror or exc}")]) from None
    charset, line = declared_charset(data)
    if charset is not None and charset.lower() not in _UTF8_NAMES:
        raise CatalogError([error(shown, line, "po-charset",
                                  f"the catalog is in {charset}; fmt writes UTF-8 catalogs only: convert it "
                                  "first with `msgconv -t UTF-8`")])
    text = decode_catalog(data, shown)
    try:
        catalog = parse_po(text)
    except PoParseError as exc:
        raise CatalogError([error(shown, exc.line, "po-syntax", f"not valid PO syntax: {exc.message}")]) from None
    problems = duplicate_findings(catalog, shown)
    problems += [error(shown, extra, "po-duplicate", "a second header entry (msgid \"\"); merge it into the "
                                                      "first one") for extra in catalog.extra_headers]
    if problems:
        raise CatalogError(problems)
    return Canonical(path, data, format_po(catalog).encode("utf-8"))
