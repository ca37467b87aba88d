"""Typographic checks of a translation against its English, aware of each locale's punctuation and digits.

Doubled words, unbalanced brackets and quotes (including « », 「」, „ “), the end punctuation (a
question stays a question; Chinese ends with 。？！, Hindi with । and Arabic asks with ؟), double
spaces and tabs, digits of a script that is neither Latin nor the locale's own, and a short English
text (a heading, a button) turned into a long one. Each check reports through ``add(severity,
code, message)``, like :mod:`pipeline.checks.translation`.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable

log = logging.getLogger(__name__)

Add = Callable[[str, str, str], None]  # add(severity, code, message)

_DOUBLED = re.compile(r"(?<!\w)([^\W\d_]{2,})[ \u00a0]+\1(?!\w)", re.IGNORECASE)
# Opening and closing marks that must pair up in a translation when they do in the English (or are new).
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("「", "」"), ("『", "』"), ("（", "）"),
          ("【", "】"), ("‹", "›"), ("„", "“"), ("“", "”"))
# Sentence-final punctuation by kind, in every script the project's locales use.
_ENDS = {
    "stop": ".。।॥۔…",
    "question": "?？؟",
    "exclamation": "!！",
    "colon": ":：",
}
_KIND_OF = {mark: kind for kind, marks in _ENDS.items() for mark in marks}
# What a sentence of this kind should end with in a locale, when it is not the Latin mark.
_LOCALE_ENDS = {
    "zh": {"stop": "。", "question": "？", "exclamation": "！"},
    "ja": {"stop": "。", "question": "？", "exclamation": "！"},
    "hi": {"stop": "।"},
    "ar": {"question": "؟"},
    "fa": {"question": "؟"},
    "ur": {"question": "؟", "stop": "۔"},
}
_CLOSERS = "\"'”’»›」』)）】]*_` \u00a0"
# The digits a locale may write besides 0-9 (by Unicode digit block name prefix).
_LOCALE_DIGITS = {"ar": ("ARABIC-INDIC",), "fa": ("EXTENDED ARABIC-INDIC",), "ur": ("EXTENDED ARABIC-INDIC",),
                  "hi": ("DEVANAGARI",), "mr": ("DEVANAGARI",), "ne": ("DEVANAGARI",), "bn": ("BENGALI",),
                  "th": ("THAI",), "my": ("MYANMAR",)}
_REDUPLICATING = frozenset(("vi", "id", "ms", "th", "zh", "ja", "ko", "km", "lo", "my"))
_DOUBLED_BY_GRAMMAR = {"fr": frozenset(("vous", "nous")), "it": frozenset(("ci", "si")),
                       "es": frozenset(("que",)), "de": frozenset(("die", "der", "das"))}
_SHORT = 30  # characters: below this an English text is a label, a heading or a short phrase


def _language(locale: str) -> str:
    return locale.split("_")[0].split("-")[0].lower()


def check_doubled_words(source: str, target: str, locale: str, add: Add) -> None:
    """The same word twice in a row ("the the"), when the English does not do it.

    Not in languages that double words by grammar (Vietnamese reduplication) nor for the
    pronouns French doubles ("vous vous sentez").
    """
    language = _language(locale)
    if language in _REDUPLICATING:
        return
    doubled = {match.group(1).casefold() for match in _DOUBLED.finditer(target)}
    doubled -= {match.group(1).casefold() for match in _DOUBLED.finditer(source)}
    doubled -= _DOUBLED_BY_GRAMMAR.get(language, frozenset())
    for word in sorted(doubled):
        add("warning", "doubled-word", f"{word!r} twice in a row in the translation")


def check_brackets(source: str, target: str, add: Add) -> None:
    """Brackets and quotes that open and close in the English must pair up in the translation."""
    low_high = "„" in target  # German-style „…“: “ closes, so the English “…” pair is not counted
    for opening, closing in _PAIRS:
        if (opening, closing) == (("“", "”") if low_high else ("„", "“")):
            continue
        opened, closed = target.count(opening), target.count(closing)
        if opened == closed:
            continue
        if source.count(opening) - source.count(closing) == opened - closed:
            continue  # the English is unbalanced the same way (a list item, a range)
        add("warning", "unbalanced", f"{opened} {opening!r} and {closed} {closing!r} in the translation: "
                                     "a bracket or quote is not closed or not opened")


def _final(text: str) -> str:
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith(".."):
        return "…"  # an ellipsis written with full stops
    return stripped[-1] if stripped else ""


def check_end_punctuation(source: str, target: str, locale: str, add: Add) -> None:
    """A sentence ends like the English one: a question stays a question, in the locale's own marks."""
    source_kind = _KIND_OF.get(_final(source))
    if source_kind is None or not target.strip():
        return
    final = _final(target)
    target_kind = _KIND_OF.get(final)
    if target_kind is None:
        if source_kind in ("question", "exclamation") or (source_kind == "stop" and len(source) >= _SHORT):
            add("warning", "end-punctuation", f"the English ends with {_final(source)!r}, the translation with "
                                              f"no end punctuation")
        return
    if target_kind != source_kind and {source_kind, target_kind} != {"stop", "colon"} \
            and not (source_kind == "exclamation" and target_kind == "stop"):
        add("warning", "end-punctuation", f"the English ends with {_final(source)!r}, the translation with "
                                          f"{final!r}")
        return
    wanted = _LOCALE_ENDS.get(_language(locale), {}).get(target_kind)
    if wanted and final not in wanted and final.isascii() and _script_text(target, locale):
        add("warning", "end-punctuation", f"the translation ends with {final!r}; {locale} writes {wanted!r}")


def _script_text(text: str, locale: str) -> bool:
    """Whether the text's last letter is of the locale's script (not an English name or a code)."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and not letters[-1].isascii()


def check_spacing(source: str, target: str, add: Add) -> None:
    """Double spaces and tabs inside the translation that the English does not have."""
    inner = target.strip()
    if "  " in inner and "  " not in source.strip():
        add("warning", "double-space", "two spaces in a row in the translation")
    if "\t" in inner and "\t" not in source:
        add("warning", "tab", "a tab character in the translation; use a space")


def check_digits(target: str, locale: str, add: Add) -> None:
    """Digits of a script that is neither Latin nor the locale's own (٣ in a Spanish text)."""
    allowed = _LOCALE_DIGITS.get(_language(locale), ())
    foreign = sorted({char for char in target if char.isdigit() and not char.isascii()
                      and unicodedata.decimal(char, None) is not None
                      and not unicodedata.name(char, "").startswith(allowed or ("\0",))})
    if foreign:
        names = ", ".join(f"{char} ({unicodedata.name(char, 'digit').title()})" for char in foreign)
        add("warning", "foreign-digits", f"digits of another script in the translation: {names}; write the "
                                         f"digits {locale} uses")


def check_short_turned_long(source: str, target: str, locale: str, add: Add,
                            expansion: float = 1.0) -> None:
    """A short English text (a heading, a label) whose translation became a long text."""
    src, tgt = len(source.strip()), len(target.strip())
    if 0 < src < _SHORT and tgt > max(4 * src, 60) * expansion:
        add("warning", "length-ratio", f"the English has {src} characters, the translation {tgt}: a short "
                                       "text became a long one; check that nothing was added")


def check_typography(source: str, target: str, locale: str, add: Add, expansion: float = 1.0) -> None:
    """Every check of this module."""
    check_doubled_words(source, target, locale, add)
    check_brackets(source, target, add)
    check_end_punctuation(source, target, locale, add)
    check_spacing(source, target, add)
    check_digits(target, locale, add)
    check_short_turned_long(source, target, locale, add, expansion)
