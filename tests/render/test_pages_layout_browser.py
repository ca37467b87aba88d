"""Every page of the real project in headless Chromium: whole words in tables, no synthetic italics, the
title and summary on a phone's first screen, a skip link that moves focus, tel: links for the phone.

The site is built once (the fixture of tests/test_pages_browser.py); axe-core and vnu run there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from pipeline.config.schema import load_config
from tests.conftest import require_tools
from tests.render.test_pages_browser import site  # noqa: F401  (the built site, a fixture)
from tests.webcheck import CHROMIUM_ARGS, Tools, _serve

pytestmark = pytest.mark.browser

PHONE_SCREEN = (320, 568)
NO_ITALIC = ("zh", "ja", "ko", "hi", "ar", "fa", "ur", "he", "th")

# Words of table cells that the browser laid out on more than one line. Chinese and Japanese have no
# spaces and break between any two ideographs: each ideograph counts as a word.
_BROKEN_WORDS_JS = """() => {
  const broken = [];
  const CJK = '\\u3000-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
  const CJK_OR_WORD = new RegExp(`[${CJK}]|[^\\\\s\\u00a0${CJK}]+`, 'g');
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(CJK_OR_WORD)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

_SLANTED_JS = """(langs) => [...document.querySelectorAll('body *')].filter(e => {
  const lang = (e.closest('[lang]')?.getAttribute('lang') || '').split('-')[0];
  return langs.includes(lang) && getComputedStyle(e).fontStyle !== 'normal' && e.textContent.trim();
}).map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40))"""

# The first paragraph of the body: the first <p> of main that is not the summary, a notice, the handout
# link or inside a callout.
_BOXES_JS = """() => {
  const body = [...document.querySelectorAll('main p')].find(
    p => !p.matches('.summary') && !p.closest('.notice, .handout, .callout'));
  return Object.fromEntries([['main h1', document.querySelector('main h1')],
                             ['main .summary', document.querySelector('main .summary')],
                             ['main .notice', document.querySelector('main .notice')],
                             ['first paragraph', body]].map(([s, e]) => {
    if (!e) return [s, null];
    const r = e.getBoundingClientRect();
    return [s, [r.top + scrollY, r.bottom + scrollY]];
  }));
}"""


@pytest.fixture(scope="module")
def tools() -> Tools:
    return require_tools()


@pytest.fixture(scope="module")
def tabs(site: Path, tools: Tools) -> Iterator[tuple[str, dict[int, object]]]:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with _serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(tools.chromium), args=list(CHROMIUM_ARGS))
        try:
            pages = {}
            for width, height in ((1280, 900), PHONE_SCREEN):
                pages[width] = browser.new_context(viewport={"width": width, "height": height}).new_page()
            yield base, pages
        finally:
            browser.close()


def _pages(site: Path) -> list[str]:  # noqa: F811
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_no_word_in_a_table_is_broken(site: Path, tabs) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, pages = tabs
    problems = []
    tables = 0
    for rel in _pages(site):
        for width, tab in pages.items():
            tab.goto(base + quote(rel))
            tables += tab.evaluate("document.querySelectorAll('table').length")
            problems += [f"{rel} at {width} px: {word}" for word in tab.evaluate(_BROKEN_WORDS_JS)]
    assert tables > 0
    assert not problems, "\n".join(problems)


def test_no_synthetic_italics_where_the_font_has_none(site: Path, tabs) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, pages = tabs
    tab = pages[1280]
    problems = []
    emphasis = 0
    for rel in _pages(site):
        if rel.split("/")[0].split("-")[0] not in NO_ITALIC:
            continue
        tab.goto(base + quote(rel))
        emphasis += tab.evaluate("document.querySelectorAll('main em').length")
        problems += [f"{rel}: {what}" for what in tab.evaluate(_SLANTED_JS, list(NO_ITALIC))]
    assert emphasis > 0  # the content has emphasis in these languages, so the check checks something
    assert not problems, "\n".join(problems)


def test_a_phone_screen_shows_the_title_summary_and_first_paragraph(site: Path, tabs) -> None:  # type: ignore[no-untyped-def]  # noqa: F811,E501
    base, pages = tabs
    tab = pages[PHONE_SCREEN[0]]
    height = PHONE_SCREEN[1]
    problems = []
    documents = 0
    for rel in _pages(site):
        tab.goto(base + quote(rel))
        boxes = tab.evaluate(_BOXES_JS)
        if boxes["main .summary"] is None:
            continue  # the index pages have no summary
        documents += 1
        for name in ("main h1", "main .summary"):
            if boxes[name][1] > height:
                problems.append(f"{rel}: {name} ends at {boxes[name][1]:.0f} px, below the first {height} px")
        if boxes["main .notice"] is not None and boxes["main .notice"][0] > height:
            problems.append(f"{rel}: the review notice starts below the first {height} px")
        if boxes["first paragraph"] is None or boxes["first paragraph"][0] >= height:
            top = boxes["first paragraph"] and f'{boxes["first paragraph"][0]:.0f} px'
            problems.append(f"{rel}: the first paragraph starts at {top}, below the first {height} px")
    assert documents >= 24  # every document in every locale, the Arabic overview included
    assert not problems, "\n".join(problems)


def test_the_skip_link_moves_focus_to_main(site: Path, tabs) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, pages = tabs
    tab = pages[1280]
    for rel in ("en/all-signs.html", "ar/all-signs.html"):
        tab.goto(base + quote(rel))
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.className") == "skip-link"
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.tagName") == "MAIN", rel
        tab.keyboard.press("Tab")  # the next Tab goes on from the main content, not back to the header
        assert tab.evaluate("document.activeElement.closest('main') !== null"), rel


def test_the_clinic_phone_is_a_tel_link(site: Path, tabs) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, pages = tabs
    tab = pages[320]
    for rel in _pages(site):
        if not rel.endswith("all-signs.html"):
            continue
        tab.goto(base + quote(rel))
        hrefs = tab.evaluate("[...document.querySelectorAll('main a[href^=\"tel:\"]')].map(a => a.href)")
        contact = load_config(site.parent).contact  # the site's own line ([contact] in pipeline.toml)
        assert contact is not None
        expected = "tel:" + "".join(c for c in contact.phone if c == "+" or c.isdigit())
        assert hrefs and all(h == expected for h in hrefs), (rel, hrefs)
