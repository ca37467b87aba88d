"""Checks on catalogs: the header, and each translation against its English.

Modelled on translate-toolkit's pofilter and Weblate's checks, for Markdown-like segment text:
placeholders, inline markup and links, numbers and units (by value, in the locale's digits and
marks), untranslated and fuzzy entries, translations identical to the English, whitespace and line
breaks, invisible and bidi control characters, sentence count and length, plural forms, and
markup, scripts, URLs or template syntax the English does not have. A fuzzy entry whose English
changed in meaning (a number, a negation, a glossary term, a placeholder) is an error that names
the change.

A translator can silence a *warning* (never an error) on one entry with a translator comment
``# check-ignore: same-as-source, length-ratio``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import polib

from .catalog import REVIEW_STATUSES, CatalogRead, parse_plural_forms, plural_forms_problem
from .errors import Finding, error, warning
from .glossary import EMPTY, Glossary
from .inline import _segment_parser, render_text
from .locales import LocaleInfo, is_valid_name, locale_info
from .model import PLACEHOLDERS
from .numbers import compare, find_numbers

Key = tuple[str | None, str]

_BRACES = re.compile(r"\{[^{}\n]{0,60}\}")
_PLACEHOLDER_LIKE = re.compile(r"^\{\s*[^\W\d][\w .-]*\s*\}$")
_CLINIC = re.compile(r"^\{(clinic_[a-z_]+)\}$")
_PY_FORMAT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_REF = re.compile(r"\]\[\s*(\d+)\s*\]")
_LINK_NOTE = re.compile(r"^\[(\d+)\]: (\S+)$", re.M)
_IGNORE = re.compile(r"^\s*check-ignore:\s*(.+)$", re.M)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|[。！？]+|[।॥؟۔]")

# Grammatical negations (any word ending in n't counts too).
NEGATIONS = frozenset("not no never none nothing nobody nowhere neither nor without cannot".split())

# Characters that change how text is shown without being visible.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM: fine in right-to-left text
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: part of Arabic and Indic spelling
_SOFT_INVISIBLES = {"\u200b": "ZERO WIDTH SPACE", "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
                    "\u00ad": "SOFT HYPHEN", "\u180e": "MONGOLIAN VOWEL SEPARATOR", "\u034f": "COMBINING GRAPHEME JOINER"}
_SPACE_SCRIPTS_ZWSP = frozenset({"th", "lo", "km", "my", "bo", "dz", "ja"})  # languages written without spaces
_JOINER_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug", "hi", "mr", "ne", "bn", "as", "pa", "gu",
                               "or", "ta", "te", "kn", "ml", "si", "sa", "my", "km", "dv", "ckb"})

# Constructs a translation must not add.
_TAG = re.compile(r"<\s*(/?\s*[A-Za-z][A-Za-z0-9:-]*|!--|!\[CDATA\[|!doctype|\?)", re.I)
_EVENT = re.compile(r"\bon[a-z]{3,}\s*=", re.I)
# Script-running schemes; "data:" only with a media type and "file:" only with a path ("file" is a French
# word, "data" an English one).
_SCHEME = re.compile(r"(javascript|vbscript|livescript)\s*:|(data)\s*:\s*[\w.+-]+/[\w.+-]+|(file)\s*:\s*/", re.I)
_URL = re.compile(r"(?:\b(?:https?|ftp|wss?)://|\bmailto:(?=\S+@)|(?<![\w/:])//(?=[\w-]+\.)|\bwww\.)"
                  r"[^\s<>\"'`)\]]*", re.I)
_JINJA = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\$\{")
_CSS = re.compile(r"url\s*\(|@import|expression\s*\(|\bstyle\s*=|-moz-binding|\bsrcdoc\s*=", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class SourceInfo:
    """What the English side says about one entry: the segment's link targets and where it is used."""

    links: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # "content/x.md:12"
    critical: bool = False
    roles: tuple[str, ...] = ()  # title, paragraph, source, ...


@dataclass
class CatalogReport:
    """Everything checked in one catalog."""

    locale: str
    path: str
    catalog: polib.POFile | None
    findings: list[Finding] = field(default_factory=list)
    by_key: dict[Key, list[Finding]] = field(default_factory=dict)  # findings of each entry
    catalog_findings: list[Finding] = field(default_factory=list)  # header and file-level findings
    review_status: str = ""

    def errors_by_key(self) -> dict[Key, list[Finding]]:
        return {key: [f for f in found if f.severity == "error"]
                for key, found in self.by_key.items() if any(f.severity == "error" for f in found)}


@dataclass(frozen=True)
class _Context:
    shown: str
    info: LocaleInfo | None
    locale: str
    nplurals: int | None
    glossary: Glossary
    link_map: Mapping[str, str]


# -- header ---------------------------------------------------------------------------------------


def _header_field_line(read: CatalogRead, key: str) -> int:
    pattern = re.compile(r'\s*(?:msgstr\s+)?"' + re.escape(key) + ":")
    for number, raw in enumerate(read.text.split("\n"), start=1):
        if pattern.match(raw):
            return number
    return read.header_line


def check_header(read: CatalogRead, shown: str, locale: str) -> list[Finding]:
    """Header checks of a ``.po`` catalog in ``locales/<locale>/LC_MESSAGES/``."""
    catalog = read.catalog
    if catalog is None:
        return []
    found: list[Finding] = []
    meta = catalog.metadata
    line = read.header_line
    if not read.has_header:
        return [error(shown, 1, "po-header-missing", "the catalog has no header (msgid \"\" first)")]
    if catalog.metadata_is_fuzzy:
        found.append(warning(shown, line, "po-header-fuzzy",
                             "the header is marked fuzzy, so msgfmt ignores it (charset and plural forms); "
                             "remove the fuzzy flag from the header"))
    language = meta.get("Language", "").strip()
    if not language:
        found.append(error(shown, line, "po-language",
                           f"the header has no Language; add \"Language: {locale}\\n\""))
    else:
        norm = language.replace("-", "_")
        if norm != locale:
            same_language = norm.split("_")[0] == locale.split("_")[0]
            make = warning if same_language else error
            found.append(make(shown, _header_field_line(read, "Language"), "po-language",
                              f"Language: {language} does not match the folder {locale!r}; "
                              f"set \"Language: {locale}\\n\" or move the catalog"))
    content_type = meta.get("Content-Type", "")
    if "charset=" not in content_type:
        found.append(warning(shown, line, "po-charset-missing",
                             "the header declares no charset; add \"Content-Type: text/plain; charset=UTF-8\\n\""))
    plural = meta.get("Plural-Forms")
    info = locale_info(locale) if is_valid_name(locale) else None
    if plural is None:
        expected = f" (for {locale}: \"{info.plural_forms}\")" if info else ""
        found.append(error(shown, line, "po-plural-forms", f"the header has no Plural-Forms{expected}"))
    else:
        problem = plural_forms_problem(plural)
        if problem:
            found.append(error(shown, _header_field_line(read, "Plural-Forms"), "po-plural-forms", problem))
        elif info is not None:
            nplurals = parse_plural_forms(plural)
            where = _header_field_line(read, "Plural-Forms")
            if nplurals != info.nplurals:
                found.append(error(shown, where, "po-plural-count",
                                   f"nplurals={nplurals}, but {info.english_name} has {info.nplurals} plural "
                                   f"form(s) in CLDR; use \"Plural-Forms: {info.plural_forms}\\n\""))
            else:
                differs = _plural_rule_difference(plural, info.plural_expr)
                if differs is not None:
                    found.append(warning(shown, where, "po-plural-rule",
                                         f"the plural rule picks form {differs[1]} for n={differs[0]}, CLDR's "
                                         f"picks {differs[2]}; use \"Plural-Forms: {info.plural_forms}\\n\""))
    status = meta.get("X-Review-Status", "").strip()
    where = _header_field_line(read, "X-Review-Status")
    if status not in REVIEW_STATUSES:
        found.append(error(shown, where, "po-review-status",
                           (f"X-Review-Status {status!r} is not " if status else "the header has no X-Review-Status; "
                            "it must be ") + "one of " + ", ".join(REVIEW_STATUSES)))
    elif status == "reviewed":
        by = meta.get("X-Reviewed-By", "").strip()
        date = meta.get("X-Review-Date", "").strip()
        if not by:
            found.append(error(shown, where, "po-review-incomplete",
                               "X-Review-Status is reviewed, but X-Reviewed-By does not say who reviewed it"))
        try:
            when = dt.date.fromisoformat(date)
        except ValueError:
            found.append(error(shown, _header_field_line(read, "X-Review-Date") if date else where,
                               "po-review-incomplete",
                               f"X-Review-Status is reviewed, but X-Review-Date {date!r} is not a date "
                               "(YYYY-MM-DD)"))
        else:
            if when > dt.date.today() + dt.timedelta(days=1):
                found.append(error(shown, _header_field_line(read, "X-Review-Date"), "po-review-incomplete",
                                   f"X-Review-Date {date} is in the future"))
    return found


def _plural_rule_difference(declared: str, cldr_expr: str) -> tuple[int, int, int] | None:
    import gettext
    match = re.search(r"plural\s*=\s*(.+?)\s*;?\s*$", declared, re.S)
    if not match:
        return None
    try:
        mine, theirs = gettext.c2py(match.group(1)), gettext.c2py(cldr_expr)
        for n in range(0, 200):
            if int(mine(n)) != int(theirs(n)):
                return n, int(mine(n)), int(theirs(n))
    except (ValueError, ZeroDivisionError, RecursionError):
        return None
    return None


# -- entries --------------------------------------------------------------------------------------


def _ignored(entry: polib.POEntry) -> set[str]:
    codes: set[str] = set()
    for match in _IGNORE.finditer(entry.tcomment or ""):
        codes |= {c.strip() for c in match.group(1).split(",") if c.strip()}
    return codes


def links_from_comment(entry: polib.POEntry) -> tuple[str, ...]:
    """Link targets listed in the extracted comment (``#. [1]: https://...``), in order."""
    found = sorted((int(n), url) for n, url in _LINK_NOTE.findall(entry.comment or ""))
    return tuple(url for _, url in found)


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


def _check_placeholders(source: str, target: str, add) -> None:  # type: ignore[no-untyped-def]
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
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"added {', '.join(extra)}"] if extra else [])
        add("error", "format-mismatch", "format directives differ from the English: " + "; ".join(parts))


def _check_markup(source: str, target: str, links: Sequence[str], link_map: Mapping[str, str], add) -> None:  # type: ignore[no-untyped-def]
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
        add("error", "link-added", f"an inline link to {href!r} is not a link of the English"
                                   + (f"; write links as [text][n] ({', '.join(f'[{k}]' for k in sorted(english_refs))})"
                                      if english_refs else "") +
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


def _check_numbers(source: str, target: str, locale: str, add) -> None:  # type: ignore[no-untyped-def]
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


def _fmt(value: object) -> str:
    from .numbers import value_text
    return value_text(value) if value is not None else "?"  # type: ignore[arg-type]


def _translatable(text: str, glossary: Glossary) -> bool:
    """Whether text has words to translate: more than one word that is not a placeholder, number,
    name, abbreviation, code or address (a single word is often the same in related languages)."""
    rest = _BRACES.sub(" ", text)
    rest = _PY_FORMAT.sub(" ", rest)
    rest = _URL.sub(" ", rest)
    rest = _REF.sub("]", rest)
    for name in glossary.names:
        rest = rest.replace(name, " ")
    words = [w for w in _WORD.findall(_plain(rest)) if len(w) > 1 and not (w.isupper() and len(w) <= 6)]
    return len(words) > 1


def _check_same(source: str, target: str, locale: str, glossary: Glossary, add) -> None:  # type: ignore[no-untyped-def]
    if target.strip() != source.strip() or not _translatable(source, glossary):
        return
    for term in glossary.terms:
        if term.english.casefold() == _plain(source).strip().strip(".").casefold() and \
                source.strip().casefold() in {f.casefold() for f in term.translations.get(locale, ())}:
            return
    add("warning", "same-as-source", "the translation is the same as the English; translate it, or add "
                                     "'# check-ignore: same-as-source' if the English is right in this language")


def _check_whitespace(source: str, target: str, add) -> None:  # type: ignore[no-untyped-def]
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


def invisible_characters(text: str, locale: str, direction: str) -> list[tuple[str, str, str]]:
    """(severity, character description, advice) for each kind of invisible or control character in text."""
    language = locale.split("_")[0]
    seen: dict[str, tuple[str, str, str]] = {}
    for index, char in enumerate(text):
        if char in seen or char in "\n\t" or char.isprintable() and char not in _SOFT_INVISIBLES \
                and char not in _DIRECTION_MARKS and char not in _JOINERS and char != "\u00a0":
            if char not in seen and char != "\n" and char != "\t":
                category = unicodedata.category(char)
                if category in ("Co", "Cn") or (0xFDD0 <= ord(char) <= 0xFDEF) or ord(char) & 0xFFFE == 0xFFFE:
                    seen[char] = ("warning" if category == "Co" else "error", _name(char),
                                  "a private-use or unassigned character; it shows as a box or not at all")
            continue
        name = _name(char)
        code = ord(char)
        if char in _BIDI_CONTROLS:
            seen[char] = ("error", name, "a bidirectional control character can reorder the text the reader sees; "
                                         "delete it (right-to-left text needs none)")
        elif 0xE0000 <= code <= 0xE007F or 0xFFF9 <= code <= 0xFFFB or 0x2061 <= code <= 0x2064 or code in (
                0x115F, 0x1160, 0x3164, 0xFFA0, 0x180E, 0x2028, 0x2029):
            seen[char] = ("error", name, "an invisible character that hides or splits text; delete it")
        elif unicodedata.category(char) == "Cc":
            seen[char] = ("error", name, "a control character; delete it")
        elif char in _DIRECTION_MARKS:
            if direction != "rtl":
                seen[char] = ("warning", name, "a direction mark in left-to-right text; delete it")
        elif char in _JOINERS:
            if language not in _JOINER_LANGUAGES:
                seen[char] = ("warning", name, f"a zero-width joiner is not used in {locale} text; delete it")
        elif char == "\u200b":
            if language not in _SPACE_SCRIPTS_ZWSP:
                seen[char] = ("warning", name, "an invisible space; delete it or use a normal space")
        elif char == "\u00a0":
            continue
        elif char in _SOFT_INVISIBLES:
            seen[char] = ("warning", name, "an invisible character; delete it")
        elif unicodedata.category(char) == "Cf":
            seen[char] = ("warning", name, "an invisible formatting character; delete it")
    return list(seen.values())


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def _check_invisible(target: str, ctx: _Context, add) -> None:  # type: ignore[no-untyped-def]
    direction = ctx.info.direction if ctx.info else "ltr"
    for severity, name, advice in invisible_characters(target, ctx.locale, direction):
        add(severity, "bidi-control" if "a bidirectional" in advice else "invisible-char", f"{name}: {advice}")


def sentences(text: str) -> int:
    plain = " ".join(_plain(text).split())
    if not plain:
        return 0
    count = len(_SENTENCE_END.findall(plain))
    if not _SENTENCE_END.search(plain[-3:] if plain else ""):
        count += 1
    return max(count, 1)


_EXPANSION = {"zh": 0.35, "ja": 0.45, "ko": 0.55, "yue": 0.35}


def _check_length(source: str, target: str, locale: str, add) -> None:  # type: ignore[no-untyped-def]
    e, t = sentences(source), sentences(target)
    if e and abs(t - e) > max(1, e // 2):
        add("warning", "sentence-count", f"the English has {_count(e, 'sentence')}, the translation {t}")
    src_len, tgt_len = len(_plain(source).strip()), len(_plain(target).strip())
    if src_len >= 30 and tgt_len:
        ratio = tgt_len / src_len / _EXPANSION.get(locale.split("_")[0], 1.0)
        if ratio < 0.35 or ratio > 3.0:
            add("warning", "length-ratio", f"the translation has {tgt_len} characters for {src_len} in the English; "
                                           "check that nothing is missing or added")


def _normalized_for_scan(text: str) -> str:
    """Text as a browser might read it: entities decoded, controls and whitespace inside words removed."""
    decoded = html.unescape(text)
    return re.sub(r"[\x00-\x20\u00ad\u200b-\u200f\u2060\ufeff]+(?=[a-z:])", "", decoded, flags=re.I)


def _check_unsafe(source: str, target: str, allowed_urls: Iterable[str], add) -> None:  # type: ignore[no-untyped-def]
    src = source + "\n" + _normalized_for_scan(source)
    tgt = target + "\n" + _normalized_for_scan(target)
    tags = {m.group(1).replace(" ", "").lower() for m in _TAG.finditer(tgt)} - \
        {m.group(1).replace(" ", "").lower() for m in _TAG.finditer(src)}
    if tags:
        add("error", "unsafe-html", "raw HTML (" + ", ".join(f"<{t}" for t in sorted(tags)) + ") in the translation; "
            "it is shown as text, not markup: use **bold**, *emphasis* and [text][n] links only")
    events = {m.group().lower().rstrip("= ") for m in _EVENT.finditer(tgt)} - \
        {m.group().lower().rstrip("= ") for m in _EVENT.finditer(src)}
    if events and (tags or "<" in tgt):
        add("error", "unsafe-html", f"an HTML event handler ({', '.join(sorted(events))}=) in the translation")
    def scheme_names(text: str) -> set[str]:
        return {next(g for g in m.groups() if g).lower() for m in _SCHEME.finditer(text)}

    schemes = scheme_names(tgt) - scheme_names(src)
    if schemes:
        add("error", "unsafe-url", "a " + ", ".join(f"{s}:" for s in sorted(schemes)) +
            " address in the translation; remove it")
    allowed = set(allowed_urls)
    urls = {m.group().rstrip(".,;:!?") for m in _URL.finditer(target)}
    src_urls = {m.group().rstrip(".,;:!?") for m in _URL.finditer(source)}
    extra = sorted(u for u in urls - src_urls if u not in allowed and u.rstrip("/") not in
                   {a.rstrip("/") for a in allowed})
    if extra:
        add("error", "url-added", "an address the English does not have (" + ", ".join(extra[:3]) +
            "); links are written [text][n] and point where the English points")
    jinja = set(_JINJA.findall(tgt)) - set(_JINJA.findall(src))
    if jinja:
        add("error", "template-syntax", "template syntax (" + " ".join(sorted(jinja)) +
            ") in the translation; it is shown as text: remove it")
    css = {m.group().lower() for m in _CSS.finditer(tgt)} - {m.group().lower() for m in _CSS.finditer(src)}
    if css:
        add("error", "unsafe-css", "CSS (" + ", ".join(sorted(css)) + ") in the translation; remove it")
    entities = set(_ENTITY.findall(target)) - set(_ENTITY.findall(source))
    if entities:
        add("warning", "html-entity", "HTML entities (" + ", ".join(sorted(entities)[:3]) + ") are shown as "
            "written; type the character itself")


def _check_glossary(source: str, target: str, locale: str, glossary: Glossary, add) -> None:  # type: ignore[no-untyped-def]
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


# -- one entry, one catalog -------------------------------------------------------------------------


def _forms(entry: polib.POEntry) -> list[tuple[str, str, str]]:
    """(label, English, translation) for each translation of the entry."""
    if entry.msgid_plural:
        out = []
        for index in sorted(entry.msgstr_plural):
            english = entry.msgid if index == 0 else entry.msgid_plural
            out.append((f"msgstr[{index}]", english, entry.msgstr_plural[index]))
        return out
    return [("msgstr", entry.msgid, entry.msgstr)]


def check_entry(entry: polib.POEntry, ctx: _Context, source: SourceInfo | None = None) -> list[Finding]:
    """Every check on one active entry."""
    line = entry.linenum
    ignored = _ignored(entry)
    out: list[Finding] = []
    label_prefix = ""

    def add(severity: str, code: str, message: str) -> None:
        if severity == "warning" and code in ignored:
            return
        make = error if severity == "error" else warning
        out.append(make(ctx.shown, line, code, label_prefix + message))

    short = entry.msgid if len(entry.msgid) <= 50 else entry.msgid[:47] + "..."
    forms = _forms(entry)
    translated = [f for f in forms if f[2]]
    if entry.msgid_plural and ctx.nplurals is not None and len(entry.msgstr_plural) != ctx.nplurals:
        add("error", "plural-count", f"the entry has {len(entry.msgstr_plural)} plural forms, the header's "
                                     f"Plural-Forms says nplurals={ctx.nplurals}")
    if "fuzzy" in entry.flags:
        if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
            changes = meaning_changes(entry.previous_msgid, entry.msgid, ctx.glossary)
            if changes:
                add("error", "meaning-changed", "the English changed " + "; ".join(changes) +
                    " since this translation was made: check the whole translation, fix it, then remove "
                    "the fuzzy flag")
                return out
            add("warning", "fuzzy", f"{short!r}: the English changed ({word_diff(entry.previous_msgid, entry.msgid)}); "
                                    "the translation is not used until a translator checks it and removes the "
                                    "fuzzy flag")
        else:
            add("warning", "fuzzy", f"{short!r} is marked fuzzy; it is not used until a translator checks it and "
                                    "removes the fuzzy flag")
        return out
    if not translated:
        add("warning", "untranslated", f"{short!r} is not translated")
        return out
    if len(translated) < len(forms):
        add("error", "plural-incomplete", "some plural forms are empty: "
            + ", ".join(label for label, _, text in forms if not text))
    links = source.links if source is not None and source.links else links_from_comment(entry)
    allowed_urls = set(links) | {ctx.link_map[h] for h in links if h in ctx.link_map}
    for label, english, text in translated:
        label_prefix = f"{label}: " if entry.msgid_plural else ""
        _check_placeholders(english, text, add)
        _check_markup(english, text, links, ctx.link_map, add)
        _check_numbers(english, text, ctx.locale, add)
        if not (source is not None and source.roles and set(source.roles) <= {"source"}):
            _check_same(english, text, ctx.locale, ctx.glossary, add)  # organisation names often stay as they are
        _check_whitespace(english, text, add)
        _check_invisible(text, ctx, add)
        _check_length(english, text, ctx.locale, add)
        _check_unsafe(english, text, allowed_urls, add)
        _check_glossary(english, text, ctx.locale, ctx.glossary, add)
    return out


def check_catalog(read: CatalogRead, shown: str, locale: str, sources: Mapping[Key, SourceInfo] | None = None,
                  glossary: Glossary = EMPTY) -> CatalogReport:
    """Header and entry checks of one locale's catalog (read leniently with ``load_catalog``)."""
    report = CatalogReport(locale, shown, read.catalog)
    if read.catalog is None:
        report.catalog_findings = list(read.findings)
        report.findings = list(read.findings)
        return report
    catalog = read.catalog
    report.review_status = catalog.metadata.get("X-Review-Status", "").strip()
    header = check_header(read, shown, locale)
    report.catalog_findings = header
    report.findings.extend(header)
    info = locale_info(locale) if is_valid_name(locale) else None
    plural = catalog.metadata.get("Plural-Forms")
    ctx = _Context(shown, info, locale, parse_plural_forms(plural) if plural else None, glossary,
                   glossary.link_map(locale))
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid)
        found = check_entry(entry, ctx, (sources or {}).get(key))
        if found:
            report.by_key[key] = found
            report.findings.extend(found)
    return report

