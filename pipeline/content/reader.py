"""Read ``content/*.md`` into documents: the file, its front matter fields, and its body (:mod:`body`)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from pipeline.content.body import read_body
from pipeline.content.frontmatter import (
    field_line,
    front_matter_date,
    front_matter_problems,
    item_lines,
    parse_front_matter,
    split_front_matter,
)
from pipeline.content.model import Document, Segment, Source
from pipeline.content.refusals import front_matter_template_problems
from pipeline.errors import ContentError, Finding, error

log = logging.getLogger(__name__)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_REQUIRED = ("title", "summary", "reviewed", "next_review", "sources")
_KNOWN = set(_REQUIRED) | {"disclaimer", "order"}


def read_document(path: Path, root: Path) -> Document:
    """Read one content file; raise ContentError with every problem in it."""
    rel = path.resolve().relative_to(root.resolve()).as_posix() if path.is_absolute() else path.as_posix()
    slug = path.stem
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError([error(rel, None, "unreadable", f"cannot read the file: {exc.strerror}")]) from None
    if b"\x00" in data:
        raise ContentError([error(rel, data[:data.index(b"\x00")].count(b"\n") + 1, "binary",
                                  "the file contains NUL bytes; it is not a text file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ContentError([error(rel, line, "encoding", "the file is not valid UTF-8; save it as UTF-8")]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    guarded = front_matter_problems(text, rel)  # aliases, impossible dates, deep nesting: before YAML reads it
    if guarded:
        raise ContentError(guarded)
    raw, body, offset = split_front_matter(text, rel)
    meta, findings = parse_front_matter(raw, rel)
    if not _SLUG.match(slug):
        findings.append(error(rel, None, "slug", f"file name {path.name!r} must be lower-case letters, "
                                                 "digits and hyphens (it becomes the page's address)"))
    if findings:
        raise ContentError(findings)
    for key in _REQUIRED:
        if key not in meta:
            findings.append(error(rel, 1, "front-matter-field", f"front matter needs '{key}'"))
    for key in meta:
        if key not in _KNOWN:
            findings.append(error(rel, field_line(raw, key), "front-matter-field",
                                  f"unknown front matter field '{key}'; known: {', '.join(sorted(_KNOWN))}"))

    def text_field(key: str, role: str) -> Segment:
        value = meta.get(key)
        if key in meta and (not isinstance(value, str) or not value.strip()):
            findings.append(error(rel, field_line(raw, key), "front-matter-field", f"'{key}' must be text"))
        return Segment(msgid=" ".join(str(value or "").split()), role=role, path=rel,
                       line=field_line(raw, key), document=slug)

    title = text_field("title", "title")
    summary = text_field("summary", "summary")
    disclaimer = text_field("disclaimer", "disclaimer") if "disclaimer" in meta else None
    reviewed = (front_matter_date(meta.get("reviewed"), "reviewed", raw, rel, findings) if "reviewed" in meta
                else dt.date(1970, 1, 1))
    next_review = front_matter_date(meta.get("next_review"), "next_review", raw, rel, findings) \
        if "next_review" in meta else dt.date(1970, 1, 1)
    order = meta.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        findings.append(error(rel, field_line(raw, "order"), "front-matter-field", "'order' must be a whole number"))
        order = 100
    sources: list[Source] = []
    raw_sources = meta.get("sources", [])
    if not isinstance(raw_sources, list) or ("sources" in meta and not raw_sources):
        findings.append(error(rel, field_line(raw, "sources"), "front-matter-field",
                              "'sources' must be a list of {name, url}"))
        raw_sources = []
    source_lines = item_lines(raw, "sources")
    for position, item in enumerate(raw_sources):
        item_line = source_lines[position] if position < len(source_lines) else field_line(raw, "sources")
        if not (isinstance(item, dict) and isinstance(item.get("name"), str)
                and isinstance(item.get("url"), str) and item["url"].startswith(("https://", "http://"))):
            findings.append(error(rel, field_line(raw, "sources"), "front-matter-field",
                                  f"each source needs a 'name' and an http(s) 'url'; got {item!r}"))
            continue
        name = Segment(msgid=" ".join(item["name"].split()), role="source", path=rel,
                       line=item_line, document=slug)
        sources.append(Source(name, item["url"]))
    blocks, body_findings = read_body(body, rel, slug, offset)
    findings.extend(body_findings)
    findings.extend(front_matter_template_problems(raw, rel))
    if findings:
        raise ContentError(findings)
    return Document(slug=slug, path=rel, title=title, summary=summary, disclaimer=disclaimer,
                    reviewed=reviewed, next_review=next_review, sources=tuple(sources), order=order,
                    blocks=blocks)


def read_documents(content_dir: Path, root: Path) -> tuple[Document, ...]:
    """Read every ``*.md`` in the content folder; report the problems of all files at once."""
    if not content_dir.is_dir():
        raise ContentError([error(str(content_dir), None, "content-missing", "the content folder does not exist")])
    documents: list[Document] = []
    findings: list[Finding] = []
    for path in sorted(content_dir.glob("*.md")):
        try:
            documents.append(read_document(path, root))
        except ContentError as exc:
            findings.extend(exc.findings)
    if findings:
        raise ContentError(findings)
    documents.sort(key=lambda d: (d.order, d.slug))
    log.debug("read %d documents", len(documents))
    return tuple(documents)
