"""Font files: faces and their character maps, faces cut out of .ttc collections, web subsets, @font-face CSS.

Which faces a locale uses is decided in :mod:`pipeline.render.fonts`; this module only reads and writes the
files. Web subsets are cut with HarfBuzz's subsetter (libharfbuzz-subset, which WeasyPrint uses too)
when it is installed, else with fontTools.
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
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import FontError
from pipeline.orthography import ASCII, never_drawn

log = logging.getLogger(__name__)

WEIGHTS = (400, 700)  # Regular and Bold only: no italics anywhere

#: Always put into web subsets, so that small edits and the page chrome never fall back to another font.
WEB_BASIC = ASCII | frozenset("\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00b7\u00b0\u00a9")


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


# --------------------------------------------------------------------------- reading font files


@functools.cache
def family_name(path: Path, index: int) -> str:
    """The family name of face ``index`` of a font file; FontError when the file cannot be read."""
    from fontTools.ttLib import TTFont
    try:
        font = TTFont(str(path), fontNumber=index, lazy=True)
        return font["name"].getBestFamilyName() or path.stem
    except Exception as exc:  # noqa: BLE001 - any parse error means an unusable file
        raise FontError(f"cannot read the font file {path}: {exc}") from None


@functools.cache
def ttc_index(path: Path, family: str) -> int | None:
    """The face of a collection whose family name (name ID 1) is ``family``."""
    from fontTools.ttLib import TTCollection
    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == family:
            return index
    return None


_cmap_lock = threading.Lock()


@functools.cache
def cmap(path: Path, index: int) -> frozenset[str]:
    """The characters face ``index`` of a font file has a glyph for; FontError when it cannot be read."""
    from fontTools.ttLib import TTFont
    with _cmap_lock:
        try:
            font = TTFont(str(path), fontNumber=index, lazy=True)
            best = font.getBestCmap() or {}
        except Exception as exc:  # noqa: BLE001 - any parse error means an unusable file
            raise FontError(f"cannot read the font file {path}: {exc}") from None
    return frozenset(chr(code) for code in best)


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
        font = TTFont(str(face.path), fontNumber=face.index, lazy=True, recalcTimestamp=False)
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
    wanted = frozenset(c for c in text if not never_drawn(c)) | WEB_BASIC | {" "}
    out_dir = Path(out_dir)
    result: list[WebFont] = []
    for weight in WEIGHTS:
        earlier: frozenset[str] = frozenset()
        for face in stack.faces_of(weight):
            covered = cmap(face.path, face.index)
            chars = frozenset(c for c in wanted if c in covered and c not in earlier)
            earlier |= covered
            if not chars:
                continue
            name, data = _subset(face, chars)
            path = out_dir / name
            if not path.is_file() or path.read_bytes() != data:
                from pipeline.fsutil import write_atomic
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
