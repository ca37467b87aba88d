"""Words of a handout page against the words a text extractor gets from its PDF (for the text-layer tests)."""

from __future__ import annotations

import html.parser
import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# Bidi controls and marks that extractors add or drop; soft hyphen, zero-width space, joiners and no-break
# space count as nothing or as a space.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"
                               "\u200b\ufeff"), None)
_PUNCTUATION = "".join(map(chr, range(0x2000, 0x2070))) + "()[]{}<>.,;:!?\"'«»“”‘’،؛؟।॥|/-–—…*•·（）：；，。、！？「」"
_SPACES = re.compile(r"[\s\u00a0\u202f/]+")  # a web address broken over two lines is two words
# No word mixes right-to-left letters with Latin letters or digits: poppler drops the space at a change of
# direction ("ALL ومتى" → "ALLومتى"), so a word is cut there, in the page's text and the PDF's alike.
_DIRECTION_CHANGE = re.compile(r"(?<=[\u0590-\u08ff])(?=[A-Za-z0-9+])|(?<=[A-Za-z0-9])(?=[\u0590-\u08ff])")
# Chinese and Japanese are written without spaces: each ideograph counts as a word.
_IDEOGRAPHS = re.compile(r"([\u3400-\u9fff\uf900-\ufaff])")


def words(text: str) -> list[str]:
    """The words of a text: NFC, split at spaces, punctuation stripped at both ends, no empty words."""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    result = []
    text = _DIRECTION_CHANGE.sub(" ", text)
    for token in (piece for chunk in _SPACES.split(text) for piece in _IDEOGRAPHS.split(chunk)):
        token = token.strip(_PUNCTUATION)
        if token and not all(unicodedata.category(c)[0] in "PSMZ" for c in token):
            result.append(token)
    return result


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "title", "style"):
            self.skip += 1
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "div", "br", "a", "span"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "title", "style"):
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML page (without its stylesheet)."""
    parser = _Text()
    parser.feed(markup)
    return "".join(parser.parts)


def css_strings(markup: str) -> str:
    """The strings of the page's stylesheets: the running header and footer."""
    strings = re.findall(r'"((?:[^"\\]|\\.)*)"', " ".join(re.findall(r"<style[^>]*>(.*?)</style>", markup, re.S)))
    text = " ".join(strings)
    return re.sub(r"\\([0-9A-Fa-f]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), text)


def pdftotext(path: Path) -> str:
    """Poppler's pdftotext, in its default (physical layout off, reading order) mode."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdfium_text(path: Path) -> str:
    """PDFium's text (it honours /ActualText), page after page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@dataclass(frozen=True)
class Score:
    """How many of the extracted words are words of the page, and how many of the page's words were found."""

    extracted: int
    known: int
    page: int
    found: int
    strangers: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.known / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.page if self.page else 0.0


def score(page_text: str, extracted: str, extra_words: set[str] = frozenset()) -> Score:  # type: ignore[assignment]
    page = words(page_text)
    vocabulary = set(page) | set(extra_words)
    got = words(extracted)
    strangers = [w for w in got if w not in vocabulary]
    body = Counter(page)
    got_count = Counter(got)
    found = sum(min(n, got_count[w]) for w, n in body.items())
    return Score(len(got), len(got) - len(strangers), sum(body.values()), found,
                 tuple(Counter(strangers).most_common(15)))  # type: ignore[arg-type]
