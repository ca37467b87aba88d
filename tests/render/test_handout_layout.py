"""Handout page layout: urgent callouts whole on page 1 in every locale, and no page left largely blank.

Every handout of the project is rendered (tests/render/conftest.py) and read back with poppler's
pdftotext: the text of page 1 (``-f 1 -l 1``) and, with ``-bbox-layout``, where each line of each page sits.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.render import textlayer
from tests.render.conftest import Rendered

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")]

# pipeline/static/handout.css: the page margins (pt). Page 1 has no running header, so a smaller top margin.
TOP, TOP_FIRST, BOTTOM = 1.25 * 72, 1.0 * 72, 1.1 * 72
MOST_EMPTY = 0.36  # "no page but the last more than about a third empty"


def _page_text(path: Path, first: int, last: int) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(first), "-l", str(last), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def _pages(path: Path) -> list[tuple[float, list[float]]]:
    """Each page's height and the bottom (pt from the top) of each of its lines of text."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return [(float(m.group(1)), [float(y) for y in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" '
                                                               r'xMax="[\d.]+" yMax="([\d.]+)"', m.group(2))])
            for m in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out, re.S)]


def _callouts(markup: str) -> list[str]:
    """The text of each callout box of a handout's HTML (its label included)."""
    found = re.findall(r'<div class="callout callout-(?:emergency|call)" role="note">(.*?)</div>', markup, re.S)
    return [html.unescape(textlayer.html_text(part)) for part in found]


def _words_on(words: list[str], page_words: list[str]) -> float:
    """The share of ``words`` that the page's text has (as many times as they occur)."""
    left = list(page_words)
    found = 0
    for word in words:
        if word in left:
            left.remove(word)
            found += 1
    return found / len(words) if words else 1.0


def test_urgent_callouts_are_whole_on_page_one_in_every_locale(handouts: list[Rendered]) -> None:
    signs = [h for h in handouts if h.document.endswith("all-signs.md")]
    assert {h.locale for h in signs} >= {"en", "es", "fr", "vi", "zh_Hans", "ar", "ru", "hi"}
    for handout in signs:
        callouts = _callouts(handout.html)
        assert len(callouts) == 2, f"{handout.name}: expected the red and the amber callout"
        first = textlayer.words(_page_text(handout.path, 1, 1))
        for text in callouts:
            words = textlayer.words(text)
            # Every word of the box on page 1: it starts there and is not split across pages.
            share = _words_on(words, first)
            assert share == 1.0, f"{handout.name}: {share:.0%} of the callout on page 1: {text[:60]!r}"


def test_urgent_callouts_come_before_the_rest_of_the_document(handouts: list[Rendered]) -> None:
    """Right under the title (and the one-sentence review notice), before the document's first paragraph."""
    for handout in (h for h in handouts if h.document.endswith("all-signs.md")):
        main = handout.html.split("<main>", 1)[1]
        assert main.lstrip().startswith('<div class="callout callout-emergency"'), handout.name
        amber_end = main.index("</div>", main.index("callout-call"))
        assert main.index("<p>", amber_end) < main.index("<h2>", amber_end), handout.name


def test_no_page_but_the_last_is_left_largely_blank(handouts: list[Rendered]) -> None:
    """Keep-together rules (callouts, headings with their text, the QR code) never leave a third of a page."""
    worst: list[tuple[float, str]] = []
    for handout in handouts:
        pages = _pages(handout.path)
        for number, (height, bottoms) in enumerate(pages[:-1], start=1):
            top = TOP_FIRST if number == 1 else TOP
            bottom = height - BOTTOM
            body = [y for y in bottoms if y <= bottom + 1]  # not the running footer
            assert body, f"{handout.name}: page {number} has no text"
            empty = (bottom - max(body)) / (bottom - top)
            worst.append((empty, f"{handout.name} page {number}"))
    worst.sort(reverse=True)
    assert worst[0][0] <= MOST_EMPTY, [f"{name}: {empty:.0%} empty" for empty, name in worst[:5]]
