"""CSS and markup for handouts: running heads, page counters in the locale's digits, bidi isolation, addresses.

Pure functions of their arguments, used by :mod:`pipeline.render.handout` while it builds the HTML WeasyPrint
lays out. WeasyPrint has no ``unicode-bidi``, so profile values are isolated with Unicode's bidi
isolates (which Pango honours) as well as ``<bdi>`` elements.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Mapping

from markupsafe import Markup

from pipeline.config.profile import Profile
from pipeline.content.inline import LTR_VALUES, bdi_element, unbroken
from pipeline.locales import LocaleInfo
from pipeline.render.fontfiles import FontStack

#: CLDR numbering system → CSS counter style (WeasyPrint's UA stylesheet defines these).
COUNTER_STYLES = {
    "latn": "decimal", "arab": "arabic-indic", "arabext": "persian", "beng": "bengali", "deva": "devanagari",
    "gujr": "gujarati", "guru": "gurmukhi", "khmr": "khmer", "knda": "kannada", "laoo": "lao",
    "mlym": "malayalam", "mong": "mongolian", "mymr": "myanmar", "orya": "oriya", "tamldec": "tamil",
    "telu": "telugu", "thai": "thai", "tibt": "tibetan",
}

# Placeholders for the page counters in the translated "Page %(page)s of %(pages)s" (private-use characters).
PAGE_MARK = "\ue000"
PAGES_MARK = "\ue001"
# Bidi isolates: WeasyPrint has no unicode-bidi, but Pango honours these characters, so a phone number
# inside Arabic text stays "+1 555 0100 2000" and does not turn into "2000 0100 555 1+".
# Which values are left to right, and the phone's no-break spaces, are in pipeline.content.inline.
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def counter_style(numbering_system: str) -> str:
    """The CSS counter style that writes numbers in a CLDR numbering system (``decimal`` when unknown)."""
    return COUNTER_STYLES.get(numbering_system, "decimal")


def css_string(text: str) -> Markup:
    """A CSS string literal holding ``text``; safe inside a <style> element."""
    out = ['"']
    for char in str(text):
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\A ")
        elif char in "<>&" or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):X} ")
        else:
            out.append(char)
    out.append('"')
    return Markup("".join(out))


def counter_content(label: str, style: str) -> Markup:
    """``content`` for a translated "Page %(page)s of %(pages)s" whose placeholders were filled with marks."""
    text = label.unescape() if isinstance(label, Markup) else str(label)
    if text.count(PAGE_MARK) != 1 or text.count(PAGES_MARK) != 1:
        text = f"Page {PAGE_MARK} of {PAGES_MARK}"
    parts: list[str] = []
    for piece in re.split(f"([{PAGE_MARK}{PAGES_MARK}])", text):
        if piece == PAGE_MARK:
            parts.append(f"counter(page, {style})")
        elif piece == PAGES_MARK:
            parts.append(f"counter(pages, {style})")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))


def isolated(values: Mapping[str, str]) -> dict[str, str]:
    """Profile values wrapped in bidi isolates (left-to-right for numbers and addresses).

    A phone number gets no-break spaces as well: split over two lines of right-to-left text its halves
    would change places, and a number read across a line break is easy to misdial.
    """
    return {key: (LRI if key in LTR_VALUES else FSI) + unbroken(key, value) + PDI for key, value in values.items()}


_ISOLATED = re.compile(f"([{LRI}{FSI}])([^{LRI}{FSI}{PDI}]*){PDI}")


def bdi(rendered: Markup) -> Markup:
    """Put each isolated profile value of rendered HTML into a <bdi> as well (for HTML consumers)."""
    return Markup(_ISOLATED.sub(lambda match: bdi_element(match.group(0), match.group(1) == LRI), str(rendered)))


def url_html(url: str) -> Markup:
    """A web address that breaks only after a slash (never at a hyphen, which reads as part of it)."""
    url = str(url)
    head = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*/?", url)
    start = head.end() if head else 0
    parts = ([url[:start]] if start else []) + [p for p in re.split(r"(?<=/)(?=[^/])", url[start:]) if p]
    spans = [Markup('<span class="{}">{}</span>').format("nobr" if len(part) <= 40 else "anywhere", part)
             for part in parts]
    return Markup('<bdi dir="ltr" class="url">') + Markup("<wbr>").join(spans) + Markup("</bdi>")


_LINK = re.compile(r'(<a href="(https?://[^"]*)">)(.*?)(</a>)', re.S)


def print_links(rendered: Markup) -> Markup:
    """Add each web link's address after its text: paper cannot be clicked."""
    def repl(match: re.Match[str]) -> str:
        href = html_module.unescape(match.group(2))
        address = f'<span class="link-address">({url_html(href)})</span>'
        return f"{match.group(1)}{match.group(3)} {address}{match.group(4)}"
    return Markup(_LINK.sub(repl, str(rendered)))


def _label(markup: str) -> str:
    """A formatted chrome string as plain text for CSS; English fallback isolated left-to-right."""
    if not isinstance(markup, Markup):
        return str(markup)
    text = _text(markup)
    return LRI + text + PDI if str(markup).startswith("<span lang=") else text


def _text(markup: Markup) -> str:
    """Markup → text (unlike Markup.striptags, no-break spaces stay)."""
    return html_module.unescape(re.sub(r"<[^>]*>", "", str(markup)))


def page_css(info: LocaleInfo, source: LocaleInfo, stack: FontStack, source_stack: FontStack, profile: Profile,
             title: str, page_label: str, phone_label: str, style: str) -> Markup:
    """The per-render CSS: paper size, running header and footer, font families, digits."""
    rtl = info.direction == "rtl"
    start, end = ("right", "left") if rtl else ("left", "right")
    families = ", ".join(f'"{a}"' for a in stack.aliases)
    # Text that fell back to English is set in the source locale's faces first, then the locale's.
    fallback = ", ".join(f'"{a}"' for a in dict.fromkeys(source_stack.aliases + stack.aliases))
    name = FSI + profile.name + PDI
    phone = _label(phone_label)
    title = str(title)
    box = (f"font-family: {families}; font-size: 18pt; line-height: 1.5; color: #000; "
           f"font-style: normal; direction: {info.direction}")
    css = f"""
@page {{
  size: {profile.paper};
  @top-{start} {{ content: {css_string(title)}; {box}; font-weight: 700; text-align: {start};
    vertical-align: bottom; width: 100%; padding-bottom: 6pt; border-bottom: 1.5pt solid #000; }}
  @bottom-{start} {{ content: {css_string(name + chr(10) + phone)}; {box}; white-space: pre-line;
    text-align: {start}; vertical-align: top; width: 70%; padding-top: 6pt; border-top: 1.5pt solid #000; }}
  @bottom-{end} {{ content: {counter_content(_label(page_label), style)}; {box}; font-weight: 700;
    text-align: {end}; vertical-align: top; white-space: nowrap; width: 30%; padding-top: 6pt;
    border-top: 1.5pt solid #000; }}
}}
@page :first {{
  @top-{start} {{ content: none; border-bottom: none; }}
}}
html {{ font-family: {families}; }}
:lang({source.tag}) {{ font-family: {fallback}; }}
:lang({info.tag}) {{ font-family: {families}; }}
ol {{ list-style-type: {style}; }}
"""
    return Markup(css)
