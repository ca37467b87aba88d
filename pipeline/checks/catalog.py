"""Checks on catalogs: the header, and each translation against its English.

Modelled on translate-toolkit's pofilter and Weblate's checks, for Markdown-like segment text:
placeholders, inline markup and links, numbers and units (by value, in the locale's digits and
marks), untranslated and fuzzy entries, translations identical to the English, whitespace and line
breaks, invisible and bidi control characters, sentence count and length, plural forms, and
markup, scripts, URLs or template syntax the English does not have. A fuzzy entry whose English
changed in meaning (a number, a negation, a glossary term, a placeholder) is an error that names
the change.

The header and catalog checks are here; the checks of one translation are in
:mod:`pipeline.checks.translation` and :mod:`pipeline.checks.unsafe`.

A translator can silence a *warning* (never an error) on one entry with a translator comment
``# check-ignore: same-as-source, length-ratio``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import polib

from pipeline.catalogs.files import CatalogRead
from pipeline.catalogs.glossary import EMPTY, Glossary
from pipeline.catalogs.translations import catalog_plural_rule
from pipeline.checks.punctuation import check_typography
from pipeline.checks.translation import (
    check_glossary,
    check_length,
    check_markup,
    check_numbers,
    check_placeholders,
    check_same,
    check_whitespace,
    meaning_changes,
    word_diff,
)
from pipeline.checks.unsafe import check_invisible, check_unsafe
from pipeline.config.lines import header_field_line, msgstr_lines
from pipeline.content.model import Key
from pipeline.errors import Finding, error, warning
from pipeline.locales import LocaleInfo, babel_name, is_valid_name, locale_info
from pipeline.plurals import (
    PluralFormsError,
    PluralRule,
    cldr_rule,
    differing_numbers,
    msginit_rule,
    parse_plural_forms,
)
from pipeline.statuses import REVIEW_STATUSES, REVIEWED

_LINK_NOTE = re.compile(r"^\[(\d+)\]: (\S+)$", re.M)
_IGNORE = re.compile(r"^\s*check-ignore:\s*(.+)$", re.M)


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
    text_lines: list[str] = field(default_factory=list)  # the catalog's text, for msgstr line numbers


# -- header ---------------------------------------------------------------------------------------


def _header_field_line(read: CatalogRead, key: str) -> int:
    return header_field_line(read.text, key) or read.header_line


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
        expected = f" (for {locale}: \"{info.plural.header}\")" if info else ""
        found.append(error(shown, line, "po-plural-forms", f"the header has no Plural-Forms{expected}"))
    else:
        try:
            rule = parse_plural_forms(plural)
        except PluralFormsError as exc:
            found.append(error(shown, _header_field_line(read, "Plural-Forms"), "po-plural-forms", str(exc)))
        else:
            if info is not None:
                found.extend(_plural_rule_advice(rule, info, shown, _header_field_line(read, "Plural-Forms")))
    status = meta.get("X-Review-Status", "").strip()
    where = _header_field_line(read, "X-Review-Status")
    if status not in REVIEW_STATUSES:
        found.append(error(shown, where, "po-review-status",
                           (f"X-Review-Status {status!r} is not " if status else "the header has no X-Review-Status; "
                            "it must be ") + "one of " + ", ".join(REVIEW_STATUSES)))
    elif status == REVIEWED:
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


def _plural_rule_advice(rule: PluralRule, info: LocaleInfo, shown: str, line: int) -> list[Finding]:
    """A warning when a well-formed rule is neither GNU msginit's for the language nor CLDR's.

    gettext uses the catalog's own rule whatever it is, so a difference never holds a document
    back: it only names the numbers whose wording may read wrong.
    """
    base = babel_name(info.code)  # a pseudo-locale has the rules of the locale it dresses
    gnu = msginit_rule(base)
    if gnu is not None and not differing_numbers(rule, gnu):
        return []
    cldr = cldr_rule(base)
    numbers = differing_numbers(rule, cldr)
    if not numbers:
        return []
    shown_numbers = ", ".join(str(n) for n in numbers)
    return [warning(shown, line, "po-plural-rule",
                    f"for n = {shown_numbers} this rule picks another form than CLDR's rule for "
                    f"{info.english_name} ({cldr.header}); check how these numbers read, or use "
                    f"\"Plural-Forms: {cldr.header}\\n\" and run `pipeline update`")]


# -- one entry, one catalog -------------------------------------------------------------------------


def _ignored(entry: polib.POEntry) -> set[str]:
    codes: set[str] = set()
    for match in _IGNORE.finditer(entry.tcomment or ""):
        codes |= {c.strip() for c in match.group(1).split(",") if c.strip()}
    return codes


def links_from_comment(entry: polib.POEntry) -> tuple[str, ...]:
    """Link targets listed in the extracted comment (``#. [1]: https://...``), in order."""
    found = sorted((int(n), url) for n, url in _LINK_NOTE.findall(entry.comment or ""))
    return tuple(url for _, url in found)


def _forms(entry: polib.POEntry) -> list[tuple[str, str, str]]:
    """(label, English, translation) for each translation of the entry."""
    if entry.msgid_plural:
        out = []
        for index in sorted(entry.msgstr_plural):
            english = entry.msgid if index == 0 else entry.msgid_plural
            out.append((f"msgstr[{index}]", english, entry.msgstr_plural[index]))
        return out
    return [("msgstr", entry.msgid, entry.msgstr)]


def check_entry(entry: polib.POEntry, ctx: _Context, source: SourceInfo | None = None,
                errors_only: bool = False) -> list[Finding]:
    """Every check on one active entry; with ``errors_only``, the checks that only ever warn are skipped."""
    msgstrs = msgstr_lines(ctx.text_lines, entry.linenum) if ctx.text_lines else {}
    line = min(msgstrs.values(), default=entry.linenum)  # where msgfmt reports it: the msgstr line
    ignored = _ignored(entry)
    out: list[Finding] = []
    label_prefix = ""

    def add(severity: str, code: str, message: str) -> None:
        if severity == "warning" and code in ignored:
            return
        make = error if severity == "error" else warning
        where = msgstrs.get(label_prefix[:-2], line) if label_prefix else line
        out.append(make(ctx.shown, where, code, label_prefix + message))

    short = entry.msgid if len(entry.msgid) <= 50 else entry.msgid[:47] + "..."
    forms = _forms(entry)
    translated = [f for f in forms if f[2]]
    if entry.msgid_plural and ctx.nplurals is not None and len(entry.msgstr_plural) != ctx.nplurals:
        add("error", "plural-count", f"the entry has {len(entry.msgstr_plural)} plural forms, the header's "
                                     f"Plural-Forms says nplurals={ctx.nplurals}; run `pipeline update` to give "
                                     "it that many msgstr[n], then fill the empty ones")
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
        check_placeholders(english, text, add)
        check_markup(english, text, links, ctx.link_map, add)
        check_numbers(english, text, ctx.locale, add)
        check_invisible(text, ctx.locale, ctx.info.direction if ctx.info else "ltr", add)
        check_unsafe(english, text, allowed_urls, add)
        if errors_only:
            continue
        if not (source is not None and source.roles and set(source.roles) <= {"source"}):
            check_same(english, text, ctx.locale, ctx.glossary, add)  # organisation names often stay as they are
        check_whitespace(english, text, add)
        check_length(english, text, ctx.locale, add)
        check_typography(english, text, ctx.locale, add)
        check_glossary(english, text, ctx.locale, ctx.glossary, add)
    return out


def check_catalog(read: CatalogRead, shown: str, locale: str, sources: Mapping[Key, SourceInfo] | None = None,
                  glossary: Glossary = EMPTY, errors_only: bool = False) -> CatalogReport:
    """Header and entry checks of one locale's catalog (read leniently with ``load_catalog``).

    With ``errors_only`` (the publishing gates), the entry checks that only ever warn are skipped.
    """
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
    rule = catalog_plural_rule(catalog)
    ctx = _Context(shown, info, locale, rule.nplurals if rule else None, glossary,
                   glossary.link_map(locale), read.text.split("\n") if read.text else [])
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid)
        found = check_entry(entry, ctx, (sources or {}).get(key), errors_only)
        if found:
            report.by_key[key] = found
            report.findings.extend(found)
    return report
