"""Fonts: which faces each locale gets, glyph coverage checks, TTC extraction and web subsets."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from pipeline import orthography
from pipeline.errors import FontError
from pipeline.render import fontfiles, fonts
from pipeline.render.fontfiles import Face, FontStack, WebFont

EXPECTED = {
    "en": ("Atkinson Hyperlegible", "Noto Sans"),
    "es": ("Atkinson Hyperlegible", "Noto Sans"),
    "fr": ("Atkinson Hyperlegible", "Noto Sans"),
    "vi": ("Noto Sans",),
    "ru": ("Noto Sans",),
    "ar": ("Noto Sans Arabic", "Noto Sans"),
    "hi": ("Noto Sans Devanagari", "Noto Sans"),
    "zh_Hans": ("Noto Sans CJK SC", "Noto Sans"),
}


def _real_family(face: Face) -> str:
    return TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getBestFamilyName()


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_stack_per_locale(code: str) -> None:
    stack = fonts.font_stack(code)
    assert stack.locale == code
    assert stack.families == EXPECTED[code]
    # Regular and Bold of every family, nothing else: no italics anywhere.
    assert sorted((f.family, f.weight) for f in stack.faces) == sorted(
        (family, weight) for family in stack.families for weight in (400, 700))
    for face in stack.faces:
        assert face.path.is_file()
        assert not re.search(r"italic|oblique", face.path.name, re.I)
        assert _real_family(face) == face.family
    # The locale's exemplar characters and the ASCII of names, phone numbers and addresses are covered.
    assert not fonts.missing_glyphs(stack, "".join(orthography.exemplars(code)) + "".join(orthography.ASCII))


def test_faces_come_from_the_pinned_packages() -> None:
    atkinson = fonts.font_stack("en").faces_of(400)[0]
    import fontpkg_atkinson_hyperlegible
    assert atkinson.path.parent == Path(fontpkg_atkinson_hyperlegible.__file__).resolve().parent / "files"
    for code in ("ru", "ar", "hi"):
        for face in fonts.font_stack(code).faces:
            assert face.path.parent == fonts.NOTO_DIR
    for face in fonts.font_stack("zh_Hans").faces:
        if face.family.startswith("Noto Sans CJK"):
            assert face.path.parent == fonts.NOTO_CJK_DIR and face.path.suffix == ".ttc"


def test_chinese_gets_the_simplified_chinese_face_not_the_japanese_one() -> None:
    cjk = [f for f in fonts.font_stack("zh_Hans").faces if f.path.suffix == ".ttc"]
    assert {(f.weight, _real_family(f)) for f in cjk} == {(400, "Noto Sans CJK SC"), (700, "Noto Sans CJK SC")}
    assert all(f.index != 0 for f in cjk)  # face 0 of the collection is JP
    assert fonts.font_stack("ja").families[0] == "Noto Sans CJK JP"
    assert fonts.font_stack("zh_Hant").families[0] == "Noto Sans CJK TC"


def test_stack_is_chosen_by_coverage() -> None:
    # Turkish needs İ, which Atkinson Hyperlegible lacks: Noto Sans, although Turkish is written in Latin.
    assert "\u0130" in orthography.exemplars("tr")
    assert fonts.font_stack("tr").families == ("Noto Sans",)
    assert fonts.font_stack("de").families[0] == "Atkinson Hyperlegible"
    assert {"ư", "ơ", "ạ"} <= orthography.exemplars("vi")


def test_unknown_locale_gets_noto_sans_and_its_script_font() -> None:
    stack = fonts.font_stack("ta")
    assert stack.families == ("Noto Sans Tamil", "Noto Sans")
    assert not fonts.missing_glyphs(stack, "தமிழ் Tamil 123")


def test_locale_without_an_installed_font_is_a_clear_error() -> None:
    if list(fonts.NOTO_DIR.glob("NotoSansTibetan-*.ttf")):
        pytest.skip("a Noto Sans Tibetan font is installed here")
    with pytest.raises(FontError, match=r"'bo'.*U\+0F"):
        fonts.font_stack("bo")
    with pytest.raises(FontError, match="unknown locale"):
        fonts.font_stack("xx")


def test_missing_glyphs_ignores_spaces_and_controls() -> None:
    stack = fonts.font_stack("en")
    text = "Hello\u00a0world\u202f!\t\n\u200b\u2066+1\u2069\u00ad 🧬 த"
    assert fonts.missing_glyphs(stack, text) == {"🧬", "த"}
    assert fonts.missing_glyphs(fonts.font_stack("ar"), "مرحبا ALL 2026") == set()
    assert fonts.missing_glyphs(fonts.font_stack("zh_Hans"), "急性淋巴细胞白血病（ALL）") == set()


def test_coverage_findings_name_locale_character_and_place() -> None:
    items = [("content/a.md", 12, "Fine text"), ("content/a.md", 14, "A gene 🧬 here"),
             ("templates/handout.html", None, "தமிழ்")]
    findings = fonts.coverage_findings("es", items)
    assert len(findings) == 2
    first = findings[0]
    assert (first.path, first.line, first.severity, first.code) == ("content/a.md", 14, "error", "glyph-missing")
    assert "es:" in first.message and "🧬" in first.message and "U+1F9EC" in first.message
    assert first.format().startswith("content/a.md:14: error: glyph-missing: es:")
    assert "U+0BA4" in findings[1].message and findings[1].line is None


def test_face_file_extracts_a_ttc_member_once(tmp_path: Path) -> None:
    face = next(f for f in fonts.font_stack("zh_Hans").faces if f.weight == 400 and f.path.suffix == ".ttc")
    path = fontfiles.face_file(face, tmp_path)
    assert path.parent == tmp_path and path.suffix == ".otf"
    font = TTFont(str(path), lazy=True)
    assert font["name"].getBestFamilyName() == "Noto Sans CJK SC"
    assert ord("急") in font.getBestCmap()
    stamp = path.stat().st_mtime_ns
    assert fontfiles.face_file(face, tmp_path) == path and path.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary files left behind
    ttf = fonts.font_stack("en").faces[0]
    assert fontfiles.face_file(ttf, tmp_path) == ttf.path


def test_web_fonts_subset_and_hash(tmp_path: Path) -> None:
    stack = fonts.font_stack("ar")
    text = "مرض ALL نوع من سرطان الدم"
    written = fontfiles.web_fonts(stack, text, tmp_path)
    assert {(w.family, w.weight) for w in written} == {
        ("Noto Sans Arabic", 400), ("Noto Sans Arabic", 700), ("Noto Sans", 400), ("Noto Sans", 700)}
    for web in written:
        assert isinstance(web, WebFont)
        data = (tmp_path / web.filename).read_bytes()
        assert data[:4] == b"wOF2"
        assert hashlib.sha256(data).hexdigest()[:12] in web.filename
        font = TTFont(io.BytesIO(data))
        cmap = set(map(chr, font.getBestCmap()))
        if web.family == "Noto Sans Arabic":
            assert set("مرضنوعسطالد0123") <= cmap  # Noto Sans Arabic has the digits too
            assert len(cmap) < 200  # a subset, not the whole font
        else:
            assert set("ALabcxyz") <= cmap and "م" not in cmap and "0" not in cmap
    assert fontfiles.web_fonts(stack, text, tmp_path) == written  # same input, same files


def test_web_fonts_leave_out_faces_a_page_does_not_need(tmp_path: Path) -> None:
    written = fontfiles.web_fonts(fonts.font_stack("en"), "Plain English text.", tmp_path)
    assert {w.family for w in written} == {"Atkinson Hyperlegible"}
    written = fontfiles.web_fonts(fonts.font_stack("en"), "Price: 100 \u20b9", tmp_path)  # ₹ is only in Noto Sans
    assert {w.family for w in written} == {"Atkinson Hyperlegible", "Noto Sans"}
    css = fontfiles.font_face_css(written, "../fonts/")
    assert css.count("@font-face") == len(written)
    assert 'font-family: "Noto Sans"' in css and "font-style: normal" in css and "../fonts/" in css


def test_cjk_web_subset_is_small(tmp_path: Path) -> None:
    written = fontfiles.web_fonts(fonts.font_stack("zh_Hans"), "急性淋巴细胞白血病", tmp_path)
    cjk = [w for w in written if w.family == "Noto Sans CJK SC"]
    assert len(cjk) == 2
    assert all((tmp_path / w.filename).stat().st_size < 100_000 for w in cjk)


def test_digits_and_stack_dataclasses() -> None:
    assert orthography.digits("arab") == "٠١٢٣٤٥٦٧٨٩"
    assert orthography.localize_digits("15 نوفمبر 2026", "arab") == "١٥ نوفمبر ٢٠٢٦"
    assert orthography.localize_digits("2026", "latn") == "2026"
    stack = fonts.font_stack("hi")
    assert isinstance(stack, FontStack)
    assert [f.family for f in stack.faces_of(700)] == list(stack.families)
    assert stack.aliases == ("pipeline-noto-sans-devanagari", "pipeline-noto-sans")


def test_installed_versions_match_the_pins() -> None:
    versions = fonts.installed_versions()
    assert set(versions) == set(fonts.PINNED)
    assert versions["fontpkg-atkinson-hyperlegible"] in ("1.6", "1.006")
    for package in ("fonts-noto-core", "fonts-noto-cjk"):
        if versions[package] is not None and versions[package] != fonts.PINNED[package]:
            pytest.fail(f"{package} {versions[package]} is installed; the fonts were checked with "
                        f"{fonts.PINNED[package]} (docs/fonts.md)")
