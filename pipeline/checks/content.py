"""Checks on the English content: structure, accessibility and plain language.

Every problem that stops a file from being read at all comes from :mod:`pipeline.content` (front
matter, raw HTML, images without alt text, ...). On top of that this module reports skipped heading
levels, links without text (or with text such as "click here"), alt text that is a file name,
missing image files, ``<!-- critical -->`` that marks no heading, invisible and bidi control
characters, and the readability of each document against the project's limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.checks.readability import Limits, Readability, measure, problems, split_sentences, strip_inline_markup
from pipeline.checks.translation import parse_markup
from pipeline.checks.unsafe import invisible_characters
from pipeline.config.schema import Config
from pipeline.content.frontmatter import front_matter_problems
from pipeline.content.model import Block, Document, Heading, Image, Paragraph, Segment, Table, iter_blocks
from pipeline.content.reader import read_document
from pipeline.errors import ContentError, Finding, error, warning

_VAGUE = frozenset({"here", "click here", "this link", "link", "more", "read more", "this page", "click",
                    "this", "learn more", "go"})
_FILE_NAME = re.compile(r"^[\w.-]+\.(?:png|jpe?g|gif|svg|webp|avif|bmp|tiff?)$", re.I)
_COMMENT_CRITICAL = re.compile(r"^\s*<!--\s*critical\s*-->\s*$")


@dataclass(frozen=True)
class ContentResult:
    documents: tuple[Document, ...]
    findings: tuple[Finding, ...]
    failed: tuple[str, ...]  # content files that could not be read


def _text_segments(blocks: tuple[Block, ...]) -> Iterator[Segment]:
    """Segments a reader reads as running text (not alt text)."""
    for block in iter_blocks(blocks):
        if isinstance(block, (Heading, Paragraph)):
            yield block.segment
        elif isinstance(block, Table):
            for cell in block.header + tuple(c for row in block.rows for c in row):
                if cell.segment is not None:
                    yield cell.segment


def check_document(document: Document, content_dir: Path, limits: Limits) -> list[Finding]:
    """Structure, links, images and readability of one document that was read."""
    found: list[Finding] = []
    rel = document.path
    level = 1  # the title is the page's h1
    for block in iter_blocks(document.blocks):
        if isinstance(block, Heading):
            if block.level > level + 1:
                found.append(error(rel, block.segment.line, "heading-skip",
                                   f"a level-{block.level} heading after level {level}: use "
                                   f"{'#' * (level + 1)} (heading levels must not be skipped)"))
            level = block.level
        elif isinstance(block, Image):
            alt = block.alt.msgid.strip()
            if _FILE_NAME.match(alt) or alt == Path(block.src).stem:
                found.append(warning(rel, block.line, "image-alt",
                                     f"the alt text of {block.src!r} is a file name; describe what the image shows"))
            elif len(alt) > 150:
                found.append(warning(rel, block.line, "image-alt",
                                     f"the alt text of {block.src!r} has {len(alt)} characters; keep it under 150 "
                                     "and put details in the text"))
            if not (content_dir / block.src).is_file():
                found.append(error(rel, block.line, "image-missing",
                                   f"the image file {block.src!r} is not in the content folder"))
    for segment in document.segments():
        markup = parse_markup(segment.msgid)
        if markup.empty_links:
            found.append(error(rel, segment.line, "link-empty",
                               "a link has no text; put the words the reader clicks between [ and ]"))
        for text in re.findall(r"\[([^\]]*)\]\[\d+\]", segment.msgid):
            if strip_inline_markup(text).strip().lower().strip(".!") in _VAGUE:
                found.append(warning(rel, segment.line, "link-text",
                                     f"the link text {text!r} does not say where the link goes; use words that "
                                     "name the page"))
    found.extend(readability_findings(document, limits))
    return found


def readability_of(document: Document) -> Readability:
    """The readability figures of a document's summary and body text (what a reader reads through)."""
    return measure(strip_inline_markup(s.msgid) for s in [document.summary, *_text_segments(document.blocks)])


def readability_findings(document: Document, limits: Limits) -> list[Finding]:
    """An error per limit the document exceeds (plain-language limits are a publishing requirement)."""
    segments = [document.summary, *_text_segments(document.blocks)]
    texts = [strip_inline_markup(s.msgid) for s in segments]
    result = measure(texts)
    if not result.words:
        return []
    figures = (f"grade {result.grade:.1f}, average sentence {result.avg_sentence_words:.1f} words, "
               f"longest sentence {result.longest_sentence_words} words")
    line_of_longest = 1
    for segment, text in zip(segments, texts, strict=False):
        if any(s == result.longest_sentence for s in split_sentences(text)):
            line_of_longest = segment.line
            break
    found: list[Finding] = []
    for message in problems(result, limits):
        line = line_of_longest if message.startswith("longest") else 1
        found.append(error(document.path, line, "readability", f"{message} ({figures}); "
                           "shorten sentences and use everyday words"))
    return found


def _raw_checks(path: Path, rel: str) -> list[Finding]:
    """Checks on the file's lines: invisible characters and misplaced critical markers."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # read_document reports it
    found: list[Finding] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        for severity, name, advice in invisible_characters(line.replace("\x00", ""), "en", "ltr"):
            code = "bidi-control" if "bidirectional" in advice else "invisible-char"
            make = error if severity == "error" else warning
            found.append(make(rel, number, code, f"{name}: {advice}"))
        if _COMMENT_CRITICAL.match(line):
            following = next((text for text in lines[number:] if text.strip()), "")
            if not following.lstrip().startswith("#"):
                found.append(warning(rel, number, "critical-not-heading",
                                     "<!-- critical --> marks a section only right before a heading; "
                                     "here it marks nothing"))
    return found


def check_content(config: Config) -> ContentResult:
    """Read every content file (each on its own, so one broken file hides no other) and check it."""
    limits = Limits(config.max_grade, config.max_avg_sentence_words, config.max_sentence_words)
    content_dir = config.content_dir
    if not content_dir.is_dir():
        return ContentResult((), (error(config.relative(content_dir), None, "content-missing",
                                        "the content folder does not exist"),), ())
    documents: list[Document] = []
    findings: list[Finding] = []
    failed: list[str] = []
    for path in sorted(content_dir.glob("*.md")):
        rel = config.relative(path)
        findings.extend(_raw_checks(path, rel))
        try:
            text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        except (OSError, UnicodeDecodeError):
            text = ""
        fatal = front_matter_problems(text, rel)
        if fatal:
            findings.extend(fatal)
            failed.append(rel)
            continue
        try:
            document = read_document(path, config.root)
        except ContentError as exc:
            findings.extend(exc.findings)
            failed.append(rel)
            continue
        except (RecursionError, MemoryError, ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
            findings.append(error(rel, None, "content-unreadable",
                                  f"the file cannot be read into a document ({type(exc).__name__}: "
                                  f"{str(exc)[:120]}); simplify it"))
            failed.append(rel)
            continue
        documents.append(document)
        findings.extend(check_document(document, content_dir, limits))
    seen: dict[str, str] = {}
    for document in documents:
        if document.slug in seen:  # pragma: no cover - one file per slug on any file system
            findings.append(error(document.path, None, "slug-duplicate", f"same slug as {seen[document.slug]}"))
        seen[document.slug] = document.path
    documents.sort(key=lambda d: (d.order, d.slug))
    return ContentResult(tuple(documents), tuple(findings), tuple(failed))


