"""Browser checks for built pages: axe-core, reflow, WCAG text spacing, no network, and vnu validation."""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlparse

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from playwright.sync_api import Page

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SETUP_HINT = "make setup"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
VIEWPORT_HEIGHT = 900
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces behind request routing: no host but the local server resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
# vnu needs >= 512k of thread stack; C1-only JIT measured ~3x faster here on 10-100 pages (no C2 warm-up).
VNU_JAVA_OPTS = ("-Xss4m", "-XX:TieredStopAtLevel=1")
# WCAG 1.4.12 (the W3C/Faulkner text-spacing bookmarklet): paragraph spacing applies to paragraphs.
TEXT_SPACING_CSS = (
    "*, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; }\n"
    "p { margin-bottom: 2em !important; }\n"
)
_JS_HELPERS = r"""
const cssPath = (el) => {
  const parts = [];
  for (; el && el.nodeType === 1 && el !== document.documentElement; el = el.parentElement) {
    if (el.id) { parts.unshift('#' + CSS.escape(el.id)); break; }
    let part = el.localName, i = 1;
    for (let s = el.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === el.localName) i++;
    const same = el.parentElement ? [...el.parentElement.children].filter(c => c.localName === el.localName) : [];
    parts.unshift(same.length > 1 ? `${part}:nth-of-type(${i})` : part);
  }
  return parts.join(' > ') || 'html';
};
"""
# Leaf-most elements whose right edge is past the viewport, when the document scrolls horizontally.
_OVERFLOW_JS = "() => {" + _JS_HELPERS + r"""
  const limit = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= window.innerWidth) return null;
  const wide = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > limit + 1);
  const leaves = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          targets: leaves.slice(0, 5).map(cssPath)};
}"""
# Elements that hide overflowing text (overflow hidden/clip); the 1px visually-hidden pattern is exempt.
_CLIPPED_JS = "() => {" + _JS_HELPERS + r"""
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    const hides = (v) => v === 'hidden' || v === 'clip';
    if (!hides(cs.overflowX) && !hides(cs.overflowY)) continue;
    if (el.clientWidth <= 1 || el.clientHeight <= 1 || !el.textContent.trim()) continue;
    if ((hides(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (hides(cs.overflowY) && el.scrollHeight > el.clientHeight + 1)) out.push(cssPath(el));
  }
  return out;
}"""
_AXE_JS = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact || 'unknown', help: v.help, url: v.helpUrl,
    summary: (v.nodes[0] && v.nodes[0].failureSummary) || '',
    targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' >>> '))}));
}"""


class ToolMissing(PipelineError):
    """A browser-check tool (Chromium, axe-core, vnu.jar, Java) is not installed."""


@dataclass(frozen=True)
class Tools:
    """Where the browser-check tools are."""

    chromium: Path
    axe_js: Path
    vnu_jar: Path
    java: Path


@dataclass(frozen=True)
class Violation:
    """One failed check on one page at one viewport width (0 for vnu, which has no viewport)."""

    page: str  # path relative to the output dir
    width: int  # viewport width in CSS px
    rule: str  # axe rule id or "vnu", "horizontal-scroll", "network", "text-spacing"
    impact: str
    message: str
    targets: tuple[str, ...]

    def format(self) -> str:
        where = f"{self.page}@{self.width}px" if self.width else self.page
        return f"{where}: {self.rule} ({self.impact}): {self.message} [{', '.join(self.targets)}]"


def find_tools(root: Path = ROOT) -> Tools:
    """Locate every tool, or raise ToolMissing naming all that are missing and how to install them."""
    missing: list[str] = []
    chromium = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
    if not (chromium.is_file() and os.access(chromium, os.X_OK)):
        missing.append(f"Chromium at {chromium} (apt-get install -y chromium, or set $CHROMIUM)")
    axe_js = root / "node_modules" / "axe-core" / "axe.min.js"
    vnu_jar = root / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    for path, name in ((axe_js, "axe-core"), (vnu_jar, "vnu-jar")):
        if not path.is_file():
            missing.append(f"{name} at {path} (npm ci)")
    java_home = os.environ.get("JAVA_HOME")
    java_str = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    java = Path(java_str) if java_str else Path("java")
    if not java_str or not java.is_file():
        missing.append("Java 11+ runtime `java` (apt-get install -y default-jre-headless)")
    if missing:
        raise ToolMissing(
            "browser-check tools missing: " + "; ".join(missing) + f". Install them with `{SETUP_HINT}`."
        )
    return Tools(chromium=chromium, axe_js=axe_js, vnu_jar=vnu_jar, java=java)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("http: " + format, *args)


@contextmanager
def _serve(directory: Path) -> Iterator[str]:
    """Serve directory on 127.0.0.1 at a free port in a background thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="webcheck-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _relative(output_dir: Path, page: Path) -> str:
    path = page if page.is_absolute() else output_dir / page
    return path.resolve().relative_to(output_dir.resolve()).as_posix()


def _one_line(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def check_pages(
    output_dir: Path,
    pages: Sequence[Path],
    widths: Sequence[int] = (1280, 320),
    tools: Tools | None = None,
) -> list[Violation]:
    """Load each page at each width in one headless Chromium; return axe, reflow, spacing and network failures."""
    if not pages:
        return []
    tools = tools or find_tools()
    from playwright.sync_api import Route, sync_playwright  # imported late: only browser checks need it

    rel_pages = [_relative(output_dir, p) for p in pages]
    violations: list[Violation] = []
    started = time.perf_counter()
    with _serve(output_dir) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(tools.chromium), args=list(CHROMIUM_ARGS))
        try:
            blocked: list[tuple[str, str]] = []  # (url, resource type) for the page being loaded

            def route(r: Route) -> None:
                if r.request.url.startswith(base):
                    r.continue_()
                else:
                    blocked.append((r.request.url, r.request.resource_type))
                    r.abort("blockedbyclient")

            tabs: dict[int, Page] = {}
            for width in widths:
                context = browser.new_context(viewport={"width": width, "height": VIEWPORT_HEIGHT})
                context.route("**/*", route)
                # axe-core as an init script: like page.add_script_tag(path=...) but ~0.1 s cheaper per load,
                # and it adds no <script> element to the document under test.
                context.add_init_script(path=tools.axe_js)
                tabs[width] = context.new_page()
            ready = time.perf_counter()
            logger.debug("browser %s ready in %.2fs", browser.version, ready - started)
            for rel in rel_pages:
                t_page = time.perf_counter()
                for width in widths:
                    blocked.clear()
                    violations += _check_one(tabs[width], base + quote(rel), rel, width, blocked)
                logger.debug("checked %s at %s px in %.2fs", rel, widths, time.perf_counter() - t_page)
        finally:
            browser.close()
    done = time.perf_counter()
    logger.info(
        "browser-checked %d pages at %d widths in %.1fs (%.1fs start-up, %.2fs per page), %d violations",
        len(rel_pages), len(widths), done - started, ready - started, (done - ready) / len(rel_pages),
        len(violations),
    )
    return violations


def _check_one(tab: Page, url: str, rel: str, width: int, blocked: list[tuple[str, str]]) -> list[Violation]:
    found: list[Violation] = []

    def add(rule: str, impact: str, message: str, targets: Sequence[str]) -> None:
        found.append(Violation(rel, width, rule, impact, message, tuple(targets)))

    response = tab.goto(url, wait_until="load")
    if response is None or not response.ok:
        add("network", "critical", f"page did not load: HTTP {response.status if response else 'none'}", [url])
        return found
    tab.evaluate("document.fonts.ready.then(() => true)")

    for v in tab.evaluate(_AXE_JS, list(AXE_TAGS)):
        message = f"{v['help']} ({v['url']})"
        if v["summary"]:
            message += ": " + _one_line(v["summary"])
        add(v["id"], v["impact"], message, v["targets"])

    overflow = tab.evaluate(_OVERFLOW_JS)
    if overflow:
        add("horizontal-scroll", "serious",
            f"page scrolls horizontally: scrollWidth {overflow['scrollWidth']} > viewport {overflow['innerWidth']}",
            overflow["targets"])

    tab.add_style_tag(content=TEXT_SPACING_CSS)
    spaced = tab.evaluate(_OVERFLOW_JS)
    if spaced and not overflow:
        add("text-spacing", "serious",
            f"page scrolls horizontally with WCAG 1.4.12 text spacing: scrollWidth {spaced['scrollWidth']}"
            f" > viewport {spaced['innerWidth']}", spaced["targets"])
    clipped = tab.evaluate(_CLIPPED_JS)
    if clipped:
        add("text-spacing", "serious", f"text clipped with WCAG 1.4.12 text spacing in {len(clipped)} element(s)",
            clipped[:10])
    first_kind: dict[str, str] = {}  # axe re-fetches cross-origin style sheets by XHR: one report per URL
    for req_url, kind in blocked:
        first_kind.setdefault(req_url, kind)
    for req_url, kind in first_kind.items():  # every non-local request made while the page was checked
        add("network", "serious", f"page requested a non-local {kind} (blocked): {req_url}", [req_url])
    return found


def validate_html(
    pages: Sequence[Path], tools: Tools | None = None, output_dir: Path | None = None
) -> list[Violation]:
    """Run the Nu Html Checker once over all pages; return its errors (page paths relative to output_dir)."""
    if not pages:
        return []
    tools = tools or find_tools()
    files = [p.resolve() for p in pages]
    base = (output_dir or Path(os.path.commonpath([f.parent for f in files]))).resolve()
    cmd = [str(tools.java), *VNU_JAVA_OPTS, "-jar", str(tools.vnu_jar), "--format", "json", "--errors-only",
           "--stdout", *map(str, files)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    logger.info("vnu checked %d pages in %.1fs", len(files), time.perf_counter() - started)
    try:  # --stdout keeps the JSON report apart from JVM chatter; exit status 1 just means "errors found"
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        detail = _one_line(proc.stderr + proc.stdout, 600)
        raise PipelineError(f"vnu failed (exit {proc.returncode}): {detail}") from exc
    violations: list[Violation] = []
    for msg in report.get("messages", []):
        if msg.get("type") not in ("error", "non-document-error"):
            continue
        path = Path(unquote(urlparse(msg.get("url", "")).path))
        try:
            page = path.relative_to(base).as_posix()
        except ValueError:
            page = str(path)
        line, col = msg.get("firstLine", msg.get("lastLine")), msg.get("firstColumn", msg.get("lastColumn"))
        where = f"line {line}, column {col}" if line else "document"
        extract = _one_line(msg.get("extract", ""), 120)
        targets = (where, extract) if extract else (where,)
        violations.append(Violation(page, 0, "vnu", msg.get("subType") or msg["type"],
                                    _one_line(msg.get("message", "")), targets))
    return violations
