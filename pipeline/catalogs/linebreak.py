"""UAX #14 line breaking and column widths exactly as libunistring 1.0 does them.

GNU gettext 0.21 wraps PO strings with libunistring's ``ulc_width_linebreaks``
(the ``_v2`` entry points).  This module reproduces that: the break-opportunity
algorithm of ``u8_possible_linebreaks`` (UAX #14 pair table plus libunistring's
rules for spaces, combining marks, ZWJ, regional indicators and Hebrew+hyphen),
the greedy filling of ``u8_width_linebreaks`` and the column widths of
``uc_width`` for the "UTF-8" encoding.

The tables come from the installed libunistring 1.0: see :mod:`pipeline.catalogs.linebreak_tables`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate

from pipeline.catalogs.linebreak_tables import CLASS, CLASS_STARTS, CLASS_VALUES, PAIR_ROWS, WIDTH_STARTS, WIDTH_VALUES

# Break values, as in libunistring's <unilbrk.h>.
UNDEFINED = 0
PROHIBITED = 1
POSSIBLE = 2
MANDATORY = 3
CR_BEFORE_LF = 5

HY, BA, AL, ID, HL, RI, ZWJ = (CLASS[n] for n in "HY BA AL ID HL RI ZJ".split())
BK, CR, LF, CM, ZW, SP = (CLASS[n] for n in "BK CR LF CM ZW SP".split())
_HL_BA = -1  # pseudo class: Hebrew letter followed by HY or BA (rule LB21a)


@lru_cache(maxsize=4096)
def line_break_class(char: str) -> int:
    """Return the resolved line breaking class number of one character."""
    return CLASS_VALUES[bisect_right(CLASS_STARTS, ord(char)) - 1]


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Return the column width of one character (uc_width; controls count 0)."""
    return WIDTH_VALUES[bisect_right(WIDTH_STARTS, ord(char)) - 1]


def possible_breaks(text: str) -> list[int]:
    """Return, per character, whether a line may break before it.

    This is libunistring 1.0's ``u8_possible_linebreaks_v2`` on code points:
    each value is PROHIBITED, POSSIBLE, MANDATORY or CR_BEFORE_LF.  The text is
    taken in runs of non-spaces: after a run of spaces (class SP, U+0020 only)
    the algorithm's state is the class of the last non-space character alone,
    so each run's values are computed once per (run, state) and reused.
    """
    if " " not in text:
        return list(_run_breaks(text, BK, BK, False)[0])
    result: list[int] = []
    last_prop = BK
    first = True
    for run in _RUNS.findall(text):
        if run[0] == " ":
            result += [PROHIBITED] * len(run)  # never a break before a space
            first = False
            continue
        values, last_prop = (_run_breaks(run, BK, BK, False) if first
                             else _run_breaks(run, SP, last_prop, True))
        first = False
        result += values
    return result


_RUNS = re.compile(r" +|[^ ]+")


@lru_cache(maxsize=65536)
def _run_places(text: str, prev_prop: int, last_prop: int, seen_space: bool) -> tuple[tuple[tuple[int, int], ...], int]:
    values, last = _run_breaks(text, prev_prop, last_prop, seen_space)
    return tuple((index, kind) for index, kind in enumerate(values) if kind != PROHIBITED), last


@lru_cache(maxsize=65536)
def _run_breaks(text: str, prev_prop: int, last_prop: int, seen_space: bool) -> tuple[tuple[int, ...], int]:
    """Break values of a run of characters from the given state, and the state's last class after it."""
    result = [PROHIBITED] * len(text)
    ri_count = 0
    for i, char in enumerate(text):
        prop = line_break_class(char)
        if prop in (BK, LF, CR):
            result[i] = MANDATORY
            if prev_prop == CR and prop == LF:
                result[i - 1] = CR_BEFORE_LF
            prev_prop = prop
            last_prop = BK
            seen_space = False
        else:
            if prop == SP:
                seen_space = True
            elif prop == ZW:
                last_prop = ZW
                seen_space = False
            elif prop in (CM, ZWJ):
                if last_prop == BK:
                    last_prop = AL
                    seen_space = False
                elif last_prop == ZW or seen_space:
                    result[i] = POSSIBLE
                    last_prop = AL
                    seen_space = False
            else:
                result[i] = _pair_break(last_prop, prev_prop, prop, seen_space, ri_count)
                last_prop = prop
                seen_space = False
            hebrew_hyphen = prev_prop == HL and prop in (HY, BA)
            prev_prop = _HL_BA if hebrew_hyphen else prop
        ri_count = ri_count + 1 if prop == RI else 0
    return tuple(result), last_prop


def _pair_break(last: int, prev: int, prop: int, seen_space: bool, ri_count: int) -> int:
    """Decide a break before a character of class PROP that is looked up in the table."""
    if last == BK:
        return PROHIBITED
    if last == ZW:
        return POSSIBLE
    if prev == ZWJ:
        return PROHIBITED
    if last == RI and prop == RI:
        return POSSIBLE if seen_space or ri_count % 2 == 0 else PROHIBITED
    if prev == _HL_BA:
        return PROHIBITED
    kind = PAIR_ROWS[last][prop]
    if kind == 1 or (kind == 2 and seen_space):
        return POSSIBLE
    return PROHIBITED


def width_breaks(text: str, width: int, start_column: int, overrides: Sequence[int] | None) -> list[bool]:
    """Return, per character, whether ``u8_width_linebreaks_v2`` breaks before it.

    OVERRIDES holds UNDEFINED or a break value per character that replaces the
    computed one (None: no overrides).  Breaks are placed greedily at the last opportunity before
    the text would pass WIDTH columns; a mandatory break restarts at column 0
    but is not reported (gettext does not act on it).
    """
    breaks = [False] * len(text)
    for index in break_positions(text, width, start_column, overrides):
        breaks[index] = True
    return breaks


def break_positions(text: str, width: int, start_column: int, overrides: Sequence[int] | None) -> list[int]:
    """The indexes of the characters ``width_breaks`` breaks before, in order."""
    size = len(text)
    ascii_only = text.isascii()
    if start_column + (size if ascii_only else sum(map(char_width, text))) <= width:
        return []  # everything fits: no break is ever inserted
    # Column offset of each character from the start of the text (controls count 0 columns).
    if ascii_only and not _ASCII_ZERO_WIDTH.search(text):
        column: Sequence[int] = range(size + 1)
    else:
        column = list(accumulate(map(char_width, text), initial=0))
    if overrides is None:
        if ascii_only and _PRINTABLE_ASCII.fullmatch(text):
            return _greedy_ascii(text, width, start_column)
        return _greedy_runs(text, width, start_column, column)
    possible = possible_breaks(text)
    kinds = (override if override != UNDEFINED else computed
             for override, computed in zip(overrides, possible, strict=True))
    places = [(i, kind) for i, kind in enumerate(kinds) if kind != PROHIBITED]
    found: list[int] = []
    last_break: int | None = None
    last_column = start_column
    piece_start = 0  # the piece since the last opportunity starts here
    for i, kind in places:
        if last_break is not None and last_column + column[i] - column[piece_start] > width:
            found.append(last_break)
            last_column = 0
        if kind in (MANDATORY, CR_BEFORE_LF):
            last_break = None
            last_column = 0
            piece_start = i + 1
        elif kind == POSSIBLE:
            last_break = i
            last_column += column[i] - column[piece_start]
            piece_start = i
    if last_break is not None and last_column + column[size] - column[piece_start] > width:
        found.append(last_break)
    return found


_ASCII_ZERO_WIDTH = re.compile(r"[\x00-\x1f\x7f]")
_PRINTABLE_ASCII = re.compile(r"[ -~]*")


def _greedy_runs(text: str, width: int, start_column: int, column: Sequence[int]) -> list[int]:
    """``break_positions`` without overrides, visiting the opportunities run by run (the same greedy filling)."""
    found: list[int] = []
    last_break: int | None = None
    last_column = start_column
    piece_start = 0
    offset = 0
    last_prop = BK
    for run in _RUNS.findall(text):
        if run[0] != " ":
            places, last_prop = (_run_places(run, BK, BK, False) if offset == 0
                                 else _run_places(run, SP, last_prop, True))
            for index, kind in places:
                i = offset + index
                if last_break is not None and last_column + column[i] - column[piece_start] > width:
                    found.append(last_break)
                    last_column = 0
                if kind == POSSIBLE:
                    last_break = i
                    last_column += column[i] - column[piece_start]
                    piece_start = i
                else:  # MANDATORY or CR_BEFORE_LF
                    last_break = None
                    last_column = 0
                    piece_start = i + 1
        offset += len(run)
    if last_break is not None and last_column + column[offset] - column[piece_start] > width:
        found.append(last_break)
    return found


def _greedy_ascii(text: str, width: int, start_column: int) -> list[int]:
    """``_greedy_runs`` for printable ASCII (one column a character), jumping from line end to line end.

    The greedy filling ends each line at the last opportunity that fits (or, when none fits, at the
    first one after): only the runs around each line's end are looked at, not every opportunity.
    """
    found: list[int] = []
    line_start, budget, size = 0, width - start_column, len(text)
    while size - line_start > budget:
        limit = line_start + budget  # a line may end before this index at the latest
        end = _last_opportunity(text, line_start, limit)
        if end is None:
            end = _next_opportunity(text, max(limit, line_start))
            if end is None:
                break
        found.append(end)
        line_start, budget = end, width
    return found


def _run_opportunities(text: str, start: int) -> tuple[list[int], int]:
    """The opportunities inside the run of non-spaces starting at ``start``, and the run's end.

    For printable ASCII, the state a run starts in is the class of the last character before it
    (what ``_run_breaks`` returns as its state).
    """
    end = text.find(" ", start)
    end = len(text) if end < 0 else end
    if start == 0:
        inside, _ = _run_places(text[:end], BK, BK, False)
    else:
        before = len(text[:start].rstrip(" "))
        inside, _ = _run_places(text[start:end], SP, line_break_class(text[before - 1]) if before else BK, True)
    return [start + index for index, kind in inside if kind == POSSIBLE], end


def _last_opportunity(text: str, low: int, limit: int) -> int | None:
    """The last opportunity in (low, limit], or None."""
    at = limit
    while at > low:
        if text[at] == " ":
            at = len(text[:at].rstrip(" ")) - 1
            continue
        start = text.rfind(" ", 0, at) + 1
        places, _ = _run_opportunities(text, start)
        fitting = [place for place in places if low < place <= limit]
        if fitting:
            return fitting[-1]
        at = start - 1
    return None


def _next_opportunity(text: str, after: int) -> int | None:
    """The first opportunity after index ``after``, or None."""
    at = after + 1
    while at < len(text):
        if text[at] == " ":
            at = len(text) - len(text[at:].lstrip(" "))
            continue
        places, end = _run_opportunities(text, text.rfind(" ", 0, at) + 1)
        later = [place for place in places if place > after]
        if later:
            return later[0]
        at = end
    return None
