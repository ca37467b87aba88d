"""Clinic profiles: contact details and paper size, read from a small TOML file against a declared schema."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.config.lines import KeyLines
from pipeline.config.options import REQUIRED, Option, Schema, choice, read_schema, read_toml, text, web_address
from pipeline.errors import ConfigError, Finding, error

log = logging.getLogger(__name__)

PAPER_SIZES = {"A4": "A4", "LETTER": "letter"}
_FIELDS = ("name", "phone", "address", "website", "email")
_PHONE_EXAMPLE = "+1 202 555 0100"

SCHEMA = Schema(
    title="clinic profile",
    code="profile",
    doc="A clinic profile (profiles/NAME.toml) says who hands the handouts out: its name and contact details "
        "are printed on every handout, and its paper size sets the handout's page size. "
        "Build with `pipeline build --profile profiles/NAME.toml`: the clinic's copy goes to clinics/NAME/, "
        "never to the public site. The site's own contact is the [contact] table of pipeline.toml, with the "
        "same keys.",
    tables={"clinic": "The clinic. The [clinic] header may be left out."},
    options=(
        Option("clinic", "name", text(), "The clinic's name, printed on every handout page.", REQUIRED,
               '"Riverside Clinic"'),
        Option("clinic", "phone", text(),
               "The number patients call, printed on every handout page. It must be a phone number: with its "
               "country code (+1 202 555 0100), or in national form when country is given.",
               REQUIRED, f'"{_PHONE_EXAMPLE}"'),
        Option("clinic", "paper", choice("A4", "Letter", fold=True),
               "The paper the clinic's printer takes, \"A4\" or \"Letter\" (the usual size in the US and Canada): "
               "it sets the handout's page size.", REQUIRED, '"A4"'),
        Option("clinic", "country", text(pattern=r"[A-Z]{2}", rule='a two-letter ISO 3166 code such as "US"'),
               "The clinic's country as a two-letter code (US, GB, FR): lets phone be written in national form.",
               "", '"US"'),
        Option("clinic", "address", text(nonempty=False), "The clinic's postal address, printed in the handout's "
               "contact block.", "", '"100 Riverside Avenue, Springfield"'),
        Option("clinic", "website", web_address(), "The clinic's web site, printed in the handout's contact block.",
               "", '"https://clinic.example.org"'),
        Option("clinic", "email", text(pattern=r"[^@\s<>\"'`]+@[^@\s<>\"'`]+\.[^@\s<>\"'`]+",
                                       rule="write an address such as care@clinic.example.org"),
               "The clinic's e-mail address, printed in the handout's contact block.", "",
               '"care@clinic.example.org"'),
    ),
)

# The site's own contact: the same keys, in the [contact] table of pipeline.toml.
CONTACT_SCHEMA = Schema(
    title="pipeline.toml [contact]", code="config", doc=SCHEMA.doc,
    tables={"contact": "The publisher's (health authority's) contact: it fills {clinic_*} on the public site "
                       "and its handouts."},
    options=tuple(replace(option, table="contact") for option in SCHEMA.options),
)


@dataclass(frozen=True)
class Profile:
    """Who hands the leaflet out, and on what paper."""

    name: str
    phone: str
    address: str
    website: str
    email: str
    paper: str  # CSS page size keyword: "A4" or "letter"
    base_url: str | None  # always None: the site's address comes from pipeline.toml only (kept for callers)
    path: str
    country: str = ""  # ISO 3166 alpha-2, or "" when not given

    def placeholders(self) -> dict[str, str]:
        """Values for the ``{clinic_*}`` placeholders of the content."""
        return {f"clinic_{key}": getattr(self, key) for key in _FIELDS}


def phone_problem(phone: str, country: str) -> str | None:
    """What is wrong with a phone number (checked with Google's libphonenumber data), or None."""
    import phonenumbers  # its data takes long to load: only where a phone number is checked

    try:
        number = phonenumbers.parse(phone, country or None)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            return (f"{phone!r} has no country code; write it as patients abroad would dial it "
                    f"(\"{_PHONE_EXAMPLE}\"), or add country = \"US\" (your country's code)")
        return f"{phone!r} is not a phone number; write the number patients call, such as \"{_PHONE_EXAMPLE}\""
    if not phonenumbers.is_possible_number(number):
        return (f"{phone!r} has too few or too many digits for a phone number"
                f"{' in ' + country if country else ''}; check it against the number patients call")
    return None


def load_profile(path: Path, shown: str | None = None) -> Profile:
    """Read a clinic profile, reporting every problem at once."""
    shown = shown or str(path)
    try:
        text_ = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError([error(shown, None, "profile-unreadable",
                                 f"cannot read the profile: {exc.strerror}; check the path given to --profile "
                                 "or default_profile")]) from None
    except UnicodeDecodeError:
        raise ConfigError([error(shown, None, "profile-encoding",
                                 "the profile must be UTF-8 text; save it as UTF-8")]) from None
    data, lines = read_toml(text_, shown, "profile-syntax")
    if "clinic" not in data:
        data = {"clinic": data}
        lines = KeyLines({("clinic", *k): n for k, n in lines.keys.items()})
    return _profile(SCHEMA, "clinic", data, lines, shown)


def profile_from_table(table: dict[str, Any], text: str, shown: str) -> Profile:
    """The site's contact from pipeline.toml's ``[contact]`` table (``text`` is the file, for line numbers)."""
    return _profile(CONTACT_SCHEMA, "contact", {"contact": table}, KeyLines.of(text), shown)


def _profile(schema: Schema, table: str, data: dict[str, Any], lines: KeyLines, shown: str) -> Profile:
    findings: list[Finding] = []
    given = data.get(table)
    if isinstance(given, dict) and "base_url" in given:  # before the schema, which would only say "unknown key"
        given = {k: v for k, v in given.items() if k != "base_url"}
        data = {**data, table: given}
        findings.append(error(shown, lines.line(table, "base_url"), f"{schema.code}-value",
                              f"[{table}] base_url is set only in pipeline.toml's [project] (the one address of "
                              "the site, where the handouts' QR codes point); remove it here"))
    values, more = read_schema(schema, data, lines, shown)
    findings += more
    if values["phone"]:
        problem = phone_problem(values["phone"], values["country"] or "")
        if problem:
            findings.append(error(shown, lines.line(table, "phone"), f"{schema.code}-value",
                                  f"[{table}] phone: {problem}"))
    if findings:
        raise ConfigError(sorted(findings, key=lambda f: f.line or 0))
    return Profile(name=values["name"], phone=values["phone"], address=values["address"], website=values["website"],
                   email=values["email"], paper=PAPER_SIZES[values["paper"].upper()], base_url=None,
                   path=shown, country=values["country"])
