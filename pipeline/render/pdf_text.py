"""The handout's text layer in logical order: /ActualText for shaped clusters, running heads as artifacts.

WeasyPrint writes each glyph once with a ToUnicode entry taken from the first cluster it was seen in. That
is right for Latin, Cyrillic and CJK text, where glyphs and characters map one to one, but not for shaped
scripts: a Devanagari conjunct glyph maps to the word it first appeared in, a pre-base vowel sign (ि) maps
to nothing and is drawn before its consonant, and Arabic is stored in visual order with lam-alef
ligatures. Screen readers, search and copy and paste then get other words.

This module replaces WeasyPrint's ``draw_first_line`` with a copy that

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
into the copy below and into :mod:`pdf_tags`, update the digests in :data:`_PINNED` and
``pdf_tags._PINNED``, and run tests/render/. The module is longer than most because it holds that copy
(WeasyPrint's BSD licence applies to it).
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

        _ORIGINAL["draw_first_line"] = weasyprint.draw.text.draw_first_line
        _ORIGINAL["draw_stacking_context"] = weasyprint.draw.draw_stacking_context
        _ORIGINAL["marked"] = weasyprint.pdf.stream.Stream.marked
        weasyprint.draw.text.draw_first_line = draw_first_line
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


class _Text(pydyf.String):
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


def _clusters(starts: list[int], length: int, rtl: bool) -> list[tuple[int, int, int, int]]:
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


def _record_logical_text(stream: Any, textbox: Any) -> None:
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


def draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any,
                    matrix: Any) -> list[Any]:
    """WeasyPrint 70.0's ``draw_first_line``, with /ActualText spans (the changes are marked "ActualText")."""
    # The imports and the body below are WeasyPrint's (BSD licence), unchanged except where marked.
    from io import BytesIO
    from xml.etree import ElementTree

    import pydyf
    from PIL import Image
    from weasyprint.images import RasterImage, SVGImage
    from weasyprint.logger import LOGGER
    from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
    from weasyprint.text.fonts import get_hb_object_data
    from weasyprint.text.line_break import get_last_word_end

    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style['font_size'] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == 'ellipsis' or block_ellipsis != 'none':
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(
            textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == 'ellipsis':
            pango.pango_layout_set_ellipsize(
                textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == 'auto':
                ellipsis = '…'
            else:
                assert block_ellipsis[0] == 'string'
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style['hyphenate_character']):
                last_word_end = get_last_word_end(
                    new_text[:-len(textbox.style['hyphenate_character'])],
                    textbox.style['lang'])
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != 'none':
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[:-len(ellipsis)],
                textbox.style['lang'])
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ''
    x_advance = 0
    emojis = []
    run = first_line.runs[0]
    utf8_text = textbox.pango_layout.text.encode()  # ActualText: needed for every run

    def flush(string: str) -> str:  # ActualText: show the glyphs so far, start a new string
        if string.endswith('<'):
            string = string[:-1]
        elif string:
            string += '>'
        if string:
            stream.show_text(string)
        return '<'

    while run != ffi.NULL:
        # Get Pango objects.
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            # Add font file content and get font size.
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style['font_size']

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ''
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        string += '<'

        # ActualText: the run's clusters, and the ToUnicode entry of each glyph seen for the first time.
        # WeasyPrint's rule gives a cluster's text to its last glyph in logical order; a right-to-left
        # cluster with as many glyphs as characters (a letter and its vowel marks) maps glyph to character.
        offset = glyph_item.item.offset
        length = glyph_item.item.length
        rtl = bool(glyph_item.item.analysis.level % 2)
        run_clusters = _clusters([clusters[i] for i in range(num_glyphs)], length, rtl)
        for first, end, t1, t2 in run_clusters:
            cluster_text = utf8_text[offset+t1:offset+t2].decode()
            one_to_one = rtl and len(cluster_text) == end - first
            for i in range(first, end):
                glyph_id = glyphs_info[i].glyph
                if glyph_id == pango.PANGO_GLYPH_EMPTY or glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                    continue
                if glyph_id not in font.to_unicode:
                    if one_to_one:
                        font.to_unicode[glyph_id] = cluster_text[end - 1 - i]
                        continue
                    last = (i == first) if rtl else (i == end - 1)
                    font.to_unicode[glyph_id] = cluster_text if last else ''
        if rtl:
            _record_logical_text(stream, textbox)

        texts = [utf8_text[offset+t1:offset+t2].decode() for _, _, t1, t2 in run_clusters]
        glyph_lists = [[glyphs_info[i].glyph for i in range(first, end)] for first, end, _, _ in run_clusters]
        opens, closes = spans(texts, glyph_lists, font.to_unicode, rtl)

        for k, (first, end, _, _) in enumerate(run_clusters):
            opening = opens[k]
            if opening is not None:
                string = flush(string)
                stream.begin_marked_content('Span', pydyf.Dictionary({'ActualText': _Text(opening)}))
            for i in range(first, end):
                glyph_info = glyphs_info[i]
                glyph_id = glyph_info.glyph
                width = glyph_info.geometry.width

                # Display zero-width empty glyph.
                if glyph_id == pango.PANGO_GLYPH_EMPTY:
                    string += f'>{-width / font_size}<'
                    continue

                # Display .notdef and log warning for missing glyphs.
                if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                    codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
                    LOGGER.warning(
                        '.notdef glyph rendered for Unicode string unsupported by fonts: '
                        '"%s" (U+%04X)', chr(codepoint), codepoint)
                    glyph_id = font.get_unused_glyph_id(codepoint)
                    font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                    if 0 not in font.widths:
                        font.widths[0] = font.widths[glyph_id]
                    if glyph_id not in font.to_unicode:  # ActualText: mapped above for real glyphs
                        font.to_unicode[glyph_id] = chr(codepoint)

                # Set horizontal and vertical offsets.
                x_offset = glyph_info.geometry.x_offset / font_size
                rise = glyph_info.geometry.y_offset / 1000
                if rise:
                    if string[-1] == '<':
                        string = string[:-1]
                    else:
                        string += '>'
                    if string:
                        stream.show_text(string)
                    stream.set_text_rise(-rise)
                    string = ''
                    if x_offset:
                        string = f'{-x_offset}'
                    string += f'<{glyph_id:02x}>' if font.bitmap else f'<{glyph_id:04x}>'
                    stream.show_text(string)
                    stream.set_text_rise(0)
                    string = '<'
                else:
                    if x_offset:
                        string += f'>{-x_offset}<'
                    string += f'{glyph_id:02x}' if font.bitmap else f'{glyph_id:04x}'

                # Get glyph logical widths.
                if glyph_id in font.widths:
                    logical_width = font.widths[glyph_id]
                else:
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                    logical_width = font.widths[glyph_id] = round(
                        stream.logical_rect.width * 1000 * FROM_UNITS / font_size)

                # Set kerning, word spacing, letter spacing.
                kerning = logical_width + x_offset - width * 1000 * FROM_UNITS / font_size
                if kerning:
                    string += f'>{int(kerning)}<'

                # Create list of emojis.
                if font.svg:
                    svg_data = get_hb_object_data(font.hb_face, 'svg', glyph_id)
                    if svg_data:
                        tree = ElementTree.fromstring(svg_data)
                        if tree.get('id') != f'glyph{glyph_id}':
                            defs = ElementTree.Element('defs')
                            for child in list(tree):
                                defs.append(child)
                                tree.remove(child)
                            tree.append(defs)
                            ElementTree.SubElement(
                                tree, 'use', attrib={'href': f'#glyph{glyph_id}'})
                        if 'viewBox' not in tree.attrib:
                            tree.attrib['viewBox'] = f'0 0 {font.upem} {font.upem}'
                        image = SVGImage(tree, None, None, None)
                        a = d = 1
                        emojis.append([image, font, a, d, x_advance, 0])
                elif font.png:
                    png_data = get_hb_object_data(font.hb_font, 'png', glyph_id)
                    if png_data:
                        pillow_image = Image.open(BytesIO(png_data))
                        image_id = f'{font.hash}{glyph_id}'
                        image = RasterImage(pillow_image, image_id, png_data)
                        d = logical_width / 1000
                        a = pillow_image.width / pillow_image.height * d
                        pango.pango_font_get_glyph_extents(
                            pango_font, glyph_id, stream.ink_rect,
                            stream.logical_rect)
                        f = -stream.logical_rect.y
                        f = f * FROM_UNITS / font_size - font_size
                        emojis.append([image, font, a, d, x_advance, f])
                elif font.colr:
                    svg_data = get_hb_object_data(font.hb_font, 'colr', glyph_id)
                    if svg_data:
                        tree = ElementTree.fromstring(svg_data)
                        image = SVGImage(tree, None, None, None)
                        a = d = 1
                        e = x_advance - kerning
                        emojis.append([image, font, a, d, e, -textbox.baseline])

                x_advance += (logical_width + x_offset - kerning) / 1000
            if closes[k]:
                string = flush(string)
                stream.end_marked_content()

        # Close the last glyphs list, remove if empty.
        if string[-1] == '<':
            string = string[:-1]
        else:
            string += '>'

    # Draw text.
    stream.show_text(string)

    return emojis
