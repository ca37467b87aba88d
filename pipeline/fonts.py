"""Fonts for handouts and web pages: which faces a locale uses, whether they cover a text, and web subsets.

Every face is an explicit file from a pinned package (see docs/fonts.md):

- Atkinson Hyperlegible from PyPI ``fontpkg-atkinson-hyperlegible==1.6``, found through the installed
  Python package;
- Noto Sans and the Noto Sans script fonts from Debian ``fonts-noto-core``;
- Noto Sans CJK from Debian ``fonts-noto-cjk`` (one face of a ``.ttc`` collection).

A locale's stack is chosen by coverage: the locale's exemplar characters (the orthography data that
fontconfig ships for each language, completed with the letters of CLDR's month and day names and the
locale's digits through Babel) are checked against the fonts' character maps. Fonts are never *found*
through fontconfig: the renderer registers these files under private family names.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import io
import logging
import os
import re
import string
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import get_day_names, get_month_names

from .errors import Finding, PipelineError, error

log = logging.getLogger(__name__)

#: Where the Debian packages put their files.
NOTO_DIR = Path("/usr/share/fonts/truetype/noto")  # fonts-noto-core
NOTO_CJK_DIR = Path("/usr/share/fonts/opentype/noto")  # fonts-noto-cjk

#: The versions the fonts were chosen and checked with (docs/fonts.md); the install steps pin them.
PINNED = {
    "fontpkg-atkinson-hyperlegible": "1.6",
    "fonts-noto-core": "20201225-1",
    "fonts-noto-cjk": "1:20220127+repack1-1",
}

WEIGHTS = (400, 700)  # Regular and Bold only: no italics anywhere

#: Characters every stack must draw: clinic names, phone numbers, addresses and web addresses are Latin.
ASCII = frozenset(string.printable) - frozenset("\t\n\r\x0b\x0c")

#: Always put into web subsets, so that small edits and the page chrome never fall back to another font.
WEB_BASIC = ASCII | frozenset("\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00b7\u00b0\u00a9")

#: Noto file names that differ from CLDR's English script name.
_SCRIPT_FILE_NAMES = {
    "Beng": "Bengali", "Orya": "Oriya", "Cans": "CanadianAboriginal", "Nkoo": "NKo", "Olck": "OlChiki",
    "Hebr": "Hebrew", "Ethi": "Ethiopic", "Sinh": "Sinhala", "Thaa": "Thaana", "Tfng": "Tifinagh",
}

#: Noto Sans CJK faces by (language, script, territory); the glyph forms differ between regions.
_CJK_FAMILIES = {
    ("zh", "Hans"): "Noto Sans CJK SC",
    ("zh", "Hant"): "Noto Sans CJK TC",
    ("zh", "Hant", "HK"): "Noto Sans CJK HK",
    ("zh", "Hant", "MO"): "Noto Sans CJK HK",
    ("yue", "Hant"): "Noto Sans CJK HK",
    ("yue", "Hans"): "Noto Sans CJK SC",
    ("ja", "Jpan"): "Noto Sans CJK JP",
    ("ko", "Kore"): "Noto Sans CJK KR",
}

#: CLDR numbering system → its zero (the digits follow it in Unicode).
_ZERO = {
    "latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966",
    "gujr": "\u0ae6", "guru": "\u0a66", "khmr": "\u17e0", "knda": "\u0ce6", "laoo": "\u0ed0",
    "mlym": "\u0d66", "mong": "\u1810", "mymr": "\u1040", "orya": "\u0b66", "tamldec": "\u0be6",
    "telu": "\u0c66", "thai": "\u0e50", "tibt": "\u0f20",
}


class FontError(PipelineError):
    """No installed font covers a locale, or a font file cannot be read."""


@dataclass(frozen=True)
class Face:
    """One font file (or one face of a .ttc collection) at one weight."""

    family: str
    weight: int
    path: Path
    index: int = 0  # face number inside a .ttc collection

    @property
    def alias(self) -> str:
        """The private family name the handout renderer registers this face under."""
        return "pipeline-" + re.sub(r"[^a-z0-9]+", "-", self.family.lower()).strip("-")


@dataclass(frozen=True)
class FontStack:
    """The faces one locale is set in."""

    locale: str
    faces: tuple[Face, ...]
    families: tuple[str, ...]  # CSS font-family order, primary first

    def faces_of(self, weight: int) -> tuple[Face, ...]:
        """The faces of one weight, in family order."""
        order = {family: i for i, family in enumerate(self.families)}
        return tuple(sorted((f for f in self.faces if f.weight == weight), key=lambda f: order[f.family]))

    @property
    def aliases(self) -> tuple[str, ...]:
        """The private family names of the stack, in family order (for the PDF renderer)."""
        return tuple(Face(family, 400, Path()).alias for family in self.families)


@dataclass(frozen=True)
class WebFont:
    """One subset font file written for the web pages, for an @font-face rule."""

    family: str
    weight: int
    filename: str


# --------------------------------------------------------------------------- character data


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


def _never_drawn(char: str) -> bool:
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
class _LocaleParts:
    code: str
    language: str
    script: str
    territory: str | None
    explicit_script: bool


def _parts(locale_code: str) -> _LocaleParts:
    try:
        loc = Locale.parse(locale_code)
    except (UnknownLocaleError, ValueError) as exc:
        raise FontError(f"unknown locale {locale_code!r}: {exc}") from None
    script = loc.script
    for key in (f"{loc.language}_{loc.territory}" if loc.territory else None, loc.language):
        if script is None and key:
            script = _likely_script(key)
    return _LocaleParts(locale_code, loc.language, script or "Latn", loc.territory, loc.script is not None)


def _likely_script(key: str) -> str | None:
    """The script CLDR's likely subtags give a language (``ar`` → ``Arab``)."""
    value = get_global("likely_subtags").get(key)
    if not value:
        return None
    for part in value.split("_")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return None


def _fontconfig_lang(parts: _LocaleParts) -> list[str]:
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
    parts = _parts(locale_code)
    found: set[str] = set()
    fc = _fontconfig()
    if fc is not None:
        for lang in _fontconfig_lang(parts):
            charset = fc.charset(lang)
            if charset:
                found |= charset
                break
    loc = Locale.parse(locale_code)
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
    return frozenset(c for c in found if not _never_drawn(c))


# --------------------------------------------------------------------------- font files


@functools.cache
def _atkinson_dir() -> Path:
    from importlib import resources
    try:
        root = resources.files("fontpkg_atkinson_hyperlegible") / "files"
    except ModuleNotFoundError:
        raise FontError("the Python package fontpkg-atkinson-hyperlegible is not installed "
                        "(pip install fontpkg-atkinson-hyperlegible==1.6)") from None
    return Path(str(root))


def _atkinson() -> tuple[Face, ...]:
    root = _atkinson_dir()
    return (Face("Atkinson Hyperlegible", 400, root / "AtkinsonHyperlegible-Regular.ttf"),
            Face("Atkinson Hyperlegible", 700, root / "AtkinsonHyperlegible-Bold.ttf"))


def _noto(name: str) -> tuple[Face, ...] | None:
    """``NotoSans{name}-Regular/Bold.ttf`` as faces; a missing Bold reuses the Regular file at 700."""
    regular = NOTO_DIR / f"NotoSans{name}-Regular.ttf"
    if not regular.is_file():
        return None
    bold = NOTO_DIR / f"NotoSans{name}-Bold.ttf"
    family = _family_name(regular, 0)
    if not bold.is_file():
        log.warning("%s has no Bold face; bold text uses the Regular face", family)
        bold = regular
    return (Face(family, 400, regular), Face(family, 700, bold))


def _noto_sans() -> tuple[Face, ...]:
    faces = _noto("")
    if faces is None:
        raise FontError(f"Noto Sans is not installed (no {NOTO_DIR}/NotoSans-Regular.ttf); "
                        "apt-get install fonts-noto-core")
    return faces


@functools.cache
def _family_name(path: Path, index: int) -> str:
    from fontTools.ttLib import TTFont
    try:
        font = TTFont(str(path), fontNumber=index, lazy=True)
        return font["name"].getBestFamilyName() or path.stem
    except Exception as exc:  # noqa: BLE001 - any parse error means an unusable file
        raise FontError(f"cannot read the font file {path}: {exc}") from None


def _cjk(family: str) -> tuple[Face, ...] | None:
    faces = []
    for weight, style in ((400, "Regular"), (700, "Bold")):
        path = NOTO_CJK_DIR / f"NotoSansCJK-{style}.ttc"
        if not path.is_file():
            return None
        index = _ttc_index(path, family)
        if index is None:
            return None
        faces.append(Face(family, weight, path, index))
    return tuple(faces)


@functools.cache
def _ttc_index(path: Path, family: str) -> int | None:
    """The face of a collection whose family name (name ID 1) is ``family``."""
    from fontTools.ttLib import TTCollection
    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == family:
            return index
    return None


_cmap_lock = threading.Lock()


@functools.cache
def _cmap(path: Path, index: int) -> frozenset[str]:
    from fontTools.ttLib import TTFont
    with _cmap_lock:
        try:
            font = TTFont(str(path), fontNumber=index, lazy=True)
            cmap = font.getBestCmap() or {}
        except Exception as exc:  # noqa: BLE001
            raise FontError(f"cannot read the font file {path}: {exc}") from None
    return frozenset(chr(code) for code in cmap)


def _covers(faces: Iterable[Face]) -> frozenset[str]:
    """Characters every weight of ``faces`` can draw (a character bold text lacks counts as missing)."""
    return _covers_cached(tuple(faces))


@functools.cache
def _covers_cached(faces: tuple[Face, ...]) -> frozenset[str]:
    result: frozenset[str] | None = None
    for weight in WEIGHTS:
        chars: frozenset[str] = frozenset().union(*(_cmap(f.path, f.index) for f in faces if f.weight == weight))
        result = chars if result is None else result & chars
    return result or frozenset()


def _cjk_family(parts: _LocaleParts) -> str | None:
    family = (_CJK_FAMILIES.get((parts.language, parts.script, parts.territory or ""))
              or _CJK_FAMILIES.get((parts.language, parts.script)))
    if family is None and parts.script in ("Hans", "Hant", "Jpan", "Kore"):
        family = {"Hans": "Noto Sans CJK SC", "Hant": "Noto Sans CJK TC", "Jpan": "Noto Sans CJK JP",
                  "Kore": "Noto Sans CJK KR"}[parts.script]
    return family


def _named_script_faces(parts: _LocaleParts) -> tuple[Face, ...] | None:
    """The Noto font named after the locale's script (or its regional CJK face), if installed."""
    cjk = _cjk_family(parts)
    if cjk is not None:
        return _cjk(cjk)
    english = Locale("en").scripts.get(parts.script, "")
    name = _SCRIPT_FILE_NAMES.get(parts.script) or re.sub(r"[^A-Za-z]", "", english.title())
    return _noto(name) if name and name != "Latin" else None


def _script_faces(parts: _LocaleParts, needed: frozenset[str]) -> tuple[Face, ...] | None:
    """The Noto font for the locale's script: by name first, else any installed Noto Sans font covering it."""
    faces = _named_script_faces(parts)
    if faces and needed <= _covers(faces):
        return faces
    if _cjk_family(parts) is not None:
        return None  # another region's CJK face would print the wrong glyph forms
    return _search_noto(needed)


def _search_noto(needed: frozenset[str]) -> tuple[Face, ...] | None:
    """Scan the installed Noto Sans script fonts for one that covers ``needed`` (slow; unknown scripts only)."""
    if not NOTO_DIR.is_dir():
        return None
    for regular in sorted(NOTO_DIR.glob("NotoSans?*-Regular.ttf")):
        name = regular.name[len("NotoSans"):-len("-Regular.ttf")]
        if any(part in name for part in ("UI", "Mono", "Display", "Symbols", "Math", "Music")):
            continue
        if needed <= _cmap(regular, 0):
            faces = _noto(name)
            if faces and needed <= _covers(faces):
                return faces
    return None


def _stack(faces: Iterable[Face], locale_code: str) -> FontStack:
    faces = tuple(faces)
    families: list[str] = []
    for face in faces:
        if face.family not in families:
            families.append(face.family)
    return FontStack(locale_code, faces, tuple(families))


@functools.cache
def font_stack(locale_code: str) -> FontStack:
    """The faces a locale is set in: Regular and Bold of each family, primary family first.

    Latin locales that Atkinson Hyperlegible fully covers use it, with Noto Sans after it for the few
    characters it lacks (narrow no-break space, ₹, №, Cyrillic or Greek names). Latin, Cyrillic and Greek
    locales it does not cover use Noto Sans. Other scripts use their Noto Sans script font (or the
    regional Noto Sans CJK face) followed by Noto Sans for Latin names and digits.
    """
    parts = _parts(locale_code)
    needed = exemplars(locale_code)
    noto = _noto_sans()
    atkinson = _atkinson()
    if needed <= _covers(atkinson):
        faces: tuple[Face, ...] = atkinson + noto
    elif needed <= _covers(noto):
        faces = noto
    else:
        rest = needed - _covers(noto)
        script = _script_faces(parts, rest)
        if script is None:
            named = _named_script_faces(parts)
            if named:
                where = f"{', '.join(sorted({f.family for f in named}))} lacks"
                rest -= _covers(named)
            else:
                where = f"no Noto Sans font for the script {parts.script} is installed and Noto Sans lacks"
            raise FontError(
                f"no installed font covers locale {locale_code!r}: {where} {_describe(rest, limit=8)}; "
                "install the Debian package fonts-noto-core (fonts-noto-cjk for Chinese, Japanese and "
                "Korean), or add a font for this script to pipeline/fonts.py")
        faces = script + noto
    stack = _stack(faces, locale_code)
    missing = (needed | ASCII) - _covers(stack.faces)
    if missing:
        raise FontError(f"the fonts for {locale_code!r} ({', '.join(stack.families)}) lack "
                        f"{_describe(missing, limit=8)}")
    return stack


# --------------------------------------------------------------------------- coverage checks


def missing_glyphs(stack: FontStack, text: str) -> set[str]:
    """Characters of ``text`` that no face of the stack covers (whitespace and controls are ignored)."""
    covered = _covers(stack.faces)
    return {c for c in set(text) if c not in covered and not _never_drawn(c)}


def _describe(chars: Iterable[str], limit: int | None = None) -> str:
    ordered = sorted(set(chars))
    shown = ordered[:limit] if limit else ordered
    parts = []
    for c in shown:
        name = unicodedata.name(c, "")
        parts.append(f"\u201c{c}\u201d (U+{ord(c):04X}{' ' + name if name else ''})")
    more = f" and {len(ordered) - len(shown)} more" if len(ordered) > len(shown) else ""
    return ", ".join(parts) + more


def coverage_findings(locale_code: str, items: Iterable[tuple[str, int | None, str]]) -> list[Finding]:
    """One error per text with characters the locale's fonts cannot draw.

    ``items`` are ``(path, line, text)``: where the text comes from and its plain text as printed.
    """
    stack = font_stack(locale_code)
    findings: list[Finding] = []
    for path, line, text in items:
        missing = missing_glyphs(stack, text)
        if missing:
            findings.append(error(
                path, line, "glyph-missing",
                f"{locale_code}: {_describe(missing)} cannot be printed: no font of the {locale_code} "
                f"stack ({', '.join(stack.families)}) has {'it' if len(missing) == 1 else 'them'}; "
                "write it another way (a word instead of a symbol or emoji)"))
    return findings


# --------------------------------------------------------------------------- files for renderers

_extract_lock = threading.Lock()


def _source_key(path: Path) -> str:
    stat = path.stat()
    return hashlib.sha256(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]


def face_file(face: Face, cache_dir: Path) -> Path:
    """A standalone font file for the face: the file itself, or the face extracted from a .ttc (once)."""
    if face.path.suffix.lower() not in (".ttc", ".otc"):
        return face.path
    target = Path(cache_dir) / f"{face.path.stem}-{face.index}-{_source_key(face.path)}.otf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont
    with _extract_lock:
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            font.save(str(tmp), reorderTables=False)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    log.debug("extracted %s #%d to %s", face.path, face.index, target)
    return target


class _HarfBuzz:
    """HarfBuzz's subsetter (libharfbuzz-subset, which WeasyPrint uses too): a CJK face in milliseconds."""

    NO_HINTING, NOTDEF_OUTLINE = 0x1, 0x40

    def __init__(self) -> None:
        pointer = ctypes.c_void_p
        hb = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
        sub = ctypes.CDLL(ctypes.util.find_library("harfbuzz-subset") or "libharfbuzz-subset.so.0")
        for lib, name, restype, argtypes in (
                (hb, "hb_blob_create_from_file", pointer, [ctypes.c_char_p]),
                (hb, "hb_face_create", pointer, [pointer, ctypes.c_uint]),
                (hb, "hb_set_add", None, [pointer, ctypes.c_uint32]),
                (hb, "hb_face_reference_blob", pointer, [pointer]),
                (hb, "hb_blob_get_data", ctypes.POINTER(ctypes.c_char), [pointer, ctypes.POINTER(ctypes.c_uint)]),
                (hb, "hb_blob_destroy", None, [pointer]),
                (hb, "hb_face_destroy", None, [pointer]),
                (sub, "hb_subset_input_create_or_fail", pointer, []),
                (sub, "hb_subset_input_unicode_set", pointer, [pointer]),
                (sub, "hb_subset_input_set_flags", None, [pointer, ctypes.c_uint]),
                (sub, "hb_subset_or_fail", pointer, [pointer, pointer]),
                (sub, "hb_subset_input_destroy", None, [pointer])):
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        self.hb, self.sub = hb, sub

    def subset(self, path: Path, index: int, chars: Iterable[str]) -> bytes | None:
        hb, sub = self.hb, self.sub
        blob = hb.hb_blob_create_from_file(str(path).encode())
        face = hb.hb_face_create(blob, index)
        spec = sub.hb_subset_input_create_or_fail()
        result = None
        try:
            if not spec:
                return None
            unicodes = sub.hb_subset_input_unicode_set(spec)
            for char in chars:
                hb.hb_set_add(unicodes, ord(char))
            sub.hb_subset_input_set_flags(spec, self.NO_HINTING | self.NOTDEF_OUTLINE)
            result = sub.hb_subset_or_fail(face, spec)
            if not result:
                return None
            out = hb.hb_face_reference_blob(result)
            length = ctypes.c_uint()
            data = hb.hb_blob_get_data(out, ctypes.byref(length))
            font = ctypes.string_at(data, length.value) if length.value else None
            hb.hb_blob_destroy(out)
            return font
        finally:
            if result:
                hb.hb_face_destroy(result)
            if spec:
                sub.hb_subset_input_destroy(spec)
            hb.hb_face_destroy(face)
            hb.hb_blob_destroy(blob)


@functools.cache
def _harfbuzz() -> _HarfBuzz | None:
    try:
        return _HarfBuzz()
    except (OSError, AttributeError):
        log.info("libharfbuzz-subset not found; subsetting web fonts with fontTools (slower)")
        return None


_web_memo: dict[tuple[Face, frozenset[str]], tuple[str, bytes]] = {}
_web_lock = threading.Lock()


def _subset_font(face: Face, chars: frozenset[str]) -> bytes:
    """``face`` cut down to ``chars`` (and what shaping them needs), as WOFF2."""
    from fontTools.ttLib import woff2
    harfbuzz = _harfbuzz()
    font = harfbuzz.subset(face.path, face.index, sorted(chars)) if harfbuzz else None
    if font is not None:
        out = io.BytesIO()
        woff2.compress(io.BytesIO(font), out)
        return out.getvalue()
    from fontTools import subset
    from fontTools.ttLib import TTFont
    options = subset.Options()
    options.flavor = "woff2"
    # fontTools' default features keep what shaping needs (Arabic joining, Indic conjuncts, kerning)
    options.notdef_outline = True
    options.hinting = False
    ttfont = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(ttfont)
    out = io.BytesIO()
    ttfont.flavor = "woff2"
    ttfont.save(out)
    return out.getvalue()


def _subset(face: Face, chars: frozenset[str]) -> tuple[str, bytes]:
    key = (face, chars)
    with _web_lock:
        if key in _web_memo:
            return _web_memo[key]
    data = _subset_font(face, chars)
    slug = re.sub(r"[^a-z0-9]+", "-", face.family.lower()).strip("-")
    name = f"{slug}-{face.weight}-{hashlib.sha256(data).hexdigest()[:12]}.woff2"
    with _web_lock:
        _web_memo[key] = (name, data)
    return name, data


def web_fonts(stack: FontStack, text: str, out_dir: Path) -> list[WebFont]:
    """Subset each face to what ``text`` (plus basic Latin, digits and punctuation) needs; write WOFF2.

    A face gets only the characters the faces before it in the stack lack, and a face that would get
    none is left out, so a Latin page loads no Noto Sans unless it needs it.
    """
    wanted = frozenset(c for c in text if not _never_drawn(c)) | WEB_BASIC | {" "}
    out_dir = Path(out_dir)
    result: list[WebFont] = []
    for weight in WEIGHTS:
        earlier: frozenset[str] = frozenset()
        for face in stack.faces_of(weight):
            cmap = _cmap(face.path, face.index)
            chars = frozenset(c for c in wanted if c in cmap and c not in earlier)
            earlier |= cmap
            if not chars:
                continue
            name, data = _subset(face, chars)
            path = out_dir / name
            if not path.is_file() or path.read_bytes() != data:
                from .fsutil import write_atomic
                write_atomic(path, data)
            result.append(WebFont(face.family, weight, name))
    return result


def font_face_css(fonts: Iterable[WebFont], prefix: str = "") -> str:
    """@font-face rules for ``web_fonts``' result; ``prefix`` is the URL of the folder holding the files."""
    rules = []
    for font in fonts:
        rules.append(
            f'@font-face {{ font-family: "{font.family}"; src: url("{prefix}{font.filename}") format("woff2"); '
            f"font-weight: {font.weight}; font-style: normal; font-display: swap; }}")
    return "\n".join(rules) + ("\n" if rules else "")


def installed_versions() -> dict[str, str | None]:
    """The installed versions of the font packages (None when a package cannot be found)."""
    from importlib import metadata
    versions: dict[str, str | None] = {}
    try:
        versions["fontpkg-atkinson-hyperlegible"] = metadata.version("fontpkg-atkinson-hyperlegible")
    except metadata.PackageNotFoundError:
        versions["fontpkg-atkinson-hyperlegible"] = None
    status = Path("/var/lib/dpkg/status")
    text = status.read_text(encoding="utf-8", errors="replace") if status.is_file() else ""
    for package in ("fonts-noto-core", "fonts-noto-cjk"):
        match = re.search(rf"^Package: {re.escape(package)}\n(?:[^\n]+\n)*?Version: (\S+)", text, re.M)
        versions[package] = match.group(1) if match else None
    return versions
