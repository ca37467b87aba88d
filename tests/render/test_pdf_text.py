"""The handout's text layer gives the words of the page in every script (hi and ar included).

Every handout of the project is rendered; its text is taken out with poppler's pdftotext and with a reader
that follows the structure tree and honours /ActualText (tests/render/structure.py), and compared word by
word with the text of the HTML page WeasyPrint laid out. The module that makes this work is tied to
WeasyPrint 70.0; the last tests fail when WeasyPrint changes under it.
"""

from __future__ import annotations

import shutil

import pikepdf
import pytest

from pipeline.locales import locale_info
from pipeline.orthography import digits
from pipeline.render import pdf_text
from tests.render import structure, textlayer
from tests.render.conftest import Rendered

pytestmark = pytest.mark.slow

NEEDED = 0.98  # for every language, all its handouts together (the measure)
EACH = 0.95  # for every single handout


def _vocabulary(handout: Rendered) -> set[str]:
    """Words a handout may show besides its page text: the running heads and the page numbers."""
    known = set(textlayer.words(textlayer.css_strings(handout.html)))
    numerals = digits(locale_info(handout.locale).numbering_system) or "0123456789"
    known |= {"".join(numerals[int(c)] for c in str(n)) for n in range(1, 100)}
    return known


def _scores(handouts: list[Rendered], extract: object) -> dict[str, textlayer.Score]:
    """The score of each language: the words of all its handouts together."""
    by_locale: dict[str, list[textlayer.Score]] = {}
    for h in handouts:
        score = textlayer.score(textlayer.html_text(h.html), extract(h.path), _vocabulary(h))  # type: ignore[operator]
        by_locale.setdefault(h.locale, []).append(score)
    return {code: textlayer.Score(sum(s.extracted for s in scores), sum(s.known for s in scores),
                                  sum(s.page for s in scores), sum(s.found for s in scores),
                                  tuple(w for s in scores for w in s.strangers))
            for code, scores in by_locale.items()}


def _report(scores: dict[str, textlayer.Score]) -> str:
    return "\n".join(f"{name}: {s.precision:.1%} of {s.extracted} extracted words are words of the page, "
                     f"{s.recall:.1%} of its {s.page} words found; strangers {s.strangers[:8]}"
                     for name, s in scores.items())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_pdftotext_gets_the_words_of_the_page(handouts: list[Rendered]) -> None:
    scores = _scores(handouts, textlayer.pdftotext)
    assert {h.locale for h in handouts} >= {"en", "ar", "hi", "zh_Hans", "ru", "vi"}
    bad = {name: s for name, s in scores.items() if s.precision < NEEDED or s.recall < NEEDED}
    assert not bad, _report(bad)
    each = {h.name: textlayer.score(textlayer.html_text(h.html), textlayer.pdftotext(h.path), _vocabulary(h))
            for h in handouts}
    bad = {name: s for name, s in each.items() if s.precision < EACH or s.recall < EACH}
    assert not bad, _report(bad)


def test_structure_reader_gets_the_words_of_the_page(handouts: list[Rendered]) -> None:
    scores = _scores(handouts, structure.tagged_text)
    bad = {name: s for name, s in scores.items() if s.precision < NEEDED or s.recall < NEEDED}
    assert not bad, _report(bad)


def test_hindi_words_that_came_out_wrong_before(handouts: list[Rendered]) -> None:
    text = textlayer.words(" ".join(textlayer.pdftotext(h.path) for h in handouts if h.locale == "hi"))
    tagged = textlayer.words(" ".join(structure.tagged_text(h.path) for h in handouts if h.locale == "hi"))
    for word in ("लिम्फोब्लास्टिक", "ल्यूकेमिया", "किया", "किसी", "चिंता", "देखभाल"):
        assert word in text, word
        assert word in tagged, word


def test_arabic_words_in_logical_order(handouts: list[Rendered]) -> None:
    text = textlayer.words(" ".join(textlayer.pdftotext(h.path) for h in handouts if h.locale == "ar"))
    tagged = textlayer.words(" ".join(structure.tagged_text(h.path) for h in handouts if h.locale == "ar"))
    for word in ("علامات", "على", "العلاج"):  # lam-alef ligatures, which came out reversed
        assert word in text, word
        assert word in tagged, word
    assert "عالمات" not in text and "عىل" not in text


def test_running_heads_are_pagination_artifacts(handouts: list[Rendered]) -> None:
    for handout in handouts:
        with pikepdf.open(handout.path) as pdf:
            for page in structure.page_content(pdf):
                assert page.loose_text == 0, f"{handout.name} page {page.page + 1}: text outside tags and artifacts"
                assert page.marked == page.reached, (
                    f"{handout.name} page {page.page + 1}: marked content no element reaches: "
                    f"{sorted(page.marked - page.reached)}; elements pointing at nothing: "
                    f"{sorted(page.reached - page.marked)}")
            first = pdf.pages[0]
            artifacts = [ops for ops, op in pikepdf.parse_content_stream(first)
                         if str(op) == "BDC" and str(ops[0]) == "/Artifact"
                         and ops[1].get("/Type") == "/Pagination"]
            assert artifacts, f"{handout.name}: no pagination artifact on page 1"


def test_the_text_layer_is_tied_to_the_pinned_weasyprint() -> None:
    import weasyprint

    assert weasyprint.__version__ == pdf_text.WEASYPRINT_VERSION, (
        "WeasyPrint changed: port pipeline/render/pdf_text.py and pdf_tags.py (see their docstrings)")
    assert pdf_text.mismatches() == []


def test_install_refuses_code_it_was_not_written_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pdf_text._PINNED, "weasyprint.draw.text.draw_first_line", "0" * 64)
    problems = pdf_text.mismatches()
    assert problems and "draw_first_line" in problems[0]
    monkeypatch.setattr(pdf_text, "_installed", False)
    with pytest.raises(pdf_text.WeasyPrintVersionError, match="draw_first_line"):
        pdf_text.install()


def test_spans_cover_words_of_shaped_scripts_and_odd_clusters_of_others() -> None:
    # Hindi "कि ल": a word per span, whatever the glyphs (ि is drawn before क).
    opens, closes = pdf_text.spans(["कि", " ", "ल"], [[2, 1], [3], [4]], {1: "क", 2: "", 3: " ", 4: "ल"}, False)
    assert opens == ["कि ", None, "ल"] and closes == [False, True, True]
    # Arabic "لا بد", drawn left to right: each word's characters in visual order.
    opens, closes = pdf_text.spans(["د", "ب", " ", "لا"], [[1], [2], [3], [4]], {}, True)
    assert opens == ["دب", None, None, "ال"] and closes == [False, True, False, True]
    # Latin: a span only where the glyphs do not spell the cluster.
    opens, closes = pdf_text.spans(["f", "i", "x"], [[1], [2], [3]], {1: "f", 2: "l", 3: "x"}, False)
    assert opens == [None, "i", None] and closes == [False, True, False]
