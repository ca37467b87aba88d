"""Large-print PDF handouts: tagged PDF/UA, large print, page size, right-to-left, glyph checks, safe fetching.

A tiny project is made in a temporary folder; each locale's handout is rendered once per module and the PDFs
are opened with pikepdf and pdfplumber.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path

import pdfplumber
import pikepdf
import polib
import pytest

from pipeline.catalogs.translations import Translations, source_translations, translations_from_catalog
from pipeline.config.profile import Profile
from pipeline.content.model import Document
from pipeline.content.reader import read_document
from pipeline.errors import RenderError
from pipeline.locales import locale_info
from pipeline.render.fetcher import AssetFetcher, FetchRefused
from pipeline.render.handout import Handout, HandoutRenderer
from pipeline.render.print_css import counter_content, counter_style, css_string, url_html
from pipeline.review.digest import document_texts
from pipeline.review.records import make_signoff
from pipeline.review.status import assess

pytestmark = pytest.mark.slow

CONTENT = """\
---
title: Blood tests
summary: Why you need blood tests and what happens.
disclaimer: This handout does not take the place of advice from your care team.
reviewed: 2026-03-01
next_review: 2027-03-01
sources:
  - name: National Cancer Institute
    url: https://www.cancer.gov/
---

## What is a blood test?

A nurse takes a little blood from your arm. Call {clinic_phone} if you have questions.

- It takes five minutes.
- It does *not* hurt much.

| Test | Why |
| --- | --- |
| Blood count | It counts your blood cells. |

![A nurse takes blood from an arm.](media/arm.svg)

Read more on the [National Cancer Institute website](https://www.cancer.gov/types/leukemia).

### Before the test

Drink water before the test.
"""

KEYS = ["Blood tests", "Why you need blood tests and what happens.",
        "This handout does not take the place of advice from your care team.", "What is a blood test?",
        "A nurse takes a little blood from your arm. Call {clinic_phone} if you have questions.",
        "It takes five minutes.", "It does *not* hurt much.", "Test", "Why", "Blood count",
        "It counts your blood cells.", "A nurse takes blood from an arm.",
        "Read more on the [National Cancer Institute website][1].", "Before the test",
        "Drink water before the test.", "National Cancer Institute"]

TRANSLATIONS = {
    "es": ["Análisis de sangre", "Por qué necesita análisis de sangre y qué pasa.",
           "Esta hoja no reemplaza los consejos de su equipo de atención.", "¿Qué es un análisis de sangre?",
           "Una enfermera le saca un poco de sangre del brazo. Llame al {clinic_phone} si tiene preguntas.",
           "Dura cinco minutos.", "*No* duele mucho.", "Análisis", "Para qué", "Hemograma",
           "Cuenta sus células de la sangre.", "Una enfermera saca sangre de un brazo.",
           "Lea más en el [sitio web del Instituto Nacional del Cáncer][1].", "Antes del análisis",
           "Beba agua antes del análisis.", "Instituto Nacional del Cáncer"],
    "ar": ["تحاليل الدم", "لماذا تحتاج إلى تحاليل الدم وماذا يحدث.", "هذه النشرة لا تغني عن نصائح فريق الرعاية.",
           "ما هو تحليل الدم؟", "تأخذ الممرضة قليلًا من الدم من ذراعك. اتصل على {clinic_phone} إذا كانت لديك أسئلة.",
           "يستغرق خمس دقائق.", "*لا* يؤلم كثيرًا.", "التحليل", "السبب", "تعداد الدم", "يعدّ خلايا الدم.",
           "ممرضة تأخذ الدم من الذراع.", "اقرأ المزيد على [موقع المعهد الوطني للسرطان][1].", "قبل التحليل",
           "اشرب الماء قبل التحليل.", "المعهد الوطني للسرطان"],
    "zh_Hans": ["验血", "为什么需要验血，以及验血时会发生什么。", "本资料不能代替医疗团队的建议。", "什么是验血？",
                "护士会从您的手臂抽一点血。如有疑问，请拨打{clinic_phone}。", "大约需要五分钟。", "*不太*疼。",
                "检查", "原因", "血常规", "计算您的血细胞数量。", "护士从手臂抽血。",
                "更多信息请见[美国国家癌症研究所网站][1]。", "检查之前", "检查前请喝水。", "美国国家癌症研究所"],
    "hi": ["खून की जाँच", "आपको खून की जाँच क्यों चाहिए और इसमें क्या होता है।",
           "यह पर्चा आपकी देखभाल टीम की सलाह की जगह नहीं लेता।", "खून की जाँच क्या है?",
           "नर्स आपकी बाँह से थोड़ा खून लेती है। सवाल हों तो {clinic_phone} पर फ़ोन करें।",
           "इसमें पाँच मिनट लगते हैं।", "इसमें *ज़्यादा* दर्द नहीं होता।", "जाँच", "क्यों", "ब्लड काउंट",
           "यह आपकी खून की कोशिकाएँ गिनता है।", "नर्स बाँह से खून ले रही है।",
           "[राष्ट्रीय कैंसर संस्थान की वेबसाइट][1] पर और पढ़ें।", "जाँच से पहले", "जाँच से पहले पानी पिएँ।",
           "राष्ट्रीय कैंसर संस्थान"],
    "ru": ["Анализ крови", "Зачем нужен анализ крови и как он проходит.",
           "Эта памятка не заменяет советов вашей медицинской команды.", "Что такое анализ крови?",
           "Медсестра возьмёт немного крови из руки. Если есть вопросы, звоните по номеру {clinic_phone}.",
           "Это занимает пять минут.", "Это *почти* не больно.", "Анализ", "Зачем", "Общий анализ крови",
           "Считает клетки крови.", "Медсестра берёт кровь из руки.",
           "Подробнее на [сайте Национального института рака][1].", "",  # "Before the test" stays English
           "Перед анализом выпейте воды.", "Национальный институт рака"],
    "vi": ["Xét nghiệm máu", "Vì sao bạn cần xét nghiệm máu và điều gì sẽ xảy ra.",
           "Tờ thông tin này không thay thế lời khuyên của nhóm chăm sóc.", "Xét nghiệm máu là gì?",
           "Y tá lấy một ít máu ở cánh tay bạn. Nếu có câu hỏi, hãy gọi {clinic_phone}.",
           "Mất khoảng năm phút.", "*Không* đau nhiều.", "Xét nghiệm", "Lý do", "Công thức máu",
           "Đếm các tế bào máu của bạn.", "Y tá lấy máu ở cánh tay.",
           "Đọc thêm trên [trang web của Viện Ung thư Quốc gia][1].", "Trước khi xét nghiệm",
           "Hãy uống nước trước khi xét nghiệm.", "Viện Ung thư Quốc gia"],
}
CHROME = {
    "ar": {"Page %(page)s of %(pages)s": "صفحة %(page)s من %(pages)s", "Phone: %(phone)s": "الهاتف: %(phone)s",
           "Questions?": "هل لديك أسئلة؟"},
}
SIGNED = ("es", "ru")
STATUS = {"es": "reviewed", "ar": "machine-draft", "zh_Hans": "translated", "hi": "translated",
          "ru": "translated", "vi": "machine-draft"}
PAPER = {"en": "letter", "es": "letter", "ru": "letter", "ar": "A4", "zh_Hans": "A4", "hi": "A4", "vi": "A4"}
LOCALES = ["en", "es", "ar", "zh_Hans", "hi", "ru", "vi"]
LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)
PHONE = "+1 555 0100 2000"
URL = "https://health.example.org/patient-info/{tag}/leaflet.html"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">'
       '<rect x="10" y="10" width="220" height="100" fill="none" stroke="#000" stroke-width="6"/></svg>')


def _profile(paper: str) -> Profile:
    return Profile(name="Riverside Children's Cancer Clinic", phone=PHONE, address="100 Riverside Avenue",
                   website="https://clinic.example.org", email="care@clinic.example.org", paper=paper,
                   base_url=None, path="profiles/test.toml")


def _catalog(path: Path, code: str, messages: dict[str, str], status: str) -> Translations:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": code,
                        "X-Review-Status": status, "X-Reviewed-By": "", "X-Review-Date": ""}
    for msgid, msgstr in messages.items():
        flags = ["python-brace-format"] if "{clinic_" in msgid else []
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return translations_from_catalog(polib.pofile(str(path)), locale_info(code))


@dataclasses.dataclass
class Project:
    root: Path
    document: Document
    translations: dict[str, Translations]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("project")
    content = root / "content"
    (content / "media").mkdir(parents=True)
    (content / "media" / "arm.svg").write_text(SVG, encoding="utf-8")
    (content / "leaflet.md").write_text(CONTENT, encoding="utf-8")
    document = read_document(content / "leaflet.md", root)
    assert [s.msgid for s in document.segments()] == [KEYS[i] for i in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                                                                         12, 13, 14, 15)]
    translations = {"en": source_translations(locale_info("en"))}
    for code, texts in TRANSLATIONS.items():
        messages = dict(zip(KEYS, texts, strict=False)) | CHROME.get(code, {})
        translations[code] = _catalog(root / "locales" / code / "LC_MESSAGES" / "test.po", code, messages,
                                      STATUS[code])
    for code in SIGNED:  # a clinician signed the text these locales show now
        texts = document_texts(document, translations[code])
        record = make_signoff(code, document.slug, "Dr Ana Ruiz, haematologist", dt.date(2026, 3, 1), texts)
        translations[code] = dataclasses.replace(translations[code], signoffs={document.slug: assess(record, texts)})
    return Project(root, document, translations)


@pytest.fixture(scope="module")
def renderer(project: Project, tmp_path_factory: pytest.TempPathFactory) -> HandoutRenderer:
    return HandoutRenderer(tmp_path_factory.mktemp("cache"), project.root / "content")


@pytest.fixture(scope="module")
def handouts(project: Project, renderer: HandoutRenderer) -> dict[str, tuple[Handout, str]]:
    source = locale_info("en")
    result = {}
    for code in LOCALES:
        translations = project.translations[code]
        args = (project.document, translations, source, _profile(PAPER[code]), URL.format(tag=locale_info(code).tag))
        result[code] = (renderer.render(*args), renderer.html(*args))
    return result


def _open(handout: Handout) -> pikepdf.Pdf:
    import io
    return pikepdf.open(io.BytesIO(handout.pdf))


def _plumb(handout: Handout) -> pdfplumber.PDF:
    import io
    return pdfplumber.open(io.BytesIO(handout.pdf))


def _struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found: list[pikepdf.Dictionary] = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


# --------------------------------------------------------------------------- the PDF


@pytest.mark.parametrize("code", LOCALES)
def test_tagged_pdf_ua(code: str, handouts: dict[str, tuple[Handout, str]], project: Project) -> None:
    handout, _ = handouts[code]
    pdf = _open(handout)
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) is True
    assert "/StructTreeRoot" in root
    assert str(root.Lang) == locale_info(code).tag
    title = project.translations[code].lookup((None, "Blood tests")) or "Blood tests"
    assert str(pdf.docinfo.Title) == title
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    with pdf.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"
        assert meta.get("dc:title") == title
    assert handout.pages == len(pdf.pages) >= 1


@pytest.mark.parametrize("code", ["en", "ar", "zh_Hans"])
def test_structure_is_tagged(code: str, handouts: dict[str, tuple[Handout, str]]) -> None:
    pdf = _open(handouts[code][0])
    elements = _struct_elements(pdf)
    kinds = {str(e.S) for e in elements}
    assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link", "/Figure"} <= kinds
    figures = [e for e in elements if e.S == "/Figure"]
    assert len(figures) == 2  # the content image and the QR code
    assert all(str(f.get("/Alt", "")).strip() for f in figures)


@pytest.mark.parametrize("code", LOCALES)
def test_fonts_embedded_regular_or_bold(code: str, handouts: dict[str, tuple[Handout, str]]) -> None:
    pdf = _open(handouts[code][0])
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font.DescendantFonts[0].FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
            assert not re.search(r"italic|oblique", str(font.BaseFont), re.I)
            assert str(font.BaseFont).split("+", 1)[-1].startswith("pipeline-")  # our faces, no system fallback
    with _plumb(handouts[code][0]) as plumb:
        names = {c["fontname"] for p in plumb.pages for c in p.chars}
    assert names and not any(re.search(r"italic|oblique", n, re.I) for n in names)


@pytest.mark.parametrize("code", LOCALES)
def test_large_print_and_margins(code: str, handouts: dict[str, tuple[Handout, str]]) -> None:
    with _plumb(handouts[code][0]) as plumb:
        for page in plumb.pages:
            assert page.chars
            for char in page.chars:
                assert char["size"] >= 18 - 0.01, (char["text"], char["size"])
                # One column inside one-inch side margins (72 pt): nothing runs into them, CJK included.
                if char["text"].strip():
                    assert 72 - 1 <= char["x0"] and char["x1"] <= page.width - 72 + 1, char


@pytest.mark.parametrize("code", LOCALES)
def test_page_size_comes_from_the_profile(code: str, handouts: dict[str, tuple[Handout, str]]) -> None:
    expected = LETTER if PAPER[code] == "letter" else A4
    pdf = _open(handouts[code][0])
    for page in pdf.pages:
        box = [float(x) for x in page.MediaBox]
        assert box[0] == box[1] == 0
        assert box[2:] == pytest.approx(expected, abs=0.5)


def test_same_language_on_other_paper(project: Project, renderer: HandoutRenderer) -> None:
    source = locale_info("en")
    for code, paper, size in (("es", "A4", A4), ("ar", "letter", LETTER)):
        handout = renderer.render(project.document, project.translations[code], source, _profile(paper), "https://x/")
        pdf = _open(handout)
        assert [float(x) for x in pdf.pages[0].MediaBox][2:] == pytest.approx(size, abs=0.5)


@pytest.mark.parametrize("code", LOCALES)
def test_clinic_phone_and_title_on_every_page(code: str, handouts: dict[str, tuple[Handout, str]],
                                              project: Project) -> None:
    title = project.translations[code].lookup((None, "Blood tests")) or "Blood tests"
    with _plumb(handouts[code][0]) as plumb:
        assert len(plumb.pages) >= 2
        for page in plumb.pages:
            text = page.extract_text().replace("\u00a0", " ")
            assert "555 0100 2000" in text
            assert _squash(title) in _squash(text) or code == "ar"  # Arabic is extracted in visual order
            assert "Riverside" in text


def test_running_footer_counts_pages(handouts: dict[str, tuple[Handout, str]]) -> None:
    with _plumb(handouts["en"][0]) as plumb:
        total = len(plumb.pages)
        for number, page in enumerate(plumb.pages, start=1):
            assert f"Page {number} of {total}" in page.extract_text()
    html = handouts["ar"][1]
    assert 'content: "صفحة " counter(page, decimal) " من " counter(pages, decimal)' in html


def test_arabic_is_right_to_left_and_right_aligned(handouts: dict[str, tuple[Handout, str]]) -> None:
    handout, html = handouts["ar"]
    assert '<html lang="ar" dir="rtl">' in html
    with _plumb(handout) as plumb:
        page = plumb.pages[0]
        right = page.width - 72
        lines: dict[int, list[dict]] = {}
        for char in page.chars:
            if char["size"] >= 23.9 and char["text"].strip():  # the title, 24 pt
                lines.setdefault(round(char["top"]), []).append(char)
        assert lines
        first = lines[min(lines)]
        assert max(c["x1"] for c in first) == pytest.approx(right, abs=3)  # flush with the right margin
        assert min(c["x0"] for c in first) > 72 + 100  # a short title: it does not start at the left
        # The phone number keeps its order inside Arabic text (reversed groups would read 2000 0100 555 1).
        text = "".join(c["text"] for c in sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"])))
        assert "155501002000" in re.sub(r"\D", "", text)
        assert "200001005551" not in re.sub(r"\D", "", text)


def test_review_notice(handouts: dict[str, tuple[Handout, str]]) -> None:
    notice = "Important: this translation has not been checked"
    machine = "This translation was made by a computer program."
    for code in LOCALES:
        handout, html = handouts[code]
        with _plumb(handout) as plumb:
            pages = [page.extract_text() for page in plumb.pages]
        text, everything = _squash(pages[0]), _squash("".join(pages))
        if code == "en" or code in SIGNED:  # the source, and translations a clinician signed
            assert _squash(notice) not in everything and 'class="notice' not in html
        else:
            # Page 1: one sentence in a light box, under the title and before the urgent callouts.
            assert 'class="notice notice-short"' in html
            assert html.index("notice-short") < html.index("<main>")
            assert (_squash(machine) in text) == (STATUS[code] == "machine-draft")
            # The whole notice, with its English half marked as English, near the end.
            assert _squash(notice) in everything and 'class="notice notice-full"' in html
            assert html.index("notice-full") > html.index("</main>")
            assert re.search(r'<div class="notice-part" lang="en" dir="ltr">\s*<p class="notice-title">'
                             r"Important: this translation", html)


def test_fallback_segments_are_marked_english(handouts: dict[str, tuple[Handout, str]]) -> None:
    html = handouts["ru"][1]
    assert '<h3 lang="en">Before the test</h3>' in html
    assert '<h2>Что такое анализ крови?</h2>' in html
    ar = handouts["ar"][1]
    assert '<p class="summary">' in ar and 'lang="en" dir="ltr"' in ar  # untranslated chrome, isolated


def test_handout_content(handouts: dict[str, tuple[Handout, str]], project: Project) -> None:
    handout, html = handouts["en"]
    assert 'href="https://www.cancer.gov/types/leukemia"' in html
    assert "font-style: italic" not in html and "text-align: justify" not in html
    with _plumb(handout) as plumb:
        text = "\n".join(p.extract_text() for p in plumb.pages).replace("\u00a0", " ")
    assert _squash("Call +1 555 0100 2000 if you have questions.") in _squash(text)
    assert _squash("(https://www.cancer.gov/types/leukemia)") in _squash(text)  # a printed link shows its address
    assert _squash("Not yet reviewed by a clinician") in _squash(text)  # no sign-off for the English
    assert "March 1, 2026" not in text  # the front matter's date is no review
    assert "Sources" in text and "https://www.cancer.gov/" in text
    assert "Read this online" in text and _squash(URL.format(tag="en")) in _squash(text)


def test_qr_code_links_to_the_page(handouts: dict[str, tuple[Handout, str]]) -> None:
    from tests.render.test_qr import make, segno_modules, svg_modules
    html = handouts["es"][1]
    svg = re.search(r"<svg [^>]*class=\"qr-code\".*?</svg>", html, re.S)
    assert svg and "<title>" in svg.group(0) and 'role="img"' in svg.group(0)
    # The modules drawn are segno's standard symbol for the page's address (its own choice of mask).
    assert svg_modules(svg.group(0)) == segno_modules(make(URL.format(tag="es")))
    assert "data:" not in html


def test_css_helpers() -> None:
    assert counter_style("arab") == "arabic-indic" and counter_style("deva") == "devanagari"
    assert counter_style("latn") == "decimal" and counter_style("unknown") == "decimal"
    assert counter_content("Seite \ue000 von \ue001", "decimal") == \
        '"Seite " counter(page, decimal) " von " counter(pages, decimal)'
    assert counter_content("\ue001 में से पेज \ue000", "devanagari") == \
        'counter(pages, devanagari) " में से पेज " counter(page, devanagari)'
    assert counter_content("broken", "decimal").startswith('"Page " counter(page')
    assert css_string('a"b\\c</style>') == '"a\\"b\\\\c\\3C /style\\3E "'
    assert "<wbr>" in url_html("https://a.org/some-long-name/x.html") and "nobr" in url_html("https://a.org/")


def test_fonts_load_once_per_renderer(project: Project, renderer: HandoutRenderer,
                                      handouts: dict[str, tuple[Handout, str]]) -> None:
    mark = renderer.fetcher.mark()
    renderer.render(project.document, project.translations["hi"], locale_info("en"), _profile("A4"), "https://x/")
    requests, refusals = renderer.fetcher.since(mark)
    assert refusals == ()
    assert all(url.endswith("arm.svg") for url in requests)  # the content image; no font is read again


# --------------------------------------------------------------------------- hostile text and glyphs


def _variant(project: Project, code: str, replace: dict[str, str], name: str) -> Translations:
    texts = dict(zip(KEYS, TRANSLATIONS.get(code, KEYS), strict=False)) | replace
    return _catalog(project.root / "variants" / name / "test.po", code, texts, STATUS.get(code, "translated"))


def test_hostile_translation_is_inert(project: Project, renderer: HandoutRenderer,
                                      handouts: dict[str, tuple[Handout, str]]) -> None:
    img = '<img src="file:///etc/passwd">'
    link = '<link rel=stylesheet href="http://127.0.0.1:9/x.css">'
    markdown = "![x](http://127.0.0.1:9/x.png)"
    translations = _variant(project, "es", {
        "Drink water before the test.": img, "It takes five minutes.": link,
        "It counts your blood cells.": f"Mire {markdown} aquí", "Questions?": img}, "hostile")
    content = project.root / "content" / "hostile.md"
    content.write_text(CONTENT.split("![A nurse")[0], encoding="utf-8")  # no image: nothing to fetch at all
    document = read_document(content, project.root)
    args = (document, translations, locale_info("en"), _profile("letter"), "https://x/")
    mark = renderer.fetcher.mark()
    handout = renderer.render(*args)
    requests, refusals = renderer.fetcher.since(mark)
    assert requests == () and refusals == () and handout.refusals == ()
    html = renderer.html(*args)
    assert "<img" not in html and "<link" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    with _plumb(handout) as plumb:
        text = _squash("".join(p.extract_text() for p in plumb.pages))
        annotations = [a.get("uri") for p in plumb.pages for a in (p.annots or [])]
    assert _squash(img) in text and _squash(link) in text
    assert _squash("Mire !x aquí") in text  # the image syntax is plain text; its link was dropped
    assert not any("127.0.0.1" in (uri or "") for uri in annotations)


def test_missing_glyph_is_a_render_error(project: Project, renderer: HandoutRenderer) -> None:
    translations = _variant(project, "es", {"Drink water before the test.": "Beba agua 🧬 antes."}, "dna")
    with pytest.raises(RenderError) as caught:
        renderer.render(project.document, translations, locale_info("en"), _profile("letter"), "https://x/")
    [finding] = caught.value.findings
    line = CONTENT.splitlines().index("Drink water before the test.") + 1
    assert (finding.path, finding.line, finding.code) == ("content/leaflet.md", line, "glyph-missing")
    assert "es" in finding.message and "🧬" in finding.message and "U+1F9EC" in finding.message
    assert f"content/leaflet.md:{line}:" in str(caught.value)


def test_missing_glyph_in_the_source_text(project: Project, renderer: HandoutRenderer) -> None:
    content = project.root / "content" / "tamil.md"
    content.write_text(CONTENT.replace("Drink water before the test.", "Drink water (தண்ணீர்) first."),
                       encoding="utf-8")
    document = read_document(content, project.root)
    with pytest.raises(RenderError, match=r"content/tamil\.md:\d+: error: glyph-missing: en: .*U\+0BA4"):
        renderer.render(document, source_translations(locale_info("en")), locale_info("en"), _profile("A4"),
                        "https://x/")


def test_system_font_fallback_is_caught_after_the_glyph_check(project: Project, renderer: HandoutRenderer,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Second line of defence: if a character slipped past the check, drawing it in a font fontconfig
    found (or as .notdef) stops the render too."""
    monkeypatch.setattr("pipeline.render.handout.coverage_findings", lambda code, items: [])
    for text, code in (("Tamil தமிழ் here.", "font-fallback"), ("Unassigned \u0378 here.", "render")):
        translations = _variant(project, "es", {"Drink water before the test.": text}, f"fallback-{code}")
        with pytest.raises(RenderError) as caught:
            renderer.render(project.document, translations, locale_info("en"), _profile("A4"), "https://x/")
        assert code in {f.code for f in caught.value.findings}, caught.value


# --------------------------------------------------------------------------- the fetcher


@pytest.fixture()
def allowed(tmp_path: Path) -> tuple[AssetFetcher, Path, Path]:
    inside = tmp_path / "assets"
    inside.mkdir()
    (inside / "logo.svg").write_text(SVG, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    return AssetFetcher(folders=[inside]), inside, outside


def test_fetcher_serves_allowed_files(allowed: tuple[AssetFetcher, Path, Path]) -> None:
    fetcher, inside, _ = allowed
    response = fetcher((inside / "logo.svg").as_uri())
    assert response.read() == SVG.encode() and response.content_type == "image/svg+xml"
    assert fetcher.refusals == []


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x.css", "https://example.org/font.woff2", "ftp://example.org/x",
    "data:image/png;base64,iVBORw0KGgo=", "data:text/css,body{}", "javascript:alert(1)", "relative/path.png",
    "file://otherhost/etc/passwd", "file:///etc/passwd",
])
def test_fetcher_refuses(allowed: tuple[AssetFetcher, Path, Path], url: str) -> None:
    fetcher, _, _ = allowed
    with pytest.raises(FetchRefused):
        fetcher(url)
    assert [r.url for r in fetcher.refusals] == [url]


def test_fetcher_refuses_escapes(allowed: tuple[AssetFetcher, Path, Path]) -> None:
    fetcher, inside, outside = allowed
    traversal = inside.as_uri() + "/../secret.txt"
    encoded = inside.as_uri() + "/%2E%2E/secret.txt"
    link = inside / "link.txt"
    os.symlink(outside, link)
    (inside / "sub").mkdir()
    for url in (outside.as_uri(), traversal, encoded, link.as_uri(), (inside / "sub").as_uri(),
                (inside / "missing.svg").as_uri()):
        with pytest.raises(FetchRefused):
            fetcher(url)
    reasons = [r.reason for r in fetcher.refusals]
    assert len(reasons) == 6
    assert "'..'" in reasons[1] and "'..'" in reasons[2] and "symlink" in reasons[3]


def test_fetcher_refusal_is_skipped_by_weasyprint(allowed: tuple[AssetFetcher, Path, Path]) -> None:
    from weasyprint import HTML
    fetcher, inside, outside = allowed
    html = (f'<html lang="en"><title>t</title><img alt="a" src="{outside.as_uri()}">'
            f'<img alt="b" src="http://127.0.0.1:9/x.png"><img alt="c" src="{(inside / "logo.svg").as_uri()}">')
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert [r.url for r in fetcher.refusals] == [outside.as_uri(), "http://127.0.0.1:9/x.png"]


def test_template_strings_are_extracted() -> None:
    from pipeline.catalogs.extract import template_messages
    found = {m.msgid for m in template_messages() if m.path == "pipeline/templates/handout.html"}
    assert {"Page %(page)s of %(pages)s", "Phone: %(phone)s", "Read this online", "Sources",
            "Reviewed by %(name)s on %(date)s", "Not yet reviewed by a clinician",
            "Important: this translation has not been checked",
            "QR code that opens this handout on the web"} <= found


def test_reviewed_date_uses_the_locale(handouts: dict[str, tuple[Handout, str]]) -> None:
    assert "1 de marzo de 2026" in handouts["es"][1] and "Dr Ana Ruiz" in handouts["es"][1]
    assert "Последняя проверка" not in handouts["ru"][1]  # untranslated chrome stays English...
    assert "1 марта 2026" in handouts["ru"][1]  # ...but the date is the locale's


def test_images_without_a_media_folder_and_missing_images(project: Project, tmp_path: Path) -> None:
    source = locale_info("en")
    translations = source_translations(source)
    plain = HandoutRenderer(tmp_path / "cache", None)  # no media folder: the alt text is printed instead
    html = plain.html(project.document, translations, source, _profile("A4"), "https://x/")
    assert "<img" not in html and '<p class="image-missing">A nurse takes blood from an arm.</p>' in html
    content = project.root / "content" / "lost.md"
    content.write_text(CONTENT.replace("media/arm.svg", "media/lost.svg"), encoding="utf-8")
    document = read_document(content, project.root)
    with pytest.raises(RenderError, match=r"content/lost\.md:\d+: error: image-missing"):
        HandoutRenderer(tmp_path / "cache", project.root / "content").render(
            document, translations, source, _profile("A4"), "https://x/")
