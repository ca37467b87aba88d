"""Clinic profiles: the clinic's contact details and paper size, read from a small TOML file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError, Finding, error

PAPER_SIZES = {"A4": "A4", "LETTER": "letter"}
_FIELDS = ("name", "phone", "address", "website", "email")


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

    def placeholders(self) -> dict[str, str]:
        """Values for the ``{clinic_*}`` placeholders of the content."""
        return {f"clinic_{key}": getattr(self, key) for key in _FIELDS}


def load_profile(path: Path, shown: str | None = None) -> Profile:
    """Read a clinic profile, reporting every problem at once."""
    shown = shown or str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError([error(shown, None, "profile-unreadable", f"cannot read the profile: {exc.strerror}")]) \
            from None
    except UnicodeDecodeError:
        raise ConfigError([error(shown, None, "profile-encoding", "the profile must be UTF-8 text")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        raise ConfigError([error(shown, line, "profile-syntax",
                                 f"not valid TOML: {exc}")]) from None
    clinic = data.get("clinic", data)
    return profile_from_table(clinic, text, shown, "profile")


def profile_from_table(clinic: dict[str, object], text: str, shown: str, what: str = "profile") -> Profile:
    """Contact details from a parsed TOML table (a clinic profile, or pipeline.toml's ``[contact]``)."""
    findings: list[Finding] = []

    lines = text.splitlines()
    header = "[contact]" if what == "config" else "[clinic]"
    first = next((n for n, line in enumerate(lines) if line.strip() == header), 0)

    def line_of(key: str) -> int | None:
        for number, line in enumerate(lines[first:], start=first + 1):
            if line.strip().startswith(key):
                return number
        return None

    values: dict[str, str] = {}
    for key in _FIELDS:
        value = clinic.get(key, "")
        if not isinstance(value, str):
            findings.append(error(shown, line_of(key), f"{what}-value", f"'{key}' must be text"))
            value = ""
        values[key] = " ".join(value.split())
    for key in ("name", "phone"):
        if not values[key]:
            findings.append(error(shown, line_of(key) or 1, f"{what}-value",
                                  f"'{key}' is required: it is printed on every handout page"))
    paper = clinic.get("paper", "A4")
    if not isinstance(paper, str) or paper.upper() not in PAPER_SIZES:
        findings.append(error(shown, line_of("paper"), f"{what}-value",
                              f"'paper' must be \"A4\" or \"Letter\", not {paper!r}"))
        paper = "A4"
    if "base_url" in clinic:
        findings.append(error(shown, line_of("base_url"), f"{what}-value",
                              "'base_url' is set only in pipeline.toml (the one address of the site, "
                              "where the handouts' QR codes point); remove it here"))
    if findings:
        raise ConfigError(findings)
    return Profile(paper=PAPER_SIZES[paper.upper()], base_url=None, path=shown, **values)
