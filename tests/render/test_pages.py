"""HTML pages: golden English page, lang/dir, fallbacks, hreflang, switcher, review notices, escaping, build."""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
import tinyhtml5

from pipeline.build import run as build_module
from pipeline.build.run import build
from pipeline.catalogs import workflow
from pipeline.catalogs.translations import Translations
from pipeline.commands.main import main
from pipeline.config.profile import Profile
from pipeline.config.schema import load_config
from pipeline.content.model import Document
from pipeline.errors import RenderError
from pipeline.locales import locale_info
from pipeline.project import load_project
from pipeline.render.handout import Handout
from pipeline.render.pages import Page, PdfLink, Site, format_day, format_number, format_size, render_page

from ..conftest import CLINIC, SOURCE_DATE_EPOCH, config_text, toml_table, write_project

GOLDEN = Path(__file__).parents[1] / "golden" / "page-en.html"

# The shared test project's settings, with this project's name.
CONFIG = config_text(name="Port care leaflets")

PORT = """\
---
title: Looking after your port
summary: How to keep your port clean, and when to call us.
disclaimer: This sheet does not replace advice from your care team.
reviewed: 2026-11-01
next_review: 2027-11-01
order: 1
sources:
  - name: National Cancer Institute
    url: https://www.cancer.gov/
  - name: American Cancer Society
    url: https://www.cancer.org/
---

## What a port is

<!-- i18n: "Port" here is a device under the skin, not a harbour. -->
A *port* is a small disc under your skin. Nurses use it to give you **medicine**.

### Keeping it clean

1. Wash your hands.
2. Keep the dressing dry.

- Do not swim until it heals.
- Wear loose clothes.

| When | What to do |
| --- | ---: |
| Day 1 | Rest |
| Day 2 to 7 | Keep the dressing on |

> Ask your nurse to show you how the dressing should look.

Read more at [the cancer.gov page](https://www.cancer.gov/about-cancer/treatment/side-effects) or at https://www.cancer.gov/a-very-long-address-that-must-wrap-on-a-narrow-screen.

<!-- critical -->
## When to call

Call {clinic_name} at {clinic_phone} if you have a fever over `38 °C`.
"""

AR = {
    "Looking after your port": "العناية بالمنفذ",
    "What a port is": "ما هو المنفذ",
    "Wash your hands.": "اغسل يديك.",
}
ZH = {
    "Looking after your port": "照顾好您的输液港",
    "Wash your hands.": "洗手。",
}
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
            "{{ 7*7 }}", "{% raw %}")


# -- fixtures and helpers ---------------------------------------------------------------------------

@dataclass
class FakeHandouts:
    """Stands in for pipeline.render.handout.HandoutRenderer: records calls, returns a fixed-size 'PDF'."""

    pages: int = 3
    size: int = 182_000
    calls: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def render(self, document: Document, translations: Translations, source: object, profile: Profile,
               page_url: str, updated: str = "") -> Handout:
        self.calls.append((document.slug, translations.locale.code, profile.paper, profile.name, page_url))
        return Handout(b"%PDF-" + b"x" * (self.size - 5), self.pages)


@pytest.fixture
def fake_handouts(monkeypatch: pytest.MonkeyPatch) -> FakeHandouts:
    fake = FakeHandouts()
    monkeypatch.setattr(build_module, "handout_renderer", lambda project: fake)
    return fake


@pytest.fixture
def site_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny project with catalogs: es reviewed and empty, ar translated in part, zh_Hans a machine draft."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    root = write_project(tmp_path / "site", {"port": PORT}, config=CONFIG)
    config = load_config(root)
    workflow.extract(config)
    for code, status in (("es", "reviewed"), ("ar", "translated"), ("zh_Hans", "machine-draft")):
        workflow.init(config, code, status)
    translate(root, "ar", AR)
    translate(root, "zh_Hans", ZH)
    return root


def catalog_path(root: Path, code: str) -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "leaflets.po"


def translate(root: Path, code: str, strings: dict[str, str] | Callable[[polib.POEntry], None],
              status: str | None = None) -> None:
    po = polib.pofile(str(catalog_path(root, code)))
    for entry in po:
        if callable(strings):
            strings(entry)
        elif entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
    if status:
        po.metadata["X-Review-Status"] = status
    po.save()


def sign(root: Path, code: str, date: str = "2026-11-01") -> None:
    """A clinician's sign-off of the document's current text in ``code``."""
    assert main(["--project", str(root), "review", "sign", code, "--document", "port",
                 "--by", "Dr Test, oncologist", "--date", date]) == 0


def built(root: Path, fake: FakeHandouts | None = None) -> Path:
    build(load_project(root))
    return root / "output"


def parse(path_or_html: Path | str) -> ET.Element:
    text = path_or_html.read_text(encoding="utf-8") if isinstance(path_or_html, Path) else path_or_html
    return tinyhtml5.parse(text, namespace_html_elements=False)


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def main_text(page: Path) -> str:
    """The visible text of <main>, with each <time> and <data> read as its machine-readable value."""
    main = parse(page).find(".//main")
    assert main is not None
    for element in main.iter():
        if element.tag in ("time", "data"):
            element.text = element.get("datetime") or element.get("value")
    return text_of(main)


def find_text(root: ET.Element, text: str) -> ET.Element:
    """The innermost element whose own text contains ``text``."""
    for element in root.iter():
        if element.text and text in element.text:
            return element
    raise AssertionError(f"{text!r} not found")


def lang_of(root: ET.Element, element: ET.Element) -> str | None:
    """The language an element is in: its own lang or its nearest ancestor's."""
    parents = {child: parent for parent in root.iter() for child in parent}
    node: ET.Element | None = element
    while node is not None:
        if node.get("lang") is not None:
            return node.get("lang")
        node = parents.get(node)
    return None


# -- golden page ------------------------------------------------------------------------------------

def test_english_page_matches_golden(site_root: Path) -> None:
    """The English page of a fixed document, rendered without the build (so no fonts or PDF renderer)."""
    project = load_project(site_root)
    infos = tuple(locale_info(c) for c in ("en", "es", "ar", "zh_Hans"))
    site = Site("Port care leaflets", "https://example.org/leaflets/", infos[0], infos,
                {"en": "assets/fonts/en.css"})
    page = Page(project.documents[0], project.translations["en"], site,
                {"clinic_name": "Test Clinic", "clinic_phone": "+1 555 0100"}, PdfLink("port.pdf", 3, 182_000))
    got = render_page(page)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8"), "rendered page differs; UPDATE_GOLDEN=1 rewrites it"


# -- language and direction -------------------------------------------------------------------------

def test_lang_and_dir_for_rtl_and_cjk(site_root: Path, fake_handouts: FakeHandouts) -> None:
    out = built(site_root)
    for tag, direction in (("ar", "rtl"), ("zh-Hans", "ltr"), ("en", "ltr"), ("es", "ltr")):
        html = parse(out / tag / "port.html")
        assert (html.get("lang"), html.get("dir")) == (tag, direction)
        index = parse(out / tag / "index.html")
        assert (index.get("lang"), index.get("dir")) == (tag, direction)
    assert parse(out / "ar" / "port.html").find(".//h1").text == "العناية بالمنفذ"
    assert parse(out / "zh-Hans" / "port.html").find(".//h1").text == "照顾好您的输液港"


def test_fallback_segments_carry_source_lang(site_root: Path, fake_handouts: FakeHandouts) -> None:
    out = built(site_root)
    page = parse(out / "ar" / "port.html")
    for english in ("Keeping it clean", "Wear loose clothes.", "Rest", "National Cancer Institute",
                    "This sheet does not replace advice from your care team."):
        element = find_text(page, english)
        assert lang_of(page, element) == "en", english
        # English inside a right-to-left page is set left to right
        assert element.get("dir") == "ltr" or element.get("lang") is None
    for arabic in ("ما هو المنفذ", "اغسل يديك."):
        assert lang_of(page, find_text(page, arabic)) == "ar"
    # the page chrome falls back too, and is marked the same way
    skip = page.find(".//a[@class='skip-link']")
    assert lang_of(page, find_text(skip, "Skip to main content")) == "en"
    # the English page marks nothing
    english_page = (out / "en" / "port.html").read_text(encoding="utf-8")
    assert 'lang="en"' in english_page.split("<body>")[1] and "dir=\"ltr\"" in english_page
    assert not [e for e in parse(english_page).iter() if e.get("lang") == "en" and e.tag not in ("html", "a", "p")]


def test_dates_and_handout_link_are_formatted_for_the_locale(site_root: Path, fake_handouts: FakeHandouts) -> None:
    translate(site_root, "es", lambda e: (
        setattr(e, "msgstr", "Folleto en letra grande (PDF, %(pages)s, %(size)s)")
        if e.msgid.startswith("Large-print handout") else
        e.msgstr_plural.update({0: "%(num)s página", 1: "%(num)s páginas", 2: "%(num)s páginas"})
        if e.msgid == "%(num)s page" else
        setattr(e, "msgstr", "Revisado por %(name)s el %(date)s") if e.msgid.startswith("Reviewed by") else None))
    sign(site_root, "es")
    out = built(site_root)
    en = parse(out / "en" / "port.html")
    assert text_of(en.find(".//p[@class='handout']")) == "Large-print handout (PDF, 3 pages, 182 kB)"
    assert en.find(".//p[@class='handout']/a").get("href") == "port.pdf"
    es = parse(out / "es" / "port.html")
    assert text_of(es.find(".//p[@class='handout']")) == "Folleto en letra grande (PDF, 3 páginas, 182 kB)"
    assert "Revisado por Dr Test el 1 de noviembre de 2026" in text_of(es)
    assert es.find(".//time").get("datetime") == "2026-11-01"
    assert "2027年11月1日" in text_of(parse(out / "zh-Hans" / "port.html"))  # the next check
    assert es.find(".//p[@class='handout']//data").get("value") == "182000"
    spaces = str.maketrans({"\u00a0": " ", "\u202f": " "})
    assert format_size(182_000, locale_info("fr")).translate(spaces) == "182 ko"
    assert format_size(1_234_567, locale_info("ru")).translate(spaces) == "1,3 МБ"
    assert format_size(20, locale_info("en")) == "1 kB"
    assert format_number(13, locale_info("fa")) == "۱۳"  # the locale's own digits
    assert "۲۰۲۶" in format_day(dt.date(2026, 11, 1), locale_info("fa"))


# -- links between languages ------------------------------------------------------------------------

def test_hreflang_alternates_canonical_and_x_default(site_root: Path, fake_handouts: FakeHandouts) -> None:
    out = built(site_root)
    base = "https://example.org/leaflets/"
    for tag in ("en", "es", "ar", "zh-Hans"):
        head = parse(out / tag / "port.html").find("head")
        alternates = {link.get("hreflang"): link.get("href") for link in head.iter("link")
                      if link.get("rel") == "alternate"}
        assert alternates == {"en": base + "en/port.html", "es": base + "es/port.html",
                              "ar": base + "ar/port.html", "zh-Hans": base + "zh-Hans/port.html",
                              "x-default": base + "en/port.html"}
        canonical = [link.get("href") for link in head.iter("link") if link.get("rel") == "canonical"]
        assert canonical == [f"{base}{tag}/port.html"]


def test_language_switcher_names_each_language_in_itself(site_root: Path, fake_handouts: FakeHandouts) -> None:
    out = built(site_root)
    nav = parse(out / "ar" / "port.html").find(".//nav[@class='languages']")
    links = [(a.text, a.get("lang"), a.get("hreflang"), a.get("href"), a.get("aria-current")) for a in nav.iter("a")]
    assert links == [
        ("English", "en", "en", "../en/port.html", None),
        ("Español", "es", "es", "../es/port.html", None),
        ("العربية", "ar", "ar", "../ar/port.html", "page"),
        ("中文", "zh-Hans", "zh-Hans", "../zh-Hans/port.html", None),
    ]
    root = parse(out / "index.html")
    assert root.get("lang") == "en"
    languages = [(a.text, a.get("lang"), a.get("hreflang"), a.get("href"))
                 for a in root.find(".//main").iter("a")]
    assert languages == [("English", "en", "en", "en/index.html"), ("Español", "es", "es", "es/index.html"),
                         ("العربية", "ar", "ar", "ar/index.html"), ("中文", "zh-Hans", "zh-Hans", "zh-Hans/index.html")]


# -- review notices ---------------------------------------------------------------------------------

def _notice(page: Path) -> ET.Element | None:
    return parse(page).find(".//div[@class='notice']")


def test_review_notice_by_status(site_root: Path, fake_handouts: FakeHandouts) -> None:
    translate(site_root, "ar", {
        "A qualified medical translator has not checked this translation yet. Ask your care team if anything "
        "is unclear.": "لم يراجع مترجم طبي مؤهل هذه الترجمة بعد.",
        "A qualified medical translator has not checked this translation yet.": "لم يراجعها مترجم طبي بعد."})
    sign(site_root, "es")
    sign(site_root, "zh_Hans")  # a sign-off never hides that a machine draft is one
    out = built(site_root)
    assert _notice(out / "en" / "port.html") is None
    assert _notice(out / "es" / "port.html") is None  # signed
    ar = _notice(out / "ar" / "port.html")
    assert ar is not None and ar.get("role") == "note"
    # One line in the language; the whole notice, in the language and in English, folded under it.
    details = ar.find("details")
    assert details is not None and text_of(details.find("summary")).strip() == "لم يراجعها مترجم طبي بعد."
    paragraphs = details.findall("p")
    assert [p.get("lang") for p in paragraphs] == [None, "en"]
    assert paragraphs[0].text == "لم يراجع مترجم طبي مؤهل هذه الترجمة بعد."
    assert "has not checked this translation" in paragraphs[1].text
    zh = _notice(out / "zh-Hans" / "port.html")
    assert zh is not None and "translated by a computer program" in text_of(zh)
    summary = zh.find("details/summary")
    assert "Machine translation" in text_of(summary) and summary.find("span").get("lang") == "en"
    assert [p.get("lang") for p in zh.findall("details/p")] == ["en"]  # not translated: English once, not twice
    assert _notice(out / "zh-Hans" / "index.html") is not None
    assert _notice(out / "es" / "index.html") is None


# -- escaping ---------------------------------------------------------------------------------------

def test_hostile_translations_render_as_inert_text(site_root: Path, fake_handouts: FakeHandouts) -> None:
    hostile = " ".join(PAYLOADS)
    no_percent = " ".join(p for p in PAYLOADS if "%" not in p)
    translate(site_root, "es", {
        "Looking after your port": hostile,
        "Wash your hands.": hostile,
        "Skip to main content": hostile,
        "Large-print handout (PDF, %(pages)s, %(size)s)": no_percent + " %(pages)s %(size)s",
        "Not yet reviewed by a clinician": hostile,
        "Next check due: %(date)s": "{% raw %} %(date)s",  # a stray % in a format string: English too
        "Sources": hostile,
    })
    out = built(site_root)
    raw = (out / "es" / "port.html").read_text(encoding="utf-8")
    page = parse(raw)
    assert "<script" not in raw.lower() and page.find(".//script") is None
    assert not [e for e in page.iter() if any(k.lower().startswith("on") for k in e.attrib)]
    assert not [e for e in page.iter() if "javascript:" in (e.get("href") or "").lower()]
    assert page.find(".//img") is None
    assert "49" not in text_of(page)
    for place in (page.find(".//h1"), page.find(".//ol/li"), page.find(".//a[@class='skip-link']")):
        assert text_of(place) == hostile
    assert text_of(page.find(".//p[@class='handout']")) == no_percent + " 3 pages 182 kB"
    assert page.find(".//title").text == hostile + " – Patient information"
    assert text_of(page.find(".//h3[@id='sources_list']")) == hostile
    assert text_of(page.find(".//p[@class='review-status']")).startswith(hostile)
    assert find_text(page, "Next check due: ").get("lang") == "en"


# -- round trip -------------------------------------------------------------------------------------

def test_identity_translation_gives_the_english_page_text(site_root: Path, fake_handouts: FakeHandouts) -> None:
    def identity(entry: polib.POEntry) -> None:
        if entry.msgid_plural:
            entry.msgstr_plural = {i: entry.msgid if i == 0 else entry.msgid_plural for i in range(6)}
        else:
            entry.msgstr = entry.msgid
    translate(site_root, "ar", identity, status="reviewed")
    sign(site_root, "ar")
    sign(site_root, "en")
    out = built(site_root)
    assert main_text(out / "ar" / "port.html") == main_text(out / "en" / "port.html")
    assert 'lang="en"' not in (out / "ar" / "port.html").read_text(encoding="utf-8").split("<main")[1]


# -- the build --------------------------------------------------------------------------------------

def test_build_writes_every_output_and_passes_the_profile(site_root: Path, fake_handouts: FakeHandouts) -> None:
    summary = build(load_project(site_root))
    out = site_root / "output"
    for tag in ("en", "es", "ar", "zh-Hans"):
        assert (out / tag / "port.html").is_file() and (out / tag / "index.html").is_file()
        assert (out / tag / "port.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "index.html").is_file() and (out / "assets" / "site.css").is_file()
    assert ("port", "es", "A4", "Test Clinic", "https://example.org/leaflets/es/port.html") in fake_handouts.calls
    assert "Call Test Clinic at +1 555 0100 if" in text_of(parse(out / "en" / "port.html"))
    assert {b.locale: b.pages for b in summary.locales} == {"en": 1, "es": 1, "ar": 1, "zh_Hans": 1}
    assert {b.locale: b.fallback_segments > 0 for b in summary.locales} == {
        "en": False, "es": True, "ar": True, "zh_Hans": True}
    again = build(load_project(site_root))
    assert again.written == 0 and (again.built, again.skipped) == (0, 4)  # every unit was current


def test_every_page_links_only_to_files_the_build_wrote(site_root: Path, fake_handouts: FakeHandouts) -> None:
    out = built(site_root)
    site_path = urlsplit(load_config(site_root).base_url).path  # 404.html's style sheets: from the host's root
    for page in out.rglob("*.html"):
        tree = parse(page)
        refs = [e.get("href") for e in tree.iter("a")] + [e.get("href") for e in tree.iter("link")
                                                          if e.get("rel") == "stylesheet"]
        for ref in refs:
            if ref and not ref.startswith(("http://", "https://", "#", "tel:")):
                target = out / ref.removeprefix(site_path) if ref.startswith("/") else page.parent / ref
                assert target.resolve().is_file(), f"{page.relative_to(out)} → {ref}"
        ids = [e.get("id") for e in tree.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), page
    css = (out / "assets" / "site.css").read_text(encoding="utf-8")
    for physical in ("margin-left", "margin-right", "padding-left", "padding-right", "text-align: left",
                     "text-align: right", "border-left", "border-right", "float: left", "float: right"):
        assert physical not in css, physical


def test_cli_build_with_locale_and_profile(site_root: Path, fake_handouts: FakeHandouts,
                                           tmp_path: Path) -> None:
    from pipeline.commands.main import main
    letter = tmp_path / "letter.toml"
    letter.write_text(toml_table("clinic", {**CLINIC, "paper": "Letter", "name": "Other Clinic"}), encoding="utf-8")

    def complete(entry: polib.POEntry) -> None:  # the CLI applies the publishing gates: ar must be complete
        if entry.msgid_plural:
            entry.msgstr_plural = {i: entry.msgid_plural for i in range(6)}
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
    translate(site_root, "ar", complete)
    assert main(["--project", str(site_root), "build", "--jobs", "1", "--locale", "ar", "--profile", str(letter)]) == 0
    assert {call[:4] for call in fake_handouts.calls} == {("port", "en", "letter", "Other Clinic"),
                                                          ("port", "ar", "letter", "Other Clinic")}
    # A clinic's copy goes to its own folder; the public site is not touched.
    assert "Call Other Clinic at" in text_of(parse(site_root / "clinics" / "letter" / "ar" / "port.html"))
    assert not (site_root / "clinics" / "letter" / "es").exists()
    assert not (site_root / "output").exists()


def test_a_document_called_index_is_an_output_collision(site_root: Path, fake_handouts: FakeHandouts) -> None:
    (site_root / "content" / "index.md").write_text(PORT, encoding="utf-8")
    with pytest.raises(RenderError) as info:
        build(load_project(site_root))
    assert {f.code for f in info.value.findings} == {"output-collision"}
    assert not (site_root / "output").exists()
    assert fake_handouts.calls == []


def test_images_are_copied_and_missing_images_are_reported(site_root: Path, fake_handouts: FakeHandouts) -> None:
    (site_root / "content" / "img").mkdir()
    (site_root / "content" / "img" / "port.png").write_bytes(b"\x89PNG fake")
    doc = site_root / "content" / "port.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n![A port under the skin](img/port.png)\n", encoding="utf-8")
    out = built(site_root)
    assert (out / "media" / "img" / "port.png").read_bytes() == b"\x89PNG fake"
    img = parse(out / "ar" / "port.html").find(".//img")
    assert img.get("src") == "../media/img/port.png" and img.get("alt") == "A port under the skin"
    assert img.get("lang") == "en"
    (site_root / "content" / "img" / "port.png").unlink()
    with pytest.raises(RenderError) as info:
        build(load_project(site_root))
    assert [f.code for f in info.value.findings] == ["image-missing"]


@pytest.mark.slow
def test_web_fonts_cover_each_locale(site_root: Path, fake_handouts: FakeHandouts) -> None:
    pytest.importorskip("pipeline.render.fonts")
    out = built(site_root)
    for tag in ("en", "ar", "zh-Hans"):
        head = parse(out / tag / "port.html").find("head")
        sheets = [link.get("href") for link in head.iter("link") if link.get("rel") == "stylesheet"]
        assert sheets == ["../assets/site.css", f"../assets/fonts/{tag}.css"]
        css = (out / "assets" / "fonts" / f"{tag}.css").read_text(encoding="utf-8")
        assert "font-display: swap" in css and "sans-serif" in css
        for name in re.findall(r'url\("([^"]+)"\)', css):
            assert (out / "assets" / "fonts" / name).read_bytes()[:4] == b"wOF2"
    assert '"Noto Sans Arabic"' in (out / "assets" / "fonts" / "ar.css").read_text(encoding="utf-8")
    assert '"Noto Sans CJK SC"' in (out / "assets" / "fonts" / "zh-Hans.css").read_text(encoding="utf-8")


@pytest.mark.slow
def test_real_handout_renderer_when_installed(site_root: Path) -> None:
    pytest.importorskip("pipeline.render.handout")
    build(load_project(site_root, ["es"]))
    out = site_root / "output"
    pdf = (out / "es" / "port.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    import pikepdf
    with pikepdf.open(out / "es" / "port.pdf") as doc:
        pages = len(doc.pages)
    handout = parse(out / "es" / "port.html").find(".//p[@class='handout']/a")
    label = text_of(handout)
    assert re.search(rf"\b{pages}\b", label) and format_size(len(pdf), locale_info("es")) in label



def test_handout_errors_of_every_document_are_reported_together(site_root: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  fake_handouts: FakeHandouts) -> None:
    from pipeline.errors import error

    def refuse(document: Document, translations: Translations, *args: object) -> Handout:
        raise RenderError([error(document.path, None, "glyph-missing", f"{translations.locale.code}: no glyph")])
    monkeypatch.setattr(fake_handouts, "render", refuse)
    with pytest.raises(RenderError) as info:
        build(load_project(site_root))
    assert sorted(f.message for f in info.value.findings) == [
        "ar: no glyph", "en: no glyph", "es: no glyph", "zh_Hans: no glyph"]
    assert not (site_root / "output").exists()


def test_without_a_profile_pages_are_built_without_handouts(site_root: Path, fake_handouts: FakeHandouts) -> None:
    config = site_root / "pipeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('default_profile = "clinic.toml"\n', ""),
                      encoding="utf-8")
    out = built(site_root)
    assert fake_handouts.calls == [] and not list(out.rglob("*.pdf"))
    page = parse(out / "en" / "port.html")
    assert page.find(".//p[@class='handout']") is None
    assert "Call {clinic_name} at {clinic_phone}" in text_of(page)
