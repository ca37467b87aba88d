"""A strict lexer for the PO format: find the first syntax error, with its line, before polib reads the file.

polib's parser is forgiving in ways that lose text silently: a string without its closing quote loses
its last character, ``msgid "a\\"b"`` is taken as one string, an entry cut off after its ``msgid``
gets an empty translation, and lines are split at U+2028 and other Unicode line breaks. This module
accepts exactly the subset of GNU gettext's PO syntax that polib reads the same way, and names the
line of anything else. ``split_lines`` and ``PoText`` give polib the same lines this lexer saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Escapes polib's unescape() understands (GNU gettext also has \a, \?, \', octal and hex).
_ESCAPES = frozenset('ntrvbf\\"')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[([0-9]+)\]|msgstr)(?=[ \t\"]|$)")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Entry states: where we are in the current entry.
_START, _PREV, _CTXT, _ID, _ID_PLURAL, _STR, _STR_PLURAL = range(7)
_NEEDS_MSGSTR = (_CTXT, _ID, _ID_PLURAL)


@dataclass(frozen=True)
class PoSyntaxError:
    line: int
    message: str


class PoText(str):
    """Catalog text that polib splits into lines at ``\\n`` only (str.splitlines also splits at U+2028 etc.)."""

    __slots__ = ()

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        return split_lines(str(self))


def split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _string(rest: str, number: int) -> PoSyntaxError | None:
    """Check that ``rest`` is exactly one string literal (and nothing after it but blanks)."""
    if not rest.startswith('"'):
        return PoSyntaxError(number, "a quoted string (\"...\") is expected here")
    i, n = 1, len(rest)
    while i < n:
        ch = rest[i]
        if ch == "\\":
            if i + 1 >= n:
                break
            nxt = rest[i + 1]
            if nxt == "a":
                return PoSyntaxError(number, "\\a (a bell control character) in a string; delete it")
            if nxt not in _ESCAPES:
                return PoSyntaxError(number, f"unsupported escape sequence \\{nxt} in a string; write the "
                                             "character itself (only \\n \\t \\r \\\" \\\\ are needed)")
            i += 2
            continue
        if ch == '"':
            tail = rest[i + 1:]
            if tail.strip(" \t"):
                if tail.lstrip(" \t").startswith('"'):
                    return PoSyntaxError(number, "two strings on one line; put each continuation string "
                                                 "on a line of its own")
                return PoSyntaxError(number, f"unexpected text after the closing quote: {tail.strip()[:30]!r} "
                                             "(a quote inside a string must be written \\\")")
            return None
        i += 1
    return PoSyntaxError(number, "the string has no closing quote (the line may be cut off, or a quote "
                                 "inside the text is not written \\\")")


def check_syntax(text: str) -> PoSyntaxError | None:
    """The first syntax error in catalog text (already decoded, ``\\n`` line ends), or None."""
    state = _START
    obsolete: bool | None = None  # whether the current entry is an obsolete (#~) one
    last_plural = -1
    prev_keyword = False  # a "#| msgid" (previous) line was seen, so "#| ..." continuations are allowed
    number = 0
    lines = split_lines(text)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip(" \t\r\f\v")
        if not line:
            continue
        bad = _BAD_CONTROL.search(line)
        if bad:
            return PoSyntaxError(number, f"control character U+{ord(bad.group()):04X} in the file; "
                                         "it is damaged or not a text catalog")
        is_obsolete = False
        if line.startswith("#~"):
            is_obsolete = True
            line = line[2:].lstrip(" \t")
            if not line:
                continue
            if line.startswith("|"):
                line = "#" + line  # "#~|" previous line of an obsolete entry
        if line.startswith("#"):
            marker = line[:2]
            if marker == "#|":
                body = line[2:].lstrip(" \t")
                if state in _NEEDS_MSGSTR:
                    return PoSyntaxError(number, "a '#|' line inside an entry: the msgstr of the entry above "
                                                 "is missing")
                if body.startswith('"'):
                    if not prev_keyword:
                        return PoSyntaxError(number, "'#|' continuation without a '#| msgid' line before it")
                    problem = _string(body, number)
                    if problem:
                        return problem
                    continue
                if state in (_STR, _STR_PLURAL):
                    state, obsolete = _START, None
                match = re.match(r"(msgctxt|msgid_plural|msgid)[ \t]+", body)
                if not match:
                    return PoSyntaxError(number, "a '#|' line must hold msgctxt, msgid or msgid_plural and "
                                                 "a string")
                problem = _string(body[match.end():], number)
                if problem:
                    return problem
                state, prev_keyword = _PREV, True
                continue
            if marker in ("#.", "#:", "#,") or line == "#" or line.startswith(("# ", "#\t", "##")):
                if state in _NEEDS_MSGSTR:
                    return PoSyntaxError(number, "a comment inside an entry: the msgstr of the entry above "
                                                 "is missing")
                if state in (_STR, _STR_PLURAL):
                    state, obsolete = _START, None
                prev_keyword = False
                continue
            return PoSyntaxError(number, f"unknown comment {line[:2]!r}; translator comments start with "
                                         "'# ' (hash and space)")
        if line.startswith('"'):
            if state == _START or (state == _PREV and not prev_keyword):
                return PoSyntaxError(number, "a string with no msgid or msgstr before it")
            if state == _PREV:
                return PoSyntaxError(number, "a continuation of a '#|' line must start with '#|' too")
            if obsolete is not None and obsolete != is_obsolete:
                return PoSyntaxError(number, "an entry mixes obsolete ('#~') and active lines")
            problem = _string(line, number)
            if problem:
                return problem
            continue
        match = _KEYWORD.match(line)
        if not match:
            word = line.split()[0][:30] if line.split() else line[:30]
            return PoSyntaxError(number, f"{word!r} is not a PO keyword (msgctxt, msgid, msgid_plural, msgstr, "
                                         "msgstr[N]) nor a comment")
        keyword = match.group(1)
        rest = line[match.end():]
        if rest and rest[0] not in " \t":
            return PoSyntaxError(number, f"a space is needed between {keyword} and its string")
        problem = _string(rest.lstrip(" \t"), number)
        if problem:
            return problem
        if keyword in ("msgctxt", "msgid") and state in (_STR, _STR_PLURAL):
            state, obsolete = _START, None
        if obsolete is not None and obsolete != is_obsolete:
            return PoSyntaxError(number, "an entry mixes obsolete ('#~') and active lines")
        obsolete = is_obsolete
        prev_keyword = False
        if keyword == "msgctxt":
            if state not in (_START, _PREV):
                return PoSyntaxError(number, "msgctxt inside an entry: the msgstr of the entry above is missing")
            state = _CTXT
        elif keyword == "msgid":
            if state not in (_START, _PREV, _CTXT):
                return PoSyntaxError(number, "a second msgid: the msgstr of the entry above is missing")
            state = _ID
        elif keyword == "msgid_plural":
            if state != _ID:
                return PoSyntaxError(number, "msgid_plural must follow the msgid")
            state = _ID_PLURAL
        elif keyword == "msgstr":
            if state == _ID_PLURAL:
                return PoSyntaxError(number, "an entry with msgid_plural needs msgstr[0], msgstr[1], ... "
                                             "instead of msgstr")
            if state != _ID:
                return PoSyntaxError(number, "msgstr without a msgid before it")
            state = _STR
        else:  # msgstr[N]
            index = int(match.group(2))
            if state == _ID:
                return PoSyntaxError(number, f"msgstr[{index}] in an entry without msgid_plural; use msgstr")
            if state == _ID_PLURAL:
                if index != 0:
                    return PoSyntaxError(number, f"the plural forms must start at msgstr[0], not msgstr[{index}]")
            elif state == _STR_PLURAL:
                if index != last_plural + 1:
                    return PoSyntaxError(number, f"msgstr[{index}] out of order: msgstr[{last_plural + 1}] "
                                                 "expected")
            else:
                return PoSyntaxError(number, f"msgstr[{index}] without a msgid before it")
            if index > 9:
                return PoSyntaxError(number, "more than 10 plural forms")
            last_plural = index
            state = _STR_PLURAL
    if state in _NEEDS_MSGSTR or state == _PREV:
        what = "msgstr" if state != _ID_PLURAL else "msgstr[0]"
        return PoSyntaxError(max(number, 1), f"the file ends inside an entry ({what} missing): it is cut off "
                                             "or an entry is incomplete")
    return None


def header_entry_lines(text: str) -> list[int]:
    """Lines of the active entries whose msgid is empty and that have no msgctxt: header entries.

    A catalog has one; polib silently takes the metadata of the last one when there are more.
    (A long msgid is also written ``msgid ""`` followed by continuation lines, so those are skipped.)
    """
    lines = split_lines(text)
    found: list[int] = []
    previous_keyword = ""
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if re.fullmatch(r'msgid[ \t]+""', line):
            j = i + 1
            empty = True
            while j < len(lines) and lines[j].strip().startswith('"'):
                if lines[j].strip() != '""':
                    empty = False
                j += 1
            if empty and previous_keyword != "msgctxt":
                found.append(i + 1)
            previous_keyword = "msgid"
            i = j
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)", line)
        if match:
            previous_keyword = match.group(1)
        i += 1
    return found
