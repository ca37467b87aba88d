"""Plural forms as GNU gettext reads them: a catalog's own Plural-Forms rule, msginit's table, CLDR's rule."""

from __future__ import annotations

import functools
import gettext
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.S)

# Numbers on which two rules are compared: every count a page or list shows, and the large round
# numbers for which CLDR gives some languages a form of their own ("1 millón de páginas").
SAMPLE = (*range(0, 1001), 10_000, 100_000, 1_000_000, 2_000_000, 10_000_000, 1_000_000_000)

# The table GNU gettext 0.21's msginit writes (gettext-tools/src/plural-table.c), which Poedit,
# Lokalize and most existing catalogs follow. Languages it does not list get CLDR's rule.
MSGINIT_TABLE: dict[str, str] = {
    "be": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "bg": "nplurals=2; plural=(n != 1);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "da": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "eo": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "et": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);",
    "fo": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "he": "nplurals=2; plural=(n != 1);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "hu": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "nb": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "nn": "nplurals=2; plural=(n != 1);",
    "no": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pt": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sv": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "vi": "nplurals=1; plural=0;",
}


class PluralFormsError(ValueError):
    """A Plural-Forms value that gettext cannot use; the message says why."""


@dataclass(frozen=True)
class PluralRule:
    """One Plural-Forms rule: how many forms, and the C expression that picks one for a number."""

    nplurals: int
    expr: str

    @property
    def header(self) -> str:
        """The value of the Plural-Forms header field."""
        return f"nplurals={self.nplurals}; plural={self.expr};"

    def form(self, n: int) -> int:
        """The index of the form gettext picks for ``n``."""
        return int(_compiled(self.expr)(n))


@functools.cache
def _compiled(expr: str) -> Callable[[int], int]:
    return gettext.c2py(expr)  # the standard library parses C syntax; it never evaluates raw text


def parse_plural_forms(value: str) -> PluralRule:
    """Read a Plural-Forms value as gettext does; raise PluralFormsError when it cannot be used."""
    match = _HEADER.match(value)
    if not match:
        raise PluralFormsError(f"Plural-Forms {value!r} is not of the form 'nplurals=N; plural=EXPRESSION;'")
    nplurals, expr = int(match.group(1)), match.group(2)
    if not 1 <= nplurals <= 10:
        raise PluralFormsError(f"nplurals={nplurals} must be between 1 and 10")
    try:
        rule = _compiled(expr)
        for n in SAMPLE:
            index = int(rule(n))
            if not 0 <= index < nplurals:
                raise PluralFormsError(f"the plural expression gives form {index} for n={n}, but nplurals={nplurals}")
    except (ValueError, ZeroDivisionError, RecursionError, OverflowError, MemoryError, SyntaxError) as exc:
        if isinstance(exc, PluralFormsError):
            raise
        raise PluralFormsError(f"the plural expression {expr!r} is not a valid C expression ({exc})") from None
    return PluralRule(nplurals, expr)


def cldr_rule(code: str) -> PluralRule:
    """CLDR's plural rule for a locale, as the installed Babel gives it (it changes with CLDR releases)."""
    from babel.messages.plurals import get_plural  # Babel only where CLDR is needed: update starts fast

    plural = get_plural(code)
    return PluralRule(plural.num_plurals, plural.plural_expr)


def msginit_rule(code: str) -> PluralRule | None:
    """The rule GNU msginit writes for a locale (full name first, then the language), or None."""
    language = code.split("_")[0]
    value = MSGINIT_TABLE.get(code) or MSGINIT_TABLE.get(language)
    return parse_plural_forms(value) if value else None


def default_rule(code: str) -> PluralRule:
    """The rule a new catalog gets: msginit's where it has one (what translators' tools expect), else CLDR's."""
    return msginit_rule(code) or cldr_rule(code)


def differing_numbers(rule: PluralRule, reference: PluralRule, limit: int = 5) -> list[int]:
    """Numbers for which ``rule`` picks another form than ``reference`` (at most ``limit``).

    Forms are matched by what they are used for, not by index: each form of ``rule`` stands for the
    reference form it most often coincides with, so a rule with fewer forms is compared fairly.
    """
    pairs = [(rule.form(n), reference.form(n)) for n in SAMPLE]
    mine_to_theirs = _stands_for(pairs)
    if mine_to_theirs is not None:
        found = [n for n, (mine, theirs) in zip(SAMPLE, pairs, strict=True) if mine_to_theirs[mine] != theirs]
    else:  # the rule has more forms than the reference: compare from the reference's side
        theirs_to_mine = _stands_for([(theirs, mine) for mine, theirs in pairs]) or {}
        found = [n for n, (mine, theirs) in zip(SAMPLE, pairs, strict=True) if theirs_to_mine.get(theirs) != mine]
    return found[:limit]


def _stands_for(pairs: list[tuple[int, int]]) -> dict[int, int] | None:
    """Each left form → the right form it most often coincides with; None when two share one."""
    votes: dict[int, Counter[int]] = {}
    for left, right in pairs:
        votes.setdefault(left, Counter())[right] += 1
    meaning = {left: counter.most_common(1)[0][0] for left, counter in votes.items()}
    return meaning if len(set(meaning.values())) == len(meaning) else None
