"""The CommonMark specification's examples as content: round trip through catalog and page, or a refusal.

Each example becomes the body of a document. The reader refuses it (with the codes of its findings) or
accepts it; an accepted one is rendered as a page in English and, through a catalog written and read
back whose every translation is its English text (an identity translation), in French, and through a
pseudo-translation (en_XA). The identity and pseudo translations must pass the checks of `pipeline
check` (placeholders, markup, safety); the English and identity pages' blocks must equal the
specification's HTML after a normalisation that ignores only what the pipeline adds on purpose (heading
ids, figures around images, the media folder, table wrappers), and the pseudo page must have the same
elements and no English word left outside code and addresses.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import polib

from pipeline.catalogs.files import read_catalog, write_catalog
from pipeline.catalogs.pseudo import pseudo_text
from pipeline.catalogs.translations import Translations, translations_from_catalog
from pipeline.checks.translation import check_markup, check_placeholders
from pipeline.checks.unsafe import check_unsafe
from pipeline.content.model import Document
from pipeline.content.reader import read_document
from pipeline.errors import ContentError
from pipeline.locales import locale_info

from .helpers import FRONT, page_html

SPEC = Path(__file__).resolve().parents[1] / "data" / "commonmark" / "spec.json"


@dataclass(frozen=True)
class Example:
    number: int
    section: str
    markdown: str
    html: str


@dataclass(frozen=True)
class Outcome:
    example: Example
    kind: str  # same, refused, changed, crashed, check-error (an identity or pseudo translation fails the checks)
    codes: tuple[str, ...] = ()  # the refusal's finding codes
    detail: str = ""


def examples() -> list[Example]:
    data = json.loads(SPEC.read_text(encoding="utf-8"))
    return [Example(e["example"], e["section"], e["markdown"], e["html"]) for e in data]


_BLOCK = frozenset("p li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table thead tbody tr th td hr div figure".split())
_VOID = frozenset({"img", "br", "hr", "input"})


class _Normaliser(HTMLParser):
    """HTML → a canonical string: whitespace between blocks dropped, runs of spaces in text collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = []
        for name, value in sorted(attrs):
            if name == "id" and re.fullmatch(r"h[1-6]", tag):
                continue  # the pipeline gives every heading an anchor
            if name == "title" and value:
                value = " ".join(value.split())  # a tooltip's line breaks are not shown; segments join them
            if tag == "img" and name == "src" and value:
                value = value.removeprefix("../media/")
            if tag == "div" and name in ("class", "role", "tabindex", "aria-labelledby", "aria-label"):
                continue
            kept.append(f' {name}="{html.escape(value or "", quote=True)}"')
        if tag == "figure":
            tag = "p"  # a standalone image is a figure on the page, a paragraph in the specification
        if tag == "div":
            return  # the scrolling wrapper of tables
        if tag == "pre":
            self.pre += 1
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag == "div":
            return
        if tag == "figure":
            tag = "p"
        if tag == "pre":
            self.pre -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.out.append(html.escape(data, quote=False))
        else:
            self.out.append(html.escape(re.sub(r"\s+", " ", data), quote=False))


def normalise(markup: str) -> str:
    parser = _Normaliser()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.out)
    block = "|".join(sorted(_BLOCK))
    # no whitespace next to block tags (outside pre, where the specification's output has none to drop)
    text = re.sub(rf"\s*(</?(?:{block})(?: [^>]*)?>)\s*", r"\1", text)
    return text.strip()


def blocks_of(page: str) -> str:
    """The document's blocks on a page: after the summary (and notices), before "About this information"."""
    main = page.split("<main", 1)[1].split('<section class="about"', 1)[0]
    after = main.split('class="summary"', 1)[1].split("</p>", 1)[1]
    after = re.sub(r'<p class="notice[^"]*">.*?</p>', "", after, flags=re.S)
    after = re.sub(r'<aside class="notice.*?</aside>', "", after, flags=re.S)
    after = re.sub(r'<div class="notice"[^>]*>.*?</div>', "", after, flags=re.S)
    return after


def identity(document: Document, folder: Path, code: str = "fr",
             translate: Callable[[str], str] = lambda s: s) -> Translations:
    """A catalog whose every translation is ``translate(English)``, written to disk and read back."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": code,
                   "X-Review-Status": "reviewed"}  # no review notice above the blocks
    seen: set[tuple[str | None, str]] = set()
    for segment in document.segments():
        if segment.key in seen:
            continue
        seen.add(segment.key)
        po.append(polib.POEntry(msgctxt=segment.context, msgid=segment.msgid, msgstr=translate(segment.msgid),
                                flags=list(segment.flags)))
    path = folder / "identity.po"
    write_catalog(path, po)  # the project's own writer and strict reader, as update and build use them
    return translations_from_catalog(read_catalog(path, "identity.po"), locale_info(code))


def check_errors(source: str, target: str, links: tuple[str, ...]) -> list[str]:
    """The error codes `pipeline check` gives a translation for its placeholders, markup and safety."""
    found: list[str] = []

    def add(severity: str, code: str, message: str) -> None:
        if severity == "error":
            found.append(code)
    check_placeholders(source, target, add)
    check_markup(source, target, links, {}, add)
    check_unsafe(source, target, links, add)
    return found


def run_example(example: Example, root: Path) -> Outcome:
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    path = content / "example.md"
    path.write_text(FRONT + example.markdown, encoding="utf-8")
    try:
        document = read_document(path, root)
    except ContentError as exc:
        return Outcome(example, "refused", tuple(sorted({f.code for f in exc.findings})))
    except Exception as exc:  # noqa: BLE001 - a crash is an outcome the test reports
        return Outcome(example, "crashed", detail=f"{type(exc).__name__}: {exc}")
    for segment in document.segments():
        for target in (segment.msgid, pseudo_text(segment.msgid)):
            errors = check_errors(segment.msgid, target, segment.links)
            if errors:
                return Outcome(example, "check-error", detail=f"{target!r}: {errors}")
    want = normalise(example.html)
    try:
        english = normalise(blocks_of(page_html(document)))
        translated = normalise(blocks_of(page_html(document, identity(document, root))))
    except Exception as exc:  # noqa: BLE001
        return Outcome(example, "crashed", detail=f"{type(exc).__name__}: {exc}")
    if english != want:
        return Outcome(example, "changed", detail=f"want {want!r}\ngot  {english!r}")
    if translated != want:
        return Outcome(example, "changed", detail=f"identity translation: want {want!r}\ngot  {translated!r}")
    try:
        pseudo = normalise(blocks_of(page_html(document, identity(document, root, "en_XA", pseudo_text))))
    except Exception as exc:  # noqa: BLE001
        return Outcome(example, "crashed", detail=f"pseudo-translation: {type(exc).__name__}: {exc}")
    if markup_of(pseudo) != markup_of(want):
        return Outcome(example, "changed", detail=f"pseudo-translation: want {markup_of(want)!r}\n"
                                                  f"got  {markup_of(pseudo)!r}")
    left = english_left(pseudo)
    if left:
        return Outcome(example, "changed", detail=f"pseudo-translation leaves English: {left}")
    return Outcome(example, "same")


_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]{2,}(?![^\W\d_])")


def english_left(normalised: str) -> list[str]:
    """Words of plain ASCII letters in a pseudo-translated page's text, outside code and addresses."""
    text = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", " ", normalised, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return _WORD.findall(re.sub(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w.-]+", " ", text))


def markup_of(normalised: str) -> str:
    """The elements of normalised HTML without their text, and the tooltips and alt texts left out."""
    tags = re.findall(r"<[^>]+>", normalised)
    return "".join(re.sub(r' (?:title|alt)="[^"]*"', "", tag) for tag in tags)


def run_all() -> Iterator[Outcome]:
    with tempfile.TemporaryDirectory() as folder:
        for example in examples():
            yield run_example(example, Path(folder))


if __name__ == "__main__":
    import sys
    from collections import Counter
    outcomes = list(run_all())
    print(Counter(o.kind for o in outcomes))
    print(Counter(c for o in outcomes for c in o.codes))
    for o in outcomes:
        if o.kind in sys.argv[1:]:
            print(f"--- {o.example.number} ({o.example.section}) {o.kind} {o.codes}")
            print(f"{o.example.markdown!r}\n{o.detail}")
