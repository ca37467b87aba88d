"""Numbers and units in running text, compared by value across locales.

``2.5``, ``2,5``, ``٢٫٥`` and ``२.५`` are the same value; so are ``1,000``, ``1.000``, ``1 000`` and
``1 000`` (narrow no-break space) when they are read as thousands. A number in a translation matches
an English number when one of its plausible readings is the English value; when the reading the
locale's own conventions give is a different value (``1,000`` in Spanish reads as one), the match
carries a warning. A unit written right after a number (°C, %, mg, ...) is kept with it, under a
canonical name, so ``38 °C`` and ``38 ℃`` agree and ``38 °C`` and ``100 °F`` do not.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

_DECIMAL_MARKS = frozenset(".,\u066b")  # ٫ ARABIC DECIMAL SEPARATOR
_GROUP_MARKS = frozenset(",. \u00a0\u202f\u2009'\u2019\u066c")  # ٬ ARABIC THOUSANDS SEPARATOR
_SPACES = frozenset(" \u00a0\u202f\u2009")
_FRACTIONS = "\u00bc\u00bd\u00be\u2150-\u215e"
_NUMBER = re.compile(
    rf"(?<![\d.,\u066b\u066c])(\d+(?:[.,\u066b\u066c'\u2019\u00a0\u202f\u2009 ]\d+)*[{_FRACTIONS}]?|[{_FRACTIONS}])")
# Units after a number: (pattern, canonical name). Localized spellings map to the English symbol.
_UNITS: tuple[tuple[str, str], ...] = (
    (r"°\s?[CС]|º\s?C|℃|градус(?:а|ов)? Цельсия", "°C"),
    (r"°\s?F|º\s?F|℉", "°F"),
    (r"%|٪|％|‰", "%"),
    (r"mmol/[lL]|ммоль/л|毫摩尔/升", "mmol/L"),
    (r"mcg|µg|μg|мкг|微克|ميكروغرام", "mcg"),
    (r"mg|мг|毫克|ملغ|مغ|मिलीग्राम|मि\.ग्रा\.", "mg"),
    (r"kg|кг|公斤|千克|كغ|كجم|किलो(?:ग्राम)?", "kg"),
    (r"ml|mL|мл|毫升|مل|मिली(?:लीटर)?", "ml"),
    (r"cm|см|厘米|公分|سم|सेमी", "cm"),
    (r"mm|мм|毫米|مم|मिमी", "mm"),
    (r"g|г|克|غ|ग्राम", "g"),
    (r"[lL]|л|升|लीटर", "l"),
)
_UNIT = re.compile(r"[ \u00a0\u202f\u2009]?(" + "|".join(f"(?:{p})" for p, _ in _UNITS)
                   + r")(?![A-Za-z\u0400-\u04ff\u0600-\u06ff\u0900-\u097f])")
_UNIT_NAMES = [(re.compile(rf"(?:{p})$"), name) for p, name in _UNITS]
# What must not be read as a number: link references [text][1], placeholders, URLs, plural/format directives.
_NOT_NUMBERS = re.compile(r"\]\[\d+\]|\{[A-Za-z_][A-Za-z0-9_]*\}|\b(?:https?|ftp|mailto|data|file):[^\s)\]]*"
                          r"|%\(\w+\)[sdif]|\b[Nn]plurals=\d+")


@dataclass(frozen=True)
class Number:
    """A number as written in a text."""

    text: str
    start: int
    values: frozenset[Decimal]  # every plausible reading
    local: Decimal | None  # the reading under the text's locale conventions (None: not written that way)
    unit: str | None = None  # canonical unit written right after it

    @property
    def shown(self) -> str:
        return f"{self.text} {self.unit}" if self.unit else self.text

    @property
    def value(self) -> Decimal | None:
        if self.local is not None:
            return self.local
        return min(self.values) if len(self.values) == 1 else None


@dataclass(frozen=True)
class Comparison:
    """How the numbers of a translation relate to those of the English."""

    missing: tuple[Number, ...] = ()  # English numbers with no match in the translation
    added: tuple[Number, ...] = ()  # translation numbers with no match in the English
    misread: tuple[tuple[Number, Number], ...] = ()  # (English, translation): matched, but reads otherwise locally
    unit_changed: tuple[tuple[Number, Number], ...] = ()  # (English, translation): value kept, unit changed
    unit_missing: tuple[tuple[Number, Number], ...] = ()
    changed: tuple[tuple[Number, Number], ...] = field(default=())  # missing and added paired in order

    @property
    def ok(self) -> bool:
        return not (self.missing or self.added or self.misread or self.unit_changed or self.unit_missing)


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


@functools.cache
def _symbols(locale: str | None) -> tuple[str, frozenset[str]]:
    """The locale's decimal mark and group marks (spaces count as one mark)."""
    if not locale:
        return ".", frozenset(",")
    try:
        from babel.numbers import get_decimal_symbol, get_group_symbol
        decimal = get_decimal_symbol(locale)
        group = get_group_symbol(locale)
    except Exception:  # an unknown locale: English conventions
        return ".", frozenset(",")
    groups = {group}
    if group in _SPACES:
        groups |= _SPACES
    if decimal == "\u066b" or group == "\u066c":
        groups.add("\u066c")
    return decimal, frozenset(groups)


def _valid_grouping(groups: Sequence[str]) -> bool:
    """1-3 digits, then groups of three (1,000,000), or Indian style (1,00,000: twos, then a three)."""
    if not groups or not 1 <= len(groups[0]) <= 3:
        return False
    rest = groups[1:]
    if not rest:
        return True
    if all(len(g) == 3 for g in rest):
        return True
    return len(rest[-1]) == 3 and all(len(g) == 2 for g in rest[:-1]) and len(groups[0]) <= 2


def _readings(digits: list[str], seps: list[str]) -> dict[tuple[str | None, str | None], Decimal]:
    """Every reading of digit groups joined by separators: (group mark, decimal mark) → value."""
    out: dict[tuple[str | None, str | None], Decimal] = {}
    if not seps:
        out[(None, None)] = Decimal(digits[0])
        return out
    last = seps[-1]
    # all separators group thousands
    if len(set(_norm_sep(s) for s in seps)) == 1 and last in _GROUP_MARKS and _valid_grouping(digits):
        out[(_norm_sep(last), None)] = Decimal("".join(digits))
    # the last separator is the decimal mark; the others (if any) group
    if last in _DECIMAL_MARKS:
        head, head_seps = digits[:-1], seps[:-1]
        if not head_seps:
            out[(None, last)] = Decimal(f"{head[0]}.{digits[-1]}")
        elif (len(set(_norm_sep(s) for s in head_seps)) == 1 and head_seps[0] in _GROUP_MARKS
              and _norm_sep(head_seps[0]) != last and _valid_grouping(head)):
            out[(_norm_sep(head_seps[0]), last)] = Decimal(f"{''.join(head)}.{digits[-1]}")
    return out


def _norm_sep(sep: str) -> str:
    return " " if sep in _SPACES else sep


def _fraction(text: str) -> Decimal | None:
    if text and not text[-1].isdecimal() and unicodedata.numeric(text[-1], None) is not None:
        return Decimal(str(unicodedata.numeric(text[-1]))).quantize(Decimal("0.0001")).normalize()
    return None


def find_numbers(text: str, locale: str | None = None) -> list[Number]:
    """The numbers of a segment text, with their readings and units; ``locale`` None means English."""
    decimal, groups = _symbols(locale)
    masked = _NOT_NUMBERS.sub(lambda m: " " * len(m.group()), text)
    found: list[Number] = []
    for match in _NUMBER.finditer(masked):
        raw = match.group(1)
        fraction = _fraction(raw)
        body = raw[:-1] if fraction is not None else raw
        numbers: list[tuple[str, int, frozenset[Decimal], Decimal | None]] = []
        if body:
            ascii_body = _ascii_digits(body)
            parts = re.split(r"([^0-9])", ascii_body)
            digits, seps = parts[0::2], parts[1::2]
            readings = _readings(digits, seps)
            if readings:
                local = None
                for (group, dec), value in readings.items():
                    if (dec is None or dec == decimal or dec == "\u066b") and \
                            (group is None or group in {_norm_sep(g) for g in groups} or group == "\u066c"):
                        local = value
                        break
                numbers.append((body, match.start(), frozenset(_normal(v) for v in readings.values()),
                                _normal(local) if local is not None else None))
            else:  # not one number: each run of digits is one ("1, 2" written "1,2,3" or "2 3")
                offset = match.start()
                for run in re.finditer(r"\d+", body):
                    value = Decimal(_ascii_digits(run.group()))
                    numbers.append((run.group(), offset + run.start(), frozenset({value}), value))
        if fraction is not None:
            if numbers and body and numbers[-1][0] == body:  # 1½
                text_, start, values, local = numbers.pop()
                values = frozenset(v + fraction for v in values)
                numbers.append((raw, start, values, local + fraction if local is not None else None))
            else:
                numbers.append((raw, match.start(), frozenset({fraction}), fraction))
        unit = None
        unit_match = _UNIT.match(masked, match.end())
        if unit_match:
            unit = canonical_unit(unit_match.group(1))
        for i, (shown, start, values, local) in enumerate(numbers):
            found.append(Number(shown, start, values, local, unit if i == len(numbers) - 1 else None))
    return found


def canonical_unit(written: str) -> str | None:
    for pattern, name in _UNIT_NAMES:
        if pattern.match(written):
            return name
    return None


def _normal(value: Decimal) -> Decimal:
    try:
        return value.normalize() if value != 0 else Decimal(0)
    except InvalidOperation:  # pragma: no cover - digits only
        return value


def _matches(source: Number, target: Number) -> bool:
    return source.value in target.values if source.value is not None else bool(source.values & target.values)


def compare(source: Sequence[Number], target: Sequence[Number]) -> Comparison:
    """Match English numbers to translation numbers by value (a maximum bipartite matching)."""
    match_of_target: dict[int, int] = {}

    def candidates(i: int) -> list[int]:
        """Targets in order of preference: same unit first, then nearest in relative position."""
        where = i / max(len(source), 1)
        return sorted(range(len(target)), key=lambda j: (target[j].unit != source[i].unit,
                                                         abs(j / max(len(target), 1) - where)))

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates(i):
            number = target[j]
            if j in seen or not _matches(source[i], number):
                continue
            seen.add(j)
            if j not in match_of_target or augment(match_of_target[j], seen):
                match_of_target[j] = i
                return True
        return False

    # prefer exact local readings first so an ambiguous number does not take another's partner
    order = sorted(range(len(source)), key=lambda i: len(source[i].values))
    for i in order:
        augment(i, set())
    matched = {i: j for j, i in match_of_target.items()}
    missing = tuple(source[i] for i in range(len(source)) if i not in matched)
    added = tuple(target[j] for j in range(len(target)) if j not in match_of_target)
    misread, unit_changed, unit_missing = [], [], []
    for i, j in sorted(matched.items()):
        s, t = source[i], target[j]
        if t.local is not None and s.value is not None and t.local != s.value:
            misread.append((s, t))
        if s.unit and t.unit and s.unit != t.unit:
            unit_changed.append((s, t))
        elif s.unit and not t.unit:
            unit_missing.append((s, t))
    changed = tuple(zip(missing, added, strict=False))
    return Comparison(missing, added, tuple(misread), tuple(unit_changed), tuple(unit_missing), changed)


def describe(number: Number) -> str:
    """A number for a message: ``38 °C``, ``2.5 mg``."""
    return number.shown


def value_text(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
