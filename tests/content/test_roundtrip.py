"""Every Markdown construct an author writes comes out as written, in English and in translation, or is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.catalogs.extract import build_template
from pipeline.checks.content import check_document
from pipeline.checks.readability import Limits
from pipeline.checks.translation import check_markup
from pipeline.checks.unsafe import check_unsafe
from pipeline.content.model import Footnotes, Image

from .helpers import BODY_LINE, catalog, findings, main_html, page_html, read

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def _msgids(tmp_path: Path, body: str) -> list[str]:
    return [s.msgid for s in read(tmp_path, body).segments()][2:-1]  # without title, summary and source


def test_link_titles_are_kept_and_translated_with_a_note(tmp_path: Path) -> None:
    body = 'Read [the guide](https://example.org/g "How to take your medicine") first.\n'
    document = read(tmp_path, body)
    assert _msgids(tmp_path, body) == ["Read [the guide][1] first.", "How to take your medicine"]
    title = [s for s in document.segments() if s.role == "link title"][0]
    assert "tooltip" in (title.note or "") and "https://example.org/g" in (title.note or "")
    pot = build_template([document], [], "Tests", "2026-01-01 00:00+0000")
    entry = pot.find("How to take your medicine")
    assert entry is not None and "tooltip" in entry.comment
    english = main_html(page_html(document))
    assert '<a href="https://example.org/g" title="How to take your medicine">the guide</a>' in english
    fr = catalog(tmp_path, "fr", {"Read [the guide][1] first.": "Lisez d’abord [le guide][1].",
                                  "How to take your medicine": "Comment prendre votre médicament"})
    assert 'title="Comment prendre votre médicament">le guide</a>' in main_html(page_html(document, fr))


def test_a_translation_cannot_set_its_own_title(tmp_path: Path) -> None:
    document = read(tmp_path, "Read [the guide](https://example.org/g) first.\n")
    fr = catalog(tmp_path, "fr", {"Read [the guide][1] first.": 'Lisez [le guide](https://example.org/g "Pirate").'})
    html = main_html(page_html(document, fr))
    assert '<a href="https://example.org/g">le guide</a>' in html and "Pirate" not in html


@pytest.mark.parametrize(("markdown", "msgid", "html"), [
    ("Type `foo   bar` and `` ` `` and ``  x  ``.", "Type `foo   bar` and `` ` `` and `  x  `.",
     "Type <code>foo   bar</code> and <code>`</code> and <code> x </code>."),
    ("*_foo_* and _*bar*_ and **strong**", "*_foo_* and _*bar*_ and **strong**",
     "<em><em>foo</em></em> and <em><em>bar</em></em> and <strong>strong</strong>"),
    ("foo&#10;bar &amp; &ouml; &copy;", "foo&#10;bar &amp; ö ©", "foo\nbar &amp; ö ©"),
    ("Do not take ~~two~~ more than one tablet.", "Do not take ~~two~~ more than one tablet.",
     "Do not take <del>two</del> more than one tablet."),
    ("Water is H<sub>2</sub>O; 10<sup>6</sup>; 5 <abbr title=\"milligrams\">mg</abbr>; <kbd>Tab</kbd>; "
     "<small>fine</small>;<br>next<!-- a comment -->.",
     "Water is H<sub>2</sub>O; 10<sup>6</sup>; 5 <abbr title=\"milligrams\">mg</abbr>; <kbd>Tab</kbd>; "
     "<small>fine</small>;<br>next.",
     "Water is H<sub>2</sub>O; 10<sup>6</sup>; 5 <abbr title=\"milligrams\">mg</abbr>; <kbd>Tab</kbd>; "
     "<small>fine</small>;<br>next."),
    ("Write &lt;sub&gt; or \\<sup> as text", "Write &lt;sub> or \\<sup> as text",
     "Write &lt;sub&gt; or &lt;sup&gt; as text"),
    (r"\*not emphasis\* \<br> \&amp; \[x]", r"\*not emphasis\* \<br> \&amp; \[x\]",
     "*not emphasis* &lt;br&gt; &amp;amp; [x]"),
])
def test_inline_markup_round_trips(tmp_path: Path, markdown: str, msgid: str, html: str) -> None:
    document = read(tmp_path, markdown + "\n")
    assert _msgids(tmp_path, markdown + "\n") == [msgid]
    english = main_html(page_html(document))
    assert f"<p>{html}</p>" in english
    identity = catalog(tmp_path, "fr", {msgid: msgid})
    assert f"<p>{html}</p>" in main_html(page_html(document, identity))


@pytest.mark.parametrize(("markdown", "code"), [
    ('H<sub class="x">2</sub>O', "raw-html"),
    ("<span>text</span>", "raw-html"),
    ('<abbr title="{clinic_name}">C</abbr>', "raw-html"),
    ("- [ ] Bring your medicines\n- [x] Bring your card", "task-list"),
    ("Fever\n: a temperature of 38 °C or more", "definition-list"),
    ("Hello {{ name }}, welcome.", "template-syntax"),
    ('{{< figure src="chart.png" >}}', "template-syntax"),
    ("{% include note.html %}", "template-syntax"),
    ("Take it[^1].", "footnote-undefined"),
    ("Take it[^a] with food[^a].\n\n[^a]: Any meal.", "footnote-reused"),
    ("[^a]: Any meal.", "footnote-unused"),
    ("## Dose {#about_page}", "heading-id-duplicate"),
])
def test_unsupported_constructs_are_refused_with_their_line(tmp_path: Path, markdown: str, code: str) -> None:
    found = findings(tmp_path, "First paragraph.\n\n" + markdown + "\n")
    assert code in {f.code for f in found}, found
    finding = next(f for f in found if f.code == code)
    assert finding.line == BODY_LINE + 2 and finding.path == "content/sheet.md"


def test_template_syntax_in_front_matter_is_refused(tmp_path: Path) -> None:
    from .helpers import FRONT
    content = tmp_path / "content"
    content.mkdir()
    (content / "sheet.md").write_text(FRONT.replace("title: Test sheet", "title: Hello {{ name }}") + "Text.\n",
                                      encoding="utf-8")
    from pipeline.content.reader import read_document
    from pipeline.errors import ContentError
    with pytest.raises(ContentError) as caught:
        read_document(content / "sheet.md", tmp_path)
    assert [(f.line, f.code) for f in caught.value.findings] == [(2, "template-syntax")]


def test_template_syntax_in_code_is_code(tmp_path: Path) -> None:
    body = "Type `{{ name }}` here.\n\n```\n{% raw %}\n```\n"
    assert findings(tmp_path, body) == []


def test_footnotes_are_numbered_and_linked_both_ways(tmp_path: Path) -> None:
    body = "Take it with food[^meal] and water[^w].\n\n[^meal]: Any meal.\n[^w]: Or *milk*.\n"
    document = read(tmp_path, body)
    assert _msgids(tmp_path, body) == ["Take it with food[^1] and water[^2].", "Any meal.", "Or *milk*."]
    notes = document.blocks[-1]
    assert isinstance(notes, Footnotes) and [n.number for n in notes.items] == [1, 2]
    html = main_html(page_html(document))
    for n in (1, 2):
        assert f'<a href="#fn-{n}" id="fnref-{n}" role="doc-noteref">{n}</a>' in html
        assert re.search(rf'<li id="fn-{n}" value="{n}">.*?<a href="#fnref-{n}" role="doc-backlink">'
                         rf'Back to reference {n}</a>', html, re.S)
    assert '<section class="footnotes" aria-labelledby="footnotes">' in html and '<h2 id="footnotes">' in html


def test_heading_ids_are_kept(tmp_path: Path) -> None:
    document = read(tmp_path, "## Your dose {#dose}\n\n## Other\n")
    assert _msgids(tmp_path, "## Your dose {#dose}\n") == ["Your dose"]
    assert '<h2 id="dose">Your dose</h2>' in main_html(page_html(document))


@pytest.mark.parametrize("name", ["chart cases.png", "gráfico ñ.png"])
def test_image_names_with_spaces_and_accents(tmp_path: Path, name: str) -> None:
    (tmp_path / "content").mkdir(parents=True)
    (tmp_path / "content" / name).write_text(SVG, encoding="utf-8")
    encoded = name.replace(" ", "%20")
    for body in (f"![A chart of cases]({encoded})\n", f"![A chart of cases](<{name}>)\n"):
        document = read(tmp_path, body)
        image = document.blocks[0]
        assert isinstance(image, Image) and image.src == name
        problems = check_document(document, tmp_path / "content", Limits(12, 25, 40))
        assert not [f for f in problems if f.code.startswith("image")], problems


def test_linked_image_and_reference_image_alt(tmp_path: Path) -> None:
    document = read(tmp_path, "[![The moon](moon.jpg \"Full moon\")](https://example.org/moon)\n\n"
                              "![[[foo](uri1)](uri2)][img]\n\n[img]: moon.jpg\n")
    linked, by_reference = document.blocks
    assert isinstance(linked, Image) and linked.link == "https://example.org/moon" and linked.title is not None
    assert isinstance(by_reference, Image) and by_reference.alt.msgid == r"\[foo\](uri2)"
    html = main_html(page_html(document))
    assert ('<figure><a href="https://example.org/moon"><img src="../media/moon.jpg" alt="The moon" '
            'title="Full moon"></a></figure>') in html
    assert 'alt="[foo](uri2)"' in html


def _problems(check, *args) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found: list[tuple[str, str]] = []
    check(*args, lambda severity, code, message: found.append((severity, code)))
    return found


def test_a_translation_uses_inline_elements_and_footnotes_only_where_the_english_does() -> None:
    english = "Water is H<sub>2</sub>O[^1]."
    assert _problems(check_markup, english, "L’eau, c’est H<sub>2</sub>O[^1].", (), {}) == []
    assert ("error", "markup-html") in _problems(check_markup, english, "L’eau, c’est H2O[^1].", (), {})
    assert ("error", "markup-footnote") in _problems(check_markup, english, "L’eau, c’est H<sub>2</sub>O.", (), {})
    assert ("error", "markup-html") in _problems(check_markup, "Water.", "L’<sup>eau</sup>.", (), {})
    assert ("error", "unsafe-html") in _problems(check_unsafe, "Water.", "L’<sup>eau</sup>.", ())
    assert _problems(check_unsafe, english, "L’eau, c’est H<sub>2</sub>O[^1].", ()) == []
    assert ("error", "unsafe-entity") in _problems(check_unsafe, "Water.", "L’eau&#x202E;.", ())
    assert ("warning", "html-entity") in _problems(check_unsafe, "Water.", "L&rsquo;eau.", ())
    assert ("error", "markup-strikethrough") in _problems(check_markup, "Not ~~two~~ one.", "Pas deux, un.", (), {})


def test_a_translation_cannot_add_attributes_or_other_elements(tmp_path: Path) -> None:
    document = read(tmp_path, "Water is H<sub>2</sub>O.\n")
    fr = catalog(tmp_path, "fr", {"Water is H<sub>2</sub>O.":
                                  'L’eau <sub onclick="x()">2</sub> <script>x()</script> <sub>open'})
    paragraph = main_html(page_html(document, fr)).split("<p>L’eau", 1)[1].split("</p>", 1)[0]
    assert "<script" not in paragraph and "<sub onclick" not in paragraph and "&lt;script&gt;" in paragraph
    assert paragraph.endswith("<sub>open</sub>")  # an element left open is closed


def test_handout_carries_the_new_constructs(tmp_path: Path) -> None:
    import subprocess

    from pipeline.catalogs.translations import source_translations
    from pipeline.locales import locale_info
    from pipeline.render.handout import HandoutRenderer

    from .helpers import PROFILE
    (tmp_path / "content").mkdir(parents=True)
    (tmp_path / "content" / "chart cases.svg").write_text(SVG, encoding="utf-8")
    document = read(tmp_path, "Do not take ~~two~~ one tablet[^n] of 5 <abbr title=\"milligrams\">mg</abbr> "
                              "with H<sub>2</sub>O.\n\n[![A chart of cases](chart%20cases.svg)](https://example.org/c)"
                              "\n\n[^n]: Ask your *pharmacist*.\n")
    renderer = HandoutRenderer(tmp_path / "cache", tmp_path / "content")
    args = (document, source_translations(locale_info("en")), locale_info("en"), PROFILE, "https://example.org/t/")
    markup = renderer.html(*args)
    assert "<del>two</del>" in markup and "<sub>2</sub>" in markup and '<abbr title="milligrams">mg</abbr>' in markup
    assert '<a href="#fn-1" id="fnref-1" role="doc-noteref">1</a>' in markup and '<li id="fn-1" value="1">' in markup
    assert '<a href="https://example.org/c"><img' in markup
    pdf = renderer.render(*args).pdf
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Notes" in text and "Ask your pharmacist." in text and "two" in text


def test_handout_draws_strikethrough(tmp_path: Path) -> None:
    """The handout style sheet removes text decoration for emphasis; a struck-out word must still be struck."""
    import subprocess

    from pipeline.catalogs.translations import source_translations
    from pipeline.locales import locale_info
    from pipeline.render.handout import HandoutRenderer

    from .helpers import PROFILE
    renderer = HandoutRenderer(tmp_path / "cache", tmp_path / "content")
    pictures: list[int] = []
    for body in ("Do not take ~~two~~ more than one tablet.\n", "Do not take two more than one tablet.\n"):
        document = read(tmp_path, body)
        pdf = renderer.render(document, source_translations(locale_info("en")), locale_info("en"), PROFILE,
                              "https://example.org/t/").pdf
        pgm = subprocess.run(["pdftoppm", "-r", "200", "-gray", "-f", "1", "-l", "1", "-"],
                             input=pdf, capture_output=True, check=True).stdout
        pictures.append(sum(1 for value in pgm.split(b"\n", 3)[3] if value < 128))  # dark pixels of page 1
    struck, plain = pictures
    assert struck - plain >= 20, (struck, plain)  # a line through "two" (glyph placement moves a few pixels)


def test_readability_counts_the_words_a_reader_sees() -> None:
    from pipeline.checks.readability import strip_inline_markup
    assert strip_inline_markup('Water is H<sub>2</sub>O[^1], not ~~two~~ 5 <abbr title="milligrams">mg</abbr>.'
                               "<br>Next") == "Water is H2O, not two 5 mg. Next"
