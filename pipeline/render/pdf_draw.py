"""WeasyPrint 70.0's ``draw_first_line``, copied with /ActualText spans; installed by :mod:`pipeline.render.pdf_text`.

The body is WeasyPrint's (BSD licence), unchanged except where a comment says "ActualText". It is tied to
the pinned version: :func:`pipeline.render.pdf_text.install` checks the digest of the original before it
puts this copy in its place; to upgrade, see the docstring of :mod:`pipeline.render.pdf_text`.
"""

from __future__ import annotations

from typing import Any

from pipeline.render.pdf_text import PdfString, glyph_clusters, record_logical_text, spans


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
        run_clusters = glyph_clusters([clusters[i] for i in range(num_glyphs)], length, rtl)
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
            record_logical_text(stream, textbox)

        texts = [utf8_text[offset+t1:offset+t2].decode() for _, _, t1, t2 in run_clusters]
        glyph_lists = [[glyphs_info[i].glyph for i in range(first, end)] for first, end, _, _ in run_clusters]
        opens, closes = spans(texts, glyph_lists, font.to_unicode, rtl)

        for k, (first, end, _, _) in enumerate(run_clusters):
            opening = opens[k]
            if opening is not None:
                string = flush(string)
                stream.begin_marked_content('Span', pydyf.Dictionary({'ActualText': PdfString(opening)}))
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
