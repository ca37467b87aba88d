"""Extraction: documents and page templates → the catalog template (``<domain>.pot``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from jinja2.ext import babel_extract

from pipeline.content.model import Document, Segment

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
DATE_PLACEHOLDER = "YEAR-MO-DA HO:MI+ZONE"


@dataclass(frozen=True)
class TemplateMessage:
    """A string of the page chrome, found in a Jinja template."""

    msgid: str
    msgid_plural: str | None
    context: str | None
    path: str
    line: int
    comments: tuple[str, ...]


def template_messages(templates_dir: Path = TEMPLATES_DIR) -> list[TemplateMessage]:
    """Strings marked for translation in the Jinja templates, through Babel's Jinja2 extraction."""
    keywords = dict(DEFAULT_KEYWORDS)
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}
    found: list[TemplateMessage] = []
    for path in sorted(templates_dir.glob("*.html")):
        with path.open("rb") as handle:
            for lineno, message, comments, context in extract(
                    babel_extract,  # type: ignore[arg-type]  # Babel types extractors more narrowly than jinja2 declares
                    handle, keywords=keywords, comment_tags=("NOTE:",), options=options):
                plural = None
                if isinstance(message, (tuple, list)):
                    msgid, plural = message[0], (message[1] if len(message) > 1 else None)
                else:
                    msgid = message
                found.append(TemplateMessage(msgid, plural, context, f"pipeline/templates/{path.name}", lineno,
                                             tuple(comments)))
    return found


def _segment_comments(segment: Segment) -> list[str]:
    where = f"{segment.document}: {segment.role}"
    if segment.section and segment.role not in ("heading",):
        where += f", section \u201c{segment.section}\u201d"
    if segment.critical:
        where += " (critical section: must be complete to publish)"
    lines = [where]
    lines += [f"[{i}]: {href}" for i, href in enumerate(segment.links, start=1)]
    if segment.note:
        lines.append(f"Note: {segment.note}")
    return lines


def build_template(documents: Sequence[Document], chrome: Iterable[TemplateMessage],
                   project_name: str, creation_date: str) -> polib.POFile:
    """The catalog template: one entry per distinct (context, English text), in reading order."""
    pot = polib.POFile(wrapwidth=79)
    pot.header = (f"Translation template for {project_name}.\n"
                  "Written by `pipeline extract` from content/ and the page templates; do not edit.")
    pot.metadata = {
        "Project-Id-Version": project_name,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation_date,
        "PO-Revision-Date": DATE_PLACEHOLDER,
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    pot.metadata_is_fuzzy = True
    entries: dict[tuple[str | None, str], polib.POEntry] = {}

    def add(key: tuple[str | None, str], comments: Iterable[str], occurrence: tuple[str, str],
            flags: Iterable[str], plural: str | None = None) -> None:
        entry = entries.get(key)
        if entry is None:
            entry = polib.POEntry(msgctxt=key[0], msgid=key[1], msgstr="", comment="", occurrences=[], flags=[])
            if plural:
                entry.msgid_plural = plural
                entry.msgstr_plural = {0: "", 1: ""}
                entry.msgstr = ""
            entries[key] = entry
        lines = entry.comment.split("\n") if entry.comment else []
        for line in comments:
            if line not in lines:
                lines.append(line)
        entry.comment = "\n".join(lines)
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
        for flag in flags:
            if flag not in entry.flags:
                entry.flags.append(flag)

    for document in documents:
        for segment in document.segments():
            add(segment.key, _segment_comments(segment), (segment.path, str(segment.line)), segment.flags)
    for message in chrome:
        flags = ["python-format"] if "%(" in message.msgid else []
        comments = [f"Page chrome ({message.path})"] + list(message.comments)
        add((message.context, message.msgid), comments, (message.path, str(message.line)), flags,
            message.msgid_plural)
    pot.extend(entries.values())
    log.debug("template has %d entries", len(entries))
    return pot
