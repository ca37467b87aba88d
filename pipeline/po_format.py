"""Serialise a polib catalog byte-for-byte as GNU gettext 0.21's msgcat writes it.

LIMITATIONS_PLACEHOLDER
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import polib

from pipeline.linebreak import PROHIBITED, UNDEFINED, width_breaks

# The format languages of gettext 0.21, in the order msgcat prints their flags.
FORMAT_LANGUAGES: tuple[str, ...] = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp"
    " elisp librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde"
    " kde-kuit boost tcl perl perl-brace php gcc-internal gfc-internal ycp"
).split()

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_UNLIMITED = 2**31 - 1  # gettext's INT_MAX page width ("-w 0")
_MIN_WIDTH = 20  # msgcat raises smaller page widths to this


class Flags:
    """The flags of one entry as gettext understands them."""

    def __init__(self, fuzzy: bool, formats: dict[str, str],
                 valid_range: tuple[int, int] | None, no_wrap: bool) -> None:
        self.fuzzy = fuzzy
        self.formats = formats  # language -> "yes" | "no" | "possible" | "impossible"
        self.range = valid_range
        self.no_wrap = no_wrap


def parse_flags(flags: Iterable[str]) -> Flags:
    """Read flags the way gettext's parse_comment_special does; unknown ones are dropped."""
    tokens = [t for t in re.split(r"[\s,]+", ",".join(flags)) if t]
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
                if match and int(match[1]) <= int(match[2]):
                    valid_range = (min(int(match[1]), _UNLIMITED), min(int(match[2]), _UNLIMITED))
        elif token.endswith("-format"):
            name, value = token[:-7], "yes"
            for prefix, kind in (("no-", "no"), ("possible-", "possible"), ("impossible-", "impossible")):
                if name.startswith(prefix):
                    name, value = name[len(prefix):], kind
                    break
            if name in FORMAT_LANGUAGES:
                formats[name] = value
    return Flags(fuzzy, formats, valid_range, no_wrap)


def _flags_line(flags: Flags, translated: bool, obsolete: bool) -> list[str]:
    """Return the '#,' line (or nothing) in gettext's order: fuzzy, formats, range, no-wrap."""
    words = ["fuzzy"] if flags.fuzzy and (translated or obsolete) else []
    for language in FORMAT_LANGUAGES:
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


_START, _END, _ERROR = 1, 2, 4  # gettext's FMTDIR_* marks


def _brace_directive(data: bytes, start: int, toplevel: bool,
                     marks: list[tuple[int, int]]) -> int | None:
    """Parse one python-brace directive at START like gettext 0.21's parse_directive.

    Returns the index after it, or None when it is invalid.  MARKS receives
    (offset, mark) pairs with offsets counted from the directive's own opening
    brace: gettext 0.21 records them that way (FDI_SET uses the directive's
    start, not the string's), and the wrapping depends on that quirk.
    """
    def at(k: int) -> int:
        return data[k] if k < len(data) else 0

    def fail(k: int) -> None:
        marks.append((k - start, _ERROR))

    def name(k: int, digits: bool) -> int | None:
        c = at(k)
        if chr(c).isascii() and (chr(c).isalpha() or c == 95):
            while chr(at(k)).isascii() and (chr(at(k)).isalnum() or at(k) == 95):
                k += 1
            return k
        if digits and 48 <= c <= 57:
            while 48 <= at(k) <= 57:
                k += 1
            return k
        return None

    p = start + 1
    if at(p) == ord("{"):
        return p + 1
    q = name(p, digits=True)
    if q is None:
        return fail(p - 1 if at(p) == 0 else p)
    p = q
    while at(p) in b".[":
        bracket = at(p) == ord("[")
        p += 1
        q = name(p, digits=bracket)
        if q is None:
            return fail(p - 1 if at(p) == 0 else p)
        p = q
        if bracket:
            if at(p) != ord("]"):
                return fail(p - 1)
            p += 1
    if at(p) == ord(":"):
        if not toplevel:
            return fail(p)
        p += 1
        if at(p) == ord("{"):
            q = _brace_directive(data, p, False, marks)
            if q is None:
                return None
            p = q
        else:
            if at(p) == 0:
                return fail(p - 1)
            if at(p + 1) in b"<>=^":
                p += 2
            elif at(p) in b"<>=^":
                p += 1
            for optional in (b"+- ", b"#", b"0"):
                p += at(p) in optional
            while 48 <= at(p) <= 57:
                p += 1
            if at(p) == ord("."):
                p += 1 if 48 <= at(p + 1) <= 57 else 0
                while 48 <= at(p) <= 57:
                    p += 1
            p += at(p) in b"bcdoxXneEfFgG%"
    if at(p) != ord("}"):
        return fail(p - 1)
    if toplevel:
        marks += [(0, _START), (p - start, _END)]
    return p + 1


def brace_protected_bytes(value: str) -> int:
    """Return E: gettext forbids breaks before the bytes 1..E of VALUE (0: none).

    This follows gettext 0.21 for python-brace-format: directives are parsed up
    to the first invalid one; because of the offset quirk, the directive region
    always starts at byte 0 and ends at the nearest END or ERROR mark, and an
    ERROR there makes it an invalid directive, which protects nothing.
    """
    data = value.encode("utf-8")
    marks: list[tuple[int, int]] = []
    p = 0
    while p < len(data):
        if data[p] != ord("{"):
            p += 1
            continue
        q = _brace_directive(data, p, True, marks)
        if q is None:
            break
        p = q
    if not any(mark == _START for _, mark in marks):
        return 0
    end = min(offset for offset, mark in marks if mark != _START)
    if any(offset == end and mark == _ERROR for offset, mark in marks):
        return 0
    return end


def _protected(value: str, flags: Flags) -> set[int]:
    """Indexes of the characters before which gettext forbids a line break."""
    for language in FORMAT_LANGUAGES:
        if flags.formats.get(language) in ("yes", "possible"):
            if language != "python-brace":
                return set()
            end = brace_protected_bytes(value)
            protected: set[int] = set()
            offset = 0
            for index, char in enumerate(value):
                if offset > end:
                    break
                if offset >= 1:
                    protected.add(index)
                offset += len(char.encode("utf-8"))
            return protected
    return set()


def wrap_string(prefix: str, keyword: str, value: str, page_width: int,
                no_wrap: bool = False, protected: frozenset[int] | set[int] = frozenset()) -> list[str]:
    """Write KEYWORD "VALUE" as gettext's write-po.c wrap() does, one str per line."""
    lines: list[str] = []
    after_break = len(prefix) + 1
    width = (_UNLIMITED if no_wrap else page_width) - 1 - after_break
    first_line = True
    position = 0
    for portion in re.findall(r"[^\n]*\n|[^\n]+", value) or [""]:
        units: list[str] = []
        overrides: list[int] = []
        for offset, char in enumerate(portion):
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
        breaks = width_breaks("".join(units), width, start, overrides)
        if first_line and units and (more or start > width or any(breaks)):
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            breaks = width_breaks("".join(units), width, 0, overrides)
        line = f'{prefix}{keyword} "' if first_line else f'{prefix}"'
        first_line = False
        for unit, brk in zip(units, breaks):
            if brk:
                lines.append(line + '"')
                line = f'{prefix}"'
            line += unit
        lines.append(line + '"')
    return lines


def _comment_lines(marker: str, text: str | None) -> list[str]:
    """'# text' / '#. text' lines, one per line of TEXT; an empty line is the bare marker."""
    if not text:
        return []
    # GNU's reader joins a line ending in a backslash with the next line, so
    # such a comment line gets a trailing space to keep the file stable.
    lines = [line + " " if line.endswith("\\") else line for line in text.split("\n")]
    return [f"{marker} {line}" if line else marker for line in lines]


def _reference_lines(occurrences: Sequence[tuple[str, str]], page_width: int) -> list[str]:
    """'#:' lines: duplicates dropped, leading './' stripped, wrapped at the page width."""
    texts: list[str] = []
    for file_name, line_number in occurrences:
        while file_name.startswith("./"):
            file_name = file_name[2:]
        text = file_name + (f":{int(line_number)}" if line_number else "")
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


def _msgstrs(entry: polib._BaseEntry) -> list[tuple[str, str]]:
    """The (keyword, value) pairs of the translation part of an entry."""
    if not entry.msgid_plural:
        return [("msgstr", entry.msgstr or "")]
    forms = entry.msgstr_plural or {0: ""}
    ordered = [forms[key] for key in sorted(forms, key=int)]
    return [(f"msgstr[{index}]", text or "") for index, text in enumerate(ordered)]


def entry_lines(entry: polib._BaseEntry, page_width: int, obsolete: bool = False) -> list[str]:
    """All lines of one entry, in gettext's order; [] for an obsolete entry msgcat drops."""
    strings = _msgstrs(entry)
    translated = strings[0][1] != ""
    if obsolete and not translated:
        return []
    flags = parse_flags(entry.flags or [])
    lines = _comment_lines("#", entry.tcomment) + _comment_lines("#.", entry.comment)
    lines += _reference_lines(entry.occurrences or [], page_width)
    lines += _flags_line(flags, translated, obsolete)

    def wrap(prefix: str, keyword: str, value: str) -> list[str]:
        return wrap_string(prefix, keyword, value, page_width, flags.no_wrap, _protected(value, flags))

    previous = "#~| " if obsolete else "#| "
    for keyword, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                           ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            lines += wrap(previous, keyword, value)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        lines += wrap(prefix, "msgctxt", entry.msgctxt)
    lines += wrap(prefix, "msgid", entry.msgid)
    if entry.msgid_plural:
        lines += wrap(prefix, "msgid_plural", entry.msgid_plural)
    for keyword, value in strings:
        lines += wrap(prefix, keyword, value)
    return lines


def format_po(catalog: polib.POFile, width: int = 79) -> str:
    """Return CATALOG as the text `msgcat` would write for it at page width WIDTH.

    The header comes first (comments from ``catalog.header``, ``#, fuzzy`` when
    ``catalog.metadata_is_fuzzy``, fields from ``catalog.metadata`` in order),
    then the entries that are not obsolete, then the obsolete ones.  WIDTH 0
    means no wrapping, like ``msgcat -w 0``; widths below 20 count as 20.
    """
    if width < 0:
        raise ValueError("width must not be negative")
    page_width = _UNLIMITED if width == 0 else max(width, _MIN_WIDTH)
    metadata = "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())
    header = polib.POEntry(msgid="", msgstr=metadata, tcomment=catalog.header or "",
                           flags=["fuzzy"] if catalog.metadata_is_fuzzy else [])
    blocks = [entry_lines(header, page_width)]
    blocks += [entry_lines(e, page_width) for e in catalog if not e.obsolete]
    blocks += [entry_lines(e, page_width, obsolete=True) for e in catalog if e.obsolete]
    return "\n".join("\n".join(block) + "\n" for block in blocks if block)
