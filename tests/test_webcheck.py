"""Browser checks: axe-core, reflow, text spacing, network blocking and vnu on hand-written pages."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.webcheck import ToolMissing, Tools, Violation, check_pages, find_tools, validate_html

from .conftest import require_tools

HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; color: #111; background: #fff; margin: 0; padding: 1rem; }}
{css}
</style>
{extra}
</head>
<body>
"""
TAIL = "</body>\n</html>\n"

GOOD_BODY = """<header><p>Riverside Clinic</p></header>
<nav aria-label="Languages"><ul><li><a href="good.html" lang="es">Español</a></li></ul></nav>
<main>
<h1>Taking your blood pressure at home</h1>
<p>Sit quietly for five minutes before you measure. Keep your arm at heart level.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A cuff on the upper arm" width="40" height="40">
<h2>When to call us</h2>
<ul><li>If the top number is over 180.</li><li>If you feel dizzy or have chest pain.</li></ul>
</main>
<footer><p>Reviewed March 2025.</p></footer>
"""

PAGES: dict[str, tuple[str, str, str, str]] = {  # name: (title, css, extra head, body)
    "good.html": ("Blood pressure at home", "", "", GOOD_BODY),
    "inaccessible.html": (
        "Bad page",
        ".faint { color: #bbb; background: #fff; }",
        "",
        '<main><h1>Bad page</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">'
        '<p class="faint">Hard to read grey text.</p></main>',
    ),
    "wide.html": (
        "Wide page", ".wide { width: 2000px; }", "", '<main><h1>Wide</h1><div class="wide">Too wide.</div></main>'
    ),
    "external.html": (
        "External page",
        "",
        '<link rel="stylesheet" href="https://example.com/x.css">',
        "<main><h1>External</h1><p>Loads a remote style sheet.</p></main>",
    ),
    "clipped.html": (
        "Clipped page",
        ".box { height: 1.3em; line-height: 1.2; overflow: hidden; width: 12em; }",
        "",
        '<main><h1>Clipped</h1><p class="box">Fits until spaced.</p></main>',
    ),
}
INVALID = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Invalid</title></head>
<body>
<main><h1 id="x">Invalid</h1><p id="x">Duplicate id.</p></span></main>
</body>
</html>
"""


@pytest.fixture(scope="module")
def tools() -> Tools:
    return require_tools()


@pytest.fixture(scope="module")
def spy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """A second local server (another port, so not the checked site) that records every request it gets."""
    hits: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            hits.append(self.path)

    directory = tmp_path_factory.mktemp("spy")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/spy.css", hits
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, spy: tuple[str, list[str]]) -> Path:
    out = tmp_path_factory.mktemp("site")
    pages = dict(PAGES)
    pages["spied.html"] = ("Spied page", "", f'<link rel="stylesheet" href="{spy[0]}">', "<main><h1>Spied</h1></main>")
    for name, (title, css, extra, body) in pages.items():
        (out / name).write_text(HEAD.format(title=title, css=css, extra=extra) + body + TAIL, encoding="utf-8")
    (out / "invalid.html").write_text(INVALID, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def results(site: Path, tools: Tools) -> list[Violation]:
    """One browser run over every page at both widths, shared by the tests below."""
    return check_pages(site, sorted(site.glob("*.html")), widths=(1280, 320), tools=tools)


def found(results: list[Violation], page: str, width: int | None = None) -> dict[str, Violation]:
    return {v.rule: v for v in results if v.page == page and (width is None or v.width == width)}


@pytest.mark.browser
def test_good_page_has_no_violations(results: list[Violation], site: Path, tools: Tools) -> None:
    assert found(results, "good.html") == {}
    assert validate_html([site / "good.html"], tools=tools) == []


@pytest.mark.browser
def test_missing_alt_and_low_contrast_are_reported(results: list[Violation]) -> None:
    for width in (1280, 320):
        rules = found(results, "inaccessible.html", width)
        assert {"image-alt", "color-contrast"} <= set(rules), rules
    contrast = found(results, "inaccessible.html", 1280)["color-contrast"]
    assert contrast.impact == "serious" and any("faint" in t or "p" in t for t in contrast.targets)


@pytest.mark.browser
def test_wide_element_scrolls_horizontally_at_320(results: list[Violation]) -> None:
    narrow = found(results, "wide.html", 320)
    assert "horizontal-scroll" in narrow
    assert any("div" in t for t in narrow["horizontal-scroll"].targets)
    assert "horizontal-scroll" not in found(results, "good.html", 320)


@pytest.mark.browser
def test_non_local_request_is_blocked_and_reported(results: list[Violation]) -> None:
    network = [v for v in results if v.page == "external.html" and v.rule == "network"]
    assert sorted(v.width for v in network) == [320, 1280]
    assert all(v.targets == ("https://example.com/x.css",) and "blocked" in v.message for v in network)
    assert not [v for v in results if v.rule == "network" and v.page not in ("external.html", "spied.html")]


@pytest.mark.browser
def test_blocked_request_is_never_sent(results: list[Violation], spy: tuple[str, list[str]]) -> None:
    url, hits = spy
    assert hits == [], "a non-local request reached the network"
    assert {v.targets for v in results if v.page == "spied.html" and v.rule == "network"} == {(url,)}


@pytest.mark.browser
def test_text_clipped_by_text_spacing_is_reported(results: list[Violation]) -> None:
    spacing = found(results, "clipped.html", 320)
    assert "text-spacing" in spacing
    assert "text-spacing" not in found(results, "good.html", 320)


@pytest.mark.browser
def test_invalid_html_is_reported_by_vnu(site: Path, tools: Tools) -> None:
    errors = validate_html([site / "invalid.html", site / "good.html"], tools=tools, output_dir=site)
    assert errors and all(v.rule == "vnu" and v.page == "invalid.html" for v in errors)
    text = " ".join(v.message for v in errors).lower()
    assert "duplicate id" in text
    assert "end tag" in text or "stray" in text


def test_require_tools_skips_locally_but_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-chromium.*make setup"):
        require_tools()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-chromium"):
        require_tools()


def test_find_tools_names_every_missing_tool(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(ToolMissing) as info:
        find_tools(tmp_path)
    message = str(info.value)
    assert "no-chromium" in message and "axe-core" in message and "vnu-jar" in message and "make setup" in message
