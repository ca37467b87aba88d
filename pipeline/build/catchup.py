"""A published page stays online when its English changes: slight edits keep their translation, the rest shows English.

Once a document is published in a locale, an edit of the English no longer takes it down. For each
segment whose translation went fuzzy:

- when the fuzzy entry's previous msgid is that document's own earlier English (the English of the
  last publication, no longer in the document: an edit of this segment, not a translation borrowed
  from another string by fuzzy matching), and the meaning-change guard finds no change of number,
  negation, glossary term or placeholder, no sentence was added or removed, and the old translation
  still fits the new English's placeholders and markup, the previous translation is kept;
- otherwise the segment shows the new English, marked ``lang="en"`` by the renderer.

Any other reason to hold a document back (check errors, review status) still holds it back.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import polib

from pipeline.catalogs.glossary import EMPTY, Glossary, project_glossary
from pipeline.checks.translation import check_markup, check_placeholders, meaning_changes, sentences
from pipeline.config.schema import Config
from pipeline.content.model import Document
from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.build.plan import Unit
    from pipeline.project import Project

log = logging.getLogger(__name__)

# The gates' reasons that only say "the translation is behind the English" (see checks/gates.py).
_PENDING = ("segments are not translated", "is fuzzy", "are fuzzy", "is incomplete")


def pending_only(reasons: Sequence[str]) -> bool:
    """The document is held back only because segments are untranslated or fuzzy, not for an error."""
    return bool(reasons) and all(any(marker in reason for marker in _PENDING) for reason in reasons)


def english_changed(document: Document, record: Mapping[str, object]) -> bool:
    """The document's English differs from the English its published translation was made for."""
    english = record.get("english")
    return isinstance(english, list) and english != [s.msgid for s in document.segments()]


def kept_translation(entry: polib.POEntry, earlier: set[str], current: set[str], links: Sequence[str],
                     link_map: Mapping[str, str], glossary: Glossary = EMPTY) -> str | None:
    """The fuzzy entry's previous translation, when its English was only slightly edited; else None."""
    previous = entry.previous_msgid
    if not previous or not entry.msgstr or entry.msgid_plural:
        return None
    if previous not in earlier or previous in current:
        return None  # not this document's own earlier English: a translation borrowed by fuzzy matching
    if meaning_changes(previous, entry.msgid, glossary):
        return None
    if sentences(previous) != sentences(entry.msgid):
        return None  # a sentence added or removed: new advice, not a slight edit (the translation lacks it)
    problems: list[str] = []

    def add(severity: str, code: str, message: str) -> None:
        if severity == "error":
            problems.append(code)

    check_placeholders(entry.msgid, entry.msgstr, add)
    check_markup(entry.msgid, entry.msgstr, links, link_map, add)
    return None if problems else entry.msgstr


def catch_up(unit: Unit, catalog: polib.POFile | None, record: Mapping[str, object], today: date,
             glossary: Glossary = EMPTY) -> Unit:
    """The unit published again, with the translations it can keep and the date the English changed."""
    translations = unit.translations
    english = record.get("english")
    earlier = {str(m) for m in english} if isinstance(english, list) else set()
    segments = list(unit.document.segments())
    current = {s.msgid for s in segments}
    messages = dict(translations.messages)
    kept = 0
    if catalog is not None:
        for segment in segments:
            if segment.key not in translations.fuzzy or segment.key in messages:
                continue
            entry = catalog.find(segment.msgid, msgctxt=segment.context) if segment.context else \
                next((e for e in catalog if e.msgid == segment.msgid and not e.msgctxt and not e.obsolete), None)
            if entry is None or "fuzzy" not in entry.flags:
                continue
            found = kept_translation(entry, earlier, current, segment.links, translations.links, glossary)
            if found is not None:
                messages[segment.key] = found
                kept += 1
    updated = record.get("updated")
    when = updated if isinstance(updated, str) and updated else today.isoformat()
    log.info("%s/%s: English changed; %d edited segment(s) keep their translation",
             translations.locale.code, unit.document.slug, kept)
    fuzzy = frozenset(k for k in translations.fuzzy if k not in messages)
    return replace(unit, translations=replace(translations, messages=messages, fuzzy=fuzzy), updated=when)


@functools.cache
def _glossary_of(config: Config) -> Glossary:
    try:
        return project_glossary(config)
    except PipelineError:  # reported by `pipeline check`; the meaning-change guard then has no terms
        return EMPTY


def apply_gates(units: Sequence[Unit], gate: Callable[[Unit], tuple[bool, tuple[str, ...]]],
                project: Project, published: Mapping[str, Mapping[str, object]], today: date,
                ) -> tuple[list[Unit], dict[str, tuple[str, ...]], dict[str, str]]:
    """The publishing gates, with published documents kept online while their translation catches up.

    Returns the units (caught-up ones replaced), the units held back with their reasons, and the
    units kept online with the date their English changed.
    """
    decided: list[Unit] = []
    held: dict[str, tuple[str, ...]] = {}
    catching_up: dict[str, str] = {}
    for unit in units:
        code, slug = unit.translations.locale.code, unit.document.slug
        ok, reasons = gate(unit)
        records = published.get(code, {})
        record = records.get(slug) if isinstance(records, Mapping) else None
        if not ok and isinstance(record, Mapping) and pending_only(reasons) and english_changed(unit.document, record):
            unit = catch_up(unit, project.catalogs.get(code), record, today, _glossary_of(project.config))
            catching_up[f"{code}/{slug}"] = unit.updated
        elif not ok:
            held[f"{code}/{slug}"] = reasons
        decided.append(unit)
    return decided, held, catching_up
