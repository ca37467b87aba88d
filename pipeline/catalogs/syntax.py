"""Read PO text in one pass, as GNU gettext 0.21's reader does: everything it keeps, every error with its line.

The lexer (:mod:`pipeline.catalogs.lexer`) follows gettext's ``po-lex.c``: keywords, strings and
comments are tokens (so ``msgid "a" msgstr "b"`` on one line is valid), ``#~`` makes the rest of its
line obsolete and ``#|``/``#~|`` previous, escapes are gettext's (``\\a`` too), a backslash at the end
of a line joins it with the next, and any comment that is not ``#.``, ``#:``, ``#,``/``#!``, ``#|`` or ``#~`` is a
translator comment. The grammar follows ``po-gram.y``. The result is a polib ``POFile`` (the data
model the rest of the pipeline uses) that also keeps what polib drops: comment lines as written
(blank ones and trailing spaces included), ``#~|`` previous strings of obsolete entries, the raw
header (repeated fields, spacing) and ``domain`` directives, so that writing it back
(:mod:`pipeline.catalogs.write`) gives what ``msgcat`` gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polib

from pipeline.catalogs.lexer import PoParseError, Token, references, tokenize, unescape_body

DEFAULT_DOMAIN = "messages"
_METADATA_LINE = re.compile(r"[^\n]*\n|[^\n]+")


@dataclass(frozen=True)
class PoSyntaxError:
    line: int
    message: str


def parse_metadata(msgstr: str) -> dict[str, str]:
    """Header fields as polib reads them: ``Key: value`` lines, the last copy of a field wins."""
    metadata: dict[str, str] = {}
    for raw in msgstr.split("\n"):
        key, colon, value = raw.partition(":")
        if colon:
            metadata[key.strip()] = value.strip()
    return metadata


def metadata_lines(msgstr: str) -> list[str]:
    """The header's lines, each with its ``\\n`` (the last may lack it)."""
    return _METADATA_LINE.findall(msgstr)


class _Entry:
    """The parts of an entry as they are read, before it becomes a POEntry."""

    __slots__ = ("tcomments", "comments", "references", "flags", "previous", "first_line", "obsolete")

    def __init__(self) -> None:
        self.tcomments: list[str] = []
        self.comments: list[str] = []
        self.references: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, str] = {}
        self.first_line = 0
        self.obsolete: bool | None = None


def parse_po(text: str, *, grammar_only: bool = False) -> polib.POFile:
    """Parse decoded PO text (``\\n`` line ends); PoParseError names the first problem's line.

    Entries of the usual shape (comments at the start of their lines, msgctxt, msgid and msgstr, each
    string on its own line) are read by one match each; any other part of the file, by the lexer and
    the grammar. Where that part does not stand alone (or the file has a ``domain`` directive), the
    whole file is read by the lexer and the grammar, which give the same entries and every error.
    ``grammar_only``: read the whole file with the lexer and the grammar (the tests compare both ways).
    """
    source: str | None = text  # the text whose lines the entries' line numbers count (see write.reused_lines)
    if "\\\n" in text:  # gettext joins a line ending in a backslash with the next one
        text = text.replace("\\\n", "")
        source = None
    if "domain" not in text and not grammar_only:
        try:
            return _parse_usual(text, source)
        except _NotUsual:
            pass
    catalog = _new_catalog(source)
    tokens = tokenize(text)
    if _parse_tokens(tokens, catalog, DEFAULT_DOMAIN).previous:
        raise PoParseError(tokens[-1][2], "the file ends inside an entry (msgid missing after the '#|' lines)")
    return catalog


def _new_catalog(source: str | None) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=79, encoding="utf-8", check_for_duplicates=False)
    catalog.source_text = source
    catalog.raw_header = None
    catalog.header_lines = []
    catalog.extra_headers = []
    catalog.domains = []
    return catalog


class _NotUsual(Exception):
    """A part of the file that only the lexer and grammar, reading the whole file, read right."""


_BODY = r'[^"\\\n]*(?:\\[^\n][^"\\\n]*)*'
_LINE_END = r"[ \t\r\f\v]*(?:\n|\Z)"
_MORE = rf'(?:[ \t\r\f\v]*"{_BODY}"{_LINE_END})*'
# One entry of the usual shape, and the blank lines after it.
_USUAL_ENTRY = re.compile(
    r"(?P<comments>(?:#(?![~|])[^\n]*\n)*)"
    rf'(?:[ \t\r\f\v]*msgctxt[ \t]*"(?P<ctxt>{_BODY})"{_LINE_END}(?P<ctxt_more>{_MORE}))?'
    rf'[ \t\r\f\v]*msgid[ \t]*"(?P<id>{_BODY})"{_LINE_END}(?P<id_more>{_MORE})'
    rf'[ \t\r\f\v]*msgstr[ \t]*"(?P<str>{_BODY})"{_LINE_END}(?P<str_more>{_MORE})'
    r"(?:[ \t\r\f\v]*\n)*"
)
_MORE_BODY = re.compile(rf'"({_BODY})"')
# Where a part of the file in another shape ends: a blank line before a line that starts an entry.
_PART_END = re.compile(r"\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)*(?=[ \t\r\f\v]*(?:#|msgctxt|msgid))")
_BLANK_LINES = re.compile(r"(?:[ \t\r\f\v]*\n)*")
_FLAG_SEPARATORS = re.compile(r"[\s,]+")


def _parse_usual(text: str, source: str | None) -> polib.POFile:
    """Read the usual entries by one match each and the other parts with the grammar (_NotUsual when a
    part does not stand alone)."""
    catalog = _new_catalog(source)
    match_entry = _USUAL_ENTRY.match
    blank = _BLANK_LINES.match(text)
    pos = blank.end() if blank else 0
    line = text.count("\n", 0, pos) + 1
    size = len(text)
    while pos < size:
        m = match_entry(text, pos)
        if m is None:
            found = _PART_END.search(text, pos)
            stop = found.end() if found else size
            part = text[pos:stop]
            try:
                tokens = tokenize(part, line)
                if tokens and _parse_tokens(tokens, catalog, DEFAULT_DOMAIN).first_line:
                    raise _NotUsual  # comments or '#|' lines that belong to the next part
            except PoParseError:
                raise _NotUsual from None
            line += part.count("\n")
            pos = stop
            continue
        comments, ctxt, ctxt_more, msgid, id_more, msgstr, str_more = m.groups()
        pending = _Entry()
        pending.first_line = line
        strings_line = line
        if comments:
            for body in comments[:-1].split("\n"):
                _comment(pending, body[1:])
            strings_line += comments.count("\n")
        msgid_line = strings_line
        if ctxt is not None:
            ctxt, lines = _string(ctxt, ctxt_more)
            msgid_line += lines
        msgid, lines = _string(msgid, id_more)
        msgstr_line = msgid_line + lines
        msgstr, lines = _string(msgstr, str_more)
        last_line = msgstr_line + lines - 1
        _add_entry(catalog, pending, ctxt, msgid, "", msgstr, {}, msgid_line, strings_line, last_line,
                   DEFAULT_DOMAIN)
        end = m.end()
        line += text.count("\n", pos, end)
        pos = end
    return catalog


def _string(first: str, more: str) -> tuple[str, int]:
    """A string from the body on its keyword's line and its continuation lines; and its number of lines."""
    if not more and "\\" not in first:  # one line, no escape: the usual short string
        return first, 1
    parts = [first, *_MORE_BODY.findall(more)] if more else [first]
    value = "".join(parts)
    if "\\" in value:  # each part on its own: an escape ends where its line does
        try:
            value = "".join(unescape_body(part, 0) for part in parts)
        except PoParseError:
            raise _NotUsual from None
    return value, len(parts)


def _parse_tokens(tokens: list[Token], catalog: polib.POFile, domain: str) -> _Entry:
    """Read the tokens with the grammar (po-gram.y) into ``catalog``; what is left pending at the end."""
    count = len(tokens)
    i = 0
    pending = _Entry()

    def strings(at: int, kind: str, what: str) -> tuple[str, int]:
        if at >= count or tokens[at][0] != kind:
            line = tokens[at][2] if at < count else tokens[-1][2]
            raise PoParseError(line, f"a quoted string (\"...\") is expected after {what}")
        parts = []
        while at < count and tokens[at][0] == kind:
            parts.append(tokens[at][1])
            at += 1
        return "".join(parts), at

    def same_obsolete(token: Token) -> None:
        if pending.obsolete is None:
            pending.obsolete = token[3]
        elif pending.obsolete != token[3]:
            raise PoParseError(token[2], "an entry mixes obsolete ('#~') and active lines")

    while i < count:
        kind, value, line, obsolete = tokens[i]
        if not pending.first_line:
            pending.first_line = line
        if kind == "comment":
            _comment(pending, value)
            i += 1
            continue
        if kind == "domain":
            name, i = strings(i + 1, "string", "domain")
            domain = name
            if name not in catalog.domains:
                catalog.domains.append(name)
            pending = _Entry()
            continue
        if kind.startswith("prev_") and kind != "prev_string":
            same_obsolete(tokens[i])
            pending.previous[kind[5:]], i = strings(i + 1, "prev_string", "#| " + kind[5:])
            continue
        if kind not in ("msgctxt", "msgid"):
            raise PoParseError(line, _unexpected(kind, tokens, i))
        strings_line = line  # where msgctxt (or msgid) starts: the lines write.reuse_lines may reuse
        msgctxt: str | None = None
        if kind == "msgctxt":
            same_obsolete(tokens[i])
            msgctxt, i = strings(i + 1, "string", "msgctxt")
            if i >= count or tokens[i][0] != "msgid":
                raise PoParseError(tokens[min(i, count - 1)][2], "msgctxt inside an entry: msgctxt must be "
                                   "followed by its msgid" if i < count and tokens[i][0] == "msgctxt"
                                   else "msgctxt must be followed by msgid")
        msgid_line = tokens[i][2]
        same_obsolete(tokens[i])
        msgid, i = strings(i + 1, "string", "msgid")
        msgid_plural = ""
        msgstr = ""
        plural: dict[int, str] = {}
        if i < count and tokens[i][0] == "msgid_plural":
            same_obsolete(tokens[i])
            msgid_plural, i = strings(i + 1, "string", "msgid_plural")
            if i >= count or tokens[i][0] != "msgstr":
                raise _missing_msgstr(tokens, i, "msgstr[0]")
            while i < count and tokens[i][0] == "msgstr":
                same_obsolete(tokens[i])
                index, i = _plural_index(tokens, i)
                if index is None:
                    raise PoParseError(tokens[i - 1][2], "an entry with msgid_plural needs msgstr[0], "
                                       "msgstr[1], ... instead of msgstr")
                if index != len(plural):
                    raise PoParseError(tokens[i - 1][2], f"msgstr[{index}] out of order: msgstr[{len(plural)}] "
                                       "expected" if plural else
                                       f"the plural forms must start at msgstr[0], not msgstr[{index}]")
                plural[index], i = strings(i, "string", f"msgstr[{index}]")
        else:
            if i >= count or tokens[i][0] != "msgstr":
                raise _missing_msgstr(tokens, i, "msgstr")
            same_obsolete(tokens[i])
            index, i = _plural_index(tokens, i)
            if index is not None:
                raise PoParseError(tokens[i - 1][2], f"msgstr[{index}] in an entry without msgid_plural; "
                                   "use msgstr")
            msgstr, i = strings(i, "string", "msgstr")
        _add_entry(catalog, pending, msgctxt, msgid, msgid_plural, msgstr, plural, msgid_line, strings_line,
                   tokens[i - 1][2], domain)
        pending = _Entry()
    return pending


def _add_entry(catalog: polib.POFile, pending: _Entry, msgctxt: str | None, msgid: str, msgid_plural: str,
               msgstr: str, plural: dict[int, str], msgid_line: int, strings_line: int, last_line: int,
               domain: str) -> None:
    """Add a read entry to the catalog, or take it as the header (the first ``msgid ""`` without msgctxt)."""
    is_obsolete = bool(pending.obsolete)
    if msgid == "" and msgctxt is None and not is_obsolete and domain == DEFAULT_DOMAIN:
        if catalog.raw_header is None:
            catalog.raw_header = msgstr
            catalog.header = "\n".join(pending.tcomments)
            catalog.header_lines = pending.tcomments
            catalog.metadata = parse_metadata(msgstr)
            catalog.raw_metadata = dict(catalog.metadata)
            catalog.metadata_is_fuzzy = pending.flags
            catalog.header_line = msgid_line
        else:
            catalog.extra_headers.append(msgid_line)
        return
    entry = polib.POEntry.__new__(polib.POEntry)
    previous = pending.previous
    entry.__dict__ = {  # the attributes polib's constructor sets, and where the entry was read
        "msgid": msgid, "msgstr": msgstr, "msgid_plural": msgid_plural, "msgstr_plural": plural,
        "msgctxt": msgctxt, "obsolete": is_obsolete, "encoding": "utf-8", "comment": "\n".join(pending.comments),
        "tcomment": "\n".join(pending.tcomments), "occurrences": pending.references, "flags": pending.flags,
        "previous_msgctxt": previous.get("msgctxt"), "previous_msgid": previous.get("msgid"),
        "previous_msgid_plural": previous.get("msgid_plural"), "linenum": pending.first_line,
        "tcomment_lines": pending.tcomments, "comment_lines": pending.comments, "msgid_line": msgid_line,
        "strings_line": strings_line, "last_line": last_line,
    }
    if domain != DEFAULT_DOMAIN:
        entry.domain = domain
    list.append(catalog, entry)  # polib's append would look for a duplicate: the reader reports those


def _comment(pending: _Entry, body: str) -> None:
    """Dispatch a comment as gettext's po_callback_comment_dispatcher does."""
    kind = body[:1]
    if kind == ".":
        body = body[1:]
        pending.comments.append(body[1:] if body.startswith(" ") else body)
    elif kind == ":":
        pending.references.extend(references(body[1:]))
    elif kind == "," or kind == "!":
        pending.flags.extend(flag for flag in _FLAG_SEPARATORS.split(body[1:]) if flag)
    else:
        pending.tcomments.append(body[1:] if body.startswith(" ") else body)


def _plural_index(tokens: list[Token], i: int) -> tuple[int | None, int]:
    """After a msgstr token at ``i``: the index of ``[N]`` (None without one) and the next position."""
    i += 1
    if i < len(tokens) and tokens[i][0] == "[":
        if i + 2 < len(tokens) and tokens[i + 1][0] == "num" and tokens[i + 2][0] == "]":
            return int(tokens[i + 1][1]), i + 3
        raise PoParseError(tokens[i][2], "msgstr[ must be followed by a number and ]")
    return None, i


def _missing_msgstr(tokens: list[Token], i: int, what: str) -> PoParseError:
    if i >= len(tokens):
        return PoParseError(tokens[-1][2], f"the file ends inside an entry ({what} missing): it is cut off "
                                           "or an entry is incomplete")
    kind, _, line, _ = tokens[i]
    if kind == "comment":
        return PoParseError(line, f"a comment inside an entry: the {what} of the entry above is missing")
    if kind == "msgid":
        return PoParseError(line, f"a second msgid: the {what} of the entry above is missing")
    if kind in ("msgctxt", "domain") or kind.startswith("prev_"):
        return PoParseError(line, f"{_shown(kind)} inside an entry: the {what} of the entry above is missing")
    return PoParseError(line, f"{_shown(kind)} where {what} was expected")


def _shown(kind: str) -> str:
    return {"prev_string": "a '#|' string", "string": "a string", "num": "a number"}.get(
        kind, "a '#|' line" if kind.startswith("prev_") else repr(kind))


def _unexpected(kind: str, tokens: list[Token], i: int) -> str:
    if kind == "msgstr":
        return "msgstr without a msgid before it"
    if kind == "msgid_plural":
        return "msgid_plural must follow the msgid"
    if kind == "string" and i > 0 and tokens[i - 1][0] == "prev_string":
        return "a continuation of a '#|' line must start with '#|' too"
    if kind == "string":
        return "a string with no msgid or msgstr before it"
    if kind == "prev_string":
        return "'#|' continuation without a '#| msgid' line before it"
    return f"{_shown(kind)} outside an entry"


def check_syntax(text: str) -> PoSyntaxError | None:
    """The first syntax error in catalog text (already decoded, ``\\n`` line ends), or None."""
    try:
        parse_po(text)
    except PoParseError as exc:
        return PoSyntaxError(exc.line, exc.message)
    return None


def header_entry_lines(text: str) -> list[int]:
    """Lines of the active entries whose msgid is empty and that have no msgctxt: header entries.

    A catalog has one; gettext tools refuse a second one as a duplicate.
    """
    try:
        catalog = parse_po(text)
    except PoParseError:
        return []
    if catalog.raw_header is None:
        return []
    return [catalog.header_line, *catalog.extra_headers]
