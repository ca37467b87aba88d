"""What a translation must not add: invisible and bidi control characters, raw HTML, scripts and addresses.

Text from catalogs is never trusted as markup, so HTML, template syntax or CSS in a translation would be
shown as written; these checks say so before a reader sees it. Invisible characters are judged by the
locale: direction marks are right in right-to-left text, joiners in Arabic and Indic spelling.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable

# Characters that change how text is shown without being visible.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM: fine in right-to-left text
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: part of Arabic and Indic spelling
_SOFT_INVISIBLES = {"\u200b": "ZERO WIDTH SPACE", "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
                    "\u00ad": "SOFT HYPHEN", "\u180e": "MONGOLIAN VOWEL SEPARATOR",
                    "\u034f": "COMBINING GRAPHEME JOINER"}
# Python counts these as printable although nothing (or almost nothing) is shown.
_PRINTABLE_INVISIBLES = frozenset({"\u3164", "\uffa0", "\u115f", "\u1160", "\u034f"})
_SPACE_SCRIPTS_ZWSP = frozenset({"th", "lo", "km", "my", "bo", "dz", "ja"})  # languages written without spaces
_JOINER_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug", "hi", "mr", "ne", "bn", "as", "pa", "gu",
                               "or", "ta", "te", "kn", "ml", "si", "sa", "my", "km", "dv", "ckb"})

# Constructs a translation must not add.
_TAG = re.compile(r"<\s*(/?\s*[A-Za-z][A-Za-z0-9:-]*|!--|!\[CDATA\[|!doctype|\?)", re.I)
_EVENT = re.compile(r"\bon[a-z]{3,}\s*=", re.I)
# Script-running schemes; "data:" only with a media type and "file:" only with a path ("file" is a French
# word, "data" an English one).
_SCHEME = re.compile(r"(javascript|vbscript|livescript)\s*:|(data)\s*:\s*[\w.+-]+/[\w.+-]+|(file)\s*:\s*/", re.I)
URL = re.compile(r"(?:\b(?:https?|ftp|wss?)://|\bmailto:(?=\S+@)|(?<![\w/:])//(?=[\w-]+\.)|\bwww\.)"
                 r"[^\s<>\"'`)\]]*", re.I)
_JINJA = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\$\{")
_CSS = re.compile(r"url\s*\(|@import|expression\s*\(|\bstyle\s*=|-moz-binding|\bsrcdoc\s*=", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def invisible_characters(text: str, locale: str, direction: str) -> list[tuple[str, str, str]]:
    """(severity, character description, advice) for each kind of invisible or control character in text.

    Each distinct character is judged once, in order of first appearance; printable characters other
    than the few invisible ones that Python counts as printable are passed over at once.
    """
    language = locale.split("_")[0]
    found: list[tuple[str, str, str]] = []
    for char in dict.fromkeys(text):
        if char.isprintable() and char not in _PRINTABLE_INVISIBLES or char in "\n\t\u00a0":
            continue
        judged = _judge(char, language, locale, direction)
        if judged is not None:
            found.append(judged)
    return found


def _judge(char: str, language: str, locale: str, direction: str) -> tuple[str, str, str] | None:
    """One character that is not plainly visible: (severity, description, advice), or None when it is fine."""
    name = _name(char)
    code = ord(char)
    category = unicodedata.category(char)
    if char in _BIDI_CONTROLS:
        return ("error", name, "a bidirectional control character can reorder the text the reader sees; "
                               "delete it (right-to-left text needs none)")
    if 0xE0000 <= code <= 0xE007F or 0xFFF9 <= code <= 0xFFFB or 0x2061 <= code <= 0x2064 or code in (
            0x115F, 0x1160, 0x3164, 0xFFA0, 0x180E, 0x2028, 0x2029):
        return ("error", name, "an invisible character that hides or splits text; delete it")
    if category == "Cc":
        return ("error", name, "a control character; delete it")
    if char in _DIRECTION_MARKS:
        return None if direction == "rtl" else ("warning", name, "a direction mark in left-to-right text; delete it")
    if char in _JOINERS:
        return None if language in _JOINER_LANGUAGES else (
            "warning", name, f"a zero-width joiner is not used in {locale} text; delete it")
    if char == "\u200b":
        return None if language in _SPACE_SCRIPTS_ZWSP else (
            "warning", name, "an invisible space; delete it or use a normal space")
    if char in _SOFT_INVISIBLES or category == "Cf":
        return ("warning", name, "an invisible character; delete it" if char in _SOFT_INVISIBLES
                else "an invisible formatting character; delete it")
    if category == "Co":
        return ("warning", name, "a private-use character; it shows as a box or not at all")
    if category in ("Cn", "Cs"):
        return ("error", name, "an unassigned character or a noncharacter; it shows as a box or not at all")
    return None  # a space character (Zs): visible as space


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def check_invisible(target: str, locale: str, direction: str, add) -> None:
    for severity, name, advice in invisible_characters(target, locale, direction):
        add(severity, "bidi-control" if "a bidirectional" in advice else "invisible-char", f"{name}: {advice}")


def _normalized_for_scan(text: str) -> str:
    """Text as a browser might read it: entities decoded, controls and whitespace inside words removed."""
    decoded = html.unescape(text)
    return re.sub(r"[\x00-\x20\u00ad\u200b-\u200f\u2060\ufeff]+(?=[a-z:])", "", decoded, flags=re.I)


def _added(pattern: re.Pattern[str], needle: str, target: str, source: str,
           key: Callable[[re.Match[str]], str]) -> set[str]:
    """What ``pattern`` finds in the target and not in the source (every match contains ``needle``)."""
    if needle not in target:
        return set()
    found = {key(m) for m in pattern.finditer(target)}
    return found - {key(m) for m in pattern.finditer(source)} if found else found


def check_unsafe(source: str, target: str, allowed_urls: Iterable[str], add) -> None:
    src = source + "\n" + _normalized_for_scan(source)
    tgt = target + "\n" + _normalized_for_scan(target)
    tags = _added(_TAG, "<", tgt, src, lambda m: m.group(1).replace(" ", "").lower())
    if tags:
        add("error", "unsafe-html", "raw HTML (" + ", ".join(f"<{t}" for t in sorted(tags)) + ") in the translation; "
            "only the inline elements of the English (<sub>, <sup>, <abbr>, <br>, <kbd>, <small>) are kept, anything "
            "else is shown as text: use **bold**, *emphasis* and [text][n] links")
    events = _added(_EVENT, "=", tgt, src, lambda m: m.group().lower().rstrip("= "))
    if events and (tags or "<" in tgt):
        add("error", "unsafe-html", f"an HTML event handler ({', '.join(sorted(events))}=) in the translation")
    schemes = _added(_SCHEME, ":", tgt, src, lambda m: next(g for g in m.groups() if g).lower())
    if schemes:
        add("error", "unsafe-url", "a " + ", ".join(f"{s}:" for s in sorted(schemes)) +
            " address in the translation; remove it")
    allowed = set(allowed_urls)
    urls = {m.group().rstrip(".,;:!?") for m in URL.finditer(target)}
    src_urls = {m.group().rstrip(".,;:!?") for m in URL.finditer(source)}
    extra = sorted(u for u in urls - src_urls if u not in allowed and u.rstrip("/") not in
                   {a.rstrip("/") for a in allowed})
    if extra:
        add("error", "url-added", "an address the English does not have (" + ", ".join(extra[:3]) +
            "); links are written [text][n] and point where the English points")
    jinja = set(_JINJA.findall(tgt)) - set(_JINJA.findall(src))
    if jinja:
        add("error", "template-syntax", "template syntax (" + " ".join(sorted(jinja)) +
            ") in the translation; it is shown as text: remove it")
    css = {m.group().lower() for m in _CSS.finditer(tgt)} - {m.group().lower() for m in _CSS.finditer(src)}
    if css:
        add("error", "unsafe-css", "CSS (" + ", ".join(sorted(css)) + ") in the translation; remove it")
    entities = set(_ENTITY.findall(target)) - set(_ENTITY.findall(source))
    hidden = sorted(e for e in entities if any(unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS
                                               or c in "\u2028\u2029" for c in html.unescape(e)))
    if hidden:
        add("error", "unsafe-entity", "HTML entities for control or bidirectional control characters ("
            + ", ".join(hidden[:3]) + ") in the translation; they would reorder or break the text: delete them")
    elif entities:
        add("warning", "html-entity", "HTML entities (" + ", ".join(sorted(entities)[:3]) + ") the English does "
            "not have; type the character itself")
