"""The project configuration (``pipeline.toml``), read into a typed value with every error reported at once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config.profile import Profile, profile_from_table
from pipeline.errors import ConfigError, Finding, error
from pipeline.locales import is_valid_name

CONFIG_NAME = "pipeline.toml"
_DOMAIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class Config:
    """A project: where its files are and what it publishes."""

    root: Path
    name: str
    domain: str
    source_locale: str
    locales: tuple[str, ...]
    base_url: str
    min_translated: float  # percent of a document's segments that must be translated to publish it
    default_profile: Path | None
    content_dir: Path
    locales_dir: Path
    output_dir: Path
    # Optional settings (added for `pipeline check` and the publishing gates; all have defaults).
    glossary_path: Path | None = None  # [paths] glossary; None → locales/glossary.toml
    critical_status: str = "translated"  # [publish] critical_status: least review status for critical sections
    max_grade: float = 6.0  # [check] readability limits for the English content
    max_avg_sentence_words: float = 15.0
    max_sentence_words: int = 25
    # [contact]: the publisher's (health authority's) details that fill {clinic_*} on the public site
    # and its handouts. A clinic's details come only from `pipeline build --profile`.
    contact: Profile | None = None

    @property
    def glossary_file(self) -> Path:
        return self.glossary_path if self.glossary_path is not None else self.locales_dir / "glossary.toml"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def template_path(self) -> Path:
        return self.locales_dir / f"{self.domain}.pot"

    def catalog_path(self, locale: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{self.domain}.po"

    def relative(self, path: Path) -> str:
        """A path as the user sees it: relative to the project root when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def _line_of(text: str, key: str) -> int | None:
    """The first line that sets ``key`` (TOML has no positions in its parsed values)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(f"{key} ") or line.strip().startswith(f"{key}="):
            return number
    return None


def load_config(root: Path) -> Config:
    """Read ``root/pipeline.toml``; raise ConfigError listing every problem found."""
    root = root.resolve()
    path = root / CONFIG_NAME
    shown = CONFIG_NAME
    if not path.is_file():
        raise ConfigError([error(str(path), None, "config-missing",
                                 f"no {CONFIG_NAME} here; run the command in a project folder "
                                 "or name one with --project DIR")])
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        if line is None:  # Python 3.11 keeps the line only in the message: "... (at line 3, column 1)"
            found = re.search(r"at line (\d+)", str(exc))
            line = int(found.group(1)) if found else None
        raise ConfigError([error(shown, line, "config-syntax",
                                 f"not valid TOML ({exc}); fix the syntax")]) from None
    findings: list[Finding] = []

    def bad(key: str, message: str) -> None:
        findings.append(error(shown, _line_of(text, key), "config-value", message))

    project: dict[str, Any] = data.get("project", {})
    publish: dict[str, Any] = data.get("publish", {})
    check: dict[str, Any] = data.get("check", {}) if isinstance(data.get("check", {}), dict) else {}
    known = {"project", "publish", "paths", "check", "contact"}
    for key in data:
        if key not in known:
            findings.append(error(shown, _line_of(text, f"[{key}]") or None, "config-unknown",
                                  f"unknown table [{key}]; expected one of {sorted(known)}"))

    name = project.get("name", "")
    if not isinstance(name, str) or not name.strip():
        bad("name", "[project] name must be a non-empty string (the site's title)")
    domain = project.get("domain", "messages")
    if not isinstance(domain, str) or not domain or not set(domain) <= _DOMAIN_CHARS:
        bad("domain", "[project] domain must use only a-z, 0-9, '-' and '_' (it names the .pot file)")
    source = project.get("source_locale", "en")
    if not isinstance(source, str) or not is_valid_name(source):
        bad("source_locale", f"[project] source_locale {source!r} is not a known locale name")
    locales = project.get("locales", [])
    if not isinstance(locales, list) or not all(isinstance(x, str) for x in locales):
        bad("locales", "[project] locales must be a list of gettext locale names such as \"pt_BR\"")
        locales = []
    for code in locales:
        if not is_valid_name(code):
            bad("locales", f"[project] locales: {code!r} is not a gettext locale name known to CLDR "
                           "(use forms like es, pt_BR, zh_Hans)")
    if len(set(locales)) != len(locales):
        bad("locales", "[project] locales lists a locale twice")
    if isinstance(source, str) and source in locales:
        bad("locales", f"[project] locales must not include the source locale {source!r}")
    base_url = project.get("base_url", "")
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):
        bad("base_url", "[project] base_url must be the absolute http(s) address where output/ is published")
    elif not base_url.endswith("/"):
        base_url += "/"
    min_translated = publish.get("min_translated", 100)
    if isinstance(min_translated, bool) or not isinstance(min_translated, (int, float)) \
            or not 0 <= min_translated <= 100:
        bad("min_translated", "[publish] min_translated must be a percentage from 0 to 100")
        min_translated = 100
    profile = project.get("default_profile")
    profile_path: Path | None = None
    if profile is not None:
        if not isinstance(profile, str):
            bad("default_profile", "[project] default_profile must be a path to a clinic profile")
        else:
            profile_path = (root / profile)
            if not profile_path.is_file():
                bad("default_profile", f"[project] default_profile {profile!r} does not exist")
    paths: dict[str, Any] = data.get("paths", {})
    dirs: dict[str, Path] = {}
    for key, default in (("content", "content"), ("locales", "locales"), ("output", "output")):
        value = paths.get(key, default)
        if not isinstance(value, str) or not value:
            bad(key, f"[paths] {key} must be a folder path")
            value = default
        dirs[key] = root / value
    glossary = paths.get("glossary")
    glossary_path: Path | None = None
    if glossary is not None:
        if not isinstance(glossary, str) or not glossary:
            bad("glossary", "[paths] glossary must be a file path (default: locales/glossary.toml)")
        else:
            glossary_path = root / glossary
    critical_status = publish.get("critical_status", "translated")
    if critical_status not in ("machine-draft", "translated", "reviewed"):
        bad("critical_status", "[publish] critical_status must be \"machine-draft\", \"translated\" or \"reviewed\" "
                               "(the least review status a catalog needs to publish a critical section)")
        critical_status = "translated"
    limits: dict[str, float] = {}
    for key, default in (("max_grade", 6.0), ("max_avg_sentence_words", 15.0), ("max_sentence_words", 25)):
        value = check.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            bad(key, f"[check] {key} must be a positive number")
            value = default
        limits[key] = value
    contact: Profile | None = None
    table = data.get("contact")
    if table is not None:
        if not isinstance(table, dict):
            bad("contact", "[contact] must be a table with name, phone, address, website, email and paper")
        else:
            try:
                contact = profile_from_table(table, text, shown, "config")
            except ConfigError as exc:
                findings.extend(exc.findings)
    if findings:
        raise ConfigError(findings)
    return Config(
        contact=contact,
        root=root,
        name=name.strip(),
        domain=domain,
        source_locale=source,
        locales=tuple(locales),
        base_url=base_url,
        min_translated=float(min_translated),
        default_profile=profile_path,
        content_dir=dirs["content"],
        locales_dir=dirs["locales"],
        output_dir=dirs["output"],
        glossary_path=glossary_path,
        critical_status=critical_status,
        max_grade=float(limits["max_grade"]),
        max_avg_sentence_words=float(limits["max_avg_sentence_words"]),
        max_sentence_words=int(limits["max_sentence_words"]),
    )
