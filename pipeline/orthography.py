"""The characters a locale is written with: fontconfig's orthography data, CLDR's names, digits and marks.

A locale's exemplar characters are the orthography data that fontconfig ships for each language (read
through its C API, never its font lists), completed with the letters of CLDR's month and day names and
the locale's digits and number symbols through Babel. :mod:`pipeline.render.fonts` checks them against the
fonts' character maps to choose a locale's faces.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import string
import unicodedata
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import get_day_names, get_month_names

from pipeline.errors import FontError
from pipeline.locales import babel_name

log = logging.getLogger(__name__)

#: Characters every stack must draw: clinic names, phone numbers, addresses and web addresses are Latin.
ASCII = frozenset(string.printable) - frozenset("\t\n\r\x0b\x0c")

#: CLDR numbering system → its zero (the digits follow it in Unicode).
_ZERO = {
    "latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966",
    "gujr": "\u0ae6", "guru": "\u0a66", "khmr": "\u17e0", "knda": "\u0ce6", "laoo": "\u0ed0",
    "mlym": "\u0d66", "mong": "\u1810", "mymr": "\u1040", "orya": "\u0b66", "tamldec": "\u0be6",
    "telu": "\u0c66", "thai": "\u0e50", "tibt": "\u0f20",
}


class _Fontconfig:
    """fontconfig's per-language orthography data (not its font lists), through its C API."""

    def __init__(self) -> None:
        name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
        lib = ctypes.CDLL(name)
        lib.FcLangGetCharSet.restype = ctypes.c_void_p
        lib.FcLangGetCharSet.argtypes = [ctypes.c_char_p]
        page = ctypes.c_uint32 * 8
        for fn in (lib.FcCharSetFirstPage, lib.FcCharSetNextPage):
            fn.restype = ctypes.c_uint32
            fn.argtypes = [ctypes.c_void_p, page, ctypes.POINTER(ctypes.c_uint32)]
        self._lib = lib
        self._page = page

    def charset(self, lang: str) -> frozenset[str] | None:
        charset = self._lib.FcLangGetCharSet(lang.encode("ascii"))
        if not charset:
            return None
        done = 0xFFFFFFFF
        found: set[str] = set()
        bits = self._page()
        nxt = ctypes.c_uint32()
        base = self._lib.FcCharSetFirstPage(charset, bits, ctypes.byref(nxt))
        while base != done:
            for i in range(8):
                word = bits[i]
                while word:
                    low = word & -word
                    found.add(chr(base + i * 32 + low.bit_length() - 1))
                    word ^= low
            if nxt.value == done:
                break
            base = self._lib.FcCharSetNextPage(charset, bits, ctypes.byref(nxt))
        return frozenset(found)


@functools.cache
def _fontconfig() -> _Fontconfig | None:
    try:
        return _Fontconfig()
    except (OSError, AttributeError):  # pragma: no cover - WeasyPrint needs fontconfig anyway
        log.warning("fontconfig's language data is not available; using CLDR names only")
        return None


def never_drawn(char: str) -> bool:
    """Whitespace, controls and format characters: shaped away or drawn as space, never a glyph."""
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs") or char.isspace():
        return True
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code in (0x034F, 0x180B, 0x180C, 0x180D)


def digits(numbering_system: str) -> str:
    """The ten digits of a CLDR numbering system ('' when unknown)."""
    zero = _ZERO.get(numbering_system)
    return "".join(chr(ord(zero) + i) for i in range(10)) if zero else ""


def localize_digits(text: str, numbering_system: str) -> str:
    """Replace ASCII digits by the numbering system's digits (Babel formats dates with Latin digits)."""
    native = digits(numbering_system)
    if not native or numbering_system == "latn":
        return text
    return text.translate({ord("0") + i: native[i] for i in range(10)})


@dataclass(frozen=True)
class LocaleParts:
    """A locale code taken apart, with the script CLDR's likely subtags give it when the code has none."""

    code: str
    language: str
    script: str
    territory: str | None
    explicit_script: bool


def locale_parts(locale_code: str) -> LocaleParts:
    """The parts of a locale code; FontError when Babel does not know it."""
    try:
        loc = Locale.parse(babel_name(locale_code))
    except (UnknownLocaleError, ValueError) as exc:
        raise FontError(f"unknown locale {locale_code!r}: {exc}") from None
    script = loc.script
    for key in (f"{loc.language}_{loc.territory}" if loc.territory else None, loc.language):
        if script is None and key:
            script = _likely_script(key)
    return LocaleParts(locale_code, loc.language, script or "Latn", loc.territory, loc.script is not None)


def _likely_script(key: str) -> str | None:
    """The script CLDR's likely subtags give a language (``ar`` → ``Arab``)."""
    value = get_global("likely_subtags").get(key)
    if not value:
        return None
    for part in value.split("_")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return None


def _fontconfig_lang(parts: LocaleParts) -> list[str]:
    if parts.language == "zh":
        if parts.script == "Hans":
            return ["zh-cn"]
        return ["zh-hk"] if parts.territory in ("HK", "MO") else ["zh-tw"]
    if parts.explicit_script:
        likely = _likely_script(parts.language)
        if likely and likely != parts.script:
            return []  # fontconfig's data for the language is in its usual script, not this one
    names = [f"{parts.language}-{parts.territory.lower()}"] if parts.territory else []
    return names + [parts.language]


@functools.cache
def exemplars(locale_code: str) -> frozenset[str]:
    """The characters a text in this locale is expected to use (letters, digits, number symbols)."""
    parts = locale_parts(locale_code)
    found: set[str] = set()
    fc = _fontconfig()
    if fc is not None:
        for lang in _fontconfig_lang(parts):
            charset = fc.charset(lang)
            if charset:
                found |= charset
                break
    loc = Locale.parse(babel_name(locale_code))
    names: list[str] = [loc.get_display_name(loc) or ""]
    # Only the "format" context: Babel 2.18 resolves "stand-alone" month names through an alias that
    # can return another locale's names (zh_Hans' after zh_Hans was loaded).
    for width in ("wide", "abbreviated"):
        names += list(get_month_names(width, "format", loc).values())
        names += list(get_day_names(width, "format", loc).values())
    system = loc.default_numbering_system or "latn"
    found |= {c for name in names for c in name}
    found |= set(digits(system) or "0123456789")
    symbols = loc.number_symbols.get(system, {})
    for key in ("decimal", "group", "percentSign"):
        found |= set(symbols.get(key, ""))
    return frozenset(c for c in found if not never_drawn(c))
