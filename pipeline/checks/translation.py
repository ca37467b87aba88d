"""Checks of one translation against its English, and of one English text against its previous version.

Placeholders, inline markup and links (as the renderer's parser reads them), numbers and units (by
value, in the locale's digits and marks), translations identical to the English, whitespace and line
breaks, sentence count and length, and glossary terms. Each check reports through
``add(severity, code, message)``. The meaning-change guard says what changed in an English text that a
fuzzy translation was made for: a number, a negation, a glossary term or a placeholder.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.catalogs.glossary import EMPTY, Glossary
from pipeline.checks.numbers import compare, find_numbers
from pipeline.checks.unsafe import URL
from pipeline.content.inline import _segment_parser, allowed_tag, render_text
from pipeline.content.model import PLACEHOLDERS

_BRACES = re.compile(r"\{[^{}\n]{0,60}\}")
_PLACEHOLDER_LIKE = re.compile(r"^\{\s*[^\W\d][\w .-]*\s*\}$")
_CLINIC = re.compile(r"^\{(clinic_[a-z_]+)\}$")
_PY_FORMAT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_REF = re.compile(r"\]\[\s*(\d+)\s*\]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|[。！？]+|[।॥؟۔]")

# Grammatical negations (any word ending in n't counts too).
NEGATIONS = frozenset("not no never none nothing nobody nowhere neither nor without cannot".split())


@dataclass
class _Markup:
    emphasis: int = 0
    strong: int = 0
    code: list[str] = field(default_factory=list)
    hardbreaks: int = 0
    refs: Counter[int] = field(default_factory=Counter)  # [text][n] → how often
    inline: list[str] = field(default_factory=list)  # [text](url) targets
    empty_links: int = 0
    stray_stars: bool = False
    struck: int = 0  # ~~strikethrough~~
    footnotes: Counter[int] = field(default_factory=Counter)  # [^n] → how often
    elements: Counter[str] = field(default_factory=Counter)  # allowed inline HTML (<sub>, <abbr ...>) → how often


@functools.lru_cache(maxsize=8192)
def parse_markup(text: str) -> _Markup:
    """Inline markup of segment text, as the renderer's parser reads it (cached: do not modify the result)."""
    numbers = {int(n) for n in _REF.findall(text)} | set(range(1, 10))
    env = {"references": {str(n): {"href": f"#ref-{n}", "title": ""} for n in numbers}}
    parsed = _segment_parser().parseInline(text, env)
    children = parsed[0].children or [] if parsed else []
    out = _Markup()
    link_text: list[str] | None = None
    for token in children:
        kind = token.type
        if kind == "em_open":
            out.emphasis += 1
        elif kind == "strong_open":
            out.strong += 1
        elif kind == "code_inline":
            out.code.append(token.content)
            if link_text is not None:
                link_text.append(token.content)
        elif kind == "hardbreak":
            out.hardbreaks += 1
        elif kind == "s_open":
            out.struck += 1
        elif kind == "footnote_ref":
            out.footnotes[int(token.meta["n"])] += 1
        elif kind == "html_inline":
            canonical = allowed_tag(token.content)
            if canonical is not None and not canonical.startswith("</"):
                out.elements[canonical.split()[0].rstrip(">") + ">"] += 1
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            if href.startswith("#ref-"):
                out.refs[int(href[5:])] += 1
            else:
                out.inline.append(href)
            link_text = []
        elif kind == "link_close":
            if link_text is not None and not "".join(link_text).strip():
                out.empty_links += 1
            link_text = None
        elif kind == "text":
            if link_text is not None:
                link_text.append(token.content)
            if "*" in token.content:
                out.stray_stars = True
    return out


@functools.lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    try:
        return render_text(text)
    except Exception:  # pragma: no cover - the parser accepts any text
        return text


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def check_placeholders(source: str, target: str, add) -> None:
    want = Counter(m.group(1) for m in map(_CLINIC.match, _BRACES.findall(source)) if m)
    have: Counter[str] = Counter()
    for brace in _BRACES.findall(target):
        match = _CLINIC.match(brace)
        if match and match.group(1) in want:
            have[match.group(1)] += 1
        elif match and match.group(1) in PLACEHOLDERS:
            add("error", "placeholder-added", f"{brace} is not in the English; keep only the English's "
                                              "placeholders (" + (", ".join(f"{{{p}}}" for p in want) or "none") + ")")
        elif _PLACEHOLDER_LIKE.match(brace) and brace not in source and not brace.startswith(("{{", "{%")):
            add("error", "placeholder-unknown", f"{brace} is not a placeholder of the English; placeholder names "
                                                "are never translated (" +
                (", ".join(f"{{{p}}}" for p in want) or "the English has none") + ")")
    for name, count in want.items():
        if have[name] < count:
            add("error", "placeholder-missing", f"{{{name}}} is missing; copy it unchanged from the English"
                if have[name] == 0 else f"{{{name}}} appears {have[name]} time(s), the English has it {count} times")
        elif have[name] > count:
            add("warning", "placeholder-repeated", f"{{{name}}} appears {have[name]} times, the English has it "
                                                   f"{count} time(s)")
    src_fmt, tgt_fmt = Counter(_PY_FORMAT.findall(source)), Counter(_PY_FORMAT.findall(target))
    if src_fmt != tgt_fmt and (src_fmt or tgt_fmt):
        missing = sorted((src_fmt - tgt_fmt).elements())
        extra = sorted((tgt_fmt - src_fmt).elements())
        parts = ([f"missing {', '.join(missing)}"] if missing else []) \
            + ([f"added {', '.join(extra)}"] if extra else [])
        add("error", "format-mismatch", "format directives differ from the English: " + "; ".join(parts))


def check_markup(source: str, target: str, links: Sequence[str], link_map: Mapping[str, str], add) -> None:
    src, tgt = parse_markup(source), parse_markup(target)
    hint = (" (a ** or * next to punctuation or CJK text may not count as markup: put it around whole words, "
            "or add a space)" if tgt.stray_stars else "")
    if src.emphasis != tgt.emphasis:
        add("error", "markup-emphasis", f"*emphasis*: the English has {src.emphasis}, the translation "
                                        f"{tgt.emphasis}{hint}")
    if src.strong != tgt.strong:
        add("error", "markup-strong", f"**strong**: the English has {src.strong}, the translation {tgt.strong}{hint}")
    if len(src.code) != len(tgt.code):
        add("error", "markup-code", f"`code`: the English has {len(src.code)}, the translation {len(tgt.code)}")
    elif Counter(src.code) != Counter(tgt.code):
        changed = sorted(set(src.code) - set(tgt.code))
        add("warning", "markup-code", f"`code` text differs from the English ({', '.join(map(repr, changed))}); "
                                      "code is usually kept as written")
    if src.struck != tgt.struck:
        add("error", "markup-strikethrough", f"~~struck out~~: the English has {src.struck}, the translation "
                                             f"{tgt.struck}")
    if src.footnotes != tgt.footnotes:
        add("error", "markup-footnote", "footnote references differ: the English has "
            + (", ".join(f"[^{n}]" for n in sorted(src.footnotes.elements())) or "none") + ", the translation "
            + (", ".join(f"[^{n}]" for n in sorted(tgt.footnotes.elements())) or "none"))
    if src.elements != tgt.elements:
        add("error", "markup-html", "inline elements differ: the English has "
            + (", ".join(sorted(src.elements.elements())) or "none") + ", the translation "
            + (", ".join(sorted(tgt.elements.elements())) or "none") + "; use the English's elements only")
    if src.hardbreaks != tgt.hardbreaks:
        add("warning", "line-break", f"the English has {_count(src.hardbreaks, 'line break')}, "
                                     f"the translation {tgt.hardbreaks}")
    english_refs = set(src.refs)
    number_of = {href: n for n, href in enumerate(links, start=1)}
    localized = {link_map[href]: number_of[href] for href in links if href in link_map}
    present = Counter(tgt.refs)
    for href in tgt.inline:
        n = number_of.get(href) or localized.get(href)
        if n is not None and n in english_refs:
            present[n] += 1
            continue
        refs = ", ".join(f"[{k}]" for k in sorted(english_refs))
        add("error", "link-added", f"an inline link to {href!r} is not a link of the English"
                                   + (f"; write links as [text][n] ({refs})" if english_refs else "") +
            "; a localized address must be listed in the glossary's [links]")
    for n in sorted(set(tgt.refs) - english_refs):
        add("error", "link-added", f"[…][{n}] is not a link of the English (it has "
                                   f"{', '.join(f'[{k}]' for k in sorted(english_refs)) or 'no links'})")
    for n in sorted(english_refs - set(present)):
        target_url = links[n - 1] if 0 < n <= len(links) else ""
        add("error", "link-missing", f"the link [text][{n}]" + (f" ({target_url})" if target_url else "") +
            " of the English is missing")
    for n in sorted(english_refs & set(present)):
        if present[n] != src.refs[n]:
            add("warning", "link-count", f"[…][{n}] appears {present[n]} time(s), the English has it {src.refs[n]}")
    if tgt.empty_links > src.empty_links:
        add("error", "link-empty", "a link has no text; put the words the reader clicks between [ and ]")


def check_numbers(source: str, target: str, locale: str, add) -> None:
    result = compare(find_numbers(source), find_numbers(target, locale))
    changed = set()
    for before, after in result.changed:
        add("error", "number-changed", f"the English has {before.shown}, the translation {after.shown}")
        changed |= {id(before), id(after)}
    for number in result.missing:
        if id(number) not in changed:
            add("error", "number-missing", f"the number {number.shown} of the English is missing; "
                                           "keep every number (digits may be the locale's)")
    for number in result.added:
        if id(number) not in changed:
            add("warning", "number-added", f"the number {number.shown} is not in the English")
    for before, after in result.misread:
        add("warning", "number-format", f"{after.text} stands for {before.text} but reads as "
                                        f"{_fmt(after.local)} in {locale}; write it with {locale}'s "
                                        "decimal and group marks")
    for before, after in result.unit_changed:
        add("error", "unit-changed", f"the English has {before.shown}, the translation {after.shown}")
    for before, after in result.unit_missing:
        add("warning", "unit-missing", f"the unit of {before.shown} is missing after {after.text}")


def _fmt(value: Decimal | None) -> str:
    from pipeline.checks.numbers import value_text
    return value_text(value) if value is not None else "?"


def _translatable(text: str, glossary: Glossary) -> bool:
    """Whether text has words to translate: more than one word that is not a placeholder, number,
    name, abbreviation, code or address (a single word is often the same in related languages)."""
    rest = _BRACES.sub(" ", text)
    rest = _PY_FORMAT.sub(" ", rest)
    rest = URL.sub(" ", rest)
    rest = _REF.sub("]", rest)
    for name in glossary.names:
        rest = rest.replace(name, " ")
    words = [w for w in _WORD.findall(_plain(rest)) if len(w) > 1 and not (w.isupper() and len(w) <= 6)]
    return len(words) > 1


def check_same(source: str, target: str, locale: str, glossary: Glossary, add) -> None:
    if target.strip() != source.strip() or not _translatable(source, glossary):
        return
    for term in glossary.terms:
        if term.english.casefold() == _plain(source).strip().strip(".").casefold() and \
                source.strip().casefold() in {f.casefold() for f in term.translations.get(locale, ())}:
            return
    add("warning", "same-as-source", "the translation is the same as the English; translate it, or add "
                                     "'# check-ignore: same-as-source' if the English is right in this language")


def check_whitespace(source: str, target: str, add) -> None:
    def lead(s: str) -> str:
        return s[: len(s) - len(s.lstrip())]

    def trail(s: str) -> str:
        return s[len(s.rstrip()):]

    if lead(source) != lead(target):
        add("warning", "whitespace-leading", f"leading whitespace differs: English {lead(source)!r}, "
                                             f"translation {lead(target)!r}")
    if trail(source) != trail(target):
        add("warning", "whitespace-trailing", f"trailing whitespace differs: English {trail(source)!r}, "
                                              f"translation {trail(target)!r}")
    if source.count("\n") != target.count("\n") and parse_markup(source).hardbreaks == parse_markup(target).hardbreaks:
        add("warning", "line-break", f"the English has {_count(source.count(chr(10)), 'line break')}, "
                                     f"the translation {target.count(chr(10))}")


def sentences(text: str) -> int:
    plain = " ".join(_plain(text).split())
    if not plain:
        return 0
    count = len(_SENTENCE_END.findall(plain))
    if not _SENTENCE_END.search(plain[-3:] if plain else ""):
        count += 1
    return max(count, 1)


_EXPANSION = {"zh": 0.35, "ja": 0.45, "ko": 0.55, "yue": 0.35}


def check_length(source: str, target: str, locale: str, add) -> None:
    e, t = sentences(source), sentences(target)
    # One sentence less is one dropped, except where translations often join sentences (CJK).
    dropped = t < e and locale.split("_")[0] not in _EXPANSION
    if e and (dropped or abs(t - e) > max(1, e // 2)):
        add("warning", "sentence-count", f"the English has {_count(e, 'sentence')}, the translation {t}")
    src_len, tgt_len = len(_plain(source).strip()), len(_plain(target).strip())
    if src_len >= 30 and tgt_len:
        ratio = tgt_len / src_len / _EXPANSION.get(locale.split("_")[0], 1.0)
        if ratio < 0.35 or ratio > 3.0:
            add("warning", "length-ratio", f"the translation has {tgt_len} characters for {src_len} in the English; "
                                           "check that nothing is missing or added")


def check_glossary(source: str, target: str, locale: str, glossary: Glossary, add) -> None:
    if glossary is EMPTY:
        return
    plain_target = _plain(target).casefold()
    plain_source = _plain(source)
    for term in glossary.terms_in(plain_source):
        forms = term.translations.get(locale)
        if forms and not any(form.casefold() in plain_target for form in forms):
            add("warning", "glossary-term", f"the English uses {term.english!r}; the glossary gives "
                + " or ".join(repr(f) for f in forms) + f" for {locale}")
    for name in glossary.names_in(plain_source):
        if name not in target:
            add("warning", "glossary-name", f"{name!r} is a name kept as written in every language; "
                                            "it is missing from the translation")


# -- meaning-change guard -------------------------------------------------------------------------


def _negations(text: str) -> Counter[str]:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(_plain(text))]
    found: Counter[str] = Counter(w for w in words if w in NEGATIONS or w.endswith("n't"))
    return found


def meaning_changes(previous: str, current: str, glossary: Glossary = EMPTY) -> list[str]:
    """What changed in meaning between two versions of an English string (empty when nothing did)."""
    changes: list[str] = []
    result = compare(find_numbers(previous), find_numbers(current))
    paired = set()
    for before, after in result.changed:
        paired |= {id(before), id(after)}
        unit = after.unit if after.unit and after.unit == before.unit else None
        left = before.text if unit else before.shown
        right = after.shown
        changes.append(f"{left} → {right}")
    for number in result.missing:
        if id(number) not in paired:
            changes.append(f"the number {number.shown} was removed")
    for number in result.added:
        if id(number) not in paired:
            changes.append(f"the number {number.shown} was added")
    for before, after in result.unit_changed:
        changes.append(f"{before.shown} → {after.shown}")
    old_neg, new_neg = _negations(previous), _negations(current)
    for word in sorted(set(old_neg) | set(new_neg)):
        if new_neg[word] > old_neg[word]:
            changes.append(f"the negation {word!r} was added")
        elif new_neg[word] < old_neg[word]:
            changes.append(f"the negation {word!r} was removed")
    old_terms = {t.english for t in glossary.terms_in(_plain(previous))}
    new_terms = {t.english for t in glossary.terms_in(_plain(current))}
    for term in sorted(new_terms - old_terms):
        changes.append(f"the term {term!r} was added")
    for term in sorted(old_terms - new_terms):
        changes.append(f"the term {term!r} was removed")
    old_ph = Counter(_BRACES.findall(previous))
    new_ph = Counter(_BRACES.findall(current))
    for ph in sorted(set(old_ph) | set(new_ph)):
        if _CLINIC.match(ph) and old_ph[ph] != new_ph[ph]:
            changes.append(f"the placeholder {ph} was {'added' if new_ph[ph] > old_ph[ph] else 'removed'}")
    return changes


def word_diff(previous: str, current: str, limit: int = 3) -> str:
    """A short description of an edit: 'helps' → 'help'."""
    a, b = previous.split(), current.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        parts.append(f"{old!r} → {new!r}" if old and new else (f"added {new!r}" if new else f"removed {old!r}"))
    more = f" and {len(parts) - limit} more" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more
