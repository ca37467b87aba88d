"""Shared helpers of the content tests: a document from a Markdown body, rendered as a page and a handout."""

from __future__ import annotations

from pathlib import Path

import polib

from pipeline.catalogs.translations import Translations, source_translations, translations_from_catalog
from pipeline.config.profile import Profile
from pipeline.content.model import Document
from pipeline.content.reader import read_document
from pipeline.errors import ContentError, Finding
from pipeline.locales import locale_info
from pipeline.render.pages import Page, Site, render_page

from ..conftest import CLINIC

FRONT = """\
---
title: Test sheet
summary: A sheet for tests.
reviewed: 2026-11-01
next_review: 2027-11-01
sources:
  - name: Test source
    url: https://example.org/
---
"""
BODY_LINE = FRONT.count("\n") + 1  # the file line of the body's first line
# The shared tiny project's clinic (tests/conftest.py).
PROFILE = Profile(**CLINIC, base_url=None, path="clinic.toml")
VALUES = {"clinic_name": CLINIC["name"], "clinic_phone": CLINIC["phone"]}


def write(root: Path, body: str, name: str = "sheet.md") -> Path:
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    path = content / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def read(root: Path, body: str) -> Document:
    """The document of a body; raises ContentError like the build does."""
    return read_document(write(root, body), root)


def findings(root: Path, body: str) -> list[Finding]:
    """The findings of a body that the reader refuses (empty when it is accepted)."""
    try:
        read(root, body)
    except ContentError as exc:
        return list(exc.findings)
    return []


def catalog(root: Path, code: str, messages: dict[str, str]) -> Translations:
    """A machine-draft catalog of ``messages`` for locale ``code``, as the build reads one."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": code,
                   "X-Review-Status": "machine-draft"}
    for msgid, msgstr in messages.items():
        flags = ["python-brace-format"] if "{clinic_" in msgid else []
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags))
    path = root / "locales" / code / "test.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return translations_from_catalog(polib.pofile(str(path)), locale_info(code))


def page_html(document: Document, translations: Translations | None = None) -> str:
    """The web page of a document in the translations' locale (English without them)."""
    source = locale_info("en")
    translations = translations or source_translations(source)
    infos = (source,) if translations.is_source else (source, translations.locale)
    site = Site("Tests", "https://example.org/t/", source, infos)
    return render_page(Page(document, translations, site, VALUES))


def main_html(page: str) -> str:
    """The part of a page between <main> and </main>."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]
