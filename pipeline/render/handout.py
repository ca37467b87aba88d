"""Large-print PDF handouts: one document in one locale → a tagged PDF (PDF/UA-1) for a clinic to print.

The handout follows large-print guidance (APH, UKAAF, ACB): 18 pt body text, bold headings of 20 pt and
more, line height 1.5, margins of at least one inch, one column, text aligned to the start and never
justified or hyphenated, no italics, underlines or capitals for emphasis, black on white. The page size
comes from the clinic profile, never from the language. Each page carries the clinic's name and phone number
and "Page n of N" in the locale's digits, and each page after the first (which opens with the title) the
document title.

Before WeasyPrint draws anything, every segment and every string of the page chrome is checked against the
locale's fonts (:func:`pipeline.render.fonts.coverage_findings`); while it draws, a ".notdef" warning or a font
that is not one of the locale's faces (fontconfig's fallback) stops the render as well. The CSS of the
running heads and page counters and the bidi isolation of profile values are in :mod:`pipeline.render.print_css`.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date
from markupsafe import Markup, escape

from pipeline.catalogs.translations import Translations, localize
from pipeline.config.profile import Profile
from pipeline.content.model import Block, Callout, Document, Heading, Image, iter_images
from pipeline.errors import Finding, RenderError, error
from pipeline.locales import LocaleInfo
from pipeline.orthography import digits, localize_digits
from pipeline.render import pdf_text
from pipeline.render.chrome import Chrome, escaped
from pipeline.render.fetcher import AssetFetcher, Refusal
from pipeline.render.fontfiles import Face, FontStack, face_file
from pipeline.render.fonts import coverage_findings, font_stack
from pipeline.render.pages import signoff_of, template_environment
from pipeline.render.print_css import (
    FSI,
    PAGE_MARK,
    PAGES_MARK,
    PDI,
    bdi,
    counter_style,
    isolated,
    page_css,
    print_links,
    url_html,
)
from pipeline.render.qr import qr_svg

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STYLESHEET = STATIC_DIR / "handout.css"
TEMPLATE = "handout.html"
TEMPLATE_PATH = "pipeline/templates/handout.html"

# WeasyPrint messages that mean the handout is wrong, not just a style it ignored.
_FATAL = re.compile(r"\.notdef glyph|cannot be loaded|no required alt|Missing required \"lang\"|"
                    r"Failed to load|Unable to subset|Too many glyphs missing", re.I)


def urgent_first(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """The urgent callouts an author put before a document's first heading, and the other blocks in order.

    The handout prints those callouts right under the title, so that they start page 1 and fit on it whole
    in every locale (a callout is never split across pages); the web page keeps the author's order.
    """
    first_heading = next((i for i, block in enumerate(blocks) if isinstance(block, Heading)), len(blocks))
    lead = {i for i, block in enumerate(blocks[:first_heading]) if isinstance(block, Callout) and block.urgent}
    return (tuple(blocks[i] for i in sorted(lead)),
            tuple(block for i, block in enumerate(blocks) if i not in lead))


@dataclass(frozen=True)
class Handout:
    """A rendered handout."""

    pdf: bytes
    pages: int
    refusals: tuple[Refusal, ...] = ()  # resources the fetcher refused during this render
    seconds: float = 0.0  # time WeasyPrint itself spent laying out and writing the PDF


def _english(message: str, **variables: Any) -> Markup:
    """gettext for the English half of the review notice: the msgid itself, formatted like Jinja's."""
    return escaped(message, variables)


@functools.cache
def _template_lines() -> dict[str, int]:
    """The line of each message in templates/handout.html, for findings about the chrome."""
    from pipeline.catalogs.extract import template_messages
    return {m.msgid: m.line for m in template_messages() if m.path == TEMPLATE_PATH}


@contextmanager
def _capture_weasyprint() -> Iterator[list[logging.LogRecord]]:
    """WeasyPrint's warnings and errors emitted by this thread while the block runs."""
    records: list[logging.LogRecord] = []
    thread = threading.get_ident()

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == thread:
                records.append(record)

    logger = logging.getLogger("weasyprint")
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)  # the .notdef warning must reach us
    handler = Handler(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


@dataclass(frozen=True)
class _Prepared:
    html: str
    stack: FontStack
    findings: tuple[Finding, ...]


class HandoutRenderer:
    """Renders handouts; holds what must live across documents: fonts, the parsed stylesheet, the fetcher.

    Make one per worker: WeasyPrint's font configuration is not meant to be shared between threads.
    """

    def __init__(self, cache_dir: Path, media_dir: Path | None) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        pdf_text.install()
        self.cache_dir = Path(cache_dir)
        self.font_dir = self.cache_dir / "fonts"
        self.font_dir.mkdir(parents=True, exist_ok=True)
        self.media_dir = Path(media_dir).resolve() if media_dir is not None else None
        folders = [self.font_dir, STATIC_DIR] + ([self.media_dir] if self.media_dir else [])
        self.fetcher = AssetFetcher(folders=folders)
        self.font_config = FontConfiguration()
        self._lock = threading.RLock()
        with _capture_weasyprint() as records:
            self._css = CSS(string=STYLESHEET.read_text(encoding="utf-8"), base_url=STATIC_DIR.as_uri() + "/",
                            url_fetcher=self.fetcher, font_config=self.font_config)
        for record in records:
            log.warning("handout.css: %s", record.getMessage())
        self._font_css: dict[tuple[tuple[str, int, str, int], ...], Any] = {}

    # -- fonts

    def _faces_css(self, faces: tuple[Face, ...]) -> Any:
        """@font-face rules for these faces, parsed once (the fonts load into the FontConfiguration then)."""
        from weasyprint import CSS

        key = tuple(sorted({(f.alias, f.weight, str(f.path), f.index) for f in faces}))
        css = self._font_css.get(key)
        if css is not None:
            return css
        rules = []
        for face in faces:
            path = face_file(face, self.font_dir)
            self.fetcher.allow_file(path)
            rules.append(f'@font-face {{ font-family: "{face.alias}"; src: url("{path.resolve().as_uri()}"); '
                         f"font-weight: {face.weight}; font-style: normal; }}")
        with _capture_weasyprint() as records:
            css = CSS(string="\n".join(rules), url_fetcher=self.fetcher, font_config=self.font_config)
        problems = [r.getMessage() for r in records if _FATAL.search(r.getMessage())]
        if problems:
            raise RenderError([error(TEMPLATE_PATH, None, "font-load", f"cannot load a font: {p}")
                               for p in problems])
        self._font_css[key] = css
        return css

    # -- HTML

    def _image_src(self, image: Image) -> str | None:
        if self.media_dir is None:
            return None
        path = (self.media_dir / image.src).resolve()
        if not path.is_relative_to(self.media_dir) or not path.is_file():
            return None
        return path.as_uri()

    def _prepare(self, document: Document, translations: Translations, source: LocaleInfo, profile: Profile,
                 page_url: str, updated: str = "") -> _Prepared:
        info = translations.locale
        stack = font_stack(info.code)
        source_stack = font_stack(source.code)
        values = profile.placeholders()
        shown = isolated(values)
        recorder = Chrome(translations, source)
        template = template_environment().get_template(TEMPLATE)
        style = counter_style(info.numbering_system)
        signoff = signoff_of(translations, document.slug)
        reviewed = info.dress(localize_digits(format_date(signoff.date or document.reviewed, format="long",
                                                          locale=info.babel), info.numbering_system))
        show_notice = not translations.is_source and info.code != source.code and (
            translations.review.is_machine or not signoff.valid)
        updated_date = info.dress(localize_digits(format_date(date.fromisoformat(updated), format="long",
                                                              locale=info.babel), info.numbering_system)) \
            if updated else ""

        def tr(segment: Any) -> Any:
            return localize(segment, translations)

        def html(segment: Any) -> Markup:
            return print_links(tr(segment).html(shown))

        def chrome_css(title: str, page_label: str, phone_label: str) -> Markup:
            return page_css(info, source, stack, source_stack, profile, title, page_label, phone_label, style)

        clinic = {key: bdi(escape(shown[f"clinic_{key}"])) for key in ("name", "phone", "address", "email")}
        text = template.render(
            doc=document, locale=info, source=source, profile=profile, values=values, clinic=clinic,
            tr=tr, html=html, english=_english, page_css=chrome_css, qr_svg=qr_svg, page_url=page_url,
            image_src=self._image_src, url_html=url_html, show_notice=show_notice,
            urgent_first=urgent_first(document.blocks),
            machine=translations.review.is_machine, updated_date=updated_date,
            reviewed_date=reviewed, signoff=signoff, reviewer_name=bdi(escape(FSI + signoff.reviewer + PDI)),
            PAGE_MARK=PAGE_MARK, PAGES_MARK=PAGES_MARK, **recorder.callables())

        # What the glyph check looks at: every segment (with its file:line), the chrome, the profile.
        items: list[tuple[str, int | None, str]] = [
            (seg.path, seg.line, localize(seg, translations).plain(values)) for seg in document.segments()]
        lines = _template_lines()
        for msgid, translated in recorder.used.items():
            items.append((TEMPLATE_PATH, lines.get(msgid),
                          translated.replace("%(", "(").replace(PAGE_MARK, "").replace(PAGES_MARK, "")))
        items += [(profile.path, None, value) for value in values.values()]
        items.append((TEMPLATE_PATH, None, reviewed + updated_date + (digits(info.numbering_system) or "0123456789")))
        items.append((f"reviews/{info.code}/{document.slug}.toml", None, signoff.reviewer))
        items += [(document.path, None, s.url) for s in document.sources] + [(TEMPLATE_PATH, None, page_url)]
        findings = coverage_findings(info.code, items)
        if self.media_dir is not None:
            for image in iter_images(document.blocks):
                if self._image_src(image) is None:
                    findings.append(error(document.path, image.line, "image-missing",
                                          f"image {image.src!r} is not a file in {self.media_dir}"))
        return _Prepared(text, stack, tuple(findings))

    # -- public API

    def html(self, document: Document, translations: Translations, source: LocaleInfo, profile: Profile,
             page_url: str, updated: str = "") -> str:
        """The HTML WeasyPrint lays out (for tests and debugging)."""
        with self._lock:
            return self._prepare(document, translations, source, profile, page_url, updated).html

    def render(self, document: Document, translations: Translations, source: LocaleInfo, profile: Profile,
               page_url: str, updated: str = "") -> Handout:
        """The handout as PDF bytes; RenderError when a character cannot be printed in the locale's fonts."""
        from weasyprint import HTML

        with self._lock:
            prepared = self._prepare(document, translations, source, profile, page_url, updated)
            if prepared.findings:
                raise RenderError(prepared.findings)
            source_stack = font_stack(source.code)
            font_css = self._faces_css(prepared.stack.faces + source_stack.faces)
            allowed = set(prepared.stack.aliases) | set(source_stack.aliases)
            mark = self.fetcher.mark()
            with _capture_weasyprint() as records:
                base = self.media_dir.as_uri() + "/" if self.media_dir else None
                started = time.perf_counter()
                doc = HTML(string=prepared.html, base_url=base, url_fetcher=self.fetcher).render(
                    stylesheets=[self._css, font_css], font_config=self.font_config,
                    presentational_hints=False, pdf_variant="pdf/ua-1")
                pdf = doc.write_pdf(pdf_variant="pdf/ua-1")
                seconds = time.perf_counter() - started
            _, refusals = self.fetcher.since(mark)
            where = f"{document.path} ({translations.locale.code})"
            problems = [error(document.path, None, "render",
                              f"{translations.locale.code}: WeasyPrint: {r.getMessage()}")
                        for r in records if _FATAL.search(r.getMessage())]
            for font in doc.fonts.values():
                if font.family not in allowed:
                    problems.append(error(document.path, None, "font-fallback",
                                          f"{where}: text was drawn in {font.family!r}, a system font that is not "
                                          f"one of the locale's faces ({', '.join(prepared.stack.families)})"))
                if font.style:
                    problems.append(error(document.path, None, "font-italic",
                                          f"{where}: italic or oblique text in {font.family!r}"))
            if problems:
                raise RenderError(problems)
            for record in records:
                log.debug("weasyprint: %s", record.getMessage())
            return Handout(pdf, len(doc.pages), refusals, seconds)
