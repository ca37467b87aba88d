"""Review packets drawn: a self-contained HTML page, and a printable landscape PDF set in the locale's fonts."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup

from pipeline.errors import RenderError, error
from pipeline.render.fontfiles import face_file
from pipeline.render.fonts import font_stack
from pipeline.render.pages import template_environment
from pipeline.review.packet import Packet

log = logging.getLogger(__name__)

TEMPLATE = "review-packet.html"

CSS = """
body { font-family: system-ui, sans-serif; font-size: 1rem; line-height: 1.45; margin: 1.5rem; color: #000;
       background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
@media (max-width: 40rem) { body { margin: .75rem; } dl.facts { display: block; } dl.facts dd { margin: 0 0 .4rem; } }
code { overflow-wrap: anywhere; }
code.digest { font-size: .8em; }
.status-signed { color: #0a5c1f; font-weight: bold; }
.status-changed, .status-none { color: #8a1c00; font-weight: bold; }
table.segments { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.segments caption { text-align: start; font-weight: bold; padding: .25rem 0; }
table.segments th, table.segments td { border: 1px solid #555; padding: .4rem .5rem; vertical-align: top;
       text-align: start; overflow-wrap: anywhere; }
table.segments th.num { width: 7.5rem; font-weight: normal; }
table.segments th.notes, table.segments td.notes { width: 22%; }
tr.changed > td, tr.changed > th { background: #fff4cc; }
tr.details td { border-top: none; font-size: .9rem; }
.tag { display: inline-block; font-weight: bold; border: 1px solid #000; padding: 0 .3rem; margin: 0 0 .25rem;
       font-size: .85rem; }
.tag-critical { background: #000; color: #fff; }
.role, .section { color: #333; font-size: .85rem; }
p { margin: .2rem 0; }
del { background: #ffd6d6; text-decoration: line-through; }
ins { background: #c8f0c8; text-decoration: underline; }
.label { font-weight: bold; }
.before { color: #333; }
.missing { font-style: italic; }
.meaning { color: #8a1c00; }
.finding-error { color: #8a1c00; }
.warn { border: 2px solid #8a1c00; padding: .5rem; }
.box { min-height: 4.5rem; }
table.terms { border-collapse: collapse; }
table.terms th, table.terms td { border: 1px solid #555; padding: .25rem .5rem; text-align: start; }
.signoff .line span { display: inline-block; width: 20rem; max-width: 60%; border-bottom: 1px solid #000; }
@media print {
  body { margin: 0; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  .howto { break-after: page; }
}
"""

# Paged media for the PDF only (browsers and HTML validators do not know these properties).
PRINT_CSS = """
@page { size: A4 landscape; margin: 14mm 12mm; @bottom-right { content: "Page " counter(page) " of " counter(pages);
        font-size: 9pt; } @bottom-left { content: string(packet-title); font-size: 9pt; } }
h1 { string-set: packet-title content(); }
"""


def packet_html(packet: Packet, extra_css: str = "") -> str:
    """The packet as one self-contained HTML page (no scripts, no external resources)."""
    return template_environment().get_template(TEMPLATE).render(
        p=packet, source=packet.source, css=Markup(CSS + extra_css))  # our own CSS, no text from files


def _font_css(packet: Packet, font_dir: Path) -> tuple[str, list[Path]]:
    """@font-face rules and font families for the PDF: the English in the source's faces, the rest in the locale's."""
    rules: list[str] = []
    files: list[Path] = []
    stacks = {"source": font_stack(packet.source.code), "locale": font_stack(packet.locale.code)}
    seen: set[tuple[str, int]] = set()
    for stack in stacks.values():
        for face in stack.faces:
            if (face.alias, face.weight) in seen:
                continue
            seen.add((face.alias, face.weight))
            path = face_file(face, font_dir)
            files.append(path)
            rules.append(f'@font-face {{ font-family: "{face.alias}"; src: url("{path.resolve().as_uri()}"); '
                         f"font-weight: {face.weight}; font-style: normal; }}")

    def family(stack_name: str) -> str:
        return ", ".join(f'"{alias}"' for alias in stacks[stack_name].aliases)
    rules.append(f"body, code {{ font-family: {family('source')}, {family('locale')}; }}")
    rules.append("body { font-size: 10.5pt; }")
    rules.append(f"@page {{ font-family: {family('source')}; }}")  # the running footers
    rules.append(f"[lang=\"{packet.locale.tag}\"] {{ font-family: {family('locale')}, {family('source')}; }}")
    rules.append("em, i, .missing { font-style: normal; }")  # the faces have no italics
    return PRINT_CSS + "\n".join(rules), files


def packet_pdf(packet: Packet, cache_dir: Path) -> bytes:
    """The packet as a printable PDF (A4 landscape) in the pipeline's own fonts; nothing is fetched from outside."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from pipeline.render.fetcher import AssetFetcher
    font_dir = cache_dir / "fonts"
    font_dir.mkdir(parents=True, exist_ok=True)
    css, files = _font_css(packet, font_dir)
    fetcher = AssetFetcher(folders=[font_dir], files=files)
    # The arrows of glossary terms and meaning changes are not in every face: print them as "->".
    text = packet_html(packet, css).replace("\u2192", "-&gt;")
    try:
        return bytes(HTML(string=text, url_fetcher=fetcher).write_pdf(font_config=FontConfiguration()))
    except Exception as exc:  # WeasyPrint raises many kinds; the packet is the file to name
        raise RenderError([error(packet.document.path, None, "packet-render",
                                 f"cannot draw the review packet for {packet.locale.code}: {exc}")]) from exc
