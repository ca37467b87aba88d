"""Declared options: one typed declaration per key (table, type, default, docstring), read and checked in one pass.

The configuration (:mod:`pipeline.config.schema`), clinic profiles (:mod:`pipeline.config.profile`)
and the glossary (:mod:`pipeline.catalogs.glossary`) declare their keys here-style as
:class:`Option` values in a :class:`Schema`. :func:`read_schema` turns the parsed TOML into checked
values and reports every problem at once, each at the ``path:LINE`` that writes it: a wrong type
or value, a required key left out, and an unknown table or key (with "did you mean ...", since a
misspelt key would otherwise silently fall back to its default). ``docs/config.md`` is written
from the same declarations by :mod:`pipeline.config.docs`.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.config.lines import KeyLines
from pipeline.errors import ConfigError, Finding, error

log = logging.getLogger(__name__)


class Invalid(ValueError):
    """A value that does not fit its option; the message says what to write instead."""


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class Kind:
    """A value type: how it is described in the docs and how a parsed TOML value is checked and converted."""

    describe: str
    read: Callable[[Any], Any]


@dataclass(frozen=True)
class Option:
    """One key of a TOML file: where it is written, its type, its default, what it is for."""

    table: str  # the table holding it, dotted ("project"); "" for the top level
    key: str
    kind: Kind
    doc: str
    default: Any = REQUIRED  # REQUIRED: the file must write it
    example: str = ""  # a TOML value for the docs and for "add key = ..." messages
    field: str = ""  # the name of the value it fills; default: the key

    @property
    def name(self) -> str:
        return self.field or self.key

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def where(self) -> str:
        return f"[{self.table}] {self.key}" if self.table else self.key


@dataclass(frozen=True)
class Schema:
    """The declared keys of one kind of file."""

    title: str  # "pipeline.toml"
    code: str  # finding-code prefix: "config" → config-value, config-unknown, config-missing
    doc: str
    tables: Mapping[str, str]  # table → what it holds (for the docs); "" is the top level
    options: tuple[Option, ...]

    def option(self, table: str, key: str) -> Option:
        for option in self.options:
            if option.table == table and option.key == key:
                return option
        raise KeyError(f"{table}.{key}")

    def default(self, table: str, key: str) -> Any:
        return self.option(table, key).default


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` for the closest candidate, or an empty string."""
    import difflib  # only for a misspelt name
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not close:
        close = [c for c in candidates if c.lower() == word.lower()]
    return f' (did you mean "{close[0]}"?)' if close else ""


def unknown_key(shown: str, line: int | None, code: str, table: str, key: str, known: Sequence[str],
                elsewhere: Mapping[str, str] | None = None) -> Finding:
    """An unknown key: an error that names the nearest known key, or the table it belongs in."""
    where = f"[{table}] " if table else ""
    if elsewhere and key in elsewhere:
        hint = f"; it belongs in [{elsewhere[key]}]: move it there"
    else:
        hint = did_you_mean(key, known) + ("; known keys: " + ", ".join(known) if known else "")
        hint += "; fix the spelling or remove it (see docs/config.md)"
    return error(shown, line, f"{code}-unknown", f"unknown key {where}{key}{hint}")


def read_schema(schema: Schema, data: Mapping[str, Any], lines: KeyLines, shown: str,
                top: str | None = None) -> tuple[dict[str, Any], list[Finding]]:
    """Check ``data`` (parsed TOML) against ``schema``; return the values by option name and every problem.

    ``top`` names a table whose keys may also be written at the top level of the file (a clinic
    profile may leave out its ``[clinic]`` header).
    """
    findings: list[Finding] = []
    code = schema.code
    tables: dict[str, Mapping[str, Any]] = {}
    by_table: dict[str, list[Option]] = {}
    for option in schema.options:
        by_table.setdefault(option.table, []).append(option)
    home = {o.key: o.table for o in schema.options if o.table}
    if top is not None and top not in data:
        data = {top: data}
        lines = KeyLines({(top, *k): n for k, n in lines.keys.items()})
    known_tables = list(schema.tables)
    for name, value in data.items():
        if name in schema.tables:
            if isinstance(value, dict):
                tables[name] = value
            else:
                findings.append(error(shown, lines.line(name), f"{code}-value",
                                      f"{name} must be a table: write it as a [{name}] header with keys under it"))
        elif name in home:
            findings.append(error(shown, lines.line(name), f"{code}-unknown",
                                  f"{name} is outside any table; it belongs in [{home[name]}]: move it there"))
        else:
            findings.append(error(shown, lines.line(name), f"{code}-unknown",
                                  f"unknown table [{name}]{did_you_mean(name, known_tables)}; the tables are "
                                  + ", ".join(f"[{t}]" for t in known_tables) + ": fix the name or remove it"))
    values: dict[str, Any] = {}
    for table, options in by_table.items():
        given = tables.get(table, {})
        path = (table,) if table else ()
        known = [o.key for o in options]
        for key in given:
            if key not in known:
                elsewhere = {key: home[key]} if key in home and home[key] != table else None
                findings.append(unknown_key(shown, lines.line(*path, key), code, table, key, known, elsewhere))
        for option in options:
            if option.key not in given:
                if option.required:
                    example = f"; add {option.key} = {option.example}" if option.example else ""
                    findings.append(error(shown, lines.line(*path) or 1, f"{code}-missing",
                                          f"{option.where} is required ({_first_sentence(option.doc)})"
                                          f"{example}"))
                values[option.name] = None if option.required else option.default
                continue
            try:
                values[option.name] = option.kind.read(given[option.key])
            except Invalid as exc:
                findings.append(error(shown, lines.line(*path, option.key), f"{code}-value",
                                      f"{option.where}: {exc}"))
                values[option.name] = None if option.required else option.default
    return values, findings


def _first_sentence(doc: str) -> str:
    sentence = doc.split(". ")[0].split(": ")[0].rstrip(".")
    return sentence[:1].lower() + sentence[1:]


# -- kinds ------------------------------------------------------------------------------------------

def _got(value: Any) -> str:
    return f"not {value!r}" if not isinstance(value, (dict, list)) else f"not a {type(value).__name__}"


def text(nonempty: bool = True, pattern: str | None = None, rule: str = "") -> Kind:
    """A string (stripped, inner runs of space made one); ``pattern`` restricts its characters."""
    compiled = re.compile(pattern) if pattern else None

    def read(value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid(f"must be text in quotes, {_got(value)}; write it as \"...\"")
        value = " ".join(value.split())
        if nonempty and not value:
            raise Invalid("must not be empty; write the value between the quotes")
        if compiled and not compiled.fullmatch(value):
            raise Invalid(f"{value!r} is not allowed: {rule}")
        return value
    return Kind("text" if not pattern else f"text ({rule})", read)


def choice(*allowed: str, fold: bool = False) -> Kind:
    """One of a few words; ``fold``: any letter case, read as the declared spelling."""
    def read(value: Any) -> str:
        for word in allowed:
            if value == word or (fold and isinstance(value, str) and value.lower() == word.lower()):
                return word
        names = ", ".join(f'"{w}"' for w in allowed)
        raise Invalid(f"must be one of {names}, {_got(value)}{did_you_mean(str(value), allowed)}")
    return Kind("one of " + ", ".join(f'`"{w}"`' for w in allowed), read)


def boolean() -> Kind:
    """true or false."""
    def read(value: Any) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"must be true or false (without quotes), {_got(value)}")
        return value
    return Kind("true or false", read)


def number(low: float, high: float | None = None, integer: bool = False, above: bool = False) -> Kind:
    """A number from ``low`` (excluded when ``above``) to ``high``."""
    span = (f"above {low:g}" if above else f"from {low:g}") + (f" to {high:g}" if high is not None else "")
    what = "a whole number" if integer else "a number"

    def read(value: Any) -> float | int:
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or (value <= low if above else value < low) \
                or (high is not None and value > high):
            raise Invalid(f"must be {what} {span}, {_got(value)}")
        return int(value) if integer else float(value)
    return Kind(f"{what} {span}", read)


def web_address(slash: bool = False) -> Kind:
    """An absolute http(s) address; ``slash``: a folder address, given a final ``/`` when it has none."""
    def read(value: Any) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s/<>\"'`]+[^\s<>\"'`]*", value):
            raise Invalid(f"must be an absolute http(s) address such as \"https://example.org/\", {_got(value)}")
        return value + "/" if slash and not value.endswith("/") else value
    return Kind("http(s) address", read)


def string_list(item: Callable[[str], str | None], describe: str) -> Kind:
    """A list of strings, none twice; ``item`` returns what is wrong with one of them, or None."""
    def read(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise Invalid(f"must be a list of {describe} in quotes, such as [\"es\", \"pt_BR\"], {_got(value)}")
        problems = [p for p in (item(x) for x in value) if p]
        if problems:
            raise Invalid("; ".join(problems))
        twice = sorted({x for x in value if value.count(x) > 1})
        if twice:
            raise Invalid(f"lists {', '.join(twice)} twice; remove the repeat")
        return tuple(value)
    return Kind(f"list of {describe}", read)


def toml_syntax_error(shown: str, exc: tomllib.TOMLDecodeError, code: str) -> Finding:
    """A TOML syntax error as a finding at its line."""
    line = getattr(exc, "lineno", None)
    if line is None:  # Python 3.11 keeps the line only in the message: "... (at line 3, column 1)"
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
    return error(shown, line, code, f"not valid TOML ({exc}); fix the syntax at that line")


def read_toml(text: str, shown: str, code: str) -> tuple[dict[str, Any], KeyLines]:
    """A settings file's TOML and the line of each key; ConfigError with the syntax error's line otherwise."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([toml_syntax_error(shown, exc, code)]) from None
    return data, KeyLines.of(text)
