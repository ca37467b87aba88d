"""Pseudo-translation: every string in accented letters, about a third longer, and marked at both ends.

A pseudo-locale's pages show at once what is not translatable (English words left), what is cut off
(text 30-40 % longer than the English) and, with a right-to-left one, what is not mirrored. Only letters
outside markup change: placeholders, format directives, inline markup, entities, code spans, HTML
elements, addresses and digits stay as written, so every check of a real translation passes.
"""

from __future__ import annotations

import logging
import math
import re

import polib

from pipeline.plurals import PluralFormsError, parse_plural_forms

log = logging.getLogger(__name__)

# Pseudo-locales by their gettext name (the names Android and Windows use for the same purpose):
# (CLDR locale whose dates, numbers and plural rules they borrow, direction, English name).
PSEUDO_LOCALES: dict[str, tuple[str, str, str]] = {
    "en_XA": ("en", "ltr", "Pseudo-accented (longer text)"),
    "ar_XB": ("en", "rtl", "Pseudo right-to-left (mirrored layout)"),
}
START, END = "\u00ab", "\u00bb"  # « and »: in every Latin font, and not markup in any syntax used here
LENGTHEN = 0.35  # characters added, as a share of the English text outside markup and placeholders

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "áƀçďéƒĝĥíĵķĺṁñóṗǫŕšťúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĹṀÑÓṖǪŔŠŤÚṼŴẊÝŽ"
_TABLE = str.maketrans(_PLAIN, _ACCENTED)
_VOWELS = frozenset("aeiouAEIOU")
# Kept exactly: placeholders, format directives, escapes, entities, code spans, the allowed HTML tags, footnote
# references, addresses and e-mail addresses.
_KEEP = re.compile(r"\{[a-z_]+\}|%\([A-Za-z_]+\)[sd]|%[sd]|\\.|&#?[0-9A-Za-z]+;|(`+).*?\1"
                   r"|</?(?:sub|sup|abbr|kbd|small|br)\b[^<>\n]*>|\[\^\d+\]|\]\[\d+\]"
                   r"|(?:https?://|www\.)[^\s<>\"')\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.S)


def is_pseudo(code: str) -> bool:
    return code in PSEUDO_LOCALES


def _dress(text: str, budget: int) -> tuple[str, int]:
    """Accent the letters of free text, doubling vowels while ``budget`` lasts."""
    out: list[str] = []
    for char in text:
        out.append(char.translate(_TABLE))
        if budget > 0 and char in _VOWELS:
            out.append(char.translate(_TABLE))
            budget -= 1
    return "".join(out), budget


def pseudo_text(text: str) -> str:
    """The pseudo-translation of one string (segment syntax or page chrome alike)."""
    if not text.strip():
        return text
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _KEEP.finditer(text):
        pieces.append((text[position:match.start()], True))
        pieces.append((match.group(0), False))
        position = match.end()
    pieces.append((text[position:], True))
    budget = math.ceil(sum(len(piece.strip()) for piece, free in pieces if free) * LENGTHEN)
    dressed: list[str] = []
    for piece, free in pieces:
        if free:
            piece, budget = _dress(piece, budget)
        elif piece.startswith('<abbr title="'):  # the expansion a reader sees is text too
            piece = '<abbr title="' + piece[len('<abbr title="'):].translate(_TABLE)
        dressed.append(piece)
    padding = "\u00b7" * budget  # middle dots when there were too few vowels to double
    body = "".join(dressed)
    last = next((piece for piece in reversed(dressed) if piece.strip()), "")
    if re.match(r"(?:https?://|www\.)|[\w.+-]+@", last) and body.rstrip().endswith(last.rstrip()):
        padding = " " + padding  # an address ends the text: a space, so the mark is not read as part of it
    lead = len(body) - len(body.lstrip())
    trail = len(body) - len(body.rstrip())
    core = body[lead:len(body) - trail] if trail else body[lead:]
    return f"{body[:lead]}{START}{core}{padding}{END}{body[len(body) - trail:] if trail else ''}"


def pseudo_catalog(template: polib.POFile, base: polib.POFile) -> polib.POFile:
    """``base`` (a catalog header) filled with the pseudo-translation of every entry of the template."""
    for entry in template:
        if entry.obsolete:
            continue
        copy = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, comment=entry.comment,
                             occurrences=list(entry.occurrences), flags=list(entry.flags))
        if entry.msgid_plural:
            copy.msgid_plural = entry.msgid_plural
            forms = _plural_count(base)
            copy.msgstr_plural = {i: pseudo_text(entry.msgid if i == 0 else entry.msgid_plural) for i in range(forms)}
        else:
            copy.msgstr = pseudo_text(entry.msgid)
        base.append(copy)
    log.debug("pseudo-translated %d entries", len(base))
    return base


def _plural_count(catalog: polib.POFile) -> int:
    try:
        return parse_plural_forms(catalog.metadata.get("Plural-Forms", "")).nplurals
    except PluralFormsError:
        return 2
