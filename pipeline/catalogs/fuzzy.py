"""Fuzzy sources for new template strings: msgmerge's choice, among the plausible old translations only."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from operator import add
from typing import TYPE_CHECKING

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

if TYPE_CHECKING:
    from pipeline.content.model import Key

__all__ = ["FUZZY_THRESHOLD", "PLAUSIBLE_SIMILARITY", "FuzzyIndex", "build_index", "find_fuzzy", "plausible_source",
           "similarity"]

log = logging.getLogger(__name__)


#: gettext's FUZZY_THRESHOLD: a fuzzy source needs fstrcmp(new, old) >= 0.6.
FUZZY_THRESHOLD = 0.6
_THRESHOLD = (3, 5)  # 0.6 as numerator and denominator, decided in integers
# rapidfuzz turns a score_cutoff into a distance bound with float rounding and
# misses scores exactly equal to it; cut off this much lower, then decide the
# threshold exactly in integers (_reaches_threshold).
_SLACK = 1e-6
#: What a fuzzy source of a sentence must also reach on its words (plausible_source).
PLAUSIBLE_SIMILARITY = 0.6
_PLAUSIBLE = (3, 5)
_WORD = re.compile(r"\w+")
_BONUS = 0.00001  # msgmerge's advantage for a source of the same context (or of none)
_CANDIDATES = 5  # best-scoring candidates examined per new msgid
_WORD_CANDIDATES = 50  # sources sharing the most words examined per new sentence
_FEW_WORDS = 4  # strings of this many words or fewer are also found by their single words
_VISIT_BUDGET = 128  # postings read per new sentence (the candidate cap)
_SHORT_MSG_MAX = 28  # gettext's SHORT_MSG_MAX: bytes of the short msgids msgmerge compares without 4-grams

@dataclass(frozen=True)
class _Group:
    """Translated old entries, sorted by msgid length, then catalog position."""

    lengths: tuple[int, ...]
    positions: tuple[int, ...]
    msgids: tuple[str, ...]
    entries: tuple[polib.POEntry, ...]
    words: tuple[str, ...]  # each msgid's words, one character per distinct word (_Words)
    postings: dict[str, list[int]]  # key of _keys (a word, a pair of words) -> indexes of the msgids holding it


class _Codes(dict[str, str]):
    """Word -> its character; a word not seen before gets the next one."""

    def __missing__(self, word: str) -> str:
        code = self[word] = chr(0x10000 + len(self))
        return code


class _Words:
    """Words as single characters, so that rapidfuzz compares word sequences as short strings."""

    def __init__(self) -> None:
        self.codes = _Codes()

    def encode(self, text: str, learn: bool = True) -> str:
        """The words of ``text`` as characters; unless ``learn``, a word not seen before becomes one character
        that no known word has (so it matches nothing) and is not remembered."""
        words = _WORD.findall(text.casefold())
        if learn:
            return "".join(map(self.codes.__getitem__, words))
        codes = self.codes
        unknown = chr(0x10000 + len(codes))
        return "".join([codes.get(word, unknown) for word in words])


@dataclass(frozen=True)
class FuzzyIndex:
    """Candidate fuzzy sources (of every msgctxt, as msgmerge), in two parts.

    ``likely``: old entries whose key left the template; an edited string's
    source is there, and its score narrows the search in ``stable``: the old
    entries still in the template (msgmerge also offers those).
    """

    likely: _Group | None
    stable: _Group | None
    words: _Words
    every: _Group | None  # both parts in one, with the inverted index of their words (sentences are searched there)


# A candidate: its score on characters, msgid length, catalog position, entry, and its words (_Words)
# when known ("" for strings of two words or fewer, which need no plausibility check).
_Hit = tuple[float, int, int, polib.POEntry, str]


def similarity(a: str, b: str) -> float:
    """Return gettext's fstrcmp measure: 2 * LCS / (len(a) + len(b)), 1.0 for two empty strings."""
    return Indel.normalized_similarity(a, b)


def build_index(catalog: polib.POFile, template_keys: set[Key], wanted: Iterable[str] | None = None) -> FuzzyIndex:
    """Translated old entries (active or obsolete), sorted by msgid length.

    ``wanted``: the msgids that will be looked up (all of them); the index then holds only what
    their lookups read: the inverted index only the words and pairs they have, and each part only
    when a lookup searches it (strings of more than two words search ``every``, others the two parts).
    """
    likely: list[tuple[int, int, polib.POEntry]] = []
    stable: list[tuple[int, int, polib.POEntry]] = []
    for position, entry in enumerate(catalog):
        if entry.msgid and _has_translation(entry):
            part = stable if (entry.msgctxt, entry.msgid) in template_keys else likely
            part.append((len(entry.msgid), position, entry))
    words = _Words()
    if wanted is None:
        return FuzzyIndex(likely=_group(likely), stable=_group(stable), words=words,
                          every=_group(likely + stable, words))
    encoded = [words.encode(msgid) for msgid in wanted]
    sentences = [text for text in encoded if len(text) > 2]
    short = len(sentences) < len(encoded)
    keys: set[str] = set().union(*map(_keys, sentences))
    return FuzzyIndex(likely=_group(likely) if short else None, stable=_group(stable) if short else None,
                      words=words, every=_group(likely + stable, words, keys) if sentences else None)


def _group(items: list[tuple[int, int, polib.POEntry]], words: _Words | None = None,
           keys: set[str] | None = None) -> _Group | None:
    """The entries sorted by msgid length; with ``words``, also their words and the inverted index of those
    (of the ``keys`` only, when given)."""
    if not items:
        return None
    items.sort()  # by length, then position (positions differ: entries are never compared)
    encoded: tuple[str, ...] = ()
    postings: defaultdict[str, list[int]] = defaultdict(list)
    if words is not None:
        encoded = tuple([words.encode(item[2].msgid) for item in items])
        for at, text in enumerate(encoded):
            found = _keys(text) if keys is None else keys.intersection(_key_iter(text))
            for key in found:
                postings[key].append(at)
    return _Group(
        lengths=tuple([item[0] for item in items]),
        positions=tuple([item[1] for item in items]),
        msgids=tuple([item[2].msgid for item in items]),
        entries=tuple([item[2] for item in items]),
        words=encoded,
        postings=postings,
    )


def _keys(words: str) -> set[str]:
    """What the inverted index holds of a string's words: each pair of words in order at most one word
    apart (so that a pair survives a word inserted, deleted or swapped next to it), and for a string of
    few words, where pairs are few, each word too."""
    return set(_key_iter(words))


def _key_iter(words: str) -> Iterable[str]:
    """The keys of :func:`_keys`, some more than once."""
    pairs = chain(map(add, words, words[1:]), map(add, words, words[2:]))
    return chain(pairs, words) if len(words) <= _FEW_WORDS else pairs


def find_fuzzy(index: FuzzyIndex, entry: polib.POEntry) -> polib.POEntry | None:
    """The old entry msgmerge would take as fuzzy source, if it is also a plausible one; else None.

    msgmerge's choice: the most similar translated old entry of any context (fstrcmp >= 0.6), a
    same-context (or context-free) source winning ties, among the entries that share a 4-gram of
    characters with the new msgid (for msgids shorter than 4 characters: short entries of a
    close length). Plausible (:func:`plausible_source`): for sentences, the words mostly kept
    in order, so that an unrelated sentence built from the same common words is not offered
    to the translator as a draft (translate-toolkit's pot2po also compares words).
    """
    msgid = entry.msgid
    hits: list[_Hit] = []
    words = index.words.encode(msgid, learn=False)
    sentence = len(words) > 2
    if sentence:
        # Only plausible sources can be chosen: look among those first, on their words (fast).
        if index.every is not None:
            hits = _plausible_candidates(index.every, msgid, words)
    else:
        cutoff = FUZZY_THRESHOLD
        for group in (index.likely, index.stable):
            if group is not None:
                found = _candidates(group, msgid, cutoff)
                hits += found
                cutoff = max([cutoff, *(hit[0] for hit in found)]) - 2 * _BONUS
    context = entry.msgctxt

    def rank(hit: _Hit) -> tuple[float, int, int]:
        # msgmerge's order: the score, with its bonus for a source of the same context (or of none),
        # then the shorter msgid, then the earlier entry.
        bonus = _BONUS if hit[3].msgctxt is None or hit[3].msgctxt == context else 0.0
        return (hit[0] + bonus, -hit[1], -hit[2])

    grams = _grams(msgid)
    for hit in sorted(hits, key=rank, reverse=True):  # the best hit that passes every test
        old = hit[3].msgid
        if (_reaches_threshold(msgid, old) and _msgmerge_sees(msgid, old, grams)
                and (not sentence or _plausible_words(words, hit[4]))):
            return hit[3]
    return None


def _candidates(group: _Group, msgid: str, score: float) -> list[_Hit]:
    """The few most similar entries of ``group`` that score at least ``score``."""
    # Indel similarity is at most 2 * min(L, l) / (L + l): only lengths l in
    # [s * L / (2 - s), L * (2 - s) / s] can reach s (bounds widened for rounding).
    cutoff = score - _SLACK
    length = len(msgid)
    start = bisect_left(group.lengths, int(cutoff * length / (2 - cutoff)))
    stop = bisect_right(group.lengths, int(length * (2 - cutoff) / cutoff) + 1)
    if start >= stop:
        return []
    found = process.extract(msgid, group.msgids[start:stop], scorer=Indel.normalized_similarity,
                            score_cutoff=cutoff, limit=_CANDIDATES)
    return [(score, group.lengths[start + at], group.positions[start + at], group.entries[start + at], "")
            for _, score, at in found]


def _plausible_candidates(group: _Group, msgid: str, words: str) -> list[_Hit]:
    """Likely plausible entries of ``group`` for ``msgid`` (its words kept in order), scored on characters.

    A search-engine lookup with a candidate cap, so that a merge grows as n log n and not n²: the
    entries holding one of the new string's words or word pairs (:func:`_keys`), rarest first, at
    most ``_VISIT_BUDGET`` postings read (a word or pair too common to tell entries apart is
    skipped, as a stop word); of those, the best ``_WORD_CANDIDATES`` on their words in order
    (Indel similarity >= 0.6), then scored on characters. Keys are taken in a fixed order (rarest,
    then by value), so that the result does not depend on the hash seed.
    """
    postings = group.postings
    lists = sorted((found for key in sorted(_keys(words)) if (found := postings.get(key))), key=len)
    visited = 0
    for taken, found in enumerate(lists):
        visited += len(found)
        if visited > _VISIT_BUDGET:
            lists = lists[:taken]
            break
    if not lists:
        return []
    ordered = sorted(set(chain.from_iterable(lists)))
    found_words = process.extract(words, [group.words[at] for at in ordered], scorer=Indel.normalized_similarity,
                                  score_cutoff=PLAUSIBLE_SIMILARITY - _SLACK, limit=_WORD_CANDIDATES)
    found = [ordered[position] for _, _, position in found_words]
    scored = process.extract(msgid, [group.msgids[at] for at in found], scorer=Indel.normalized_similarity,
                             score_cutoff=FUZZY_THRESHOLD - _SLACK, limit=None)
    hits: list[_Hit] = []
    for _, score, index in scored:
        at = found[index]
        hits.append((score, group.lengths[at], group.positions[at], group.entries[at], group.words[at]))
    return hits


def _reaches_threshold(new: str, old: str) -> bool:
    """Exactly fstrcmp(new, old) >= 0.6, with (total - distance) / total in integers."""
    total = len(new) + len(old)
    common = total - Indel.distance(new, old)
    return common * _THRESHOLD[1] >= total * _THRESHOLD[0]


def _grams(new: str) -> set[str] | None:
    """The 4-grams of characters of ``new`` that msgmerge's index looks up; None for a short msgid."""
    if len(new.encode("utf-8")) < 4 or len(new) < 4:
        return None
    return {new[i:i + 4] for i in range(len(new) - 3)}


def _msgmerge_sees(new: str, old: str, grams: set[str] | None) -> bool:
    """Whether msgmerge's fuzzy index offers ``old`` for ``new`` (gettext's msgl-fsearch.c); ``grams``:
    :func:`_grams` of ``new``."""
    if grams is None:
        return len(old.encode("utf-8")) <= _SHORT_MSG_MAX
    return any(old[i:i + 4] in grams for i in range(len(old) - 3))


def plausible_source(new: str, old: str) -> bool:
    """Whether ``old`` is close enough to ``new`` for its translation to be a useful fuzzy draft.

    Like translate-toolkit's pot2po, which also compares the words and not only the characters:
    for a new string of more than two words, the source must keep its words in order as much as
    msgmerge asks of the characters (Indel similarity of the word sequences >= 0.6). Otherwise an
    unrelated sentence made of the same common words and letters reaches msgmerge's 0.6 on
    characters, and the translator is offered a wrong draft. Shorter strings are left to msgmerge's measure.
    """
    words = _Words()
    new_words, old_words = words.encode(new), words.encode(old)
    return len(new_words) <= 2 or _plausible_words(new_words, old_words)


def _plausible_words(new_words: str, old_words: str) -> bool:
    """The test of :func:`plausible_source` on the two strings' words, encoded by one :class:`_Words`."""
    total = len(new_words) + len(old_words)
    common = total - Indel.distance(new_words, old_words)  # twice the words kept in order
    return common * _PLAUSIBLE[1] >= total * _PLAUSIBLE[0]


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())
