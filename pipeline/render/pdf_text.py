"""The handout's text layer in logical order: /ActualText for shaped clusters, running heads as artifacts.

WeasyPrint writes each glyph once with a ToUnicode entry taken from the first cluster it was seen in. That
is right for Latin, Cyrillic and CJK text, where glyphs and characters map one to one, but not for shaped
scripts: a Devanagari conjunct glyph maps to the word it first appeared in, a pre-base vowel sign (ि) maps
to nothing and is drawn before its consonant, and Arabic is stored in visual order with lam-alef
ligatures. Screen readers, search and copy and paste then get other words.

This module replaces WeasyPrint's ``draw_first_line`` with the copy in :mod:`pdf_draw`, which

- wraps text in marked-content ``/Span <</ActualText (...)>>`` sequences (as Chromium's PDF output
  does), as :func:`spans` decides: in right-to-left runs and in Indic scripts, each word (an Indic word
  with the space after it); elsewhere, each cluster of more than one glyph or whose glyphs do not spell
  its characters. Glyphs are drawn left to right, so text extractors that read by position (poppler,
  PDFium) put a right-to-left line back into logical order themselves; poppler lays the characters of
  one /ActualText out left to right before it does, so a right-to-left span holds its characters in
  visual order (a lam-alef ligature "لا" as "ال"), which comes out logical. A span per word, rather than
  per cluster, keeps poppler from splitting a word at the gaps that positioned marks leave;
- maps, in right-to-left clusters of as many glyphs as characters (a letter and its vowel marks), each
  glyph to its own character in ToUnicode;
- records the logical text of every text box that holds right-to-left text; :mod:`pdf_tags` puts it
  as /ActualText on the box's structure element, which is what readers that follow the structure tree
  (screen readers) read, in logical order;

and draws the text of page-margin boxes (running header and footer) as ``/Artifact`` content of type
/Pagination, outside the structure tree, instead of tagged content that no element reaches.

It reaches into WeasyPrint's internals, so it is tied to one WeasyPrint version: :func:`install` refuses
any other version, and refuses when the code it replaces or wraps has changed (tests/render/test_pdf_text.py
fails then as well). To upgrade WeasyPrint: diff its ``draw/text.py``, ``draw/__init__.py``,
``pdf/stream.py``, ``pdf/tags.py`` and ``pdf/anchors.py`` against the pinned version, port the changes
into the copy in :mod:`pdf_draw` (WeasyPrint's BSD licence applies to it) and into :mod:`pdf_tags`, update
the digests in :data:`_PINNED` and ``pdf_tags._PINNED``, and run tests/render/.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

from pipeline.errors import PipelineError
from pipeline.render import pdf_tags

log = logging.getLogger(__name__)

#: The WeasyPrint version this module was written against.
WEASYPRINT_VERSION = "70.0"

#: sha256 of the source of each WeasyPrint function this module replaces or wraps, in the pinned version.
_PINNED = {
    "weasyprint.draw.text.draw_first_line": "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b",
    "weasyprint.draw.draw_stacking_context": "c5811b178bdff82e05603aa8b5abf73d04bc8fb9cb2e04bfaedbea1edef8311e",
    "weasyprint.pdf.stream.Stream.marked": "3fa3acacbbf66422e7b0de4346b6eaf638657280a0f62c73172e3c445b888692",
}

#: Key, in WeasyPrint's record of a marked text box, of the box's logical text (read by pdf_tags).
LOGICAL_TEXT = "pipeline_logical_text"

_state = threading.local()
_installed = False
_lock = threading.Lock()


class WeasyPrintVersionError(PipelineError):
    """The installed WeasyPrint is not the version the text layer was written for."""


def _source_digest(obj: Any) -> str:
    return hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()


def pinned_objects() -> dict[str, Any]:
    """The WeasyPrint functions this module replaces or wraps, by dotted name."""
    import weasyprint.draw
    import weasyprint.draw.text
    import weasyprint.pdf.stream

    return {
        "weasyprint.draw.text.draw_first_line": _ORIGINAL.get("draw_first_line", weasyprint.draw.text.draw_first_line),
        "weasyprint.draw.draw_stacking_context": _ORIGINAL.get("draw_stacking_context",
                                                               weasyprint.draw.draw_stacking_context),
        "weasyprint.pdf.stream.Stream.marked": _ORIGINAL.get("marked", weasyprint.pdf.stream.Stream.marked),
    }


def mismatches() -> list[str]:
    """Why the installed WeasyPrint is not the one this module fits (empty when it is)."""
    import weasyprint

    problems = []
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        problems.append(f"WeasyPrint {weasyprint.__version__} is installed; the handout text layer "
                        f"(pipeline/render/pdf_text.py) was written for WeasyPrint {WEASYPRINT_VERSION}")
    pinned = {**_PINNED, **pdf_tags._PINNED}
    for name, obj in {**pinned_objects(), **pdf_tags.pinned_objects()}.items():
        digest = _source_digest(obj)
        if digest != pinned[name]:
            problems.append(f"{name} is not the code the handout text layer was written for (sha256 {digest})")
    return problems


_ORIGINAL: dict[str, Any] = {}


def install() -> None:
    """Put the text layer into WeasyPrint (once per process); WeasyPrintVersionError on another version."""
    global _installed
    with _lock:
        if _installed:
            return
        problems = mismatches()
        if problems:
            raise WeasyPrintVersionError(
                "; ".join(problems) + f". Install the pinned version (pip install weasyprint=={WEASYPRINT_VERSION}), "
                "or port the text layer to this one as the docstring of pipeline/render/pdf_text.py says.")
        import weasyprint.draw
        import weasyprint.draw.text
        import weasyprint.pdf.stream

        from pipeline.render import pdf_draw  # here, not at the top: pdf_draw imports this module's helpers

        _ORIGINAL["draw_first_line"] = weasyprint.draw.text.draw_first_line
        _ORIGINAL["draw_stacking_context"] = weasyprint.draw.draw_stacking_context
        _ORIGINAL["marked"] = weasyprint.pdf.stream.Stream.marked
        weasyprint.draw.text.draw_first_line = pdf_draw.draw_first_line
        weasyprint.draw.draw_stacking_context = _draw_stacking_context
        weasyprint.pdf.stream.Stream.marked = _marked
        pdf_tags.install()
        _installed = True
        log.debug("handout text layer installed into WeasyPrint %s", WEASYPRINT_VERSION)


# -- running heads: margin boxes are pagination artifacts


def in_margin() -> bool:
    """True while WeasyPrint draws a page-margin box (running header or footer) in this thread."""
    return getattr(_state, "margin", 0) > 0


def _draw_stacking_context(stream: Any, stacking_context: Any) -> None:
    from weasyprint.formatting_structure import boxes

    margin = isinstance(stacking_context.box, boxes.MarginBox)
    if margin:
        _state.margin = getattr(_state, "margin", 0) + 1
    try:
        if margin and stream._tags is not None:
            with _artifact(stream):
                _ORIGINAL["draw_stacking_context"](stream, stacking_context)
        else:
            _ORIGINAL["draw_stacking_context"](stream, stacking_context)
    finally:
        if margin:
            _state.margin -= 1


@contextmanager
def _artifact(stream: Any) -> Iterator[None]:
    import pydyf

    stream.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination"}))
    try:
        yield
    finally:
        stream.end_marked_content()


@contextmanager
def _marked(self: Any, box: Any, tag: str) -> Iterator[None]:
    """Stream.marked, except inside a margin box: there the content is already an artifact, with no MCID."""
    if in_margin():
        yield
        return
    with _ORIGINAL["marked"](self, box, tag):
        yield


# -- the text


class PdfString(pydyf.String):
    """A PDF text string that is always well encoded (UTF-16BE with a byte order mark unless ASCII)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    @property
    def data(self) -> bytes:
        if self.text.isascii() and self.text.isprintable():
            return b"(" + self.text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(
                b")", b"\\)") + b")"
        return b"<feff" + self.text.encode("utf-16-be").hex().encode("ascii") + b">"


def glyph_clusters(starts: list[int], length: int, rtl: bool) -> list[tuple[int, int, int, int]]:
    """Glyph clusters of a run as (first glyph, end glyph, first byte, end byte), in drawing order.

    ``starts`` are Pango's log_clusters: the byte offset, within the run, of each glyph's cluster.
    """
    groups: list[tuple[int, int, int]] = []
    for i, start in enumerate(starts):
        if groups and groups[-1][2] == start:
            groups[-1] = (groups[-1][0], i + 1, start)
        else:
            groups.append((i, i + 1, start))
    result = []
    for k, (first, end, start) in enumerate(groups):
        if rtl:
            stop = length if k == 0 else groups[k - 1][2]
        else:
            stop = length if k == len(groups) - 1 else groups[k + 1][2]
        result.append((first, end, start, stop))
    return result


def record_logical_text(stream: Any, textbox: Any) -> None:
    """Remember the logical text of a text box that holds right-to-left text, for its structure element."""
    if stream._tags is not None and textbox in stream._tags:
        stream._tags[textbox][LOGICAL_TEXT] = textbox.text


def _spells(to_unicode: dict[int, str], glyph_ids: list[int], text: str) -> bool:
    """True when the ToUnicode entries of these glyphs, in drawing order, spell ``text``."""
    return "".join(to_unicode.get(glyph_id, "") for glyph_id in glyph_ids) == text


# Scripts whose shaping reorders, merges and positions glyphs (Brahmic scripts of South and Southeast Asia).
_COMPLEX = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def spans(texts: list[str], glyphs: list[list[int]], to_unicode: dict[int, str],
          rtl: bool) -> tuple[list[str | None], list[bool]]:
    """Where the /ActualText spans of one shaped run open (with their text) and close, cluster by cluster.

    ``texts`` and ``glyphs`` are the run's clusters in drawing order (left to right). A right-to-left run,
    and a run in a script whose shaping reorders glyphs, gets one span per word: poppler reads the
    glyphs of a word by their boxes, and the gaps that positioned marks leave between them would split
    the word. Any other run gets a span for each cluster whose glyphs do not spell its characters one
    to one. A right-to-left span holds its text in visual order (see the module docstring).
    """
    count = len(texts)
    opens: list[str | None] = [None] * count
    closes = [False] * count
    if rtl or any(_COMPLEX.search(text) for text in texts):
        def in_word(text: str) -> bool:
            # Right to left, punctuation stays out of words: poppler places such neutral characters
            # by itself, and a colon inside a span lands on the wrong side of the word.
            if not text.strip() or any(c.isspace() for c in text):
                return False
            return not rtl or any(unicodedata.category(c)[0] in "LMN" for c in text)

        k = 0
        while k < count:
            if not in_word(texts[k]):
                k += 1
                continue
            start = k
            while k + 1 < count and in_word(texts[k + 1]):
                k += 1
            if not rtl and k + 1 < count and texts[k + 1].isspace():
                k += 1  # the space after a word goes with it: PDFium drops a space between two spans
            drawn = "".join(texts[start:k + 1]) if not rtl else "".join(reversed(texts[start:k + 1]))[::-1]
            opens[start], closes[k] = drawn, True
            k += 1
        return opens, closes
    for k, (text, ids) in enumerate(zip(texts, glyphs, strict=True)):
        if text.strip() and (len(ids) > 1 or not _spells(to_unicode, ids, text)):
            opens[k], closes[k] = text, True
    return opens, closes
