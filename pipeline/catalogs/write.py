"""Serialise a polib catalog byte-for-byte as GNU gettext 0.21's msgcat writes it.

Known limitations.  Text is always treated as UTF-8: the header must declare
charset=UTF-8 (gettext measures other charsets differently).  Line breaking is
libunistring 1.0's (see pipeline.catalogs.linebreak), which gettext 0.21 on Debian
uses; gettext >= 0.22 with libunistring >= 1.1 breaks some strings elsewhere.
Breaks inside format directives are forbidden as in gettext only for the
python-format and python-brace-format parsers (the latter with gettext 0.21's
quirk of recording directive marks relative to each directive's own brace, so
a valid directive guards the first bytes of the whole string).  For an entry
whose first format flag, in gettext's order, is another language (c-format,
sh-format, ...), a break that gettext would forbid inside one of its
directives, such as c-format "% d", is not forbidden here.  Where msgcat would
not reproduce an input we write what it reads back: unknown flags, fuzzy on
untranslated entries, range on obsolete entries, repeated references (after
"./" is stripped) and untranslated obsolete entries are dropped, and a comment
line ending in a backslash gets a trailing space (GNU's reader would join it to
the next line).  Reference file names must not contain whitespace, and
(msgctxt, msgid) pairs must be unique, as msgcat would merge duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

import polib

from pipeline.catalogs.directives import END, ERROR, PARSERS, START
from pipeline.catalogs.linebreak import PROHIBITED, UNDEFINED, break_positions
from pipeline.catalogs.syntax import DEFAULT_DOMAIN, metadata_lines, parse_metadata

# The format languages of gettext 0.21, in the order msgcat prints their flags.
FORMAT_LANGUAGES: tuple[str, ...] = tuple((
    "c objc python python-brace java java-printf csharp javascript scheme lisp"
    " elisp librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde"
    " kde-kuit boost tcl perl perl-brace php gcc-internal gfc-internal ycp"
).split())

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_ONE_LINE = re.compile(r'[ !#-\[\]-~]*')  # printable ASCII but " and \\: written as it is
_UNLIMITED = 2**31 - 1  # gettext's INT_MAX page width ("-w 0")
_MIN_WIDTH = 20  # msgcat raises smaller page widths to this


@dataclass(frozen=True)
class Flags:
    """The flags of one entry as gettext understands them."""

    fuzzy: bool
    formats: dict[str, str]  # language -> "yes" | "no" | "possible" | "impossible"
    range: tuple[int, int] | None
    no_wrap: bool


def parse_flags(flags: Iterable[str]) -> Flags:
    """Read flags the way gettext's parse_comment_special does; unknown ones are dropped."""
    if not flags:
        return _NO_FLAGS
    tokens = [t for t in re.split(r"[\n \t\r\f\v,]+", ",".join(flags)) if t]
    fuzzy, no_wrap = False, False
    formats: dict[str, str] = {}
    valid_range: tuple[int, int] | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "fuzzy":
            fuzzy = True
        elif token == "wrap":
            no_wrap = False
        elif token == "no-wrap":
            no_wrap = True
        elif token == "range:":
            if i < len(tokens):
                match = re.fullmatch(r"([0-9]+)\.\.([0-9]+)", tokens[i])
                i += 1
                if match:
                    low, high = (min(int(number), _UNLIMITED) for number in match.groups())
                    valid_range = (low, high) if low <= high else valid_range
        elif match := re.fullmatch(r"(no-|possible-|impossible-)?(.*)-format", token):
            if match[2] in FORMAT_LANGUAGES:
                formats[match[2]] = (match[1] or "yes-")[:-1]
    return Flags(fuzzy, formats, valid_range, no_wrap)


_NO_FLAGS = Flags(False, {}, None, False)


def _flags_line(flags: Flags, translated: bool, obsolete: bool) -> list[str]:
    """Return the '#,' line (or nothing) in gettext's order: fuzzy, formats, range, no-wrap."""
    words = ["fuzzy"] if flags.fuzzy and translated else []
    for language in FORMAT_LANGUAGES if flags.formats else ():
        value = flags.formats.get(language)
        if value in ("yes", "possible"):
            words.append(f"{language}-format")
        elif value == "no":
            words.append(f"no-{language}-format")
    if flags.range is not None and not obsolete:
        words.append(f"range: {flags.range[0]}..{flags.range[1]}")
    if flags.no_wrap:
        words.append("no-wrap")
    return ["#, " + ", ".join(words)] if words else []




def _protected(value: str, flags: Flags) -> set[int]:
    """Indexes of the characters before which gettext forbids a line break.

    gettext parses the string with the first possible format language in its
    order and forbids breaks inside each valid directive (after its start).
    """
    if not flags.formats or not value:
        return set()
    language = next((name for name in FORMAT_LANGUAGES
                     if flags.formats.get(name) in ("yes", "possible")), None)
    if language not in PARSERS or not value:
        return set()
    marks = PARSERS[language](value.encode("utf-8"))
    inside: set[int] = set()
    resume = 0
    for start in sorted(offset for offset, bits in marks.items() if bits & START):
        if start < resume:
            continue
        end = min(offset for offset, bits in marks.items() if offset >= start and bits & (END | ERROR))
        if not marks[end] & ERROR:
            inside.update(k for k in range(start, end + 1) if not marks.get(k, 0) & START)
        resume = end + 1
    offsets = accumulate((len(char.encode("utf-8")) for char in value), initial=0)
    return {index for index, offset in zip(range(len(value)), offsets, strict=False) if offset in inside}


def wrap_string(prefix: str, keyword: str, value: str, page_width: int,
                no_wrap: bool = False, protected: frozenset[int] | set[int] = frozenset()) -> list[str]:
    """Write KEYWORD "VALUE" as gettext's write-po.c wrap() does, one str per line."""
    if len(prefix) + len(keyword) + len(value) + 3 <= page_width and _ONE_LINE.fullmatch(value):
        return [f'{prefix}{keyword} "{value}"']  # printable ASCII that fits: no break, nothing escaped
    lines: list[str] = []
    after_break = len(prefix) + 1
    width = (_UNLIMITED if no_wrap else page_width) - 1 - after_break
    first_line = True
    position = 0
    for portion in re.findall(r"[^\n]*\n|[^\n]+", value) or [""]:
        units: list[str] = []
        overrides: list[int] = []
        plain = not protected and not _NEEDS_ESCAPE.search(portion)
        for offset, char in enumerate("" if plain else portion):
            brk = PROHIBITED if position + offset in protected else UNDEFINED
            if char in _ESCAPES or char in '\\"':
                units += ["\\", _ESCAPES.get(char, char)]
                overrides += [brk, PROHIBITED]
            else:
                units.append(char)
                overrides.append(brk)
        position += len(portion)
        if portion.endswith("\n"):
            overrides[-2] = PROHIBITED
        more = position < len(value)
        start = len(prefix) + len(keyword) + 2 - after_break if first_line else 0
        text = portion if plain else "".join(units)
        final: list[int] | None = None if plain else overrides
        if first_line and text:
            # Breaking from column 0 implies breaking after the keyword too (the text overflows and
            # has an opportunity), so one computation usually decides both.
            breaks = break_positions(text, width, 0, final)
            if more or start > width or breaks or break_positions(text, width, start, final):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
            else:
                breaks = []
        else:
            breaks = break_positions(text, width, start, final)
        opening = f'{prefix}{keyword} "' if first_line else f'{prefix}"'
        first_line = False
        cuts = [0, *breaks, len(text)]
        for number in range(len(cuts) - 1):
            lines.append((opening if number == 0 else f'{prefix}"') + text[cuts[number]:cuts[number + 1]] + '"')
    return lines


def _comment_lines(marker: str, text: str | None, read: list[str] | None = None) -> list[str]:
    """'# text' / '#. text' lines, one per line of TEXT; an empty line is the bare marker.

    READ is the list of lines the reader found: it tells one blank comment line from none.
    """
    if not text:
        return [marker] if read == [""] else []
    # GNU's reader joins a line ending in a backslash with the next line, so
    # such a comment line gets a trailing space to keep the file stable.
    lines = [line + " " if line.endswith("\\") else line for line in text.split("\n")]
    return [f"{marker} {line}" if line else marker for line in lines]


def _reference_lines(occurrences: Sequence[tuple[str, str | int | None]],
                     page_width: int) -> list[str]:
    """'#:' lines: duplicates dropped, leading './' stripped, wrapped at the page width."""
    texts: list[str] = []
    for file_name, line_number in occurrences:
        while file_name.startswith("./"):
            file_name = file_name[2:]
        line = str(line_number if line_number is not None else "")
        number = line.isascii() and line.isdigit()  # [0-9]+
        text = file_name + (f":{int(line)}" if number else f":{line}" if line else "")
        if text not in texts:
            texts.append(text)
    if not texts:
        return []
    lines: list[str] = []
    line, column = "#:", 2
    for text in texts:
        size = len(text.encode("utf-8")) + 1
        if column > 2 and column + size > page_width:
            lines.append(line)
            line, column = "#:", 2
        line += " " + text
        column += size
    lines.append(line)
    return lines


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """The (keyword, value) pairs of the translation part of an entry."""
    if not entry.msgid_plural:
        return [("msgstr", entry.msgstr or "")]
    forms = entry.msgstr_plural or {0: ""}
    ordered = [forms[key] for key in sorted(forms, key=int)]
    return [(f"msgstr[{index}]", text or "") for index, text in enumerate(ordered)]


def _strings_signature(entry: polib.POEntry) -> tuple[object, ...]:
    """Everything that decides how ``entry_lines`` writes an entry's msgctxt, msgid and msgstr lines."""
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or "", entry.msgstr, entry.msgstr_plural, entry.obsolete,
            entry.flags)


def reuse_lines(new: polib.POEntry, old: polib.POEntry, source: list[str]) -> None:
    """Let ``entry_lines`` give ``new`` the msgctxt, msgid and msgstr lines ``old`` was read from, when
    nothing that decides them differs (comments, references and flags are written as usual).

    ``source``: the lines of the file ``old`` was read from, which must be in canonical form (as this
    module writes it, at page width 79): then those lines are what ``entry_lines`` would compute.
    """
    first, last = getattr(old, "strings_line", None), getattr(old, "last_line", None)
    if first and last and _strings_signature(new) == _strings_signature(old):
        new.reused_lines = source[first - 1:last]


def entry_lines(entry: polib.POEntry, page_width: int, obsolete: bool = False) -> list[str]:
    """All lines of one entry, in gettext's order; [] for an obsolete entry msgcat drops."""
    strings = _msgstrs(entry)
    translated = strings[0][1] != ""
    if obsolete and not translated:
        return []
    flags = parse_flags(entry.flags or [])
    lines = (_comment_lines("#", entry.tcomment, getattr(entry, "tcomment_lines", None))
             + _comment_lines("#.", entry.comment, getattr(entry, "comment_lines", None)))
    lines += _reference_lines(entry.occurrences or [], page_width)
    lines += _flags_line(flags, translated, obsolete)
    previous = "#~| " if obsolete else "#| "
    for keyword, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                           ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            lines += _wrap(previous, keyword, value, page_width, flags)
    reused: list[str] | None = getattr(entry, "reused_lines", None)
    if reused is not None and page_width == 79 and not obsolete:
        return lines + reused
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        lines += _wrap(prefix, "msgctxt", entry.msgctxt, page_width, flags)
    lines += _wrap(prefix, "msgid", entry.msgid, page_width, flags)
    if entry.msgid_plural:
        lines += _wrap(prefix, "msgid_plural", entry.msgid_plural, page_width, flags)
    for keyword, value in strings:
        lines += _wrap(prefix, keyword, value, page_width, flags)
    return lines


def _wrap(prefix: str, keyword: str, value: str, page_width: int, flags: Flags) -> list[str]:
    if len(prefix) + len(keyword) + len(value) + 3 <= page_width and _ONE_LINE.fullmatch(value):
        return [f'{prefix}{keyword} "{value}"']  # as wrap_string, without looking for format directives
    return wrap_string(prefix, keyword, value, page_width, flags.no_wrap, _protected(value, flags))


def header_msgstr(catalog: polib.POFile) -> str:
    """The header's msgstr: the one read, with only the fields changed since then rewritten.

    Repeated fields, spacing and lines that are not fields stay as they were read; a changed field
    replaces its last copy (the one polib and gettext use), a removed one is dropped, a new one
    is added at the end.
    """
    metadata = catalog.metadata
    raw = getattr(catalog, "raw_header", None)
    if raw is None:
        return "".join(f"{key}: {value}\n" for key, value in metadata.items())
    original: dict[str, str] = getattr(catalog, "raw_metadata", None) or parse_metadata(raw)
    if original == metadata:
        return str(raw)
    lines = metadata_lines(raw)
    last: dict[str, int] = {}
    for number, line in enumerate(lines):
        key, colon, _ = line.partition(":")
        if colon:
            last[key.strip()] = number
    out: list[str] = []
    for number, line in enumerate(lines):
        key, colon, _ = line.partition(":")
        key = key.strip()
        if colon and key not in metadata:
            continue
        if colon and last[key] == number and metadata[key] != original.get(key):
            out.append(f"{key}: {metadata[key]}" + ("\n" if line.endswith("\n") else ""))
        else:
            out.append(line)
    if out and not out[-1].endswith("\n") and any(key not in original for key in metadata):
        out[-1] += "\n"
    out += [f"{key}: {value}\n" for key, value in metadata.items() if key not in original]
    return "".join(out)


def format_po(catalog: polib.POFile, width: int = 79) -> str:
    """Return CATALOG as the text `msgcat` would write for it at page width WIDTH.

    The header comes first (comments from ``catalog.header``, ``#, fuzzy`` when
    ``catalog.metadata_is_fuzzy``, fields from ``catalog.metadata`` in order, or the header as
    read when its fields did not change), then the entries that are not obsolete, then the
    obsolete ones; entries read after a ``domain`` directive follow in a section of their own.
    A catalog read without a header is written without one.  WIDTH 0 means no wrapping, like
    ``msgcat -w 0``; widths below 20 count as 20.
    """
    return join_parts(format_header(catalog, width), format_body(catalog, width))


def join_parts(header: str, body: str) -> str:
    """The whole file from ``format_header`` and ``format_body``."""
    return header + ("\n" if header and body else "") + body


def _page_width(width: int) -> int:
    if width < 0:
        raise ValueError("width must not be negative")
    return _UNLIMITED if width == 0 else max(width, _MIN_WIDTH)


def format_header(catalog: polib.POFile, width: int = 79) -> str:
    """The header entry's lines ("" for a catalog read without a header)."""
    page_width = _page_width(width)
    fuzzy = catalog.metadata_is_fuzzy  # polib's parser stores the header's flag list here
    flags = list(fuzzy) if isinstance(fuzzy, (list, tuple)) else ["fuzzy"] if fuzzy else []
    read_without_header = hasattr(catalog, "raw_header") and catalog.raw_header is None
    if read_without_header and not catalog.metadata and not catalog.header and not flags:
        return ""
    header = polib.POEntry(msgid="", msgstr=header_msgstr(catalog), tcomment=catalog.header or "", flags=flags)
    header.tcomment_lines = getattr(catalog, "header_lines", None)
    return "\n".join(entry_lines(header, page_width)) + "\n"


def format_body(catalog: polib.POFile, width: int = 79) -> str:
    """Every entry but the header, as ``format_po`` writes them."""
    page_width = _page_width(width)
    blocks: list[list[str]] = []
    domains: dict[str, list[polib.POEntry]] = {}
    for entry in catalog:
        domains.setdefault(getattr(entry, "domain", DEFAULT_DOMAIN), []).append(entry)
    for name in getattr(catalog, "domains", None) or []:
        domains.setdefault(name, [])
    for name, entries in domains.items():
        if name != DEFAULT_DOMAIN:
            blocks.append([f'domain "{name}"'])
        blocks += [entry_lines(e, page_width) for e in entries if not e.obsolete]
        blocks += [entry_lines(e, page_width, obsolete=True) for e in entries if e.obsolete]
    return "\n".join("\n".join(block) + "\n" for block in blocks if block)
