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
    base_url: str | None  # where the pages are published, for QR codes; None → the project's base_url
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
    findings: list[Finding] = []

    def line_of(key: str) -> int | None:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip().startswith(key):
                return number
        return None

    values: dict[str, str] = {}
    for key in _FIELDS:
        value = clinic.get(key, "")
        if not isinstance(value, str):
            findings.append(error(shown, line_of(key), "profile-value", f"'{key}' must be text"))
            value = ""
        values[key] = " ".join(value.split())
    for key in ("name", "phone"):
        if not values[key]:
            findings.append(error(shown, line_of(key) or 1, "profile-value",
                                  f"'{key}' is required: it is printed on every handout page"))
    paper = clinic.get("paper", "A4")
    if not isinstance(paper, str) or paper.upper() not in PAPER_SIZES:
        findings.append(error(shown, line_of("paper"), "profile-value",
                              f"'paper' must be \"A4\" or \"Letter\", not {paper!r}"))
        paper = "A4"
    base_url = clinic.get("base_url")
    if base_url is not None and (not isinstance(base_url, str) or not base_url.startswith(("https://", "http://"))):
        findings.append(error(shown, line_of("base_url"), "profile-value",
                              "'base_url' must be an absolute http(s) address"))
        base_url = None
    if isinstance(base_url, str) and not base_url.endswith("/"):
        base_url += "/"
    if findings:
        raise ConfigError(findings)
    return Profile(paper=PAPER_SIZES[paper.upper()], base_url=base_url, path=shown, **values)
