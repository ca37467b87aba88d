"""The project glossary (``locales/glossary.toml``): approved terms, names kept as written, localized links.

::

    [terms."bone marrow"]            # the English term: a whole word; with capitals, case-sensitive
    note = "The soft tissue inside bones."
    es = "médula ósea"               # the approved translation, or a list of accepted forms
    fr = ["moelle osseuse"]

    [names]
    keep = ["imatinib", "CAR-T"]     # written the same in every language

    [links."https://www.cancer.gov/types/leukemia/patient/child-all-treatment-pdq"]
    es = "https://www.cancer.gov/espanol/tipos/leucemia/paciente/tratamiento-lla-infantil-pdq"

A link listed under ``[links]`` may be replaced by its localized version in that locale: the
renderer calls :func:`localize_links` on a segment's English targets (only when it shows the
translation, not the English fallback), and ``pipeline check`` accepts an inline link
``[texto](https://.../espanol/...)`` in a translation when it is the localized version of one of
the segment's links.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config.options import Kind, Option, Schema, did_you_mean, read_toml, text, unknown_key
from pipeline.errors import ConfigError, Finding, error, warning

GLOSSARY_NAME = "glossary.toml"
_RESERVED = frozenset({"note", "case"})


@dataclass(frozen=True)
class Term:
    english: str
    translations: Mapping[str, tuple[str, ...]]  # locale → accepted forms
    note: str = ""
    case_sensitive: bool = False
    line: int | None = None

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        body = re.escape(self.english).replace(r"\ ", r"\s+")
        suffix = "" if self.case_sensitive else r"(?:s|es)?"
        return re.compile(rf"(?<![\w-]){body}{suffix}(?![\w-])", 0 if self.case_sensitive else re.I)

    def found_in(self, text: str) -> bool:
        return self.pattern.search(text) is not None


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    names: tuple[str, ...] = ()
    links: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # English URL → locale → URL
    path: str = ""

    def link_map(self, locale: str) -> dict[str, str]:
        """English link target → this locale's version, for the links that have one."""
        return {english: targets[locale] for english, targets in self.links.items() if locale in targets}

    def terms_in(self, text: str) -> list[Term]:
        return [term for term in self.terms if term.found_in(text)]

    def names_in(self, text: str) -> list[str]:
        return [name for name in self.names
                if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]


EMPTY = Glossary()


def localize_links(links: Sequence[str], link_map: Mapping[str, str]) -> tuple[str, ...]:
    """A segment's link targets as one locale shows them: each replaced by its localized version if any.

    The renderer passes the result to ``pipeline.content.inline.render_html`` (and ``render_text``) instead of
    ``segment.links`` whenever it shows a translation; ``[text][n]`` then points at the localized page,
    and an inline ``[text](localized URL)`` written by the translator is allowed too.
    """
    return tuple(link_map.get(href, href) for href in links)


SCHEMA = Schema(
    title="glossary.toml",
    code="glossary",
    doc="The project glossary (locales/glossary.toml, or [paths] glossary): approved terms, names kept as "
        "written, localized links. `pipeline check` reads it; the build uses its links.",
    tables={
        "terms": 'One table per English term, [terms."bone marrow"]: its approved translation in each locale '
                 '(es = "médula ósea"), a string or a list of accepted forms, plus the keys below. A term written '
                 'with capitals is matched case-sensitively.',
        "names": "Names written the same in every language.",
        "links": 'One table per English address, [links."https://..."]: the address of the same page in each '
                 "locale (es = \"https://...\"). The build links there in translated segments.",
    },
    options=(
        Option("terms", "note", text(nonempty=False), "What the term means, for translators.", "",
               '"The soft tissue inside bones."'),
        Option("terms", "case", Kind("true or false", bool),
               "Whether the term is matched case-sensitively; default: when it is written with capitals.", None,
               "true"),
        Option("names", "keep", Kind("list of names", list), "Names written the same in every language.", (),
               '["imatinib", "CAR-T"]'),
    ),
)


def _forms(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def parse_glossary(text: str, shown: str, locales: Iterable[str] | None = None) -> tuple[Glossary, list[Finding]]:
    """Read glossary text; return the glossary (what could be read) and every problem found."""
    findings: list[Finding] = []
    known = set(locales) if locales is not None else None
    try:
        data, lines = read_toml(text, shown, "glossary-syntax")
    except ConfigError as exc:
        return EMPTY, list(exc.findings)
    for key in data:
        if key not in SCHEMA.tables:
            findings.append(error(shown, lines.line(key), "glossary-unknown",
                                  f"unknown table [{key}]{did_you_mean(key, SCHEMA.tables)}; "
                                  "use [terms.\"...\"], [names] or [links.\"...\"]"))

    def locale_ok(code: str, where: int | None) -> bool:
        if known is not None and code not in known:
            findings.append(warning(shown, where, "glossary-locale",
                                    f"{code!r} is not one of the project's locales{did_you_mean(code, known)} "
                                    f"({', '.join(sorted(known))}); fix it or remove it"))
            return False
        return True

    terms: list[Term] = []
    raw_terms = data.get("terms", {})
    if not isinstance(raw_terms, dict):
        findings.append(error(shown, lines.line("terms"), "glossary-value",
                              'terms must be a table of tables: write [terms."English term"] headers'))
        raw_terms = {}
    for english, entry in raw_terms.items():
        line = lines.line("terms", english)
        if not isinstance(entry, dict) or not english.strip():
            findings.append(error(shown, line, "glossary-value",
                                  f"[terms.{english!r}] must be a table: locale = \"translation\""))
            continue
        translations: dict[str, tuple[str, ...]] = {}
        for code, value in entry.items():
            if code in _RESERVED:
                continue
            forms = _forms(value)
            where = lines.line("terms", english, code)
            if forms is None:
                findings.append(error(shown, where, "glossary-value",
                                      f"[terms.{english!r}] {code} must be a translation or a list of them"))
            elif locale_ok(code, where):
                translations[code] = forms
        note = entry.get("note", "")
        case = entry.get("case", english != english.lower())
        terms.append(Term(english.strip(), translations, note if isinstance(note, str) else "",
                          bool(case), line))
    names: list[str] = []
    raw_names = data.get("names", {})
    keep = raw_names.get("keep", []) if isinstance(raw_names, dict) else None
    for key in raw_names if isinstance(raw_names, dict) else ():
        if key != "keep":
            findings.append(unknown_key(shown, lines.line("names", key), "glossary", "names", key, ["keep"]))
    if not isinstance(keep, list) or not all(isinstance(n, str) and n.strip() for n in keep):
        findings.append(error(shown, lines.line("names", "keep"), "glossary-value",
                              "[names] keep must be a list of names in quotes, such as [\"imatinib\"]"))
    else:
        names = [n.strip() for n in keep]
    links: dict[str, dict[str, str]] = {}
    raw_links = data.get("links", {})
    if not isinstance(raw_links, dict):
        raw_links = {}
    for english, targets in raw_links.items():
        line = lines.line("links", english)
        if not english.startswith(("https://", "http://")):
            findings.append(error(shown, line, "glossary-link", f"[links] key {english!r} must be an http(s) address"))
            continue
        if not isinstance(targets, dict):
            findings.append(error(shown, line, "glossary-link",
                                  f"[links.{english!r}] must be a table: locale = \"https://...\""))
            continue
        mapped: dict[str, str] = {}
        for code, target in targets.items():
            where = lines.line("links", english, code)
            if not isinstance(target, str) or not target.startswith(("https://", "http://")) \
                    or any(c in target for c in " \t\n<>\"'`"):
                findings.append(error(shown, where, "glossary-link",
                                      f"[links.{english!r}] {code} must be an http(s) address"))
            elif locale_ok(code, where):
                mapped[code] = target
        links[english] = mapped
    return Glossary(tuple(terms), tuple(names), links, shown), findings


def load_glossary(path: Path, shown: str, locales: Iterable[str] | None = None) -> tuple[Glossary, list[Finding]]:
    """Read the glossary file; a missing file is an empty glossary."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Glossary(path=shown), []
    except OSError as exc:
        return EMPTY, [error(shown, None, "glossary-unreadable", f"cannot read the glossary: {exc.strerror}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return EMPTY, [error(shown, data[:exc.start].count(b"\n") + 1, "glossary-encoding",
                             "the glossary is not valid UTF-8")]
    return parse_glossary(text, shown, locales)


def glossary_path(config: object) -> Path:
    """Where a project's glossary is: ``[paths] glossary`` or ``locales/glossary.toml``."""
    configured = getattr(config, "glossary_path", None)
    if configured is not None:
        return Path(configured)
    return Path(getattr(config, "locales_dir")) / GLOSSARY_NAME  # noqa: B009 - any Config-like object


def project_glossary(config: object) -> Glossary:
    """The project's glossary for the build; ConfigError when it has errors (warnings are ignored)."""
    path = glossary_path(config)
    relative = getattr(config, "relative", None)
    shown = relative(path) if callable(relative) else str(path)
    glossary, findings = load_glossary(path, shown, getattr(config, "locales", None))
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise ConfigError(errors)
    return glossary
