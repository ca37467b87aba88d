"""The PO lexer, as GNU gettext 0.21's ``po-lex.c``: tokens of keywords, strings and comments, with their lines.

Keywords, strings and comments are tokens (so ``msgid "a" msgstr "b"`` on one line is valid), ``#~``
makes the rest of its line obsolete and ``#|``/``#~|`` previous, escapes are gettext's (``\\a`` too).
Also the reading of a ``#:`` comment's file positions. The grammar is in :mod:`pipeline.catalogs.syntax`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKEN = re.compile(r"""
 (?P<nl>\n)
|(?P<ws>[ \t\r\f\v]+)
|(?P<obs>\#~\|?)
|(?P<prev>\#\|)
|(?P<comment>\#[^\n]*)
|(?P<string>"(?:[^"\\\n]|\\[^\n])*")
|(?P<open>"[^\n]*)
|(?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
|(?P<num>[0-9]+)
|(?P<punct>[\[\]])
|(?P<other>.)
""", re.X)
_KEYWORDS = frozenset(("domain", "msgctxt", "msgid", "msgid_plural", "msgstr"))
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.)")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
                   "\\": "\\", '"': '"'}

class PoParseError(ValueError):
    """Text that is not valid PO: the line and what is wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def _unescape_match(match: re.Match[str]) -> str:
    body = match.group(1)
    simple = _SIMPLE_ESCAPES.get(body)
    if simple is not None:
        return simple
    value = int(body[1:], 16) if body[0] == "x" else int(body, 8) if body[0] in "01234567" else -1
    if value < 0:
        raise ValueError(f"unsupported escape sequence \\{body}; write the character itself "
                         "(gettext knows \\n \\t \\r \\\" \\\\ \\a \\b \\f \\v, octal and hex)")
    if value >= 0x80:
        raise ValueError(f"the escape \\{body} stands for a byte of a multibyte character; "
                         "write the character itself")
    return chr(value)


def _unescape(literal: str) -> str:
    body = literal[1:-1]
    return _ESCAPE.sub(_unescape_match, body) if "\\" in body else body


# A token: kind, value, line, obsolete. Kinds: "comment", a keyword, "prev_" + keyword, "string",
# "prev_string", "[", "]", "num".
Token = tuple[str, str, int, bool]


def tokenize(text: str, first_line: int = 1) -> list[Token]:
    """The tokens of the text, line by line (the first is ``first_line``): the usual lines (a comment, a
    keyword and its string, a string) through one match each, any other line through the general lexer."""
    tokens: list[Token] = []
    append = tokens.append
    for number, raw in enumerate(text.split("\n"), start=first_line):
        line = raw.lstrip(" \t\r\f\v")
        if not line:
            continue
        first = line[0]
        if first == "#":
            if not line.startswith(("#~", "#|")):
                append(("comment", line[1:], number, False))
                continue
        elif first == '"':
            match = _LINE_STRING.fullmatch(line)
            if match:
                append(("string", unescape_body(match.group(1), number), number, False))
                continue
        elif first == "m":
            match = _LINE_KEYWORD.fullmatch(line)
            if match:
                keyword, index, body = match.groups()
                append((keyword, keyword, number, False))
                if index is not None:
                    tokens += [("[", "[", number, False), ("num", index, number, False), ("]", "]", number, False)]
                append(("string", unescape_body(body, number), number, False))
                continue
        _line_tokens(raw, number, append)
    return tokens


_LINE_STRING = re.compile(r'"((?:[^"\\\n]|\\[^\n])*)"[ \t\r\f\v]*')
_LINE_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:[ \t]*\[[ \t]*([0-9]+)[ \t]*\])?[ \t]*'
                           r'"((?:[^"\\\n]|\\[^\n])*)"[ \t\r\f\v]*')


def unescape_body(body: str, line: int) -> str:
    if "\\" not in body:
        return body
    try:
        return _ESCAPE.sub(_unescape_match, body)
    except ValueError as exc:
        raise PoParseError(line, str(exc)) from None


def _line_tokens(text: str, line: int, append: Callable[[Token], None]) -> None:
    """The general lexer (gettext's po-lex.c) on one line."""
    obsolete = previous = False
    after_string = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "ws":
            continue
        if kind == "obs":
            obsolete = True
            previous = previous or value == "#~|"
            continue
        if kind == "prev":
            previous = True
            continue
        if kind == "comment":
            append(("comment", value[1:], line, obsolete))
            continue
        if kind == "string":
            try:
                append(("prev_string" if previous else "string", _unescape(value), line, obsolete))
            except ValueError as exc:
                raise PoParseError(line, str(exc)) from None
            after_string = True
            continue
        if kind == "open":
            raise PoParseError(line, "the string has no closing quote (the line may be cut off, or a quote "
                                     "inside the text is not written \\\")")
        if kind == "word":
            if value not in _KEYWORDS:
                if after_string:
                    raise PoParseError(line, f"unexpected text {value[:30]!r} after the closing quote "
                                             "(a quote inside a string must be written \\\")")
                raise PoParseError(line, f"{value[:30]!r} is not a PO keyword (msgctxt, msgid, msgid_plural, "
                                         "msgstr, msgstr[N]) nor a comment")
            if previous:
                if value not in ("msgctxt", "msgid", "msgid_plural"):
                    raise PoParseError(line, "a '#|' line must hold msgctxt, msgid or msgid_plural and a string")
                value = "prev_" + value
            append((value, value, line, obsolete))
            after_string = False
            continue
        if kind == "num" or kind == "punct":
            append((value if kind == "punct" else "num", value, line, obsolete))
            continue
        char = value
        if char == "\x00":
            raise PoParseError(line, "a NUL byte in the file: it is damaged or not a text catalog")
        shown = f"U+{ord(char):04X}" if not char.isprintable() or char.isspace() else repr(char)
        raise PoParseError(line, f"unexpected character {shown}: this is not PO syntax (a catalog line is a "
                                 "comment starting with #, a keyword or a quoted string)")


_PLAIN_REFERENCES = re.compile(r"[ \t]*(?:[^\s:]+:[0-9]+[ \t]+)*(?:[^\s:]+:[0-9]+[ \t]*)?")
_PLAIN_REFERENCE = re.compile(r"([^\s:]+):([0-9]+)")
_ONE_REFERENCE = re.compile(r"[ \t]*([^\s:]+):([1-9][0-9]*)[ \t]*")


def references(text: str) -> list[tuple[str, str]]:
    """File positions of a ``#:`` comment, parsed as gettext's po_callback_comment_filepos does."""
    one = _ONE_REFERENCE.fullmatch(text)
    if one:  # the usual " file:12" (no leading zero to drop): the same answer, in one match
        return [(one[1], one[2])]
    if _PLAIN_REFERENCES.fullmatch(text):  # the usual "file:12 other:3": the same answer, at once
        return [(name, str(int(number))) for name, number in _PLAIN_REFERENCE.findall(text)]
    found: list[tuple[str, str]] = []
    s, n = 0, len(text)
    blanks = " \t\r\f\v\n"
    while True:
        while s < n and text[s] in blanks:
            s += 1
        if s >= n:
            return found
        start = s
        while s < n and text[s] not in " \t\n":
            s += 1
        # "file : 12" (colon and number after the name, blanks allowed)
        p = _skip_blanks(text, s)
        if p < n and text[p] == ":" and (number := _number(text, _skip_blanks(text, p + 1))):
            found.append((text[start:s], number[0]))
            s = number[1]
            continue
        # "file: 12" (colon at the end of the name)
        if s - start >= 2 and text[s - 1] == ":" and (number := _number(text, _skip_blanks(text, s))):
            found.append((text[start:s - 1], number[0]))
            s = number[1]
            continue
        # "file:12"
        p = s
        while p > start and text[p - 1].isascii() and text[p - 1].isdigit():
            p -= 1
        if p < s and p > start + 1 and text[p - 1] == ":":
            found.append((text[start:p - 1], str(int(text[p:s]))))
            continue
        found.append((text[start:s], ""))


def _skip_blanks(text: str, at: int) -> int:
    """The position of the first character from ``at`` on that is not a blank between reference parts."""
    while at < len(text) and text[at] in " \t\n":
        at += 1
    return at


def _number(text: str, at: int) -> tuple[str, int] | None:
    """A line number starting at ``at`` and ending at a blank or the end: its value as text and its end."""
    end = at
    while end < len(text) and text[end].isascii() and text[end].isdigit():
        end += 1
    if end > at and (end >= len(text) or text[end] in " \t\n"):
        return str(int(text[at:end])), end
    return None
