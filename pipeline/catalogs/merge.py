"""Merge a new template (POT) into a translated catalog like msgmerge, never losing a translation."""

from __future__ import annotations

import copy
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

from pipeline.catalogs.plurals import PluralFormsError, parse_plural_forms

__all__ = ["FUZZY_THRESHOLD", "MergeResult", "merge_catalog", "similarity"]

logger = logging.getLogger(__name__)

#: gettext's FUZZY_THRESHOLD: a fuzzy source needs fstrcmp(new, old) >= 0.6.
FUZZY_THRESHOLD = 0.6
_THRESHOLD = Fraction(3, 5)
# rapidfuzz turns a score_cutoff into a distance bound with float rounding and
# misses scores exactly equal to it; cut off this much lower, then decide the
# threshold exactly in integers (_reaches_threshold).
_SLACK = 1e-6
_DEFAULT_NPLURALS = 2  # what gettext assumes without a Plural-Forms header

Key = tuple[str | None, str]


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
class _Group:
    """Translated old entries of one msgctxt, sorted by msgid length, then catalog position."""

    lengths: tuple[int, ...]
    positions: tuple[int, ...]
    msgids: tuple[str, ...]
    entries: tuple[polib.POEntry, ...]


@dataclass(frozen=True)
class _FuzzyIndex:
    """Candidate fuzzy sources by msgctxt (a fuzzy match never crosses contexts), in two parts.

    ``likely``: old entries whose key left the template; an edited string's
    source is there, and its score narrows the search in ``stable``: the old
    entries still in the template (msgmerge also offers those).
    """

    likely: Mapping[str | None, _Group]
    stable: Mapping[str | None, _Group]


@dataclass(frozen=True)
class _Hit:
    """The best candidate of a group: ordered by score, then shorter, then earlier."""

    score: float
    length: int
    position: int
    entry: polib.POEntry

    def rank(self) -> tuple[float, int, int]:
        return (self.score, -self.length, -self.position)


@dataclass(frozen=True)
class _Translation:
    """A translation adapted to the plural shape of a template entry."""

    msgstr: str
    msgstr_plural: dict[int, str]
    reshaped: bool  # singular <-> plural conversion happened


def similarity(a: str, b: str) -> float:
    """Return gettext's fstrcmp measure: 2 * LCS / (len(a) + len(b)), 1.0 for two empty strings."""
    return Indel.normalized_similarity(a, b)


def merge_catalog(
    template: polib.POFile, catalog: polib.POFile, *, fuzzy_matching: bool = True
) -> MergeResult:
    """Merge ``template`` into ``catalog`` and return a new catalog; the inputs are not modified.

    Active entries follow the template's order, obsolete ones follow in the
    catalog's order.  ``exact + fuzzy + new`` is the number of template entries.
    Every old entry with a translation that is not matched exactly ends up
    obsolete, even when it served as a fuzzy source, so no translation is lost.
    """
    nplurals = _nplurals(catalog.metadata)
    old_by_key = _old_entries_by_key(catalog)
    template_entries = _unique_template_entries(template)
    template_keys = {_key(entry) for entry in template_entries}

    exact_sources: list[polib.POEntry | None] = [
        old_by_key.get(_key(entry)) for entry in template_entries
    ]
    fuzzy_sources: list[polib.POEntry | None] = [None] * len(template_entries)
    if fuzzy_matching and any(
        source is None and entry.msgid for entry, source in zip(template_entries, exact_sources)
    ):
        index = _build_index(catalog, template_keys)
        fuzzy_sources = [
            _find_fuzzy(index, entry) if source is None and entry.msgid else None
            for entry, source in zip(template_entries, exact_sources)
        ]

    result = _new_file(template, catalog)
    exact = fuzzy = new = revived = 0
    for entry, exact_source, fuzzy_source in zip(template_entries, exact_sources, fuzzy_sources):
        if exact_source is not None:
            exact += 1
            revived += bool(exact_source.obsolete)
            result.append(_merge_exact(entry, exact_source, nplurals))
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


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


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
        previous = by_key.get(_key(entry))
        if previous is None or (previous.obsolete and not entry.obsolete):
            by_key[_key(entry)] = entry
    return by_key


def _unique_template_entries(template: polib.POFile) -> list[polib.POEntry]:
    """Active template entries, first occurrence of each key only."""
    seen: set[Key] = set()
    unique: list[polib.POEntry] = []
    for entry in template:
        if entry.obsolete:
            continue
        if _key(entry) in seen:
            logger.warning("template has a duplicate entry %r; keeping the first", _key(entry))
            continue
        seen.add(_key(entry))
        unique.append(entry)
    return unique


def _build_index(catalog: polib.POFile, template_keys: set[Key]) -> _FuzzyIndex:
    """Group translated old entries (active or obsolete) by msgctxt, sorted by msgid length."""
    likely: dict[str | None, list[tuple[int, int, polib.POEntry]]] = {}
    stable: dict[str | None, list[tuple[int, int, polib.POEntry]]] = {}
    for position, entry in enumerate(catalog):
        if entry.msgid and _has_translation(entry):
            part = stable if _key(entry) in template_keys else likely
            part.setdefault(entry.msgctxt, []).append((len(entry.msgid), position, entry))
    return _FuzzyIndex(likely=_groups(likely), stable=_groups(stable))


def _groups(
    by_context: Mapping[str | None, list[tuple[int, int, polib.POEntry]]],
) -> dict[str | None, _Group]:
    groups: dict[str | None, _Group] = {}
    for context, items in by_context.items():
        items.sort(key=lambda item: (item[0], item[1]))
        groups[context] = _Group(
            lengths=tuple(item[0] for item in items),
            positions=tuple(item[1] for item in items),
            msgids=tuple(item[2].msgid for item in items),
            entries=tuple(item[2] for item in items),
        )
    return groups


def _find_fuzzy(index: _FuzzyIndex, entry: polib.POEntry) -> polib.POEntry | None:
    """Return the most similar translated old entry with the same msgctxt, or None below 0.6.

    Same result as one scan over all candidates (ties go to the shorter, then
    the earlier entry); scanning ``likely`` first raises the cutoff for ``stable``.
    """
    likely = index.likely.get(entry.msgctxt)
    first = _best_in(likely, entry.msgid, FUZZY_THRESHOLD) if likely is not None else None
    stable = index.stable.get(entry.msgctxt)
    score = first.score if first is not None else FUZZY_THRESHOLD
    second = _best_in(stable, entry.msgid, score) if stable is not None else None
    hits = [hit for hit in (first, second) if hit is not None]
    if not hits:
        return None
    best = max(hits, key=_Hit.rank)
    return best.entry if _reaches_threshold(entry.msgid, best.entry.msgid) else None


def _reaches_threshold(new: str, old: str) -> bool:
    """Exactly fstrcmp(new, old) >= 0.6, with (total - distance) / total in integers."""
    total = len(new) + len(old)
    common = total - Indel.distance(new, old)
    return common * _THRESHOLD.denominator >= total * _THRESHOLD.numerator


def _best_in(group: _Group, msgid: str, score: float) -> _Hit | None:
    """The first most similar entry of ``group`` that scores at least ``score``."""
    # Indel similarity is at most 2 * min(L, l) / (L + l): only lengths l in
    # [s * L / (2 - s), L * (2 - s) / s] can reach s (bounds widened for rounding).
    cutoff = score - _SLACK
    length = len(msgid)
    start = bisect_left(group.lengths, int(cutoff * length / (2 - cutoff)))
    stop = bisect_right(group.lengths, int(length * (2 - cutoff) / cutoff) + 1)
    if start >= stop:
        return None
    found = process.extractOne(
        msgid, group.msgids[start:stop], scorer=Indel.normalized_similarity, score_cutoff=cutoff
    )
    if found is None:
        return None
    at = start + found[2]
    return _Hit(found[1], group.lengths[at], group.positions[at], group.entries[at])


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
    translation: _Translation,
    *,
    tcomment: str,
    fuzzy: bool,
    previous: tuple[str | None, str | None, str | None],
) -> polib.POEntry:
    """Build an active entry: identity, notes, references and flags from the template."""
    return polib.POEntry(
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgctxt=entry.msgctxt,
        msgstr=translation.msgstr,
        msgstr_plural=translation.msgstr_plural,
        comment=entry.comment,
        tcomment=tcomment,
        occurrences=list(entry.occurrences),
        flags=_flags(entry.flags, fuzzy),
        previous_msgctxt=previous[0] if fuzzy else None,
        previous_msgid=previous[1] if fuzzy else None,
        previous_msgid_plural=previous[2] if fuzzy else None,
        encoding=entry.encoding,
    )


def _merge_exact(entry: polib.POEntry, old: polib.POEntry, nplurals: int) -> polib.POEntry:
    """Keep the old translation, translator comment and fuzzy state for an unchanged key."""
    translation = _adapt(entry, old, nplurals)
    plural_changed = (entry.msgid_plural or "") != (old.msgid_plural or "")
    refit = _is_plural(entry) and _is_plural(old) and len(old.msgstr_plural) != nplurals
    reshaped = (translation.reshaped or plural_changed or refit) and _has_translation(old)
    fuzzy = old.fuzzy or reshaped
    if old.fuzzy:
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural or None)
    tcomment = _with_note(old.tcomment, dropped_forms_note(old.msgstr_plural, nplurals) if _is_plural(entry) else "")
    return _from_template(entry, translation, tcomment=tcomment, fuzzy=fuzzy, previous=previous)


def _with_note(tcomment: str, note: str) -> str:
    if not note or note in tcomment:
        return tcomment
    return f"{tcomment}\n{note}" if tcomment else note


def _merge_fuzzy(entry: polib.POEntry, source: polib.POEntry, nplurals: int) -> polib.POEntry:
    """Give a new entry the translation of a similar old one, marked fuzzy with its previous msgid."""
    previous = (source.msgctxt, source.msgid, source.msgid_plural or None)
    return _from_template(
        entry, _adapt(entry, source, nplurals), tcomment=source.tcomment, fuzzy=True, previous=previous
    )


def _untranslated(entry: polib.POEntry, nplurals: int) -> polib.POEntry:
    forms = _empty_forms(nplurals) if _is_plural(entry) else {}
    return _from_template(
        entry, _Translation("", forms, reshaped=False), tcomment="", fuzzy=False,
        previous=(None, None, None),
    )


def _obsolete_entries(
    catalog: polib.POFile, used: set[int], template_keys: set[Key]
) -> list[tuple[polib.POEntry, bool]]:
    """Translated old entries not matched exactly, as obsolete copies, with "was active" flags."""
    kept: list[tuple[polib.POEntry, bool]] = []
    seen: set[Key] = set()
    for entry in catalog:
        if id(entry) in used or not _has_translation(entry):
            continue
        key = _key(entry)
        if key in template_keys or key in seen:
            # A duplicate key in the old catalog: a second copy would be a
            # "duplicate message definition" for gettext.
            logger.warning("dropping duplicate old entry %r (msgstr %r)", key, entry.msgstr)
            continue
        seen.add(key)
        kept.append((_copy_entry(entry, obsolete=True), not entry.obsolete))
    return kept


def _copy_entry(entry: polib.POEntry, *, obsolete: bool) -> polib.POEntry:
    return polib.POEntry(
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgctxt=entry.msgctxt,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        comment=entry.comment,
        tcomment=entry.tcomment,
        occurrences=list(entry.occurrences),
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=obsolete,
        encoding=entry.encoding,
    )


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
    return result
