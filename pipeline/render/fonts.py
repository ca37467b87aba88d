"""Fonts for handouts and web pages: which faces a locale uses, and whether they cover a text.

Every face is an explicit file from a pinned package (see docs/fonts.md):

- Atkinson Hyperlegible from PyPI ``fontpkg-atkinson-hyperlegible==1.6``, found through the installed
  Python package;
- Noto Sans and the Noto Sans script fonts from Debian ``fonts-noto-core``;
- Noto Sans CJK from Debian ``fonts-noto-cjk`` (one face of a ``.ttc`` collection).

A locale's stack is chosen by coverage: the locale's exemplar characters (:mod:`pipeline.orthography`)
are checked against the fonts' character maps. Fonts are never *found* through fontconfig: the
renderer registers these files under private family names. Reading, extracting and subsetting the
files is :mod:`pipeline.render.fontfiles`.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from babel import Locale

from pipeline.errors import Finding, FontError, error
from pipeline.orthography import ASCII, LocaleParts, exemplars, locale_parts, never_drawn
from pipeline.render.fontfiles import WEIGHTS, Face, FontStack, cmap, family_name, ttc_index

log = logging.getLogger(__name__)

#: Where the Debian packages put their files.
NOTO_DIR = Path("/usr/share/fonts/truetype/noto")  # fonts-noto-core
NOTO_CJK_DIR = Path("/usr/share/fonts/opentype/noto")  # fonts-noto-cjk

#: A folder whose font files replace the pinned files of the same name (a new font release being tried
#: out, say): ``PIPELINE_FONT_DIR=fonts-next pipeline build``. Files of other names in it are not used.
FONT_DIR_VARIABLE = "PIPELINE_FONT_DIR"

#: The versions the fonts were chosen and checked with (docs/fonts.md); the install steps pin them.
PINNED = {
    "fontpkg-atkinson-hyperlegible": "1.6",
    "fonts-noto-core": "20201225-1",
    "fonts-noto-cjk": "1:20220127+repack1-1",
}

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


# --------------------------------------------------------------------------- installed faces


def _override_dir() -> Path | None:
    folder = os.environ.get(FONT_DIR_VARIABLE)
    return Path(folder).resolve() if folder else None


def _font_file(path: Path) -> Path:
    """``path``, or the file of the same name in the ``PIPELINE_FONT_DIR`` folder when it has one."""
    folder = _override_dir()
    if folder is not None and (folder / path.name).is_file():
        return folder / path.name
    return path


def font_inputs() -> list[Path]:
    """Every file a locale's fonts can be taken from, without reading any (the build's quick no-op check)."""
    try:
        files = [f.path for f in _atkinson()]
    except FontError:  # the Atkinson package is missing: the build says so when a locale needs it
        files = []
    files += [_font_file(p) for p in sorted(NOTO_DIR.glob("NotoSans*.ttf"))]
    files += [_font_file(p) for p in sorted(NOTO_CJK_DIR.glob("NotoSansCJK-*.ttc"))]
    folder = _override_dir()
    if folder is not None and folder.is_dir():
        files += sorted(p for p in folder.iterdir() if p.is_file())
    return list(dict.fromkeys(files))


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
    return (Face("Atkinson Hyperlegible", 400, _font_file(root / "AtkinsonHyperlegible-Regular.ttf")),
            Face("Atkinson Hyperlegible", 700, _font_file(root / "AtkinsonHyperlegible-Bold.ttf")))


def _noto(name: str) -> tuple[Face, ...] | None:
    """``NotoSans{name}-Regular/Bold.ttf`` as faces; a missing Bold reuses the Regular file at 700."""
    regular = _font_file(NOTO_DIR / f"NotoSans{name}-Regular.ttf")
    if not regular.is_file():
        return None
    bold = _font_file(NOTO_DIR / f"NotoSans{name}-Bold.ttf")
    family = family_name(regular, 0)
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


def _cjk(family: str) -> tuple[Face, ...] | None:
    faces = []
    for weight, style in ((400, "Regular"), (700, "Bold")):
        path = _font_file(NOTO_CJK_DIR / f"NotoSansCJK-{style}.ttc")
        if not path.is_file():
            return None
        index = ttc_index(path, family)
        if index is None:
            return None
        faces.append(Face(family, weight, path, index))
    return tuple(faces)


# --------------------------------------------------------------------------- choosing a stack


def _covers(faces: Iterable[Face]) -> frozenset[str]:
    """Characters every weight of ``faces`` can draw (a character bold text lacks counts as missing)."""
    return _covers_cached(tuple(faces))


@functools.cache
def _covers_cached(faces: tuple[Face, ...]) -> frozenset[str]:
    result: frozenset[str] | None = None
    for weight in WEIGHTS:
        chars: frozenset[str] = frozenset().union(*(cmap(f.path, f.index) for f in faces if f.weight == weight))
        result = chars if result is None else result & chars
    return result or frozenset()


def _cjk_family(parts: LocaleParts) -> str | None:
    family = (_CJK_FAMILIES.get((parts.language, parts.script, parts.territory or ""))
              or _CJK_FAMILIES.get((parts.language, parts.script)))
    if family is None and parts.script in ("Hans", "Hant", "Jpan", "Kore"):
        family = {"Hans": "Noto Sans CJK SC", "Hant": "Noto Sans CJK TC", "Jpan": "Noto Sans CJK JP",
                  "Kore": "Noto Sans CJK KR"}[parts.script]
    return family


def _named_script_faces(parts: LocaleParts) -> tuple[Face, ...] | None:
    """The Noto font named after the locale's script (or its regional CJK face), if installed."""
    cjk = _cjk_family(parts)
    if cjk is not None:
        return _cjk(cjk)
    english = Locale("en").scripts.get(parts.script, "")
    name = _SCRIPT_FILE_NAMES.get(parts.script) or re.sub(r"[^A-Za-z]", "", english.title())
    return _noto(name) if name and name != "Latin" else None


def _script_faces(parts: LocaleParts, needed: frozenset[str]) -> tuple[Face, ...] | None:
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
        if needed <= cmap(regular, 0):
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
    parts = locale_parts(locale_code)
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
                "Korean), or add a font for this script to pipeline/render/fonts.py")
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
    return {c for c in set(text) if c not in covered and not never_drawn(c)}


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


# --------------------------------------------------------------------------- package versions


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
