"""Shared fixtures: a tiny project tree written into a temporary folder, and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.commands.main import main

REPO = Path(__file__).resolve().parent.parent
#: The build date of every test project (reproducible output).
SOURCE_DATE_EPOCH = "1790000000"

#: The tiny project's [project] settings, in the order its pipeline.toml writes them.
SETTINGS: dict[str, str | list[str]] = {
    "name": "Test leaflets",
    "domain": "leaflets",
    "source_locale": "en",
    "locales": ["es", "ar", "zh_Hans"],
    "base_url": "https://example.org/leaflets/",
    "default_profile": "clinic.toml",
}

#: The tiny project's clinic, as its clinic.toml gives it.
CLINIC = {
    "name": "Test Clinic",
    "phone": "+1 555 0100",
    "address": "1 Main Street",
    "website": "https://clinic.example.org",
    "email": "team@clinic.example.org",
    "paper": "A4",
}


def toml_table(table: str, values: Mapping[str, str | list[str]]) -> str:
    """One TOML table of strings and lists of strings, one key a line, as a person writes it."""
    lines = [f"[{table}]"] + [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def config_text(**changes: str | list[str] | None) -> str:
    """The tiny project's pipeline.toml with some [project] settings changed (None leaves a setting out)."""
    values = {**SETTINGS, **changes}
    return toml_table("project", {key: value for key, value in values.items() if value is not None})


CONFIG = config_text()
PROFILE = toml_table("clinic", CLINIC)

BLOOD = """\
---
title: About blood
summary: What blood does in your body.
disclaimer: This sheet does not replace advice from your care team.
reviewed: 2026-11-01
next_review: 2027-11-01
order: 1
sources:
  - name: National Cancer Institute
    url: https://www.cancer.gov/
---

## What blood does

Blood carries **oxygen** to every part of your body.

<!-- i18n: "Marrow" is the soft tissue inside bones. -->
Blood cells are made in the *bone marrow*.

- Red cells carry oxygen.
- White cells fight germs.
- Platelets help stop bleeding.

| Cell | Job |
| --- | --- |
| Red cell | Carries oxygen |
| Platelet | Stops bleeding |

Learn more at [the National Cancer Institute](https://www.cancer.gov/).

<!-- critical -->
## When to call

Call {clinic_name} at {clinic_phone} if you have a fever.
"""

BACK = """\
---
title: Your back
summary: Back pain and what to do.
reviewed: 2026-11-01
next_review: 2027-11-01
order: 2
sources:
  - name: National Cancer Institute
    url: https://www.cancer.gov/
---

## Back pain

<!-- i18n-context: body part -->
Back

Rest and gentle walks can help.
"""


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny project: two documents, three target locales, one clinic profile."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return write_project(tmp_path / "proj")


def write_project(root: Path, documents: Mapping[str, str] | None = None, *, config: str = CONFIG,
                  profile: str | None = PROFILE) -> Path:
    """Write the tiny project into ``root``: pipeline.toml, clinic.toml (unless None), content/<slug>.md.

    ``documents`` maps slugs to Markdown files (default: blood and back). Every test project is this one,
    with its settings changed through :func:`config_text` where a test needs other ones.
    """
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "pipeline.toml").write_text(config, encoding="utf-8")
    if profile is not None:
        (root / "clinic.toml").write_text(profile, encoding="utf-8")
    for slug, text in (documents if documents is not None else {"blood": BLOOD, "back": BACK}).items():
        (root / "content" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the command line in-process and capture what it prints."""
    def run(root: Path, *args: str) -> Result:
        capsys.readouterr()
        code = main(["--project", str(root), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return run


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def have_gettext() -> bool:
    return shutil.which("msgfmt") is not None and shutil.which("msgcat") is not None


def require_gettext() -> None:
    """GNU gettext is part of the set-up: skip locally without it, fail in CI."""
    if not have_gettext():
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (msgfmt, msgcat) is missing; run `make setup`")
        pytest.skip("GNU gettext is not installed")


def require_tools():  # type: ignore[no-untyped-def]
    """The browser-check tools; skip when missing locally, but fail under CI so CI never silently skips."""
    from tests.webcheck import ToolMissing, find_tools
    try:
        return find_tools()
    except ToolMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{exc} (CI is set, so missing tools fail instead of skipping)")
        pytest.skip(str(exc))
