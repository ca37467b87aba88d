"""The project configuration (``pipeline.toml``), read into a typed value with every error reported at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config.options import (
    REQUIRED,
    Invalid,
    Kind,
    Option,
    Schema,
    boolean,
    choice,
    number,
    read_schema,
    read_toml,
    string_list,
    text,
    web_address,
)
from pipeline.config.profile import Profile, profile_from_table
from pipeline.errors import ConfigError, Finding, UsageError, error
from pipeline.locales import is_valid_name, nearest_name
from pipeline.statuses import REVIEW_STATUSES, TRANSLATED

CONFIG_NAME = "pipeline.toml"


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
    critical_status: str = TRANSLATED  # [publish] critical_status: least review status for critical sections
    max_grade: float = 6.0  # [check] readability limits for the English content
    max_avg_sentence_words: float = 15.0
    max_sentence_words: int = 25
    reviews_path: Path | None = None  # [paths] reviews: the sign-off records; None → reviews/
    require_signoff: bool = False  # [publish] require_signoff: critical documents need a valid sign-off
    # [contact]: the publisher's (health authority's) details that fill {clinic_*} on the public site
    # and its handouts. A clinic's details come only from `pipeline build --profile`.
    contact: Profile | None = None
    # The defaults above are those of SCHEMA below (a test checks that they agree); load_config
    # always passes every field, from the declarations.

    @property
    def glossary_file(self) -> Path:
        return self.glossary_path if self.glossary_path is not None else self.locales_dir / "glossary.toml"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def template_path(self) -> Path:
        return self.locales_dir / f"{self.domain}.pot"

    def picked_locales(self, wanted: Sequence[str] | None) -> tuple[str, ...]:
        """The configured locales, or those of ``wanted``, each of which must be configured."""
        if not wanted:
            return self.locales
        unknown = [code for code in wanted if code not in self.locales]
        if unknown:
            raise UsageError(f"locale(s) not in {CONFIG_NAME}: {', '.join(unknown)} "
                             f"(configured: {', '.join(self.locales) or 'none'}); register a new one with "
                             f"`pipeline init {unknown[0]}`, or pick a configured one")
        return tuple(wanted)

    def catalog_path(self, locale: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{self.domain}.po"

    def missing_catalog(self, locale: str) -> Finding | None:
        """The finding for a locale whose catalog does not exist (None when it does)."""
        path = self.catalog_path(locale)
        if path.is_file():
            return None
        return error(self.relative(path), None, "catalog-missing",
                     f"no catalog for {locale}; create it with `pipeline init {locale}`")

    def relative(self, path: Path) -> str:
        """A path as the user sees it: relative to the project root when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def _locale_problem(code: str) -> str | None:
    if is_valid_name(code):
        return None
    near = nearest_name(code)
    hint = f' (did you mean "{near}"?)' if near else " (use forms like es, pt_BR, zh_Hans)"
    return f"{code!r} is not a gettext locale name known to CLDR{hint}"


def _locale(value: object) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a locale name in quotes such as \"en\", not {value!r}")
    problem = _locale_problem(value)
    if problem:
        raise Invalid(problem)
    return value


SCHEMA = Schema(
    title=CONFIG_NAME,
    code="config",
    doc="The project configuration, at the root of every project: what it publishes, in which languages, "
        "and when a translation is good enough to publish.",
    tables={
        "project": "What the project is and where it is published.",
        "publish": "When a document is published in a locale (otherwise it is built as a draft preview only).",
        "paths": "Where the project's folders are, relative to pipeline.toml.",
        "check": "Readability limits that `pipeline check` applies to the English content.",
        "contact": "The publisher's (health authority's) contact, with the keys of a clinic profile (name, phone, "
                   "paper, and optionally country, address, website, email): it fills {clinic_*} on the public "
                   "site and its handouts. Without it the site is built without handouts.",
    },
    options=(
        Option("project", "name", text(), "The site's title, shown on every page and handout.",
               example='"Patient information"'),
        Option("project", "domain", text(pattern=r"[a-z0-9_-]+", rule="use only a-z, 0-9, '-' and '_'"),
               "The gettext domain: it names the catalog template (locales/DOMAIN.pot) and every catalog "
               "(locales/LOCALE/LC_MESSAGES/DOMAIN.po).", "messages", '"patient-info"'),
        Option("project", "source_locale", Kind("gettext locale name", _locale),
               "The language the content is written in.", "en", '"en"'),
        Option("project", "locales", string_list(_locale_problem, "gettext locale names"),
               "The languages the content is translated into, as gettext locale names (es, pt_BR, zh_Hans). "
               "`pipeline init LOCALE` adds one.", (), '["es", "fr"]'),
        Option("project", "base_url", web_address(slash=True),
               "The absolute address where output/ is published: used for the hreflang links and the QR codes "
               "on handouts.", REQUIRED, '"https://health.example.org/patient-info/"'),
        Option("project", "default_profile", text(),
               "The clinic profile used when `pipeline build` is given no --profile; without one, the build "
               "writes pages but no PDF handouts.", None, '"profiles/your-clinic.toml"'),
        Option("publish", "min_translated", number(0, 100),
               "A document is published in a locale only when at least this percentage of its segments is "
               "translated (and its critical sections are complete).", 100.0, "100"),
        Option("publish", "critical_status", choice(*REVIEW_STATUSES),
               "The least review status a catalog needs to publish a section marked `<!-- critical -->`.",
               TRANSLATED, '"reviewed"'),
        Option("publish", "require_signoff", boolean(),
               "Whether a document with critical sections is published only with a valid clinical sign-off "
               "(`pipeline review sign`) of exactly its current text in that locale.", False, "true"),
        Option("paths", "content", text(), "The folder of Markdown documents.", "content", '"content"',
               field="content_dir"),
        Option("paths", "locales", text(), "The folder of catalogs.", "locales", '"locales"', field="locales_dir"),
        Option("paths", "output", text(), "The folder the build writes the site into.", "output", '"output"',
               field="output_dir"),
        Option("paths", "glossary", text(), "The glossary file; default: glossary.toml in the locales folder.",
               None, '"locales/glossary.toml"', field="glossary_path"),
        Option("paths", "reviews", text(), "The folder of clinical sign-off records; default: reviews.",
               None, '"reviews"', field="reviews_path"),
        Option("check", "max_grade", number(0, above=True),
               "The highest reading grade (Flesch-Kincaid) allowed for a document.", 6.0, "6"),
        Option("check", "max_avg_sentence_words", number(0, above=True),
               "The longest average sentence allowed, in words.", 15.0, "15"),
        Option("check", "max_sentence_words", number(0, above=True, integer=True),
               "The longest sentence allowed, in words.", 25, "25"),
    ),
)


def load_config(root: Path) -> Config:
    """Read ``root/pipeline.toml``; raise ConfigError listing every problem found."""
    root = root.resolve()
    path = root / CONFIG_NAME
    shown = CONFIG_NAME
    if not path.is_file():
        raise ConfigError([error(str(path), None, "config-missing",
                                 f"no {CONFIG_NAME} here; run the command in a project folder, "
                                 "name one with --project DIR, or make one with `pipeline new DIR`")])
    text = path.read_bytes().decode("utf-8", errors="replace")
    data, lines = read_toml(text, shown, "config-syntax")
    values, findings = read_schema(SCHEMA, data, lines, shown)

    def bad(key: str, message: str) -> None:
        findings.append(error(shown, lines.line("project", key), "config-value", message))

    source, locales = values["source_locale"], values["locales"]
    if source is not None and locales is not None and source in locales:
        bad("locales", f"[project] locales must not include the source locale {source!r}; remove it")
    profile_path: Path | None = None
    if values["default_profile"] is not None:
        profile_path = root / values["default_profile"]
        if not profile_path.is_file():
            bad("default_profile", f"[project] default_profile {values['default_profile']!r} does not exist; "
                                   "fix the path or copy a profile there")
    contact: Profile | None = None
    if isinstance(data.get("contact"), dict):
        try:
            contact = profile_from_table(data["contact"], text, shown)
        except ConfigError as exc:
            findings.extend(exc.findings)
    if findings:
        raise ConfigError(sorted(findings, key=lambda f: f.line or 0))
    return Config(
        root=root,
        name=values["name"],
        domain=values["domain"],
        source_locale=source,
        locales=tuple(locales),
        base_url=values["base_url"],
        min_translated=float(values["min_translated"]),
        default_profile=profile_path,
        content_dir=root / values["content_dir"],
        locales_dir=root / values["locales_dir"],
        output_dir=root / values["output_dir"],
        glossary_path=root / values["glossary_path"] if values["glossary_path"] is not None else None,
        critical_status=values["critical_status"],
        max_grade=float(values["max_grade"]),
        max_avg_sentence_words=float(values["max_avg_sentence_words"]),
        max_sentence_words=int(values["max_sentence_words"]),
        reviews_path=root / values["reviews_path"] if values["reviews_path"] is not None else None,
        require_signoff=bool(values["require_signoff"]),
        contact=contact,
    )
