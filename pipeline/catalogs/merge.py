"""Merge a new template (POT) into a translated catalog like msgmerge, never losing a translation."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polib

from pipeline.catalogs.write import reuse_lines
from pipeline.plurals import PluralFormsError, parse_plural_forms

if TYPE_CHECKING:
    from pipeline.content.model import Key

__all__ = ["MergeResult", "merge_catalog"]

logger = logging.getLogger(__name__)

_DEFAULT_NPLURALS = 2  # what gettext assumes without a Plural-Forms header

# Format directives compared when a template entry becomes a format string.
_DIRECTIVES = {
    "python-format": re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"),
    "c-format": re.compile(r"%(?:\d+\$)?[-#0 +']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|q|j|z|t)?"
                           r"[diouxXeEfFgGaAcspn%]"),
    "python-brace-format": re.compile(r"\{[^{}]*\}"),
}


@dataclass(frozen=True)
class MergeResult:
    """The merged catalog and what happened to its entries."""

    catalog: polib.POFile  # the new catalog
    exact: int  # entries matched exactly (incl. revived)
    fuzzy: int  # new entries given a fuzzy translation
    new: int  # entries with no translation
    obsoleted: int  # entries that became obsolete in this merge
    revived: int  # obsolete entries that came back


@dataclass(frozen=True)
class _Translation:
    """A translation adapted to the plural shape of a template entry."""

    msgstr: str
    msgstr_plural: dict[int, str]
    reshaped: bool  # singular <-> plural conversion happened


def merge_catalog(
    template: polib.POFile, catalog: polib.POFile, *, fuzzy_matching: bool = True, canonical: bool = False
) -> MergeResult:
    """Merge ``template`` into ``catalog`` and return a new catalog; the inputs are not modified.

    ``canonical``: the catalog was read from a file in canonical form (as :mod:`pipeline.catalogs.write`
    writes it); an entry that stays as it was is then written with the lines it was read from.

    Active entries follow the template's order, obsolete ones follow in the
    catalog's order.  ``exact + fuzzy + new`` is the number of template entries.
    Every old entry with a translation that is not matched exactly ends up
    obsolete, even when it served as a fuzzy source, so no translation is lost.
    """
    nplurals = _nplurals(catalog.metadata)
    old_by_key = _old_entries_by_key(catalog)
    template_entries = _unique_template_entries(template)
    template_keys = {(entry.msgctxt, entry.msgid) for entry in template_entries}

    exact_sources: list[polib.POEntry | None] = [
        old_by_key.get((entry.msgctxt, entry.msgid)) for entry in template_entries
    ]
    fuzzy_sources: list[polib.POEntry | None] = [None] * len(template_entries)
    if fuzzy_matching and any(
        source is None and entry.msgid for entry, source in zip(template_entries, exact_sources, strict=True)
    ):
        # RapidFuzz is loaded only when a string needs a fuzzy source (30 ms of start-up otherwise).
        from pipeline.catalogs.fuzzy import build_index, find_fuzzy

        wanted = (entry.msgid for entry, source in zip(template_entries, exact_sources, strict=True)
                  if source is None and entry.msgid)
        index = build_index(catalog, template_keys, wanted)
        fuzzy_sources = [
            find_fuzzy(index, entry) if source is None and entry.msgid else None
            for entry, source in zip(template_entries, exact_sources, strict=True)
        ]

    result = _new_file(template, catalog)
    source = getattr(catalog, "source_text", None)
    source_lines = source.split("\n") if canonical and source is not None else None
    exact = fuzzy = new = revived = 0
    for entry, exact_source, fuzzy_source in zip(template_entries, exact_sources, fuzzy_sources, strict=True):
        if exact_source is not None:
            exact += 1
            revived += bool(exact_source.obsolete)
            merged = _merge_exact(entry, exact_source, nplurals)
            if source_lines is not None:
                reuse_lines(merged, exact_source, source_lines)
            result.append(merged)
        elif fuzzy_source is not None:
            fuzzy += 1
            result.append(_merge_fuzzy(entry, fuzzy_source, nplurals))
        else:
            new += 1
            result.append(_untranslated(entry, nplurals))

    used = {id(source) for source in exact_sources if source is not None}
    obsolete = _obsolete_entries(catalog, used, template_keys)
    obsoleted = sum(1 for _, was_active in obsolete if was_active)
    result.extend(entry for entry, _ in obsolete)

    logger.debug(
        "merged %d template entries: %d exact (%d revived), %d fuzzy, %d new, %d obsoleted",
        len(template_entries), exact, revived, fuzzy, new, obsoleted,
    )
    return MergeResult(
        catalog=result, exact=exact, fuzzy=fuzzy, new=new, obsoleted=obsoleted, revived=revived
    )


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def _is_plural(entry: polib.POEntry) -> bool:
    return bool(entry.msgid_plural)


def _nplurals(metadata: Mapping[str, str]) -> int:
    try:
        return parse_plural_forms(metadata.get("Plural-Forms", "")).nplurals
    except PluralFormsError:
        return _DEFAULT_NPLURALS


def _old_entries_by_key(catalog: polib.POFile) -> dict[Key, polib.POEntry]:
    """Index the catalog by key; an active entry wins over an obsolete one with the same key."""
    by_key: dict[Key, polib.POEntry] = {}
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        previous = by_key.get(key)
        if previous is None or (previous.obsolete and not entry.obsolete):
            by_key[key] = entry
    return by_key


def _unique_template_entries(template: polib.POFile) -> list[polib.POEntry]:
    """Active template entries, first occurrence of each key only."""
    seen: set[Key] = set()
    unique: list[polib.POEntry] = []
    for entry in template:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            logger.warning("template has a duplicate entry %r; keeping the first", key)
            continue
        seen.add(key)
        unique.append(entry)
    return unique


def _adapt(entry: polib.POEntry, source: polib.POEntry, nplurals: int) -> _Translation:
    """Fit the source's translation to the template entry's singular/plural shape (like msgmerge)."""
    if _is_plural(entry):
        if _is_plural(source):
            return _Translation("", fit_forms(source.msgstr_plural, nplurals), reshaped=False)
        return _Translation("", {n: source.msgstr for n in range(nplurals)}, reshaped=True)
    if _is_plural(source):
        first = source.msgstr_plural[min(source.msgstr_plural)] if source.msgstr_plural else ""
        return _Translation(first, {}, reshaped=True)
    return _Translation(source.msgstr, {}, reshaped=False)


def fit_forms(forms: Mapping[int, str], nplurals: int) -> dict[int, str]:
    """Exactly ``nplurals`` forms, as ``msgfmt -c`` wants after a translator changed nplurals.

    A missing form starts as a copy of the last one (usually the general plural), so that the file
    stays valid for ``msgfmt -c`` even for format strings, where an empty form is an error; the
    caller marks the entry fuzzy so the translator checks it. Forms beyond ``nplurals`` are kept in
    the entry's translator comment (``dropped_forms_note``), never thrown away.
    """
    if not forms:
        return _empty_forms(nplurals)
    last = forms[max(forms)]
    return {n: forms.get(n, last) for n in range(nplurals)}


def dropped_forms_note(forms: Mapping[int, str], nplurals: int) -> str:
    """A translator comment keeping the text of forms a smaller nplurals removes, or ''."""
    extra = [f"msgstr[{n}] before nplurals={nplurals}: {forms[n]}" for n in sorted(forms) if n >= nplurals and forms[n]]
    return "\n".join(extra)


def _empty_forms(nplurals: int) -> dict[int, str]:
    return {n: "" for n in range(nplurals)}


def _flags(template_flags: Iterable[str], fuzzy: bool) -> list[str]:
    flags = [flag for flag in template_flags if flag != "fuzzy"]
    return ["fuzzy", *flags] if fuzzy else flags


def _from_template(
    entry: polib.POEntry,
    msgstr: str,
    msgstr_plural: dict[int, str],
    *,
    tcomment: str,
    fuzzy: bool,
    previous: tuple[str | None, str | None, str | None],
    tcomment_lines: list[str] | None = None,
) -> polib.POEntry:
    """Build an active entry: identity, notes, references and flags from the template."""
    built = polib.POEntry.__new__(polib.POEntry)  # the attributes polib's constructor sets, set at once
    built.__dict__.update(
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgctxt=entry.msgctxt,
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        obsolete=False,
        encoding=entry.encoding,
        comment=entry.comment,
        tcomment=tcomment,
        occurrences=list(entry.occurrences),
        flags=_flags(entry.flags, fuzzy),
        previous_msgctxt=previous[0] if fuzzy else None,
        previous_msgid=previous[1] if fuzzy else None,
        previous_msgid_plural=previous[2] if fuzzy else None,
        linenum=None,
        tcomment_lines=tcomment_lines,
    )
    return built


def _format_flags(flags: Iterable[str]) -> set[str]:
    return {flag for flag in flags if flag.endswith("-format") and not flag.startswith("no-")}


def _directives(text: str, languages: set[str]) -> list[str]:
    found: list[str] = []
    for language in languages:
        pattern = _DIRECTIVES.get(language)
        if pattern is not None:
            found += sorted(match.group() for match in pattern.finditer(text) if match.group() != "%%")
    return found


def _format_broken(entry: polib.POEntry, old: polib.POEntry, translation: _Translation) -> bool:
    """Whether the template made the string a format string that the old translation does not fit.

    msgmerge marks such an entry fuzzy (its tests msgmerge-13, -21, -24): the translation would
    fail ``msgfmt -c``.
    """
    gained = _format_flags(entry.flags) - _format_flags(old.flags)
    if not gained or not (translation.msgstr or any(translation.msgstr_plural.values())):
        return False
    if translation.msgstr_plural:
        allowed = set(_directives(entry.msgid, gained)) | set(_directives(entry.msgid_plural or "", gained))
        return any(not set(_directives(form, gained)) <= allowed for form in translation.msgstr_plural.values())
    return _directives(entry.msgid, gained) != _directives(translation.msgstr, gained)


def _merge_exact(entry: polib.POEntry, old: polib.POEntry, nplurals: int) -> polib.POEntry:
    """Keep the old translation, translator comment and fuzzy state for an unchanged key."""
    translation = _adapt(entry, old, nplurals)
    plural_changed = (entry.msgid_plural or "") != (old.msgid_plural or "")
    refit = _is_plural(entry) and _is_plural(old) and len(old.msgstr_plural) != nplurals
    reshaped = (translation.reshaped or plural_changed or refit) and _has_translation(old)
    fuzzy = old.fuzzy or reshaped or _format_broken(entry, old, translation)
    if old.fuzzy:
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural or None)
    note = dropped_forms_note(old.msgstr_plural, nplurals) if _is_plural(entry) else ""
    tcomment = _with_note(old.tcomment, note)
    # The comment's lines as read are kept unless a note was added to it.
    lines = getattr(old, "tcomment_lines", None) if tcomment == old.tcomment else None
    return _from_template(entry, translation.msgstr, translation.msgstr_plural, tcomment=tcomment, fuzzy=fuzzy,
                          previous=previous, tcomment_lines=lines)


_NO_PREVIOUS: tuple[None, None, None] = (None, None, None)


def _with_note(tcomment: str, note: str) -> str:
    if not note or note in tcomment:
        return tcomment
    return f"{tcomment}\n{note}" if tcomment else note


def _merge_fuzzy(entry: polib.POEntry, source: polib.POEntry, nplurals: int) -> polib.POEntry:
    """Give a new entry the translation of a similar old one, marked fuzzy with its previous msgid."""
    previous = (source.msgctxt, source.msgid, source.msgid_plural or None)
    translation = _adapt(entry, source, nplurals)
    return _from_template(
        entry, translation.msgstr, translation.msgstr_plural, tcomment=source.tcomment, fuzzy=True,
        previous=previous,
        tcomment_lines=getattr(source, "tcomment_lines", None),
    )


def _untranslated(entry: polib.POEntry, nplurals: int) -> polib.POEntry:
    forms = _empty_forms(nplurals) if _is_plural(entry) else {}
    return _from_template(entry, "", forms, tcomment="", fuzzy=False, previous=_NO_PREVIOUS)


def _obsolete_entries(
    catalog: polib.POFile, used: set[int], template_keys: set[Key]
) -> list[tuple[polib.POEntry, bool]]:
    """Translated old entries not matched exactly, as obsolete copies, with "was active" flags."""
    kept: list[tuple[polib.POEntry, bool]] = []
    seen: set[Key] = set()
    for entry in catalog:
        if id(entry) in used or not _has_translation(entry):
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in template_keys or key in seen:
            # A duplicate key in the old catalog: a second copy would be a
            # "duplicate message definition" for gettext.
            logger.warning("dropping duplicate old entry %r (msgstr %r)", key, entry.msgstr)
            continue
        seen.add(key)
        kept.append((_copy_entry(entry, obsolete=True), not entry.obsolete))
    return kept


def _copy_entry(entry: polib.POEntry, *, obsolete: bool) -> polib.POEntry:
    """A copy of an old entry; as obsolete, without its references and extracted notes (like msgmerge)."""
    copied = polib.POEntry(
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgctxt=entry.msgctxt,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        comment="" if obsolete else entry.comment,
        tcomment=entry.tcomment,
        occurrences=[] if obsolete else list(entry.occurrences),
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=obsolete,
        encoding=entry.encoding,
    )
    copied.tcomment_lines = getattr(entry, "tcomment_lines", None)
    return copied


def _new_file(template: polib.POFile, catalog: polib.POFile) -> polib.POFile:
    """An empty catalog with the old header and metadata, POT-Creation-Date from the template."""
    result = polib.POFile(
        fpath=catalog.fpath,
        wrapwidth=catalog.wrapwidth,
        encoding=catalog.encoding,
        check_for_duplicates=False,
    )
    result.header = catalog.header
    result.metadata = dict(catalog.metadata)
    pot_date = template.metadata.get("POT-Creation-Date")
    if pot_date is not None:
        result.metadata["POT-Creation-Date"] = pot_date
    result.metadata_is_fuzzy = copy.copy(catalog.metadata_is_fuzzy)
    for kept in ("raw_header", "raw_metadata", "header_lines"):  # the header as read (syntax.parse_po)
        if hasattr(catalog, kept):
            setattr(result, kept, copy.copy(getattr(catalog, kept)))
    return result

