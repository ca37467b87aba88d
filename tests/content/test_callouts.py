"""GitHub alerts in content become labelled callouts: red for emergencies, amber for calling the care team."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.catalogs.translations import source_translations
from pipeline.content.model import Callout, ListBlock, Paragraph
from pipeline.content.reader import read_document
from pipeline.locales import locale_info
from pipeline.render.handout import HandoutRenderer

from .helpers import BODY_LINE, PROFILE, catalog, findings, main_html, page_html, read

REPO = Path(__file__).resolve().parents[2]

URGENT = """\
Read this first.

> [!CAUTION]
> If someone cannot breathe, call your local emergency number now.

> [!WARNING]
> ## Call right away if:
>
> - You have a fever
> - You bleed and it does not stop
"""


def test_alerts_become_callouts_whose_text_is_critical(tmp_path: Path) -> None:
    document = read(tmp_path, URGENT)
    first, emergency, call = document.blocks
    assert isinstance(first, Paragraph) and not first.segment.critical
    assert isinstance(emergency, Callout) and emergency.kind == "emergency"
    assert isinstance(call, Callout) and call.kind == "call"
    assert [type(b) for b in call.children][1] is ListBlock
    urgent = [s.msgid for s in document.segments() if s.critical]
    assert urgent == ["If someone cannot breathe, call your local emergency number now.", "Call right away if:",
                      "You have a fever", "You bleed and it does not stop"]
    # the marker is not text for translators, and the callout's text keeps its own line number
    assert not any("[!" in s.msgid for s in document.segments())
    assert emergency.children[0].segment.line == BODY_LINE + 3  # type: ignore[union-attr]


@pytest.mark.parametrize(("marker", "label", "kind"), [
    ("CAUTION", "Emergency", "emergency"), ("WARNING", "Call your care team", "call"),
    ("IMPORTANT", "Important", "important"), ("NOTE", "Note", "note"), ("tip", "Tip", "tip")])
def test_each_callout_is_labelled_in_words(tmp_path: Path, marker: str, label: str, kind: str) -> None:
    html = main_html(page_html(read(tmp_path, f"> [!{marker}]\n> Drink water.\n")))
    assert re.search(rf'<div class="callout callout-{kind}" role="note">\s*'
                     rf'<p class="callout-label"><strong>{label}</strong></p>\s*<p>Drink water.</p>', html), html


def test_label_is_translated(tmp_path: Path) -> None:
    document = read(tmp_path, URGENT)
    fr = catalog(tmp_path, "fr", {"Emergency": "Urgence", "Call your care team": "Appelez votre équipe soignante"})
    html = main_html(page_html(document, fr))
    assert "<strong>Urgence</strong>" in html and "<strong>Appelez votre équipe soignante</strong>" in html
    assert "Emergency" not in html


def test_marker_with_text_on_the_same_paragraph_and_plain_quotes(tmp_path: Path) -> None:
    document = read(tmp_path, "> [!note]\n> Rest well.\n> Drink water.\n\n> A plain quote [!NOTE].\n")
    callout, quote = document.blocks
    assert isinstance(callout, Callout) and callout.kind == "note"
    assert [s.msgid for s in document.segments()][-3:-1] == ["Rest well. Drink water.", "A plain quote \\[!NOTE\\]."]
    assert "<blockquote>" in main_html(page_html(document))


def test_unknown_empty_and_titled_alerts_are_refused_with_their_line(tmp_path: Path) -> None:
    found = findings(tmp_path, "Text.\n\n> [!DANGER]\n> Run.\n\n> [!NOTE]\n\n> [!TIP] Drink water\n> often.\n")
    assert [(f.line, f.code) for f in found] == [(BODY_LINE + 2, "alert-unknown"), (BODY_LINE + 5, "alert-empty"),
                                                 (BODY_LINE + 7, "alert-title")]
    assert "[!CAUTION]" in found[0].message and "[!WARNING]" in found[0].message


def _pages_text(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return out.stdout.decode("utf-8").split("\f")


def test_handout_never_splits_a_callout(tmp_path: Path) -> None:
    filler = "\n\n".join(f"Paragraph {n} of the sheet, which fills the first page." for n in range(1, 13))
    items = "\n".join(f"> - Sign number {n}" for n in range(1, 8))
    # After a heading: the handout prints the urgent callouts from before the first heading first (below).
    body = f"{filler}\n\n## Signs\n\n> [!WARNING]\n> Call your clinic if you have:\n>\n{items}\n"
    document = read(tmp_path, body)
    renderer = HandoutRenderer(tmp_path / "cache", tmp_path / "content")
    handout = renderer.render(document, source_translations(locale_info("en")), locale_info("en"), PROFILE,
                              "https://example.org/t/en/sheet.html")
    pages = _pages_text(handout.pdf)
    holding = [n for n, text in enumerate(pages) if "Sign number" in text or "Call your clinic if" in text]
    assert len(holding) == 1, f"the callout is split over pages {holding}"
    page = pages[holding[0]]
    assert all(f"Sign number {n}" in page for n in range(1, 8)) and "Call your care team" in page
    assert "Paragraph 1 " in pages[0] and holding[0] > 0  # it did not fit on page 1: it moved whole


def test_handout_prints_urgent_callouts_before_the_first_heading_first(tmp_path: Path) -> None:
    """Paragraphs fill page 1 before the callout in the Markdown: the handout still starts with the callout."""
    filler = "\n\n".join(f"Paragraph {n} of the sheet, which fills the first page." for n in range(1, 13))
    body = (f"{filler}\n\n> [!CAUTION]\n> Call the emergency number now.\n\n## Later\n\n"
            "> [!WARNING]\n> Call your clinic soon.\n")
    document = read(tmp_path, body)
    renderer = HandoutRenderer(tmp_path / "cache", tmp_path / "content")
    handout = renderer.render(document, source_translations(locale_info("en")), locale_info("en"), PROFILE,
                              "https://example.org/t/en/sheet.html")
    pages = _pages_text(handout.pdf)
    first = pages[0]
    assert first.index("Call the emergency number now.") < first.index("Paragraph 1 ")
    # A callout after a heading stays where the author put it.
    rest = "".join(pages)
    assert rest.index("Paragraph 12 ") < rest.index("Call your clinic soon.")


def test_project_sheet_puts_urgent_advice_first_in_every_language() -> None:
    document = read_document(REPO / "content" / "all-signs.md", REPO)
    kinds = [b.kind for b in document.blocks[:4] if isinstance(b, Callout)]
    assert kinds == ["emergency", "call"]
    emergency = document.blocks[1]
    assert isinstance(emergency, Callout)
    assert emergency.children[0].segment.msgid.startswith("If someone cannot breathe")  # type: ignore[union-attr]
    for po_path in sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        for msgid in ("Emergency", "Call your care team", "Important", "Note", "Tip"):
            entry = po.find(msgid)
            assert entry is not None and entry.msgstr and "fuzzy" not in entry.flags, (po_path, msgid)
        for segment in document.segments():
            if segment.critical:
                entry = po.find(segment.msgid)
                assert entry is not None and entry.msgstr, (po_path, segment.msgid)
