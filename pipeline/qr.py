"""QR codes as inline SVG markup (no data: URL, nothing for a fetcher to load)."""

from __future__ import annotations

from markupsafe import Markup, escape


def qr_svg(url: str, title: str) -> Markup:
    """An SVG QR code for ``url``; ``title`` becomes its <title> (the PDF's /Alt) and its aria-label.

    Error correction level M survives a crease or a smudge on paper; the quiet zone is the standard four
    modules. The size is left to CSS (``viewBox`` only).
    """
    import segno

    if isinstance(title, Markup):
        title = title.striptags()
    code = segno.make(str(url), error="m", micro=False, boost_error=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, title=str(title), svgclass="qr-code",
                          lineclass="qr-modules")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return Markup(svg)
